//! DPoP (RFC 9449): a key pair made for this run, and a proof for each request that binds the
//! access token to it. Okta's authorization server and its API each may hand out a nonce
//! (`DPoP-Nonce`) that the next proof must carry; each is kept apart.

use super::jws;
use super::private_key::PrivateKey;
use crate::finding::Finding;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::header::HeaderMap;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::Mutex;

pub const HEADER: &str = "DPoP";
pub const NONCE_HEADER: &str = "DPoP-Nonce";

/// Which server's nonce a proof carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    Token,
    Api,
}

#[derive(Debug)]
pub struct Dpop {
    key: PrivateKey,
    token_nonce: Mutex<Option<String>>,
    api_nonce: Mutex<Option<String>>,
}

/// `htu`: the request's URL without query and fragment, exactly as it goes on the wire
/// (so a path holding an escaped email matches what the server sees).
pub fn htu(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        }
        Err(_) => url.split(['?', '#']).next().unwrap_or(url).to_string(),
    }
}

/// `ath`: base64url(SHA-256(access token)).
pub fn ath(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(access_token.as_bytes()))
}

impl Dpop {
    pub fn new() -> Result<Dpop, Finding> {
        Ok(Dpop {
            key: PrivateKey::generate_p256()?,
            token_nonce: Mutex::new(None),
            api_nonce: Mutex::new(None),
        })
    }

    fn slot(&self, server: Server) -> &Mutex<Option<String>> {
        match server {
            Server::Token => &self.token_nonce,
            Server::Api => &self.api_nonce,
        }
    }

    /// A proof for one request; `access_token` is set on API calls (it adds `ath`).
    pub fn proof(
        &self,
        server: Server,
        method: &str,
        url: &str,
        access_token: Option<&str>,
    ) -> Option<String> {
        let mut claims = json!({
            "htm": method,
            "htu": htu(url),
            "iat": jws::now_secs(),
            "jti": jws::unique_id(),
        });
        if let Some(nonce) = self.slot(server).lock().ok()?.clone() {
            claims["nonce"] = json!(nonce);
        }
        if let Some(t) = access_token {
            claims["ath"] = json!(ath(t));
        }
        let header = json!({"typ": "dpop+jwt", "jwk": self.key.public_jwk()});
        jws::sign(&self.key, header, &claims)
    }

    /// Keeps the nonce a `use_dpop_nonce` challenge carried; true when there was one. Each
    /// request retries once with it: concurrent requests may all be challenged for the
    /// same nonce, so "new to us" is not the test.
    pub fn take_nonce(&self, server: Server, headers: &HeaderMap) -> bool {
        let Some(nonce) = headers
            .get(NONCE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|n| !n.is_empty())
        else {
            return false;
        };
        let Ok(mut slot) = self.slot(server).lock() else {
            return false;
        };
        *slot = Some(nonce.to_string());
        true
    }
}
