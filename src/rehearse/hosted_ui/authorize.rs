//! `/oauth2/authorize`, in the order Cognito checks a request, and `/saml2/idpresponse`,
//! where the IdP's answer becomes a code or Cognito's error.

use super::federation::{self, Assertion, Expected};
use super::held_metadata;
use super::{Grant, LIFETIME, Pending, Ui, User, cognito_error_page, error_redirect, find_client};
use crate::cognito::state::{read_pool, read_provider};
use crate::endpoints;
use crate::saml::xmldsig::c14n::{Scope, inside};
use crate::saml::xmldsig::verify::{Failure, Trusted, verify};
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use std::collections::HashMap;
use std::time::Instant;

fn param<'a>(q: &'a HashMap<String, String>, k: &str) -> Option<&'a str> {
    q.get(k).map(String::as_str).filter(|v| !v.is_empty())
}

pub(super) async fn authorize(State(ui): Ui, Query(q): Query<HashMap<String, String>>) -> Response {
    let Some(client_id) = param(&q, "client_id") else {
        return cognito_error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_id is missing",
        );
    };
    let Some((pool_id, client)) = find_client(&ui.api, client_id).await else {
        return cognito_error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            &format!("no app client {client_id} in the local Cognito"),
        );
    };
    let Some(redirect_uri) = param(&q, "redirect_uri") else {
        return cognito_error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "redirect_uri is missing",
        );
    };
    if !client.callback_urls().iter().any(|u| u == redirect_uri) {
        return Redirect::to(&format!(
            "{}/error?error=redirect_mismatch&client_id={client_id}",
            ui.base()
        ))
        .into_response();
    }
    let state = param(&q, "state");
    let back =
        |error: &str, description: &str| error_redirect(redirect_uri, state, error, description);
    if param(&q, "response_type") != Some("code") {
        return back("unsupported_response_type", "response_type must be code");
    }
    let code_flow = client
        .allowed_o_auth_flows()
        .iter()
        .any(|f| f.as_str() == "code");
    if !client
        .allowed_o_auth_flows_user_pool_client()
        .unwrap_or(false)
        || !code_flow
    {
        return back(
            "unauthorized_client",
            "Client is not enabled for OAuth2.0 flows.",
        );
    }
    let scopes: Vec<String> = param(&q, "scope")
        .unwrap_or("")
        .split_whitespace()
        .map(String::from)
        .collect();
    if let Some(s) = scopes
        .iter()
        .find(|s| !client.allowed_o_auth_scopes().contains(s))
    {
        return back(
            "invalid_scope",
            &format!("{s} is not an allowed scope of this client"),
        );
    }
    let challenge = param(&q, "code_challenge");
    if challenge.is_some() && param(&q, "code_challenge_method") != Some("S256") {
        return back("invalid_request", "code_challenge_method must be S256");
    }
    let enabled = client.supported_identity_providers();
    let provider = match param(&q, "identity_provider") {
        Some(p) if enabled.iter().any(|e| e == p) => p.to_string(),
        Some(p) => {
            return back(
                "invalid_request",
                &format!("The identity provider {p} is not enabled for this client."),
            );
        }
        // Routed by a user's e-mail domain: the enabled provider whose identifiers hold it.
        None if param(&q, "idp_identifier").is_some() => {
            let wanted = param(&q, "idp_identifier").unwrap_or("").to_lowercase();
            let mut found = None;
            for name in enabled.iter().filter(|e| *e != "COGNITO") {
                if let Ok(Some(p)) = read_provider(&ui.api, &pool_id, name).await
                    && p.identifiers.iter().any(|i| i.to_lowercase() == wanted)
                {
                    found = Some(name.clone());
                    break;
                }
            }
            match found {
                Some(p) => p,
                None => {
                    // Cognito's own wording for this case is not published; this says what
                    // happened in its style.
                    return back(
                        "invalid_request",
                        &format!(
                            "No identity provider of this client has the identifier {wanted}."
                        ),
                    );
                }
            }
        }
        None => match enabled.iter().find(|e| *e != "COGNITO") {
            Some(p) => p.clone(),
            None => {
                return back(
                    "invalid_request",
                    "No identity provider is enabled for this client.",
                );
            }
        },
    };
    let details = match read_provider(&ui.api, &pool_id, &provider).await {
        Ok(Some(p)) => p.details,
        _ => {
            return back(
                "invalid_request",
                &format!("The provider {provider} does not exist for User Pool {pool_id}."),
            );
        }
    };
    let (idp_entity_id, sso, trusted) =
        match held_metadata::idp_of(&ui, &pool_id, &provider, &details).await {
            Ok(x) => x,
            Err(e) => return back("server_error", &e),
        };
    let Some(acs) = pool_acs(&ui, &pool_id).await else {
        return cognito_error_page(
            StatusCode::NOT_FOUND,
            "no domain",
            &format!(
                "user pool {pool_id} has no domain, so it has no hosted UI: add one (apply creates [domain])"
            ),
        );
    };
    let relay = crate::login::pkce::random_token(24);
    let request = crate::saml::authn_request::Request {
        id: format!("_{relay}"),
        issuer: endpoints::audience_uri(&pool_id),
        acs: Some(acs),
        destination: Some(sso.clone()),
    };
    // Cognito signs the request with the pool's signing certificate when the provider asks.
    let signer = match details.get("RequestSigningAlgorithm").map(String::as_str) {
        None => None,
        Some("rsa-sha256") => match signing_key(&ui, &pool_id).await {
            Some(k) => Some(k),
            None => {
                return back(
                    "server_error",
                    "the local Cognito could not give the pool's signing key",
                );
            }
        },
        Some(other) => {
            return back(
                "server_error",
                &format!("RequestSigningAlgorithm {other} is not one Cognito signs with"),
            );
        }
    };
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    let issued = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let query = match crate::saml::authn_request::query(
        &crate::saml::authn_request::encode(&crate::saml::authn_request::xml(&request, &issued)),
        Some(&relay),
        signer.as_ref(),
    ) {
        Ok(q) => q,
        Err(e) => return back("server_error", &e),
    };
    let pending = Pending {
        pool_id,
        client_id: client_id.to_string(),
        redirect_uri: redirect_uri.to_string(),
        state: state.map(String::from),
        challenge: challenge.map(String::from),
        nonce: param(&q, "nonce").map(String::from),
        scopes,
        provider,
        idp_entity_id,
        trusted: std::sync::Arc::new(trusted),
        started: Instant::now(),
    };
    if let Ok(mut i) = ui.inner.lock() {
        i.pending.retain(|_, p| p.started.elapsed() < LIFETIME);
        i.pending.insert(relay.clone(), pending);
    }
    // The query is sent as signed: appended as it is, never re-encoded.
    match url::Url::parse(&sso) {
        Ok(u) => {
            let joiner = if u.query().is_some() { '&' } else { '?' };
            Redirect::to(&format!("{sso}{joiner}{query}")).into_response()
        }
        Err(e) => back(
            "server_error",
            &format!("the metadata's SSO URL {sso} is not a URL: {e}"),
        ),
    }
}

/// The pool's signing key, asked of the local Cognito's layer (Cognito holds it).
async fn signing_key(
    ui: &super::Shared,
    pool: &str,
) -> Option<crate::saml::xmldsig::sign::SigningKey> {
    let answer = super::ask_layer(ui, "signing_key", json!({"UserPoolId": pool})).await?;
    let der = STANDARD.decode(answer["pkcs8"].as_str()?).ok()?;
    crate::saml::xmldsig::sign::SigningKey::from_pkcs8(
        &der,
        answer["certificate"].as_str()?.to_string(),
    )
    .ok()
}

/// The pool's own ACS URL, from its domain, as Okta must be configured with it.
fn acs_of(region: &str, pool: &crate::cognito::state::PoolState) -> Option<String> {
    let domain = match (&pool.custom_domain, &pool.domain) {
        (Some(c), _) => endpoints::Domain::Custom(c.clone()),
        (None, Some(p)) => endpoints::Domain::Prefix(p.clone()),
        (None, None) => return None,
    };
    Some(endpoints::acs_url(&endpoints::hosted_ui_base(
        region, &domain,
    )))
}

async fn pool_acs(ui: &super::Shared, pool_id: &str) -> Option<String> {
    let pool = read_pool(&ui.api, pool_id).await.ok()?;
    acs_of(&ui.region, &pool)
}

/// The sign-in an IdP-initiated response completes, from its RelayState as Cognito reads it
/// (`identity_provider=…&client_id=…&redirect_uri=…&response_type=code&scope=…`): the client
/// must exist, offer the provider and list the redirect URI, and the provider must have
/// `IDPInit` on. None: Cognito's "Invalid samlResponse or relayState from identity provider".
async fn idp_initiated(ui: &super::Shared, relay: &str) -> Option<Pending> {
    let q: HashMap<String, String> = url::form_urlencoded::parse(relay.as_bytes())
        .into_owned()
        .collect();
    let (client_id, provider, redirect_uri) = (
        q.get("client_id")?,
        q.get("identity_provider")?,
        q.get("redirect_uri")?,
    );
    if q.get("response_type").map(String::as_str) != Some("code") {
        return None;
    }
    let (pool_id, client) = find_client(&ui.api, client_id).await?;
    if !client.callback_urls().contains(redirect_uri)
        || !client.supported_identity_providers().contains(provider)
    {
        return None;
    }
    let details = read_provider(&ui.api, &pool_id, provider)
        .await
        .ok()??
        .details;
    if details.get("IDPInit").map(String::as_str) != Some("true") {
        return None;
    }
    let (idp_entity_id, _, trusted) = held_metadata::idp_of(ui, &pool_id, provider, &details)
        .await
        .ok()?;
    Some(Pending {
        pool_id,
        client_id: client_id.clone(),
        redirect_uri: redirect_uri.clone(),
        state: None,
        challenge: None,
        nonce: None,
        scopes: q
            .get("scope")
            .map(|s| s.split_whitespace().map(String::from).collect())
            .unwrap_or_default(),
        provider: provider.clone(),
        idp_entity_id,
        trusted: std::sync::Arc::new(trusted),
        started: Instant::now(),
    })
}

/// What Cognito says when a response's signature does not hold (reported at a customer:
/// aws/aws-sdk-js-v3 issue 6201), with `error=server_error`.
const SIGNATURE_INVALID: &str =
    "Invalid SAML response received: SAML Assertion signature is invalid.";

/// How far Cognito looks past an assertion's validity window for clock skew. Not published;
/// five minutes is what SAML libraries commonly allow.
const SKEW: time::Duration = time::Duration::minutes(5);

/// Why a response is refused: Cognito's `error` and `error_description`.
type Refusal = (&'static str, String);

fn invalid(what: &str) -> Refusal {
    (
        "invalid_request",
        format!("Invalid SAML response received: {what}"),
    )
}

fn timestamp(s: Option<&str>) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s?, &time::format_description::well_known::Rfc3339).ok()
}

/// The response Okta posted, checked as Cognito checks it before reading it: well formed,
/// its Assertion's or its own signature verified with the provider's certificates (a
/// signature that is there must hold), meant for the request this sign-in sent
/// (`InResponseTo`), within its validity window. The assertion is read from the element whose
/// signature held, never looked up again (no signature wrapping).
/// The posted response's XML.
fn decoded(encoded: &str) -> Result<String, Refusal> {
    let bytes = STANDARD
        .decode(encoded.trim())
        .map_err(|_| invalid("the SAMLResponse is not base64"))?;
    String::from_utf8(bytes).map_err(|_| invalid("the SAMLResponse is not UTF-8"))
}

/// The private key of the provider's encryption certificate, asked of the local Cognito's
/// layer (Cognito holds it; this hosted UI stands in for Cognito's inside).
async fn encryption_key(ui: &super::Shared, pool: &str, provider: &str) -> Option<Vec<u8>> {
    let answer = super::ask_layer(
        ui,
        "encryption_key",
        json!({"UserPoolId": pool, "ProviderName": provider}),
    )
    .await?;
    STANDARD.decode(answer["pkcs8"].as_str()?).ok()
}

fn assertion_of(
    xml: &str,
    trusted: &[Trusted],
    request_id: &str,
    decryption_key: Option<&[u8]>,
) -> Result<Assertion, Refusal> {
    let root = crate::saml::xmldsig::dom::parse(xml).map_err(|e| invalid(&e))?;
    if root.local() != "Response" {
        return Err(invalid("the message is not a SAML Response"));
    }
    let assertions: Vec<_> = root
        .elements()
        .filter(|e| e.local() == "Assertion" || e.local() == "EncryptedAssertion")
        .collect();
    let [found] = assertions.as_slice() else {
        return Err(invalid(
            "the response holds more or fewer than one assertion",
        ));
    };
    let outer = Scope::new();
    // An encrypted assertion is opened first; its own signature is then checked as sent.
    let opened = match (found.local(), decryption_key) {
        ("EncryptedAssertion", Some(key)) => {
            let plain = crate::saml::xmlenc::decrypt(found, key).map_err(|e| {
                invalid(&format!(
                    "the encrypted assertion could not be decrypted: {e}"
                ))
            })?;
            Some(crate::saml::xmldsig::dom::parse(&plain).map_err(|e| invalid(&e))?)
        }
        ("EncryptedAssertion", None) => {
            return Err(invalid(
                "the assertion is encrypted, and the provider has no key for it",
            ));
        }
        _ => None,
    };
    let (assertion, assertion_scope) = match &opened {
        Some(a) => (a, Scope::new()),
        None => (*found, inside(&root, &outer)),
    };
    let response_signed = verify(&root, &outer, trusted);
    let assertion_signed = verify(assertion, &assertion_scope, trusted);
    for r in [&response_signed, &assertion_signed] {
        if let Err(Failure::Invalid(_) | Failure::Expired(_)) = r {
            return Err(("server_error", SIGNATURE_INVALID.to_string()));
        }
    }
    if response_signed.is_err() && assertion_signed.is_err() {
        return Err(("server_error", SIGNATURE_INVALID.to_string()));
    }
    // An SP-initiated response answers the request this sign-in sent; an IdP-initiated one
    // (`request_id` empty) answers none.
    if root.attribute("InResponseTo").unwrap_or("") != request_id {
        return Err(invalid(
            "InResponseTo does not match the request this sign-in sent",
        ));
    }
    let conditions = assertion.child("Conditions");
    let now = time::OffsetDateTime::now_utc();
    let since = timestamp(conditions.and_then(|c| c.attribute("NotBefore")));
    let until = timestamp(conditions.and_then(|c| c.attribute("NotOnOrAfter")));
    if since.is_some_and(|t| now + SKEW < t) || until.is_some_and(|t| now - SKEW >= t) {
        return Err(invalid("the assertion is not valid at this time"));
    }
    let text = |e: Option<&crate::saml::xmldsig::dom::Element>| {
        e.map(|e| e.text().trim().to_string()).unwrap_or_default()
    };
    let mut attributes = std::collections::BTreeMap::new();
    if let Some(statement) = assertion.child("AttributeStatement") {
        for a in statement.elements().filter(|e| e.local() == "Attribute") {
            if let Some(name) = a.attribute("Name") {
                attributes.insert(name.to_string(), text(a.child("AttributeValue")));
            }
        }
    }
    Ok(Assertion {
        issuer: text(assertion.child("Issuer")),
        audience: text(
            conditions
                .and_then(|c| c.child("AudienceRestriction"))
                .and_then(|a| a.child("Audience")),
        ),
        destination: root.attribute("Destination").unwrap_or("").to_string(),
        name_id: text(assertion.child("Subject").and_then(|s| s.child("NameID"))),
        attributes,
    })
}

pub(super) async fn idp_response(
    State(ui): Ui,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let invalid = || {
        cognito_error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Invalid samlResponse or relayState from identity provider",
        )
    };
    let relay = f.get("RelayState").cloned().unwrap_or_default();
    let Some(encoded) = f.get("SAMLResponse") else {
        return invalid();
    };
    let waiting = ui
        .inner
        .lock()
        .ok()
        .and_then(|mut i| i.pending.remove(&relay));
    // A response to no request this hosted UI sent is IdP-initiated (the Okta tile): its
    // RelayState names the client, and it answers no request.
    let (pending, request_id) = match waiting {
        Some(p) => (p, format!("_{relay}")),
        None => match idp_initiated(&ui, &relay).await {
            Some(p) => (p, String::new()),
            None => return invalid(),
        },
    };
    let back = |description: &str| {
        error_redirect(
            &pending.redirect_uri,
            pending.state.as_deref(),
            "invalid_request",
            description,
        )
    };
    let refuse = |(error, description): Refusal| {
        error_redirect(
            &pending.redirect_uri,
            pending.state.as_deref(),
            error,
            &description,
        )
    };
    let xml = match decoded(encoded) {
        Ok(x) => x,
        Err(r) => return refuse(r),
    };
    let key = if xml.contains("EncryptedAssertion") {
        encryption_key(&ui, &pending.pool_id, &pending.provider).await
    } else {
        None
    };
    let assertion = match assertion_of(&xml, &pending.trusted, &request_id, key.as_deref()) {
        Ok(a) => a,
        Err(r) => return refuse(r),
    };
    if pending.started.elapsed() > LIFETIME {
        return back("Login session has expired");
    }
    let (pool, provider) = tokio::join!(
        read_pool(&ui.api, &pending.pool_id),
        read_provider(&ui.api, &pending.pool_id, &pending.provider)
    );
    let (Ok(pool), Ok(Some(provider))) = (pool, provider) else {
        return back(&format!(
            "The provider {} does not exist for User Pool {}.",
            pending.provider, pending.pool_id
        ));
    };
    let audience = endpoints::audience_uri(&pending.pool_id);
    let acs = acs_of(&ui.region, &pool).unwrap_or_default();
    let expected = Expected {
        audience: &audience,
        acs: &acs,
        idp_entity_id: pending.idp_entity_id.as_deref(),
    };
    let username_key = format!("{}_{}", provider.name, assertion.name_id).to_lowercase();
    let existing = ui.inner.lock().ok().and_then(|i| {
        i.users
            .get(&(pending.pool_id.clone(), username_key.clone()))
            .cloned()
    });
    let federated = match federation::federate(
        &pool,
        &provider,
        &expected,
        &assertion,
        existing.as_ref().map(|u| &u.attributes),
    ) {
        Ok(f) => f,
        Err(description) => return back(&description),
    };
    let sub = existing
        .map(|u| u.sub)
        .unwrap_or_else(|| crate::login::pkce::random_token(16));
    let code = crate::login::pkce::random_token(24);
    let redirect_uri = pending.redirect_uri.clone();
    let state = pending.state.clone();
    if let Ok(mut i) = ui.inner.lock() {
        i.users.insert(
            (pending.pool_id.clone(), username_key),
            User {
                sub: sub.clone(),
                attributes: federated.attributes.clone(),
            },
        );
        i.codes.retain(|_, g| g.issued.elapsed() < LIFETIME);
        i.codes.insert(
            code.clone(),
            Grant {
                pending,
                // Cognito keeps federated user names in lower case.
                username: federated.username.to_lowercase(),
                name_id: assertion.name_id.clone(),
                sub,
                attributes: federated.attributes,
                issuer: pool.issuer,
                issued: Instant::now(),
            },
        );
    }
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("code", &code);
    if let Some(s) = &state {
        q.append_pair("state", s);
    }
    let sep = if redirect_uri.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{redirect_uri}{sep}{}", q.finish())).into_response()
}
