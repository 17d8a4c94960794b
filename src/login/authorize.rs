//! The authorize request: where the browser is sent, and what must come back with it.

use super::pkce::{pkce, random_token};
use url::Url;

#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub redirect_uri: String,
}

/// Which IdP Cognito sends the browser to: the provider by name (`identity_provider=`), or
/// the one whose identifiers hold this e-mail domain (`idp_identifier=`), as a user's own
/// address routes them.
#[derive(Debug, Clone, Copy)]
pub enum Route<'a> {
    Provider(&'a str),
    Identifier(&'a str),
}

/// `route` sends the browser straight to the IdP; `hosted_ui` shows Cognito's own page with
/// its list of providers instead (the guide's `/login` URL).
pub fn authorize_request(
    base: &str,
    client_id: &str,
    redirect_uri: &str,
    scopes: &[String],
    route: Route<'_>,
    hosted_ui: bool,
    prompt_login: bool,
) -> AuthRequest {
    let p = pkce();
    let state = random_token(24);
    let nonce = random_token(24);
    let path = if hosted_ui {
        "/login"
    } else {
        "/oauth2/authorize"
    };
    let mut url = Url::parse(&format!("{}{path}", base.trim_end_matches('/')))
        .unwrap_or_else(|_| Url::parse("https://invalid.invalid/").expect("static URL"));
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &scopes.join(" "))
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("code_challenge_method", "S256")
            .append_pair("code_challenge", &p.challenge);
        match route {
            _ if hosted_ui => {}
            Route::Provider(provider) => {
                q.append_pair("identity_provider", provider);
            }
            Route::Identifier(domain) => {
                q.append_pair("idp_identifier", domain);
            }
        }
        if prompt_login {
            q.append_pair("prompt", "login");
        }
    }
    AuthRequest {
        url: url.to_string(),
        state,
        nonce,
        verifier: p.verifier,
        redirect_uri: redirect_uri.to_string(),
    }
}
