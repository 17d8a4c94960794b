//! The sign-out test: Cognito's `/logout` with the client and a loopback sign-out URL, and
//! the browser awaited there. With IdP sign-out on, Cognito sends the browser through Okta's
//! Single Logout first; Okta's logout response page then submits back to Cognito, so the
//! browser arrives with Okta's origin as its `Referer`. Arriving without it means Cognito
//! ended only its own session.

use super::listener;
use crate::finding::Finding;
use serde::Serialize;
use std::time::Duration;

pub fn signed_out_uri(port: u16) -> String {
    crate::endpoints::loopback_signed_out_uri(port)
}

pub fn logout_url(hosted_ui_base: &str, client_id: &str, logout_uri: &str) -> String {
    let mut url = url::Url::parse(&format!("{}/logout", hosted_ui_base.trim_end_matches('/')))
        .unwrap_or_else(|_| url::Url::parse("https://invalid.invalid/logout").expect("static URL"));
    url.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("logout_uri", logout_uri);
    url.to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOut {
    /// The browser came back from the IdP's Single Logout.
    pub through_idp: bool,
    /// The page it came from, as the browser said.
    pub referer: Option<String>,
}

fn host(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .host_str()
        .map(str::to_ascii_lowercase)
}

/// `idp_hosts`: the IdP's hosts (from its metadata's sign-on and logout URLs).
pub fn judge(referer: Option<String>, idp_hosts: &[String]) -> SignOut {
    let through_idp = referer
        .as_deref()
        .and_then(host)
        .is_some_and(|h| idp_hosts.iter().any(|i| i.eq_ignore_ascii_case(&h)));
    SignOut {
        through_idp,
        referer,
    }
}

/// Opens `/logout` with `open` and waits for the browser at the sign-out URL.
pub async fn sign_out(
    hosted_ui_base: &str,
    client_id: &str,
    port: u16,
    idp_hosts: &[String],
    timeout: Duration,
    open: impl FnOnce(&str),
) -> Result<SignOut, Finding> {
    let mut landing = listener::bind_signed_out(port).await?;
    open(&logout_url(
        hosted_ui_base,
        client_id,
        &signed_out_uri(landing.port),
    ));
    tokio::select! {
        got = landing.rx.recv() => Ok(judge(got.flatten(), idp_hosts)),
        _ = tokio::time::sleep(timeout) => Err(Finding::error(
            crate::finding::codes::SIGN_OUT_TIMEOUT,
            format!("the browser did not arrive at {} within {} s", signed_out_uri(port), timeout.as_secs()),
            "Check that the sign-out URL is registered on the client (login --sign-out registers it) and that the browser reached Cognito's /logout page.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_okta_origin_as_referer_means_through_okta() {
        let okta = ["acme.okta.com".to_string()];
        assert!(judge(Some("https://acme.okta.com/".into()), &okta).through_idp);
        assert!(!judge(Some("https://auth.example.com/logout".into()), &okta).through_idp);
        assert!(!judge(None, &okta).through_idp);
    }

    #[test]
    fn the_logout_url_names_client_and_sign_out_uri() {
        assert_eq!(
            logout_url(
                "https://x.auth.us-east-1.amazoncognito.com/",
                "abc",
                "http://localhost:8976/signed-out"
            ),
            "https://x.auth.us-east-1.amazoncognito.com/logout?client_id=abc&logout_uri=http%3A%2F%2Flocalhost%3A8976%2Fsigned-out"
        );
    }
}
