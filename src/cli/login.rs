//! `okta-cognito login --config FILE`: a real sign-in through the hosted UI, verified.

use super::output::{errln, outln, print_findings_text, print_json};
use super::reporter::Terminal;
use super::{AwsArgs, Exit};
use clap::Args;
use okta_cognito::finding::Finding;
use okta_cognito::flows::shown::{LoginOutcome, Overrides};
use okta_cognito::flows::sign_in::{prepare, run as sign_in};
use okta_cognito::setup::Setup;
use serde_json::json;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Setup file (TOML) describing the federation
    #[arg(long, short = 'c', value_name = "FILE")]
    config: PathBuf,
    /// Loopback port to listen on (must be registered on the client; default: [login] port)
    #[arg(long, value_name = "N")]
    port: Option<u16>,
    /// Print the URL instead of opening a browser (with an SSH port-forward hint)
    #[arg(long)]
    no_browser: bool,
    /// Seconds to wait for the sign-in
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    timeout: u64,
    /// Show Cognito's hosted UI page (the guide's /login URL) instead of going straight to Okta
    #[arg(long)]
    hosted_ui: bool,
    /// Print the raw tokens (they are never written anywhere)
    #[arg(long)]
    show_tokens: bool,
    /// After signing in, sign out through Cognito's /logout and report whether the browser
    /// came back through Okta (IdP sign-out); registers http://localhost:<port>/signed-out on
    /// the client first when it is missing
    #[arg(long)]
    sign_out: bool,
    /// Sign in through this tenant's provider (see `tenant list`)
    #[arg(long, value_name = "NAME", conflicts_with = "email")]
    tenant: Option<String>,
    /// Sign in as a user with this address: the hosted UI routes by its domain
    /// (idp_identifier), as a real user's sign-in does, and the report says which provider it
    /// reached
    #[arg(long, value_name = "ADDRESS")]
    email: Option<String>,
    /// Ask Okta to authenticate again (prompt=login), so the sign-in proves Okta was reached
    /// and not an open session reused
    #[arg(long)]
    prompt_login: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
    /// Base URL of /oauth2/* when it is not the setup's domain (private endpoints, tests)
    #[arg(long, env = "OKTA_COGNITO_HOSTED_UI_URL", value_name = "URL")]
    hosted_ui_url: Option<String>,
    /// Token issuer when it is not cognito-idp.<region>.amazonaws.com/<pool> (JWKS lives under it)
    #[arg(long, env = "OKTA_COGNITO_ISSUER_URL", value_name = "URL")]
    issuer_url: Option<String>,
}

/// Lines typed into the terminal, for the paste-the-URL fallback.
fn pasted_lines() -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut line = String::new();
        while stdin.read_line(&mut line).is_ok_and(|n| n > 0) {
            if tx.send(std::mem::take(&mut line)).is_err() {
                break;
            }
        }
    });
    rx
}

fn claim(o: &LoginOutcome, k: &str) -> String {
    o.id_claims
        .get(k)
        .map(|v| {
            v.as_str()
                .map(String::from)
                .unwrap_or_else(|| v.to_string())
        })
        .unwrap_or_else(|| "(absent)".into())
}

fn report_text(o: &LoginOutcome, issuer: &str, show_tokens: bool) {
    outln!(
        "Signed in. Tokens verified: ID token (RS256 signature, issuer {issuer}, audience, expiry, nonce), access token (client_id, token_use){}.",
        if o.refresh_works {
            "; the refresh grant works"
        } else {
            "; no refresh token was issued"
        }
    );
    outln!("  email             {}", claim(o, "email"));
    outln!("  cognito:username  {}", claim(o, "cognito:username"));
    outln!(
        "  identities        {}",
        o.identity_provider()
            .unwrap_or_else(|| "(not federated)".into())
    );
    if !o.mapped.is_empty() {
        outln!("Mapped attributes:");
        for m in &o.mapped {
            match m.value.as_deref().filter(|v| !v.trim().is_empty()) {
                Some(v) => outln!("  {} ← {:?}: {v}", m.attribute, m.saml_attribute),
                None if m.value.is_some() => outln!(
                    "  {} ← {:?}: EMPTY — Okta sent it without a value",
                    m.attribute,
                    m.saml_attribute
                ),
                None => outln!(
                    "  {} ← {:?}: MISSING — Okta sent no attribute statement named {:?}",
                    m.attribute,
                    m.saml_attribute,
                    m.saml_attribute
                ),
            }
        }
    }
    if show_tokens {
        if let Some(id) = &o.tokens.id_token {
            outln!("id_token:      {id}");
        }
        outln!("access_token:  {}", o.tokens.access_token);
        if let Some(r) = &o.tokens.refresh_token {
            outln!("refresh_token: {r}");
        }
    }
}

/// Cognito's /logout in the browser, and the browser awaited at the sign-out URL.
async fn sign_out(
    cfg: &okta_cognito::flows::shown::LoginConfig,
    setup: &Setup,
    no_browser: bool,
) -> Result<okta_cognito::flows::shown::SignOut, Finding> {
    okta_cognito::flows::sign_out::after_sign_in(cfg, setup, |url| {
        errln!("Sign-out URL:\n  {url}");
        if !no_browser {
            match okta_cognito::flows::sign_out::open_browser(url) {
                Ok(by) => errln!("Opened the sign-out page with {by}."),
                Err(f) => errln!("{}: {}\n  {}", f.severity, f.message, f.fix),
            }
        }
    })
    .await
}

pub async fn run(aws: &AwsArgs, args: LoginArgs) -> Exit {
    // The whole file (what a save writes back), and the one tenant's view the sign-in uses.
    let loaded = Setup::load(&args.config)
        .map_err(|e| e.to_finding())
        .and_then(|s| {
            let view = okta_cognito::flows::tenant::view_for(
                &s,
                args.tenant.as_deref(),
                args.email.as_deref(),
            )?;
            Ok((s, view))
        });
    let (mut whole, setup) = match loaded {
        Ok(pair) => pair,
        Err(f) => {
            if args.json {
                super::output::report_refusal(&[f], true);
            } else {
                print_findings_text(&[f]);
            }
            return Exit::Refused;
        }
    };
    let overrides = Overrides {
        port: args.port,
        hosted_ui_url: args.hosted_ui_url.clone(),
        issuer_url: args.issuer_url.clone(),
        timeout: Some(Duration::from_secs(args.timeout)),
        hosted_ui: args.hosted_ui,
        no_browser: args.no_browser,
        prompt_login: args.prompt_login,
        email: args.email.clone(),
    };
    let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    if args.sign_out {
        let port = args.port.unwrap_or(setup.login.port);
        match okta_cognito::flows::sign_out::ensure_registered(
            &api,
            &mut whole,
            Some(&args.config),
            port,
        )
        .await
        {
            Ok(true) => errln!(
                "Registered {} as a sign-out URL of the client (saved in {}).",
                okta_cognito::endpoints::loopback_signed_out_uri(port),
                args.config.display()
            ),
            Ok(false) => {}
            Err(f) => {
                print_findings_text(&[f]);
                return Exit::Refused;
            }
        }
    }
    let cfg = match prepare(&api, &setup, &overrides).await {
        Ok(c) => c,
        Err(f) => {
            print_findings_text(&[f]);
            return Exit::Refused;
        }
    };
    let can_paste = std::io::stdin().is_terminal();
    let ui = Terminal {
        interactive: std::io::stderr().is_terminal(),
        can_paste,
        port: cfg.port,
        no_browser: args.no_browser,
        steps: 0,
    };
    let pasted = can_paste.then(pasted_lines);
    match sign_in(&cfg, &ui, pasted).await {
        Ok(o) => {
            let mapping = o.mapping_findings();
            let signed_out = match args.sign_out {
                true => Some(sign_out(&cfg, &setup, args.no_browser).await),
                false => None,
            };
            if args.json {
                let mut v = json!({
                    "verified": true,
                    "issuer": cfg.issuer,
                    "refresh_works": o.refresh_works,
                    "identity_provider": o.identity_provider(),
                    "claims": o.id_claims,
                    "mapped": o.mapped,
                    "findings": mapping,
                });
                if args.show_tokens {
                    v["tokens"] = json!({
                        "id_token": o.tokens.id_token,
                        "access_token": o.tokens.access_token,
                        "refresh_token": o.tokens.refresh_token,
                    });
                }
                if let Some(s) = &signed_out {
                    v["sign_out"] = match s {
                        Ok(s) => json!(s),
                        Err(f) => json!({"findings": [f]}),
                    };
                }
                print_json(&v);
            } else {
                report_text(&o, &cfg.issuer, args.show_tokens);
                if let Some(domain) = &cfg.idp_identifier {
                    outln!(
                        "Routed by the e-mail domain {domain} to provider {}.",
                        o.identity_provider()
                            .unwrap_or_else(|| "(none: not federated)".into())
                    );
                }
                match &signed_out {
                    Some(Ok(s)) if s.through_idp => outln!(
                        "Signed out: the browser came back through Okta (IdP sign-out ended the Okta session too)."
                    ),
                    Some(Ok(_)) => outln!(
                        "Signed out of Cognito: the browser came back directly, so Okta's session is still open{}.",
                        if setup.provider.idp_signout {
                            " although provider.idp_signout is on: check the Okta app's Single Logout (`okta-cognito okta-app` sets it)"
                        } else {
                            " (provider.idp_signout is off)"
                        }
                    ),
                    Some(Err(f)) => print_findings_text(std::slice::from_ref(f)),
                    None => {}
                }
            }
            if !args.json && !mapping.is_empty() {
                print_findings_text(&mapping);
            }
            okta_cognito::finding::log("login", &mapping);
            // Tokens verified, but a mapped attribute that did not arrive is a failure.
            match signed_out {
                Some(Err(_)) => Exit::Refused,
                _ if !mapping.is_empty() => Exit::Refused,
                _ => Exit::Ok,
            }
        }
        Err(f) => {
            if ui.interactive {
                errln!();
            }
            if args.json {
                print_json(&json!({ "verified": false, "findings": [f] }));
            } else {
                print_findings_text(&[f]);
            }
            Exit::Refused
        }
    }
}
