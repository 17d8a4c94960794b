//! Getting the metadata bytes: from an https URL (http only on loopback), a file, or stdin,
//! with timeouts, a redirect limit and a byte cap enforced while reading.

use super::address_guard;
use crate::finding::Finding;
use crate::http_body::BodyError;
use crate::setup::validate::is_loopback_host;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::AsyncReadExt;

pub const MAX_BYTES: usize = 1024 * 1024;

/// Where metadata comes from; a model type (the setup names one), fetched here.
pub use crate::setup::metadata_source::Source;

#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    pub total_timeout: Duration,
    pub max_bytes: usize,
    pub max_redirects: usize,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_bytes: MAX_BYTES,
            max_redirects: 5,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
}

fn human_size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("~{:.1} MB", n as f64 / 1_000_000.0)
    } else {
        format!("{n} bytes")
    }
}

fn too_large(source: &str, size: Option<u64>, cap: usize) -> Finding {
    let size = size
        .map(human_size)
        .unwrap_or_else(|| format!("more than {cap} bytes"));
    Finding::error(
        crate::finding::codes::METADATA_TOO_LARGE,
        format!(
            "metadata too large ({size} > {} KiB limit) from {source}",
            cap / 1024
        ),
        "IdP metadata is a few kilobytes: check that the URL or file is the metadata document and not a log or an archive.",
    )
}

fn url_allowed(url: &url::Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => url.host().as_ref().is_some_and(is_loopback_host),
        _ => false,
    }
}

pub async fn fetch(source: &Source, opts: &FetchOptions) -> Result<Fetched, Finding> {
    match source {
        Source::Url(u) => fetch_url(u, opts).await,
        Source::File(p) => read_file(p, opts.max_bytes).await,
        Source::Stdin => read_stdin(opts.max_bytes).await,
    }
}

async fn read_capped<R: tokio::io::AsyncRead + Unpin>(
    reader: R,
    cap: usize,
    source: &str,
) -> Result<Vec<u8>, Finding> {
    let mut buf = Vec::new();
    let mut limited = reader.take(cap as u64 + 1);
    limited.read_to_end(&mut buf).await.map_err(|e| {
        Finding::error(
            crate::finding::codes::METADATA_UNREADABLE,
            format!("cannot read {source}: {e}"),
            "Check the path and its permissions.",
        )
    })?;
    if buf.len() > cap {
        return Err(too_large(source, None, cap));
    }
    Ok(buf)
}

async fn read_file(path: &PathBuf, cap: usize) -> Result<Fetched, Finding> {
    let shown = path.display().to_string();
    let file = tokio::fs::File::open(path).await.map_err(|e| {
        Finding::error(
            crate::finding::codes::METADATA_FILE_UNREADABLE,
            format!("cannot open metadata file {shown}: {e}"),
            "Check the path (relative paths in a setup file are relative to that file), or use the metadata URL.",
        )
    })?;
    if let Ok(meta) = file.metadata().await {
        if meta.is_dir() {
            return Err(Finding::error(
                crate::finding::codes::METADATA_FILE_UNREADABLE,
                format!("{shown} is a directory, not a metadata file"),
                "Give the path of the .xml file.",
            ));
        }
        if meta.len() > cap as u64 {
            return Err(too_large(&shown, Some(meta.len()), cap));
        }
    }
    Ok(Fetched {
        bytes: read_capped(file, cap, &shown).await?,
        content_type: None,
    })
}

async fn read_stdin(cap: usize) -> Result<Fetched, Finding> {
    Ok(Fetched {
        bytes: read_capped(tokio::io::stdin(), cap, "standard input").await?,
        content_type: None,
    })
}

/// Why the URL's host, when it is an IP address, may not be fetched from.
fn literal_refusal(url: &url::Url, named_host: &str) -> Option<String> {
    let ip: std::net::IpAddr = match url.host()? {
        url::Host::Ipv4(v4) => v4.into(),
        url::Host::Ipv6(v6) => v6.into(),
        url::Host::Domain(_) => return None,
    };
    let named_by_user = url.host_str() == Some(named_host);
    address_guard::refusal(ip, named_by_user).map(|why| format!("{ip} is {why}"))
}

fn client(opts: &FetchOptions, named_host: &str) -> Result<reqwest::Client, Finding> {
    let max = opts.max_redirects;
    let named = named_host.to_string();
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > max {
            attempt.error(format!("more than {max} redirects"))
        } else if !url_allowed(attempt.url()) {
            let to = attempt.url().to_string();
            attempt.error(format!("redirected to {to}, which is not https"))
        } else if let Some(why) = literal_refusal(attempt.url(), &named) {
            let to = attempt.url().to_string();
            attempt.error(format!(
                "redirected to {to}: {why}{}",
                address_guard::REFUSED_MARK
            ))
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .dns_resolver(address_guard::GuardedResolver {
            named_host: named_host.to_string(),
        })
        .connect_timeout(opts.connect_timeout)
        .timeout(opts.total_timeout)
        .redirect(policy)
        .user_agent(concat!("okta-cognito/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| {
            Finding::error(
                crate::finding::codes::HTTP_CLIENT,
                format!("cannot set up HTTPS: {e}"),
                "Report this as a bug in okta-cognito.",
            )
        })
}

fn address_refused(url: &str, why: &str) -> Finding {
    Finding::error(
        crate::finding::codes::METADATA_ADDRESS_REFUSED,
        format!("not fetching the metadata URL {url}: {why}"),
        "Use the IdP's public https:// Metadata URL (Okta: Sign On tab → Metadata URL); a metadata link never points at a link-local or multicast address, nor redirects into a private network.",
    )
}

fn request_error(url: &str, e: &reqwest::Error, opts: &FetchOptions) -> Finding {
    let mut detail = e.to_string();
    let mut src = std::error::Error::source(e);
    let mut guard_refused = None;
    while let Some(s) = src {
        let text = s.to_string();
        detail.push_str(": ");
        detail.push_str(&text);
        if let Some(why) = text.strip_suffix(address_guard::REFUSED_MARK) {
            guard_refused = Some(why.to_string());
        }
        src = s.source();
    }
    if let Some(why) = guard_refused {
        return address_refused(url, &why);
    }
    if e.is_timeout() {
        Finding::error(
            crate::finding::codes::METADATA_TIMEOUT,
            format!(
                "the metadata URL {url} did not answer within {} s",
                opts.total_timeout.as_secs()
            ),
            "Check the URL and your network (proxy, VPN), then try again.",
        )
    } else if e.is_redirect() {
        Finding::error(
            crate::finding::codes::METADATA_REDIRECT_REFUSED,
            format!("fetching {url} stopped at a redirect: {detail}"),
            "Use the final https:// metadata URL directly (Okta: Sign On tab → Metadata URL).",
        )
    } else if e.is_connect() {
        Finding::error(
            crate::finding::codes::METADATA_UNREACHABLE,
            format!("could not connect to {url}: {detail}"),
            "Check the host name in the URL and your network (proxy, VPN, firewall).",
        )
    } else {
        Finding::error(
            crate::finding::codes::METADATA_FETCH_FAILED,
            format!("fetching {url} failed: {detail}"),
            "Check the URL and try again.",
        )
    }
}

async fn fetch_url(raw: &str, opts: &FetchOptions) -> Result<Fetched, Finding> {
    let url = url::Url::parse(raw).map_err(|e| {
        Finding::error(
            crate::finding::codes::INVALID_METADATA_URL,
            format!("{raw:?} is not a URL ({e})"),
            "Copy the Metadata URL from the Okta app's Sign On tab.",
        )
    })?;
    if !url_allowed(&url) {
        return Err(Finding::error(
            crate::finding::codes::METADATA_URL_NOT_HTTPS,
            format!("metadata URL {raw} is not https:// (plain http is allowed only on localhost)"),
            "Use the https:// Metadata URL from the Okta app's Sign On tab.",
        ));
    }
    if let Some(why) = literal_refusal(&url, url.host_str().unwrap_or_default()) {
        return Err(address_refused(raw, &why));
    }
    let resp = client(opts, url.host_str().unwrap_or_default())?
        .get(url.clone())
        .header(
            reqwest::header::ACCEPT,
            "application/samlmetadata+xml, application/xml, text/xml;q=0.9, */*;q=0.1",
        )
        .send()
        .await
        .map_err(|e| request_error(raw, &e, opts))?;
    let status = resp.status();
    let content_type = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let bytes = match crate::http_body::read_capped(resp, opts.max_bytes).await {
        Ok(b) => b,
        Err(BodyError::TooLarge { declared, .. }) => {
            return Err(too_large(raw, declared, opts.max_bytes));
        }
        Err(BodyError::Transport(e)) => return Err(request_error(raw, &e, opts)),
    };
    if !status.is_success() {
        return Err(http_status(raw, status, &bytes));
    }
    Ok(Fetched {
        bytes,
        content_type,
    })
}

fn http_status(url: &str, status: reqwest::StatusCode, body: &[u8]) -> Finding {
    let okta = super::sniff::okta_error_body(body)
        .map(|(code, summary)| format!(": Okta error {code} ({summary})"));
    let fix = match status.as_u16() {
        404 => {
            "The app or the URL does not exist: copy the Metadata URL again from the Okta app's Sign On tab (check the app id)."
        }
        401 | 403 => {
            "The metadata link must be public: use the Okta app's Sign On tab → Metadata URL, not an admin or API URL."
        }
        429 => "The IdP is rate limiting: wait a minute and try again.",
        500..=599 => "The IdP had a server error: try again in a few minutes.",
        _ => "Check the URL: it must return the metadata XML with status 200.",
    };
    Finding::error(
        crate::finding::codes::METADATA_HTTP_ERROR,
        format!("HTTP {status} from {url}{}", okta.unwrap_or_default()),
        fix,
    )
}
