//! Compact JWS (RFC 7515) signing, just what a client assertion and a DPoP proof need.

use super::private_key::PrivateKey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// `header.claims.signature`, with `alg` set in the header from the key. None only if the
/// crypto library refuses to sign.
pub fn sign(key: &PrivateKey, mut header: Value, claims: &Value) -> Option<String> {
    header["alg"] = Value::String(key.alg().to_string());
    let head = URL_SAFE_NO_PAD.encode(header.to_string());
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    let input = format!("{head}.{body}");
    let sig = key.sign(input.as_bytes())?;
    Some(format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig)))
}

/// A fresh, unguessable `jti`.
pub fn unique_id() -> String {
    let bytes: [u8; 18] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
