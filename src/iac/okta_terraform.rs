//! The Okta app as terraform-provider-okta describes it: `okta_app_saml` with its settings as
//! the app holds them, its attribute statements and NameID, and `okta_app_group_assignments`;
//! each with an `import` block carrying the app id.

use super::hcl::{Expr, Item};
use super::okta::OktaLive;
use serde_json::Value;

pub const APP: &str = "okta_app_saml.cognito";
pub const GROUPS: &str = "okta_app_group_assignments.cognito";

/// `okta_app_saml` argument ← JSON pointer in the app, for the one-line settings.
const ARGUMENTS: [(&str, &str); 25] = [
    ("label", "/label"),
    ("status", "/status"),
    ("sso_url", "/settings/signOn/ssoAcsUrl"),
    ("recipient", "/settings/signOn/recipient"),
    ("destination", "/settings/signOn/destination"),
    ("audience", "/settings/signOn/audience"),
    ("idp_issuer", "/settings/signOn/idpIssuer"),
    ("sp_issuer", "/settings/signOn/spIssuer"),
    (
        "subject_name_id_template",
        "/settings/signOn/subjectNameIdTemplate",
    ),
    (
        "subject_name_id_format",
        "/settings/signOn/subjectNameIdFormat",
    ),
    ("response_signed", "/settings/signOn/responseSigned"),
    ("assertion_signed", "/settings/signOn/assertionSigned"),
    ("signature_algorithm", "/settings/signOn/signatureAlgorithm"),
    ("digest_algorithm", "/settings/signOn/digestAlgorithm"),
    ("honor_force_authn", "/settings/signOn/honorForceAuthn"),
    (
        "authn_context_class_ref",
        "/settings/signOn/authnContextClassRef",
    ),
    ("request_compressed", "/settings/signOn/requestCompressed"),
    ("default_relay_state", "/settings/signOn/defaultRelayState"),
    (
        "user_name_template",
        "/credentials/userNameTemplate/template",
    ),
    (
        "user_name_template_type",
        "/credentials/userNameTemplate/type",
    ),
    ("hide_ios", "/visibility/hide/iOS"),
    ("hide_web", "/visibility/hide/web"),
    ("auto_submit_toolbar", "/visibility/autoSubmitToolbar"),
    ("accessibility_self_service", "/accessibility/selfService"),
    (
        "saml_signed_request_enabled",
        "/settings/signOn/samlSignedRequestEnabled",
    ),
];

fn scalar(v: &Value) -> Option<Expr> {
    match v {
        Value::String(s) if !s.is_empty() => Some(Expr::Str(s.clone())),
        Value::Bool(b) => Some(Expr::Bool(*b)),
        Value::Number(n) => Some(Expr::Num(n.to_string())),
        _ => None,
    }
}

fn text<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

fn statement(s: &Value) -> Item {
    let mut body = vec![];
    for (arg, key) in [
        ("name", "name"),
        ("namespace", "namespace"),
        ("type", "type"),
        ("filter_type", "filterType"),
        ("filter_value", "filterValue"),
    ] {
        if let Some(e) = s.get(key).and_then(scalar) {
            body.push(Item::attr(arg, e));
        }
    }
    if let Some(values) = s.get("values").and_then(Value::as_array) {
        body.push(Item::attr(
            "values",
            Expr::List(values.iter().filter_map(scalar).collect()),
        ));
    }
    Item::block("attribute_statements", &[], body)
}

/// The app's arguments: the one-line settings, then Single Logout, then the statements.
fn app_body(okta: &OktaLive) -> Vec<Item> {
    let app = &okta.app;
    let mut body: Vec<Item> = ARGUMENTS
        .iter()
        .filter_map(|(arg, pointer)| {
            app.pointer(pointer)
                .and_then(scalar)
                .map(|e| Item::attr(arg, e))
        })
        .collect();
    if app.pointer("/settings/signOn/slo/enabled") == Some(&Value::Bool(true)) {
        for (arg, pointer) in [
            ("single_logout_url", "/settings/signOn/slo/logoutUrl"),
            ("single_logout_issuer", "/settings/signOn/slo/issuer"),
            (
                "single_logout_certificate",
                "/settings/signOn/spCertificate/x5c/0",
            ),
        ] {
            if let Some(v) = text(app, pointer) {
                body.push(Item::attr(arg, Expr::Str(v.to_string())));
            }
        }
    }
    for s in app
        .pointer("/settings/signOn/attributeStatements")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        body.push(Item::Blank);
        body.push(statement(s));
    }
    body
}

fn groups_body(okta: &OktaLive) -> Vec<Item> {
    let mut body = vec![Item::attr("app_id", Expr::Raw(format!("{APP}.id")))];
    for g in &okta.groups {
        let mut group = vec![];
        if let Some(id) = g.get("id").and_then(scalar) {
            group.push(Item::attr("id", id));
        }
        if let Some(p) = g.get("priority").and_then(scalar) {
            group.push(Item::attr("priority", p));
        }
        let profile = g
            .get("profile")
            .cloned()
            .unwrap_or(Value::Object(Default::default()));
        group.push(Item::attr(
            "profile",
            Expr::Call(
                "jsonencode",
                Box::new(super::terraform::expr(&super::node::Node::from_json(
                    &profile,
                ))),
            ),
        ));
        body.push(Item::Blank);
        body.push(Item::block("group", &[], group));
    }
    body
}

/// `org_name` and `base_url` as the okta provider takes them (`acme` and `okta.com`).
fn org_parts(org_url: &str) -> (String, String) {
    let host = org_url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/');
    match host.split_once('.') {
        Some((name, base)) => (name.to_string(), base.to_string()),
        None => (host.to_string(), String::new()),
    }
}

pub fn provider_block(okta: &OktaLive) -> Item {
    let (name, base) = org_parts(&okta.org_url);
    Item::block(
        "provider",
        &["okta"],
        vec![
            Item::Comment(
                "Credentials come from the environment (OKTA_API_TOKEN, or OKTA_API_CLIENT_ID\nwith OKTA_API_PRIVATE_KEY for a service app); never from this file.".into(),
            ),
            Item::attr("org_name", Expr::Str(name)),
            Item::attr("base_url", Expr::Str(base)),
        ],
    )
}

/// The import and resource blocks, in order.
pub fn resources(okta: &OktaLive) -> Vec<(String, String, Vec<Item>)> {
    let id = okta.id().to_string();
    let mut out = vec![(APP.to_string(), id.clone(), app_body(okta))];
    if !okta.groups.is_empty() {
        out.push((GROUPS.to_string(), id, groups_body(okta)));
    }
    out
}

/// The Cognito provider's `MetadataURL` as a reference to the Okta app, when it is this
/// app's public Metadata URL. terraform-provider-okta's own `metadata_url` is the API's
/// preview address, which needs a token and which Cognito therefore cannot read; the public
/// one is built from the app's `entity_key`.
pub fn metadata_url_reference(okta: &OktaLive, live_url: &str) -> Option<String> {
    if okta.entity_key.is_empty() || live_url != okta.public_metadata_url {
        return None;
    }
    let (prefix, suffix) = live_url.split_once(&okta.entity_key)?;
    let unquoted = |s: &str| {
        let q = super::hcl::string(s);
        q[1..q.len() - 1].to_string()
    };
    Some(format!(
        "\"{}${{{APP}.entity_key}}{}\"",
        unquoted(prefix),
        unquoted(suffix)
    ))
}
