//! The service app's private key, from the file `OKTA_PRIVATE_KEY_FILE` names: PEM (PKCS#8,
//! PKCS#1 RSA or SEC1 EC) or a JWK / JWK set as the Okta console downloads it. RSA keys sign
//! RS256, P-256 keys ES256. The key never leaves this type: no Debug, no Display, no serde.

use crate::finding::Finding;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPairComponents, PublicKeyComponents};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::path::Path;

/// A key file is a few kilobytes; anything larger is not one.
const MAX_KEY_FILE: u64 = 256 * 1024;

pub enum PrivateKey {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({}, redacted)", self.alg())
    }
}

/// A loaded key and the `kid` its file carried (a JWK's own), if any.
#[derive(Debug)]
pub struct LoadedKey {
    pub key: PrivateKey,
    pub kid: Option<String>,
}

impl PrivateKey {
    /// Generates a fresh P-256 key: DPoP proofs are signed with one made for each run.
    pub fn generate_p256() -> Result<PrivateKey, Finding> {
        EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING)
            .map(PrivateKey::Ec)
            .map_err(|_| {
                Finding::error(
                    crate::finding::codes::OKTA_DPOP_KEY,
                    "could not make a key pair for DPoP proofs",
                    "This machine's crypto library refused; report it with the message above.",
                )
            })
    }

    pub fn alg(&self) -> &'static str {
        match self {
            PrivateKey::Rsa(_) => "RS256",
            PrivateKey::Ec(_) => "ES256",
        }
    }

    /// The JWS signature over `message` (ES256: the fixed 64-byte r‖s form JWS wants).
    pub fn sign(&self, message: &[u8]) -> Option<Vec<u8>> {
        let rng = SystemRandom::new();
        match self {
            PrivateKey::Rsa(k) => {
                let mut sig = vec![0; k.public_modulus_len()];
                k.sign(&RSA_PKCS1_SHA256, &rng, message, &mut sig).ok()?;
                Some(sig)
            }
            PrivateKey::Ec(k) => Some(k.sign(&rng, message).ok()?.as_ref().to_vec()),
        }
    }

    /// The public half as a JWK (RFC 7517), as a DPoP proof's header carries it.
    pub fn public_jwk(&self) -> Value {
        use aws_lc_rs::signature::KeyPair;
        match self {
            PrivateKey::Ec(k) => {
                let point = k.public_key().as_ref();
                // Uncompressed SEC1: 0x04 ‖ x ‖ y, 32 bytes each for P-256.
                serde_json::json!({
                    "kty": "EC",
                    "crv": "P-256",
                    "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
                    "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
                })
            }
            PrivateKey::Rsa(k) => {
                let public = k.public_key();
                let components = PublicKeyComponents::<Vec<u8>>::from(public);
                serde_json::json!({
                    "kty": "RSA",
                    "n": URL_SAFE_NO_PAD.encode(&components.n),
                    "e": URL_SAFE_NO_PAD.encode(&components.e),
                })
            }
        }
    }
}

fn unusable(field: &str, path: &Path, why: &str) -> Finding {
    Finding::error(
        crate::finding::codes::OKTA_PRIVATE_KEY_UNUSABLE,
        format!("{field} = \"{}\" {why}", path.display()),
        "Give the private key of the service app's key pair, unencrypted: the PEM file or the JWK the Okta console let you download when you generated the key (Applications → the API Services app → General → Public keys).",
    )
}

/// Refuses a key file that other users may read or write, as ssh refuses an unprotected
/// private key: whoever reads it can act as the service app in the customer's Okta org.
pub fn refuse_if_exposed(field: &str, path: &Path) -> Result<(), Finding> {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        // Unreadable or missing: `load` names that.
        return Ok(());
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return Ok(());
    }
    Err(Finding::error(
        crate::finding::codes::OKTA_PRIVATE_KEY_EXPOSED,
        format!(
            "{field} = \"{}\" can be read by other users of this machine (mode {mode:04o}); a private key must be yours alone",
            path.display()
        ),
        format!("chmod 600 '{}'", path.display()),
    ))
}

/// Loads the key `field` (the variable or setup key that named it) points at. `want_kid`
/// picks one key from a JWK set.
pub fn load(field: &str, path: &Path, want_kid: Option<&str>) -> Result<LoadedKey, Finding> {
    let bytes = crate::safe_file::read_capped(path, MAX_KEY_FILE).map_err(|e| {
        Finding::error(
            crate::finding::codes::OKTA_PRIVATE_KEY_UNREADABLE,
            format!("{field} = \"{}\" cannot be read: {e}", path.display()),
            "Point it at the private key file (PEM or JWK); the path is relative to the current folder for the variable, to the setup file's folder for okta.private_key_file.",
        )
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| unusable(field, path, "is not text (a PEM or JSON file)"))?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        from_jwk_text(trimmed, want_kid).map_err(|why| unusable(field, path, &why))
    } else {
        from_pem(&text)
            .map(|key| LoadedKey { key, kid: None })
            .map_err(|why| unusable(field, path, &why))
    }
}

fn from_pem(text: &str) -> Result<PrivateKey, String> {
    let block = pem::parse(text).map_err(|e| format!("is not a PEM key ({e})"))?;
    let der = block.contents();
    match block.tag() {
        "PRIVATE KEY" => RsaKeyPair::from_pkcs8(der)
            .map(PrivateKey::Rsa)
            .or_else(|_| {
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der).map(PrivateKey::Ec)
            })
            .map_err(|_| {
                "holds a PKCS#8 key that is neither RSA (2048 bits or more) nor EC P-256".into()
            }),
        "RSA PRIVATE KEY" => RsaKeyPair::from_der(der)
            .map(PrivateKey::Rsa)
            .map_err(|e| format!("holds an RSA key this tool cannot use ({e})")),
        "EC PRIVATE KEY" => {
            EcdsaKeyPair::from_private_key_der(&ECDSA_P256_SHA256_FIXED_SIGNING, der)
                .map(PrivateKey::Ec)
                .map_err(|_| {
                    "holds an EC key that is not on P-256 (Okta signs with ES256 on P-256)".into()
                })
        }
        "ENCRYPTED PRIVATE KEY" => Err(
            "is encrypted with a passphrase; export it without one (openssl pkcs8 -topk8 -nocrypt)"
                .into(),
        ),
        "PUBLIC KEY" | "CERTIFICATE" | "RSA PUBLIC KEY" => Err(format!(
            "holds a {}, the half Okta keeps; this needs the private key",
            block.tag().to_lowercase()
        )),
        other => Err(format!("holds a \"{other}\" block, not a private key")),
    }
}

fn from_jwk_text(text: &str, want_kid: Option<&str>) -> Result<LoadedKey, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("is not JSON ({e})"))?;
    let key = match v.get("keys").and_then(Value::as_array) {
        None => v,
        Some(keys) => {
            let private: Vec<&Value> = keys.iter().filter(|k| k.get("d").is_some()).collect();
            let chosen = match want_kid {
                Some(kid) => private
                    .iter()
                    .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
                    .ok_or_else(|| format!("has no private key with kid \"{kid}\""))?,
                None => match private.as_slice() {
                    [one] => one,
                    [] => return Err("is a JWK set without a private key".into()),
                    _ => return Err("is a JWK set with several private keys: set OKTA_PRIVATE_KEY_ID to the one to use".into()),
                },
            };
            (*chosen).clone()
        }
    };
    let kid = key.get("kid").and_then(Value::as_str).map(String::from);
    let part = |name: &str| -> Result<Vec<u8>, String> {
        let s = key
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("is a JWK without \"{name}\""))?;
        URL_SAFE_NO_PAD
            .decode(s.trim_end_matches('='))
            .map_err(|_| format!("is a JWK whose \"{name}\" is not base64url"))
    };
    let kty = key.get("kty").and_then(Value::as_str).unwrap_or("");
    if key.get("d").is_none() {
        return Err("is a public JWK; this needs the private key (the one with \"d\")".into());
    }
    let key = match kty {
        "RSA" => {
            let (n, e) = (part("n")?, part("e")?);
            let components = KeyPairComponents {
                public_key: PublicKeyComponents {
                    n: strip_zeros(&n),
                    e: strip_zeros(&e),
                },
                d: part("d")?,
                p: part("p")?,
                q: part("q")?,
                dP: part("dp")?,
                dQ: part("dq")?,
                qInv: part("qi")?,
            };
            RsaKeyPair::from_components(&components)
                .map(PrivateKey::Rsa)
                .map_err(|e| format!("is an RSA JWK whose parts do not form a key ({e})"))?
        }
        "EC" => {
            if key.get("crv").and_then(Value::as_str) != Some("P-256") {
                return Err("is an EC JWK not on P-256".into());
            }
            let mut point = vec![4u8];
            point.extend(part("x")?);
            point.extend(part("y")?);
            EcdsaKeyPair::from_private_key_and_public_key(
                &ECDSA_P256_SHA256_FIXED_SIGNING,
                &part("d")?,
                &point,
            )
            .map(PrivateKey::Ec)
            .map_err(|e| format!("is an EC JWK whose parts do not form a key ({e})"))?
        }
        other => return Err(format!("is a JWK of type \"{other}\"; use RSA or EC P-256")),
    };
    Ok(LoadedKey { key, kid })
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let first = b
        .iter()
        .position(|&x| x != 0)
        .unwrap_or(b.len().saturating_sub(1));
    b[first..].to_vec()
}
