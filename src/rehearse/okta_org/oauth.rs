//! The Okta stand-in's OAuth 2.0 half, from Okta's documented contract: the org authorization
//! server's token endpoint for API Services apps (`client_credentials` with a
//! `private_key_jwt` client assertion, verified against the registered public key), DPoP
//! (RFC 9449) on the token request with Okta's `use_dpop_nonce` challenge, and the resource
//! server's check of every API call (`DPoP <token>` with a proof whose `htm`, `htu`, `ath`,
//! `iat`, `jti` and key thumbprint must all fit). Where Okta's documents are silent (a proof
//! sent to an app that does not require DPoP) it refuses, the stricter reading.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

pub const TOKEN_PATH: &str = "/oauth2/v1/token";
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// How far a proof's `iat` may be from now.
const IAT_WINDOW: i64 = 60;

#[derive(Debug, Clone)]
pub struct ServiceApp {
    pub client_id: String,
    pub public_jwk: Value,
    pub kid: Option<String>,
    pub granted: Vec<String>,
    pub require_dpop: bool,
}

#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub scopes: Vec<String>,
    /// The DPoP key's thumbprint the token is bound to.
    pub jkt: Option<String>,
}

#[derive(Debug, Default)]
pub struct OAuth {
    pub apps: Vec<ServiceApp>,
    pub issued: Vec<Issued>,
    pub seen_jti: HashSet<String>,
    pub token_nonce: String,
    /// The API also demands a nonce (Okta may; the client must answer either way).
    pub api_nonce: Option<String>,
    /// Token requests answered, by outcome (`issued`, or the OAuth error).
    pub token_answers: HashMap<String, usize>,
}

/// An OAuth error answer: status, body, extra headers.
pub type OAuthAnswer = (u16, Value, Vec<(String, String)>);
/// An API call's refusal: Okta's error code, its summary, and the headers (WWW-Authenticate,
/// DPoP-Nonce).
pub type ApiRefusal = (String, String, Vec<(String, String)>);

fn oauth_error(status: u16, error: &str, description: &str) -> OAuthAnswer {
    (
        status,
        json!({"error": error, "error_description": description}),
        vec![],
    )
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// RFC 7638 thumbprint of a public JWK.
pub fn thumbprint(jwk: &Value) -> Option<String> {
    let s = |k: &str| jwk.get(k).and_then(Value::as_str);
    let canonical = match s("kty")? {
        "EC" => format!(
            r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
            s("crv")?,
            s("x")?,
            s("y")?
        ),
        "RSA" => format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, s("e")?, s("n")?),
        _ => return None,
    };
    Some(URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes())))
}

fn algorithm(name: Algorithm) -> Option<Algorithm> {
    matches!(name, Algorithm::RS256 | Algorithm::ES256).then_some(name)
}

impl OAuth {
    fn fresh_jti(&mut self, jti: Option<&str>) -> bool {
        match jti {
            Some(j) if !j.is_empty() => self.seen_jti.insert(j.to_string()),
            _ => false,
        }
    }

    /// Checks a DPoP proof for `method url`; Ok(thumbprint) or the reason it is refused.
    /// `nonce` is what the server currently demands, `ath` the token hash API calls carry.
    fn check_proof(
        &mut self,
        proof: &str,
        method: &str,
        url: &str,
        nonce: Option<&str>,
        access_token: Option<&str>,
    ) -> Result<String, (&'static str, String)> {
        let bad = |why: &str| ("invalid_dpop_proof", why.to_string());
        let header = decode_header(proof).map_err(|e| bad(&format!("not a JWT: {e}")))?;
        if header.typ.as_deref() != Some("dpop+jwt") {
            return Err(bad("typ must be dpop+jwt"));
        }
        let alg = algorithm(header.alg).ok_or_else(|| bad("alg must be RS256 or ES256"))?;
        let jwk = header
            .jwk
            .clone()
            .ok_or_else(|| bad("no jwk in the header"))?;
        let jwk_json = serde_json::to_value(&jwk).unwrap_or(Value::Null);
        if jwk_json.get("d").is_some() {
            return Err(bad("the jwk holds a private key"));
        }
        let key = DecodingKey::from_jwk(&jwk).map_err(|e| bad(&format!("unusable jwk: {e}")))?;
        let mut v = Validation::new(alg);
        v.required_spec_claims = HashSet::new();
        v.validate_exp = false;
        v.validate_aud = false;
        let claims = decode::<Value>(proof, &key, &v)
            .map_err(|e| bad(&format!("signature: {e}")))?
            .claims;
        let text = |k: &str| claims.get(k).and_then(Value::as_str);
        if text("htm") != Some(method) {
            return Err(bad(&format!("htm {:?} is not {method}", text("htm"))));
        }
        if text("htu") != Some(url) {
            return Err(bad(&format!("htu {:?} is not {url}", text("htu"))));
        }
        let iat = claims.get("iat").and_then(Value::as_i64).unwrap_or(0);
        if (now() - iat).abs() > IAT_WINDOW {
            return Err(bad("iat is too far from now"));
        }
        if let Some(t) = access_token {
            let want = URL_SAFE_NO_PAD.encode(Sha256::digest(t.as_bytes()));
            if text("ath") != Some(want.as_str()) {
                return Err(bad("ath does not match the access token"));
            }
        }
        if let Some(n) = nonce
            && text("nonce") != Some(n)
        {
            return Err((
                "use_dpop_nonce",
                "Authorization server requires nonce in DPoP proof.".into(),
            ));
        }
        if !self.fresh_jti(text("jti")) {
            return Err(bad("jti was used before"));
        }
        thumbprint(&jwk_json).ok_or_else(|| bad("jwk cannot be thumbprinted"))
    }

    /// `POST /oauth2/v1/token`.
    pub fn token(
        &mut self,
        base: &str,
        form: &HashMap<String, String>,
        dpop: Option<&str>,
    ) -> OAuthAnswer {
        let answer = self.token_inner(base, form, dpop);
        let key = answer.1["error"].as_str().unwrap_or("issued").to_string();
        *self.token_answers.entry(key).or_default() += 1;
        answer
    }

    fn token_inner(
        &mut self,
        base: &str,
        form: &HashMap<String, String>,
        dpop: Option<&str>,
    ) -> OAuthAnswer {
        let token_url = format!("{base}{TOKEN_PATH}");
        if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return oauth_error(
                400,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            );
        }
        if form.get("client_assertion_type").map(String::as_str) != Some(ASSERTION_TYPE) {
            return oauth_error(
                401,
                "invalid_client",
                "client_assertion_type is missing or wrong.",
            );
        }
        let Some(assertion) = form.get("client_assertion") else {
            return oauth_error(401, "invalid_client", "Client authentication failed.");
        };
        let Ok(header) = decode_header(assertion) else {
            return oauth_error(401, "invalid_client", "The client_assertion is not a JWT.");
        };
        let unverified: Value = jsonwebtoken::dangerous::insecure_decode::<Value>(assertion)
            .map(|d| d.claims)
            .unwrap_or(Value::Null);
        let client_id = unverified["iss"].as_str().unwrap_or("").to_string();
        let Some(app) = self.apps.iter().find(|a| a.client_id == client_id).cloned() else {
            return oauth_error(
                401,
                "invalid_client",
                "Invalid value for 'client_id' parameter.",
            );
        };
        if let (Some(want), Some(got)) = (&app.kid, &header.kid)
            && want != got
        {
            return oauth_error(
                401,
                "invalid_client",
                "The client_assertion token has a kid which does not identify a key registered for the client.",
            );
        }
        let Some(alg) = algorithm(header.alg) else {
            return oauth_error(
                401,
                "invalid_client",
                "The client_assertion alg is not allowed.",
            );
        };
        let Ok(key) = serde_json::from_value(app.public_jwk.clone())
            .map_err(|_| ())
            .and_then(|j| DecodingKey::from_jwk(&j).map_err(|_| ()))
        else {
            return oauth_error(
                500,
                "server_error",
                "stand-in: the registered key is unusable",
            );
        };
        let mut v = Validation::new(alg);
        v.set_audience(&[token_url.as_str()]);
        v.set_issuer(&[client_id.as_str()]);
        v.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        let claims = match decode::<Value>(assertion, &key, &v) {
            Ok(d) => d.claims,
            Err(e) => {
                return oauth_error(
                    401,
                    "invalid_client",
                    &format!("The client_assertion is invalid: {e}."),
                );
            }
        };
        if claims["sub"].as_str() != Some(client_id.as_str()) {
            return oauth_error(
                401,
                "invalid_client",
                "The client_assertion sub must be the client id.",
            );
        }
        let exp = claims["exp"].as_i64().unwrap_or(0);
        if exp - now() > 3600 {
            return oauth_error(
                401,
                "invalid_client",
                "The client_assertion exp is more than an hour away.",
            );
        }
        if !self.fresh_jti(claims["jti"].as_str()) {
            return oauth_error(
                401,
                "invalid_client",
                "The client_assertion jti was used before.",
            );
        }
        let requested: Vec<String> = form
            .get("scope")
            .map(|s| s.split_whitespace().map(String::from).collect())
            .unwrap_or_default();
        let refused: Vec<&String> = requested
            .iter()
            .filter(|s| !app.granted.contains(s))
            .collect();
        if requested.is_empty() || !refused.is_empty() {
            let names: Vec<&str> = refused.iter().map(|s| s.as_str()).collect();
            return oauth_error(
                400,
                "invalid_scope",
                &format!("The following scopes are not allowed: {}", names.join(", ")),
            );
        }
        let jkt = match (dpop, app.require_dpop) {
            (None, true) => {
                return oauth_error(
                    400,
                    "invalid_dpop_proof",
                    "The DPoP proof JWT header is missing.",
                );
            }
            (Some(_), false) => {
                return oauth_error(
                    400,
                    "invalid_dpop_proof",
                    "DPoP proof JWT was provided, but the client is not configured for DPoP.",
                );
            }
            (None, false) => None,
            (Some(proof), true) => {
                let nonce = self.token_nonce.clone();
                match self.check_proof(proof, "POST", &token_url, Some(&nonce), None) {
                    Ok(jkt) => Some(jkt),
                    Err(("use_dpop_nonce", why)) => {
                        let (s, b, _) = oauth_error(400, "use_dpop_nonce", &why);
                        return (s, b, vec![("dpop-nonce".into(), nonce)]);
                    }
                    Err((code, why)) => return oauth_error(400, code, &why),
                }
            }
        };
        let token = format!(
            "standInAccessToken{}",
            URL_SAFE_NO_PAD.encode(rand::random::<[u8; 24]>())
        );
        self.issued.push(Issued {
            token: token.clone(),
            scopes: requested.clone(),
            jkt: jkt.clone(),
        });
        (
            200,
            json!({
                "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
                "expires_in": 3600,
                "access_token": token,
                "scope": requested.join(" "),
            }),
            vec![],
        )
    }

    /// The scopes of the OAuth token an API call carries, or the 401 it gets.
    pub fn authorise_api(
        &mut self,
        authorization: &str,
        dpop: Option<&str>,
        method: &str,
        url: &str,
    ) -> Result<Vec<String>, ApiRefusal> {
        let refuse = |error: &str, why: &str| {
            (
                "E0000011".to_string(),
                format!("Invalid token provided: {why}"),
                vec![(
                    "www-authenticate".to_string(),
                    format!("DPoP error=\"{error}\", error_description=\"{why}\""),
                )],
            )
        };
        let (scheme, token) = authorization.split_once(' ').unwrap_or(("", ""));
        let Some(issued) = self.issued.iter().find(|i| i.token == token).cloned() else {
            return Err(refuse("invalid_token", "unknown token"));
        };
        match (scheme, &issued.jkt) {
            ("Bearer", None) => Ok(issued.scopes),
            ("Bearer", Some(_)) => {
                Err(refuse("invalid_token", "a DPoP-bound token sent as Bearer"))
            }
            ("DPoP", Some(jkt)) => {
                let Some(proof) = dpop else {
                    return Err(refuse("invalid_dpop_proof", "no DPoP proof"));
                };
                let nonce = self.api_nonce.clone();
                match self.check_proof(proof, method, url, nonce.as_deref(), Some(token)) {
                    Ok(t) if &t == jkt => Ok(issued.scopes),
                    Ok(_) => Err(refuse(
                        "invalid_dpop_proof",
                        "the proof's key is not the token's",
                    )),
                    Err(("use_dpop_nonce", why)) => {
                        let (c, m, mut h) = refuse("use_dpop_nonce", &why);
                        h.push(("dpop-nonce".into(), nonce.unwrap_or_default()));
                        Err((c, m, h))
                    }
                    Err((code, why)) => Err(refuse(code, &why)),
                }
            }
            _ => Err(refuse("invalid_token", "wrong authorization scheme")),
        }
    }
}
