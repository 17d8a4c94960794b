//! Reading an HTTP answer's body with a size cap, chunk by chunk: a server (or whatever sits
//! at the address) that sends 300 MB, or never stops, costs at most the cap in memory.

use futures_util::StreamExt;

/// API answers (Okta, the token endpoint, the JWKS) are kilobytes; 10 MiB is far past any.
pub const MAX_API_BODY: usize = 10 * 1024 * 1024;

#[derive(Debug)]
pub enum BodyError {
    /// More than the cap: `declared` is the Content-Length when the server sent one.
    TooLarge {
        cap: usize,
        declared: Option<u64>,
    },
    Transport(reqwest::Error),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyError::TooLarge {
                cap,
                declared: Some(n),
            } => write!(
                f,
                "the answer is {n} bytes, over the {} KiB limit",
                cap / 1024
            ),
            BodyError::TooLarge {
                cap,
                declared: None,
            } => {
                write!(f, "the answer is over the {} KiB limit", cap / 1024)
            }
            BodyError::Transport(e) => write!(f, "{e}"),
        }
    }
}

pub async fn read_capped(resp: reqwest::Response, cap: usize) -> Result<Vec<u8>, BodyError> {
    let declared = resp.content_length();
    if declared.is_some_and(|n| n > cap as u64) {
        return Err(BodyError::TooLarge { cap, declared });
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0) as usize);
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(BodyError::Transport)?;
        if bytes.len() + chunk.len() > cap {
            return Err(BodyError::TooLarge {
                cap,
                declared: None,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
