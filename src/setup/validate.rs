//! Validation rules, one function each. Every rule takes the field name it reports under, so
//! the CLI (whole setup file) and the wizard (one field as it is typed) say the same thing.

use crate::finding::Finding;
use crate::setup::Setup;
use regex_lite::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

static REGION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$").unwrap());
static POOL_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-z]{2}(?:-[a-z]+)+-[0-9]{1,2})_([0-9a-zA-Z]+)$").unwrap());
static DOMAIN_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$").unwrap());
static HOST_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$").unwrap());
static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\w\s+=.@-]{1,40}$").unwrap());
static CUSTOM_SCOPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+/[\x21\x23-\x5B\x5D-\x7E]+$").unwrap()
});
static ACM_ARN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[0-9a-zA-Z-]+$").unwrap()
});

/// Words Cognito refuses anywhere in a prefix ("Domain cannot contain reserved word: cognito").
pub const RESERVED_PREFIX_WORDS: [&str; 3] = ["aws", "amazon", "cognito"];
pub const OIDC_SCOPES: [&str; 5] = [
    "openid",
    "email",
    "profile",
    "phone",
    "aws.cognito.signin.user.admin",
];
/// Standard attributes a SAML provider can map onto (`sub` and `username` are Cognito's own).
pub const STANDARD_ATTRIBUTES: [&str; 20] = [
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
    "identities",
];
pub const MAX_URLS: usize = 100;
pub const MAX_URL_LEN: usize = 1024;
pub const MAX_IDENTIFIERS: usize = 50;

fn quote(v: &str) -> String {
    format!("{v:?}")
}

pub fn region(field: &str, value: &str) -> Vec<Finding> {
    if REGION.is_match(value) {
        return vec![];
    }
    vec![Finding::error(
        crate::finding::codes::INVALID_REGION,
        format!("{field} = {} is not an AWS region code", quote(value)),
        "Use the region code the user pool lives in, e.g. \"us-east-1\" or \"eu-west-2\" (the pool id starts with it).",
    )]
}

/// AWS's model: `UserPoolIdType` is at most 55 characters.
pub const MAX_USER_POOL_ID_LEN: usize = 55;

pub fn user_pool_id(field: &str, value: &str, region: &str) -> Vec<Finding> {
    if value.len() > MAX_USER_POOL_ID_LEN {
        return vec![Finding::error(
            crate::finding::codes::INVALID_USER_POOL_ID,
            format!(
                "{field} is {} characters long; a user pool id has at most {MAX_USER_POOL_ID_LEN}",
                value.len()
            ),
            "Copy the id from the Cognito console's user pool overview, e.g. \"us-east-1_AbCdEf123\".",
        )];
    }
    let Some(caps) = POOL_ID.captures(value) else {
        return vec![Finding::error(
            crate::finding::codes::INVALID_USER_POOL_ID,
            format!("{field} = {} is not a user pool id", quote(value)),
            "A user pool id looks like \"us-east-1_AbCdEf123\": the region, an underscore, then letters and digits. Copy it from the Cognito console's user pool overview.",
        )];
    };
    let pool_region = &caps[1];
    if pool_region != region && REGION.is_match(region) {
        return vec![Finding::error(
            crate::finding::codes::USER_POOL_REGION_MISMATCH,
            format!(
                "{field} = {} belongs to region {pool_region}, but region = {}",
                quote(value),
                quote(region)
            ),
            format!("Set region = \"{pool_region}\", or use the id of a pool in {region}."),
        )];
    }
    vec![]
}

pub fn account_id(field: &str, value: &str) -> Vec<Finding> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return vec![];
    }
    vec![Finding::error(
        crate::finding::codes::INVALID_ACCOUNT_ID,
        format!("{field} = {} is not an AWS account id", quote(value)),
        "An account id is 12 digits: `aws sts get-caller-identity --query Account` prints yours.",
    )]
}

pub fn domain_prefix(field: &str, value: &str) -> Vec<Finding> {
    let mut out = vec![];
    if !DOMAIN_PREFIX.is_match(value) {
        let why = if value.is_empty() {
            "is empty".to_string()
        } else if value.len() > 63 {
            format!("is {} characters long (at most 63)", value.len())
        } else if value.chars().any(|c| c.is_ascii_uppercase()) {
            "has upper-case letters".to_string()
        } else if value.starts_with('-') || value.ends_with('-') {
            "starts or ends with a hyphen".to_string()
        } else {
            "has characters other than a-z, 0-9 and -".to_string()
        };
        out.push(Finding::error(
            crate::finding::codes::INVALID_DOMAIN_PREFIX,
            format!("{field} = {} {why}", quote(value)),
            "Use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen, e.g. \"acme-auth\".",
        ));
    }
    for word in RESERVED_PREFIX_WORDS {
        if value.to_ascii_lowercase().contains(word) {
            out.push(Finding::error(
                crate::finding::codes::RESERVED_DOMAIN_PREFIX,
                format!("{field} = {} contains the reserved word \"{word}\"", quote(value)),
                format!("Cognito refuses prefixes containing aws, amazon or cognito: choose one without \"{word}\"."),
            ));
        }
    }
    out
}

pub fn custom_domain(field: &str, value: &str) -> Vec<Finding> {
    let bad = |why: &str| {
        vec![Finding::error(
            crate::finding::codes::INVALID_CUSTOM_DOMAIN,
            format!("{field} = {} {why}", quote(value)),
            "Give a fully qualified host name you own, without scheme or path, e.g. \"auth.example.com\".",
        )]
    };
    if value.contains("://") || value.contains('/') {
        return bad("is a URL, not a host name");
    }
    if value.len() > 253 {
        return bad("is longer than 253 characters");
    }
    let labels: Vec<&str> = value.split('.').collect();
    if labels.len() < 2 {
        return bad("is not a fully qualified domain name");
    }
    if labels.iter().any(|l| !HOST_LABEL.is_match(l)) {
        return bad("has a label that is not lower-case letters, digits and hyphens");
    }
    if value.ends_with(".amazoncognito.com") {
        return bad("is a Cognito prefix domain, not a custom domain");
    }
    vec![]
}

pub fn certificate_arn(field: &str, value: &str) -> Vec<Finding> {
    match ACM_ARN.captures(value) {
        None => vec![Finding::error(
            crate::finding::codes::INVALID_CERTIFICATE_ARN,
            format!("{field} = {} is not an ACM certificate ARN", quote(value)),
            "Copy the ARN from AWS Certificate Manager, e.g. arn:aws:acm:us-east-1:123456789012:certificate/….",
        )],
        Some(c) if &c[1] != "us-east-1" => vec![Finding::error(
            crate::finding::codes::CERTIFICATE_NOT_IN_US_EAST_1,
            format!(
                "{field} = {} is in {}; Cognito custom domains need a certificate in us-east-1",
                quote(value),
                &c[1]
            ),
            "Request or import the certificate in ACM in us-east-1 (N. Virginia) and use that ARN.",
        )],
        Some(_) => vec![],
    }
}

pub fn provider_name(field: &str, value: &str) -> Vec<Finding> {
    let len = value.chars().count();
    let why = if len == 0 {
        Some("is empty".to_string())
    } else if len > 32 {
        Some(format!("is {len} characters long (at most 32)"))
    } else if len < 3 {
        Some(format!(
            "is {len} characters long (Cognito's pattern needs at least 3)"
        ))
    } else if value.chars().any(char::is_whitespace) {
        Some("contains white space".to_string())
    } else if value.starts_with('_') || value.ends_with('_') {
        Some("starts or ends with \"_\"".to_string())
    } else if value.chars().any(char::is_control) {
        Some("contains control characters".to_string())
    } else if value.eq_ignore_ascii_case("COGNITO") {
        Some("is reserved for the user pool's own directory".to_string())
    } else {
        None
    };
    match why {
        None => vec![],
        Some(why) => vec![Finding::error(
            crate::finding::codes::INVALID_PROVIDER_NAME,
            format!("{field} = {} {why}", quote(value)),
            "Use 3 to 32 characters without spaces and without \"_\" at either end, e.g. \"Okta\".",
        )],
    }
}

pub fn identifiers(field: &str, values: &[String]) -> Vec<Finding> {
    let mut out = vec![];
    if values.len() > MAX_IDENTIFIERS {
        out.push(Finding::error(
            crate::finding::codes::TOO_MANY_IDENTIFIERS,
            format!(
                "{field} has {} entries (at most {MAX_IDENTIFIERS})",
                values.len()
            ),
            "Keep the identifiers users actually type, e.g. their e-mail domains.",
        ));
    }
    let mut seen = BTreeSet::new();
    for v in values {
        if !IDENTIFIER.is_match(v) {
            out.push(Finding::error(
                crate::finding::codes::INVALID_IDENTIFIER,
                format!("{field} entry {} is not a valid identifier", quote(v)),
                "Use 1 to 40 letters, digits, spaces or + = . @ - characters, e.g. \"example.com\".",
            ));
        } else if !seen.insert(v.to_lowercase()) {
            out.push(Finding::error(
                crate::finding::codes::DUPLICATE_IDENTIFIER,
                format!("{field} lists {} twice", quote(v)),
                "Remove the repeated identifier.",
            ));
        }
    }
    out
}

/// True for the hosts where Cognito accepts plain http redirect URLs.
pub fn is_loopback_host(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

pub fn redirect_urls(field: &str, values: &[String]) -> Vec<Finding> {
    let mut out = vec![];
    if values.len() > MAX_URLS {
        out.push(Finding::error(
            crate::finding::codes::TOO_MANY_URLS,
            format!(
                "{field} has {} URLs (Cognito allows at most {MAX_URLS})",
                values.len()
            ),
            "Remove URLs that are no longer used.",
        ));
    }
    let mut seen = BTreeSet::new();
    for v in values {
        out.extend(redirect_url(field, v));
        if !seen.insert(v.as_str()) {
            out.push(Finding::warning(
                crate::finding::codes::DUPLICATE_URL,
                format!("{field} lists {} twice", quote(v)),
                "Remove the repeated URL.",
            ));
        }
    }
    out
}

pub fn redirect_url(field: &str, value: &str) -> Vec<Finding> {
    let bad = |code: crate::finding::Code, why: &str, fix: &str| {
        vec![Finding::error(
            code,
            format!("{field} entry {} {why}", quote(value)),
            fix,
        )]
    };
    if value.is_empty() || value.len() > MAX_URL_LEN {
        return bad(
            crate::finding::codes::INVALID_URL,
            &format!("is {} characters long (1 to {MAX_URL_LEN})", value.len()),
            "Use the full URL of the page your app handles the sign-in on.",
        );
    }
    let parsed = match url::Url::parse(value) {
        Ok(u) => u,
        Err(e) => {
            return bad(
                crate::finding::codes::INVALID_URL,
                &format!("is not an absolute URL ({e})"),
                "Write the whole URL with scheme and host, e.g. \"https://app.example.com/callback\".",
            );
        }
    };
    if parsed.fragment().is_some() {
        return bad(
            crate::finding::codes::URL_HAS_FRAGMENT,
            "has a #fragment, which Cognito refuses",
            "Remove everything from \"#\" on.",
        );
    }
    match (parsed.scheme(), parsed.host()) {
        ("https", Some(_)) => vec![],
        ("http", Some(h)) if is_loopback_host(&h) => vec![],
        ("http", Some(_)) => bad(
            crate::finding::codes::URL_NOT_HTTPS,
            "uses plain http on a host that is not localhost",
            "Use https://, or http://localhost for local testing.",
        ),
        (_, None) => bad(
            crate::finding::codes::INVALID_URL,
            "has no host",
            "Write the whole URL with scheme and host, e.g. \"https://app.example.com/callback\".",
        ),
        // Custom schemes (myapp://callback) are how mobile apps receive the redirect.
        (_, Some(_)) => vec![],
    }
}

pub fn scopes(field: &str, values: &[String]) -> Vec<Finding> {
    let mut out = vec![];
    for v in values {
        if !OIDC_SCOPES.contains(&v.as_str()) && !CUSTOM_SCOPE.is_match(v) {
            out.push(Finding::error(
                crate::finding::codes::UNKNOWN_SCOPE,
                format!("{field} entry {} is not a Cognito scope", quote(v)),
                "Use openid, email, profile, phone, aws.cognito.signin.user.admin, or a resource server scope written \"resource/scope\".",
            ));
        }
    }
    let has_openid = values.iter().any(|s| s == "openid");
    for needs in ["email", "profile", "phone"] {
        if !has_openid && values.iter().any(|s| s == needs) {
            out.push(Finding::error(
                crate::finding::codes::SCOPE_NEEDS_OPENID,
                format!("{field} has \"{needs}\" without \"openid\""),
                "Add \"openid\" to the scopes: Cognito only grants email, profile and phone together with openid.",
            ));
        }
    }
    out
}

pub fn is_known_attribute(name: &str) -> bool {
    STANDARD_ATTRIBUTES.contains(&name)
        || name.strip_prefix("custom:").is_some_and(|r| !r.is_empty())
}

/// A pool holds the standard attributes and at most 50 custom ones; no mapping can be longer.
pub const MAX_ATTRIBUTE_MAPPINGS: usize = STANDARD_ATTRIBUTES.len() + 50;

pub fn attribute_mapping<'a>(
    field: &str,
    mapping: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Vec<Finding> {
    let mapping: Vec<_> = mapping.into_iter().collect();
    if mapping.len() > MAX_ATTRIBUTE_MAPPINGS {
        // One finding, not one per entry: such a file is generated or hostile.
        return vec![Finding::error(
            crate::finding::codes::TOO_MANY_ATTRIBUTE_MAPPINGS,
            format!(
                "{field} has {} entries; a user pool has at most {MAX_ATTRIBUTE_MAPPINGS} attributes to map onto",
                mapping.len()
            ),
            "Map only the attributes the application reads (usually email, given_name, family_name).",
        )];
    }
    let mut out = vec![];
    for (pool_attr, saml_attr) in mapping {
        if pool_attr == "username" || pool_attr == "sub" {
            out.push(Finding::error(
                crate::finding::codes::MAPPING_TO_USERNAME,
                format!("{field}.{pool_attr} maps onto \"{pool_attr}\", which Cognito sets itself"),
                "Cognito fails sign-in with \"username: Attribute does not exist in the schema\": map the value to preferred_username (or email) instead.",
            ));
        } else if !is_known_attribute(pool_attr) {
            out.push(Finding::error(
                crate::finding::codes::UNKNOWN_POOL_ATTRIBUTE,
                format!("{field}.{pool_attr} is not a user pool attribute"),
                "Use a standard attribute (email, given_name, family_name, name, phone_number, preferred_username, …) or a custom one written \"custom:name\".",
            ));
        }
        if saml_attr.trim().is_empty() {
            out.push(Finding::error(
                crate::finding::codes::EMPTY_SAML_ATTRIBUTE,
                format!("{field}.{pool_attr} has an empty SAML attribute name"),
                "Write the Name of the Okta attribute statement, character for character, e.g. \"Email Id\".",
            ));
        } else if saml_attr.trim() != saml_attr {
            out.push(Finding::warning(
                crate::finding::codes::SAML_ATTRIBUTE_WHITESPACE,
                format!("{field}.{pool_attr} = {} has white space at an end", quote(saml_attr)),
                "Okta matches attribute names exactly: remove the leading or trailing spaces here and in Okta.",
            ));
        }
    }
    out
}

pub fn login_port(field: &str, port: u16) -> Vec<Finding> {
    if port == 0 {
        vec![Finding::error(
            crate::finding::codes::INVALID_LOGIN_PORT,
            format!("{field} = 0 is not a port the browser can be sent back to"),
            format!(
                "Use a fixed free port such as {}; it becomes part of the registered callback URL.",
                crate::setup::DEFAULT_LOGIN_PORT
            ),
        )]
    } else if port < 1024 {
        vec![Finding::warning(
            crate::finding::codes::PRIVILEGED_LOGIN_PORT,
            format!("{field} = {port} is a privileged port: listening on it needs root"),
            format!(
                "Use a port above 1023, e.g. {}.",
                crate::setup::DEFAULT_LOGIN_PORT
            ),
        )]
    } else {
        vec![]
    }
}

fn exactly_one(
    field_a: &str,
    a: bool,
    field_b: &str,
    b: bool,
    code: crate::finding::Code,
    fix: &str,
) -> Vec<Finding> {
    match (a, b) {
        (true, true) => vec![Finding::error(
            code,
            format!("both {field_a} and {field_b} are set"),
            fix,
        )],
        (false, false) => vec![Finding::error(
            code,
            format!("neither {field_a} nor {field_b} is set"),
            fix,
        )],
        _ => vec![],
    }
}

/// Every rule over a whole setup file, in file order.
/// Every string in the setup file, keys of maps included, with its dotted path.
fn strings_of(value: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(v) => out.push((path, v.clone())),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings_of(item, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                out.push((format!("{at} (the key)"), k.clone()));
                strings_of(v, at, out);
            }
        }
        _ => {}
    }
}

/// No value of a setup file may hold a control character: it would reach AWS, Okta and the
/// admin's terminal (an ESC can rewrite the screen), and is never part of a real name or URL.
pub fn control_characters(s: &Setup) -> Vec<Finding> {
    let Ok(value) = serde_json::to_value(s) else {
        return vec![];
    };
    let mut strings = Vec::new();
    strings_of(&value, String::new(), &mut strings);
    strings
        .into_iter()
        .filter_map(|(field, v)| {
            let c = crate::terminal_text::first_control(&v)?;
            Some(Finding::error(
                crate::finding::codes::CONTROL_CHARACTER_IN_SETUP,
                format!(
                    "{field} = {} holds the control character U+{:04X}",
                    quote(&v),
                    c as u32
                ),
                "Remove it: names, URLs and attribute names are plain text (a control character is a paste accident or a hostile file).",
            ))
        })
        .collect()
}

pub fn setup(s: &Setup) -> Vec<Finding> {
    let mut out = control_characters(s);
    out.extend(region("region", &s.region));
    out.extend(user_pool_id("user_pool_id", &s.user_pool_id, &s.region));

    if let Some(id) = &s.app_client.client_id
        && (id.is_empty() || id.len() > 128 || !id.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        out.push(Finding::error(
            crate::finding::codes::INVALID_CLIENT_ID,
            format!("app_client.client_id = {} is not an app client id", quote(id)),
            "Copy the client id from the Cognito console (letters and digits), or remove the key to create a new client.",
        ));
    }
    if s.app_client.client_id.is_none() && s.app_client.name.trim().is_empty() {
        out.push(Finding::error(
            crate::finding::codes::MISSING_CLIENT_NAME,
            "app_client.name is empty and no app_client.client_id is given",
            "Give a name for the new app client, e.g. name = \"okta-web\".",
        ));
    }
    out.extend(redirect_urls(
        "app_client.callback_urls",
        &s.app_client.callback_urls,
    ));
    out.extend(redirect_urls(
        "app_client.logout_urls",
        &s.app_client.logout_urls,
    ));
    out.extend(scopes("app_client.scopes", &s.app_client.scopes));

    let d = &s.domain;
    out.extend(exactly_one(
        "domain.prefix",
        d.prefix.is_some(),
        "domain.custom",
        d.custom.is_some(),
        crate::finding::codes::DOMAIN_CHOICE,
        "Set exactly one: prefix = \"acme-auth\" for a Cognito domain, or custom = \"auth.example.com\".",
    ));
    if let Some(p) = &d.prefix {
        out.extend(domain_prefix("domain.prefix", p));
    }
    if let Some(c) = &d.custom {
        out.extend(custom_domain("domain.custom", c));
    }
    if let Some(arn) = &d.certificate_arn {
        out.extend(certificate_arn("domain.certificate_arn", arn));
    }
    if let Some(v) = d.managed_login_version
        && !(1..=2).contains(&v)
    {
        out.push(Finding::error(
            crate::finding::codes::INVALID_MANAGED_LOGIN_VERSION,
            format!("domain.managed_login_version = {v} is neither 1 nor 2"),
            "Use 1 for the classic hosted UI or 2 for managed login.",
        ));
    }

    let p = &s.provider;
    out.extend(provider_name("provider.name", &p.name));
    out.extend(exactly_one(
        "provider.metadata_url",
        p.metadata_url.is_some(),
        "provider.metadata_file",
        p.metadata_file.is_some(),
        crate::finding::codes::METADATA_SOURCE_CHOICE,
        "Set exactly one: metadata_url = the Okta app's Metadata URL (preferred: Cognito re-reads it), or metadata_file = a saved copy.",
    ));
    if let Some(u) = &p.metadata_url {
        out.extend(metadata_url("provider.metadata_url", u));
    }
    out.extend(identifiers("provider.identifiers", &p.identifiers));
    out.extend(attribute_mapping(
        "provider.attribute_mapping",
        &p.attribute_mapping,
    ));
    if let Some(alg) = &p.request_signing_algorithm
        && alg != "rsa-sha256"
    {
        out.push(Finding::error(
            crate::finding::codes::INVALID_REQUEST_SIGNING_ALGORITHM,
            format!(
                "provider.request_signing_algorithm = {} is not supported",
                quote(alg)
            ),
            "Use \"rsa-sha256\" (the only algorithm Cognito offers) or remove the key.",
        ));
    }
    out.extend(login_port("login.port", s.login.port));
    out.extend(super::okta_rules::section(s));
    out.extend(federations(s));
    out
}

/// `[[federation]]` tables: each provider is checked as `[provider]` is, and no two share a
/// provider name or an identifier (Cognito refuses both within a pool). `plan` and `apply`
/// cover every federation; what acts on one federation (the wizard, `doctor`, `login`,
/// `okta-app`) says that it takes the first.
fn federations(s: &Setup) -> Vec<Finding> {
    let mut out = super::tenants::consumer_domains("provider.identifiers", &s.provider.identifiers);
    out.extend(super::tenants::quota(1 + s.more_federations.len()));
    let mut names: Vec<&str> = vec![&s.provider.name];
    let mut taken: Vec<(&str, &str)> = s
        .provider
        .identifiers
        .iter()
        .map(|i| (i.as_str(), s.provider.name.as_str()))
        .collect();
    for (n, f) in s.more_federations.iter().enumerate() {
        let field = format!("federation[{}]", n + 1);
        let p = &f.provider;
        out.extend(provider_name(&format!("{field}.provider.name"), &p.name));
        out.extend(identifiers(
            &format!("{field}.provider.identifiers"),
            &p.identifiers,
        ));
        out.extend(super::tenants::consumer_domains(
            &format!("{field}.provider.identifiers"),
            &p.identifiers,
        ));
        out.extend(exactly_one(
            &format!("{field}.provider.metadata_url"),
            p.metadata_url.is_some(),
            &format!("{field}.provider.metadata_file"),
            p.metadata_file.is_some(),
            crate::finding::codes::METADATA_SOURCE_CHOICE,
            "Set exactly one: metadata_url = the customer's IdP metadata URL, or metadata_file = the metadata XML they sent.",
        ));
        if let Some(u) = &p.metadata_url {
            out.extend(metadata_url(&format!("{field}.provider.metadata_url"), u));
        }
        if names
            .iter()
            .any(|other| other.eq_ignore_ascii_case(&p.name))
        {
            out.push(Finding::error(
                crate::finding::codes::FEDERATION_PROVIDER_TAKEN,
                format!(
                    "{field}.provider.name = {} is already another federation's provider",
                    quote(&p.name)
                ),
                "Give each federation its own provider name: a user pool holds one provider per name.",
            ));
        }
        names.push(&p.name);
        for id in &p.identifiers {
            if let Some((_, owner)) = taken.iter().find(|(i, _)| i.eq_ignore_ascii_case(id)) {
                out.push(Finding::error(
                    crate::finding::codes::FEDERATION_IDENTIFIER_TAKEN,
                    format!(
                        "{field}.provider.identifiers has {}, which provider {owner} already has",
                        quote(id)
                    ),
                    "An identifier (an e-mail domain) routes to one provider only: keep it on one federation.",
                ));
            }
            taken.push((id, &p.name));
        }
    }
    for (n, removed) in s.removed_providers.iter().enumerate() {
        let field = format!("removed_providers[{n}]");
        out.extend(provider_name(&field, removed));
        if names.iter().any(|name| name.eq_ignore_ascii_case(removed)) {
            out.push(Finding::error(
                crate::finding::codes::REMOVED_PROVIDER_IN_USE,
                format!(
                    "{field} = {} is also a federation's provider in this setup, so apply would both keep and delete it",
                    quote(removed)
                ),
                "Remove the name from removed_providers to keep the provider, or remove its federation (`okta-cognito tenant remove NAME`).",
            ));
        }
    }
    if !s.more_federations.is_empty() {
        out.push(Finding::warning(
            crate::finding::codes::SEVERAL_FEDERATIONS_FIRST_ONLY,
            format!(
                "the setup holds {} federations: plan, apply, doctor --all and login --tenant cover every one, while the wizard, doctor without --all and okta-app work on the first ({})",
                s.more_federations.len() + 1,
                s.provider.name
            ),
            "To check every tenant: `okta-cognito doctor --all`; to sign in as one: `okta-cognito login --tenant NAME`.",
        ));
    }
    out
}

pub fn metadata_url(field: &str, value: &str) -> Vec<Finding> {
    match url::Url::parse(value) {
        Ok(u) if u.scheme() == "https" => super::okta_rules::unusable_form(field, value)
            .into_iter()
            .collect(),
        Ok(u) if u.scheme() == "http" && u.host().as_ref().is_some_and(is_loopback_host) => vec![],
        Ok(_) => vec![Finding::error(
            crate::finding::codes::METADATA_URL_NOT_HTTPS,
            format!("{field} = {} is not an https:// URL", quote(value)),
            "Copy the Metadata URL from the Okta app's Sign On tab; it starts with https://.",
        )],
        Err(e) => vec![Finding::error(
            crate::finding::codes::INVALID_METADATA_URL,
            format!("{field} = {} is not a URL ({e})", quote(value)),
            "Copy the Metadata URL from the Okta app's Sign On tab, e.g. https://acme.okta.com/app/exk…/sso/saml/metadata.",
        )],
    }
}
