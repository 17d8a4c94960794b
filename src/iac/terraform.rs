//! The live federation as Terraform that adopts it: one `import` block per resource with the
//! documented import id (the live ids, written as literals), and resources whose arguments
//! equal what AWS holds, so the first `terraform plan` shows imports and no change.

use super::hcl::{self, Expr, Item};
use super::live::Live;
use super::node::{Node, snake_case};
use super::okta::OktaLive;
use super::okta_terraform;
use super::settings::{self, GENERATED_PROVIDER_DETAILS, Setting, Tf};

pub const PROVIDER: &str = "aws_cognito_identity_provider.saml";
pub const CLIENT: &str = "aws_cognito_user_pool_client.app";
pub const BRANDING: &str = "aws_cognito_managed_login_branding.app";

/// The address of the client's `i`th SAML provider: `saml`, then `saml_2`, `saml_3`…
pub fn provider_address(i: usize) -> String {
    if i == 0 {
        PROVIDER.into()
    } else {
        format!("{PROVIDER}_{}", i + 1)
    }
}

fn domain_address(i: usize) -> String {
    if i == 0 {
        "aws_cognito_user_pool_domain.hosted_ui".into()
    } else {
        format!("aws_cognito_user_pool_domain.hosted_ui_{}", i + 1)
    }
}

pub fn expr(n: &Node) -> Expr {
    match n {
        Node::Str(s) => Expr::Str(s.clone()),
        Node::Int(i) => Expr::Num(i.to_string()),
        Node::Float(f) => Expr::Num(format!("{f:?}")),
        Node::Bool(b) => Expr::Bool(*b),
        Node::Null => Expr::Raw("null".into()),
        Node::List(items) => Expr::List(items.iter().map(expr).collect()),
        Node::Map(entries) => {
            Expr::Object(entries.iter().map(|(k, v)| (k.clone(), expr(v))).collect())
        }
    }
}

fn block_body(value: &Node) -> Vec<Item> {
    match value {
        Node::Map(entries) => entries
            .iter()
            .map(|(k, v)| Item::attr(&snake_case(k), expr(v)))
            .collect(),
        _ => vec![],
    }
}

fn is_default(value: &Node, defaults: &[(&str, &str)]) -> bool {
    let Node::Map(entries) = value else {
        return false;
    };
    defaults.iter().all(|(k, d)| {
        entries
            .iter()
            .find(|(ek, _)| ek == k)
            .is_none_or(|(_, v)| *v == Node::str(*d))
    }) && entries
        .iter()
        .all(|(k, _)| defaults.iter().any(|(d, _)| d == k))
}

/// The settings as arguments, one-line ones first (so they align as `terraform fmt` does),
/// then multi-line ones and blocks.
fn arguments(pool_id: &str, settings: &[Setting], first: Vec<Item>) -> Vec<Item> {
    let mut simple = first;
    simple.push(Item::attr("user_pool_id", Expr::Str(pool_id.into())));
    let mut complex = vec![];
    let mut notes = vec![];
    for s in settings {
        match &s.tf {
            Tf::Attr(name) => {
                let e = expr(&s.value);
                if matches!(&e, Expr::Object(entries) if !entries.is_empty()) {
                    complex.push(Item::attr(name, e));
                } else {
                    simple.push(Item::attr(name, e));
                }
            }
            Tf::Block(name) => match &s.value {
                Node::List(items) => {
                    complex.extend(items.iter().map(|v| Item::block(name, &[], block_body(v))))
                }
                v => complex.push(Item::block(name, &[], block_body(v))),
            },
            Tf::BlockUnlessDefault(name, defaults) => {
                if !is_default(&s.value, defaults) {
                    complex.push(Item::block(name, &[], block_body(&s.value)));
                }
            }
            Tf::Omit { why } => notes.push(Item::Comment(why.to_string())),
            Tf::Elsewhere => {}
        }
    }
    let mut out = notes;
    out.extend(simple);
    for c in complex {
        out.push(Item::Blank);
        out.push(c);
    }
    out
}

fn import(to: &str, id: &str) -> Item {
    Item::block(
        "import",
        &[],
        vec![
            Item::attr("to", Expr::Raw(to.into())),
            Item::attr("id", Expr::Str(id.into())),
        ],
    )
}

fn resource(address: &str, body: Vec<Item>) -> Item {
    let (kind, name) = address.split_once('.').unwrap_or((address, "this"));
    Item::block("resource", &[kind, name], body)
}

/// Points `provider_details.MetadataURL` at the Okta app, when it is that app's URL.
fn wire_metadata_url(provider: &mut [Item], okta: &OktaLive) {
    for item in provider {
        if let Item::Attr(k, Expr::Object(entries)) = item
            && k == "provider_details"
        {
            for (key, value) in entries.iter_mut() {
                if let (true, Expr::Str(url)) = (key == "MetadataURL", &*value)
                    && let Some(reference) = okta_terraform::metadata_url_reference(okta, url)
                {
                    *value = Expr::Raw(reference);
                }
            }
        }
    }
}

fn required_providers(okta: bool) -> Item {
    let mut providers = vec![Item::attr(
        "aws",
        Expr::Object(vec![
            ("source".into(), Expr::Str("hashicorp/aws".into())),
            ("version".into(), Expr::Str(">= 6.0".into())),
        ]),
    )];
    if okta {
        providers.push(Item::attr(
            "okta",
            Expr::Object(vec![
                ("source".into(), Expr::Str("okta/okta".into())),
                ("version".into(), Expr::Str(">= 4.0".into())),
            ]),
        ));
    }
    Item::block(
        "terraform",
        &[],
        vec![
            Item::attr("required_version", Expr::Str(">= 1.5".into())),
            Item::block("required_providers", &[], providers),
        ],
    )
}

/// What the Terraform file cannot do for this federation. terraform-provider-aws splits a
/// provider's import id (`<pool>:<name>`) at `:`, and provider names may contain one.
pub fn findings(live: &Live) -> Vec<crate::finding::Finding> {
    live.providers()
        .map(|p| &p.name)
        .filter(|name| name.contains(':'))
        .map(|name| crate::finding::Finding::warning(
            crate::finding::codes::EXPORT_TERRAFORM_IMPORT_ID,
            format!(
                "the provider's name {name:?} contains ':', so the import id \"{}:{name}\" cannot be read by terraform-provider-aws (it splits the id at ':')",
                live.pool_id()
            ),
            "Import the provider with the CloudFormation export instead, or remove its import block and use `terraform state` commands by hand.",
        ))
        .collect()
}

/// `okta`: the Okta app behind the provider, when Okta credentials were given.
pub fn render(live: &Live, okta: Option<&OktaLive>) -> String {
    let pool = live.pool_id();
    let client_id = live.client_id();
    let mut items = vec![
        Item::Comment(format!(
            "Okta SAML federation of user pool {pool}, exported by okta-cognito from the live resources.\nThe import blocks adopt them: the first `terraform plan` should show imports and no change.\nThe user pool itself is not managed here."
        )),
        Item::Blank,
        required_providers(okta.is_some()),
        Item::Blank,
        Item::block(
            "provider",
            &["aws"],
            vec![Item::attr("region", Expr::Str(live.region.clone()))],
        ),
    ];
    if let Some(o) = okta {
        items.push(Item::Blank);
        items.push(okta_terraform::provider_block(o));
    }
    let mut adopt = |address: &str, id: String, body: Vec<Item>| {
        items.push(Item::Blank);
        items.push(import(address, &id));
        items.push(Item::Blank);
        items.push(resource(address, body));
    };

    if let Some(o) = okta {
        for (address, id, body) in okta_terraform::resources(o) {
            adopt(&address, id, body);
        }
    }

    for (i, p) in live.providers().enumerate() {
        let mut provider = arguments(pool, &settings::provider(p), vec![]);
        // The Okta app read is the one behind the first provider.
        if let (0, Some(o)) = (i, okta) {
            wire_metadata_url(&mut provider, o);
        }
        provider.push(Item::Blank);
        provider.push(Item::block(
            "lifecycle",
            &[],
            vec![
                Item::Comment(
                    "Cognito writes these itself; without this every plan shows a change\n(terraform-provider-aws#36912).".into(),
                ),
                Item::attr(
                    "ignore_changes",
                    Expr::List(
                        GENERATED_PROVIDER_DETAILS
                            .iter()
                            .map(|k| Expr::Raw(format!("provider_details[{}]", hcl::string(k))))
                            .collect(),
                    ),
                ),
            ],
        ));
        adopt(&provider_address(i), format!("{pool}:{}", p.name), provider);
    }

    let mut client = arguments(pool, &settings::client(&live.client), vec![]);
    client.push(Item::Blank);
    client.push(Item::attr(
        "depends_on",
        Expr::List(
            (0..live.providers().count())
                .map(|i| Expr::Raw(provider_address(i)))
                .collect(),
        ),
    ));
    adopt(CLIENT, format!("{pool}/{client_id}"), client);

    for (i, d) in live.domains.iter().enumerate() {
        adopt(
            &domain_address(i),
            d.domain.clone(),
            arguments(pool, &settings::domain(d), vec![]),
        );
    }

    if let Some(b) = &live.branding {
        let (style, rest): (Vec<Setting>, Vec<Setting>) = settings::branding(b)
            .into_iter()
            .partition(|s| s.api == "Settings");
        let mut body = arguments(
            pool,
            &rest,
            vec![Item::attr("client_id", Expr::Str(client_id.into()))],
        );
        for s in style {
            // The provider holds the settings as a JSON string.
            body.push(Item::Blank);
            body.push(Item::attr(
                "settings",
                Expr::Call("jsonencode", Box::new(expr(&s.value))),
            ));
        }
        body.push(Item::Blank);
        body.push(Item::attr(
            "depends_on",
            Expr::List(vec![Expr::Raw(CLIENT.into())]),
        ));
        adopt(
            BRANDING,
            // The aws provider's documented import id: `<user_pool_id>,<branding id>`
            // (its ImportState splits on `,`).
            format!(
                "{pool},{}",
                b.managed_login_branding_id().unwrap_or_default()
            ),
            body,
        );
    }
    hcl::to_string(&items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_domain_default_units_and_cognito_branding() {
        let live = super::super::live::sample::live();
        assert!(findings(&live).is_empty());
        let text = render(&live, None);
        assert!(
            text.contains(
                "certificate_arn       = \"arn:aws:acm:us-east-1:111122223333:certificate/abc\""
            ),
            "{text}"
        );
        assert!(text.contains("managed_login_version = 2"), "{text}");
        // The provider reads default units back as absent: writing them would plan a change.
        assert!(!text.contains("token_validity_units"), "{text}");
        assert!(
            text.contains("use_cognito_provided_values = true"),
            "{text}"
        );
        // The aws provider's documented import id for a branding style.
        assert!(
            text.contains("\"eu-west-1_AbC123,6f1c2b3a-1111-4222-8333-444455556666\""),
            "{text}"
        );
        // Interpolation in a live value stays literal; generated details and secrets stay out.
        assert!(text.contains("https://app.example.com/$${path}"), "{text}");
        assert!(text.contains("\"custom:dept\" = \"department\""), "{text}");
        assert!(!text.contains("MIIgenerated") && !text.contains("s3cr3t"));
        assert!(!text.contains("generate_secret ="));
        let mut colon = live.clone();
        colon.provider.name = "Okta:EU".into();
        assert_eq!(findings(&colon)[0].code, "export-terraform-import-id");
    }
}
