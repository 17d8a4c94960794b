//! The live federation as a CloudFormation template that adopts it (resource import), and
//! the `--resources-to-import` document naming each resource's live identifier.

use super::live::Live;
use super::node::Node;
use super::settings::{self, Setting};
use super::yaml;
use serde::Serialize;

pub const PROVIDER_ID: &str = "SamlProvider";
pub const CLIENT_ID: &str = "AppClient";
pub const BRANDING_ID: &str = "ManagedLoginBranding";
pub const CHANGE_SET: &str = "adopt-okta-federation";
pub const STACK: &str = "okta-cognito-federation";
/// Where the commands expect a template printed to standard output to be saved.
pub const UNSAVED_TEMPLATE: &str = "federation.yaml";

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceToImport {
    pub resource_type: &'static str,
    pub logical_resource_id: String,
    pub resource_identifier: serde_json::Map<String, serde_json::Value>,
}

pub struct Template {
    pub yaml: String,
    pub to_import: Vec<ResourceToImport>,
}

impl Template {
    /// The document `create-change-set --resources-to-import` reads.
    pub fn import_document(&self) -> String {
        serde_json::to_string_pretty(&self.to_import).unwrap_or_default() + "\n"
    }
}

fn domain_id(i: usize) -> String {
    if i == 0 {
        "UserPoolDomain".into()
    } else {
        format!("UserPoolDomain{}", i + 1)
    }
}

fn properties(settings: &[Setting]) -> Vec<(String, Node)> {
    let mut props = vec![(
        "UserPoolId".to_string(),
        Node::Map(vec![("Ref".into(), Node::str("UserPoolId"))]),
    )];
    props.extend(
        settings
            .iter()
            .filter(|s| s.cfn)
            .map(|s| (s.api.to_string(), s.value.clone())),
    );
    props
}

/// Every resource is retained: deleting the stack or replacing a resource must never delete
/// the live client (its id is in every application) or the provider. Import also requires a
/// `DeletionPolicy` on each resource it adopts.
fn resource(kind: &str, props: Vec<(String, Node)>, depends_on: &[String]) -> Node {
    let mut r = vec![
        ("Type".to_string(), Node::str(kind)),
        ("DeletionPolicy".into(), Node::str("Retain")),
        ("UpdateReplacePolicy".into(), Node::str("Retain")),
    ];
    match depends_on {
        [] => {}
        [one] => r.push(("DependsOn".into(), Node::str(one))),
        many => r.push((
            "DependsOn".into(),
            Node::List(many.iter().map(Node::str).collect()),
        )),
    }
    r.push(("Properties".into(), Node::Map(props)));
    Node::Map(r)
}

fn identifier(pool: &str, key: &str, value: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("UserPoolId".into(), pool.into());
    m.insert(key.into(), value.into());
    m
}

/// The logical id of the client's `i`th SAML provider: `SamlProvider`, then `SamlProvider2`…
fn provider_id(i: usize) -> String {
    if i == 0 {
        PROVIDER_ID.into()
    } else {
        format!("{PROVIDER_ID}{}", i + 1)
    }
}

pub fn render(live: &Live) -> Template {
    let pool = live.pool_id();
    let mut resources = vec![];
    let mut to_import = vec![];
    let mut adopt = |id: String, kind: &'static str, node: Node, key: &str, value: &str| {
        resources.push((id.clone(), node));
        to_import.push(ResourceToImport {
            resource_type: kind,
            logical_resource_id: id,
            resource_identifier: identifier(pool, key, value),
        });
    };
    let provider_ids: Vec<String> = (0..live.providers().count()).map(provider_id).collect();
    for (p, id) in live.providers().zip(&provider_ids) {
        adopt(
            id.clone(),
            "AWS::Cognito::UserPoolIdentityProvider",
            resource(
                "AWS::Cognito::UserPoolIdentityProvider",
                properties(&settings::provider(p)),
                &[],
            ),
            "ProviderName",
            &p.name,
        );
    }
    adopt(
        CLIENT_ID.into(),
        "AWS::Cognito::UserPoolClient",
        resource(
            "AWS::Cognito::UserPoolClient",
            properties(&settings::client(&live.client)),
            &provider_ids,
        ),
        "ClientId",
        live.client_id(),
    );
    for (i, d) in live.domains.iter().enumerate() {
        adopt(
            domain_id(i),
            "AWS::Cognito::UserPoolDomain",
            resource(
                "AWS::Cognito::UserPoolDomain",
                properties(&settings::domain(d)),
                &[],
            ),
            "Domain",
            &d.domain,
        );
    }
    if let Some(b) = &live.branding {
        let mut props = properties(&settings::branding(b));
        props.insert(1, ("ClientId".into(), Node::str(live.client_id())));
        adopt(
            BRANDING_ID.into(),
            "AWS::Cognito::ManagedLoginBranding",
            resource(
                "AWS::Cognito::ManagedLoginBranding",
                props,
                &[CLIENT_ID.to_string()],
            ),
            "ManagedLoginBrandingId",
            b.managed_login_branding_id().unwrap_or_default(),
        );
    }
    let root = vec![
        (
            "AWSTemplateFormatVersion".to_string(),
            Node::str("2010-09-09"),
        ),
        (
            "Description".into(),
            Node::str(format!(
                "Okta SAML federation of user pool {pool}, exported by okta-cognito from the live resources. Import it (change set type IMPORT); nothing is recreated."
            )),
        ),
        (
            "Parameters".into(),
            Node::Map(vec![(
                "UserPoolId".into(),
                Node::Map(vec![
                    ("Type".into(), Node::str("String")),
                    ("Default".into(), Node::str(pool)),
                    (
                        "Description".into(),
                        Node::str(
                            "The user pool the federation belongs to (not managed by this stack).",
                        ),
                    ),
                ]),
            )]),
        ),
        ("Resources".into(), Node::Map(resources)),
    ];
    Template {
        yaml: yaml::to_string(&root),
        to_import,
    }
}

fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The commands that adopt the resources: a change set of type IMPORT, then its execution.
/// `template` and `import` are file paths, or `None` for text given inline.
pub fn adopt_commands(
    region: &str,
    template: Option<&std::path::Path>,
    import: Option<&std::path::Path>,
    import_inline: &str,
) -> Vec<String> {
    let body = match template {
        Some(p) => format!(
            "--template-body {}",
            shell_word(&format!("file://{}", p.display()))
        ),
        None => format!("--template-body file://{UNSAVED_TEMPLATE}"),
    };
    let resources = match import {
        Some(p) => shell_word(&format!("file://{}", p.display())),
        None => shell_word(import_inline.trim()),
    };
    let common = format!(
        "--region {} --stack-name {STACK} --change-set-name {CHANGE_SET}",
        shell_word(region)
    );
    vec![
        format!(
            "aws cloudformation create-change-set {common} --change-set-type IMPORT {body} --resources-to-import {resources}"
        ),
        format!("aws cloudformation wait change-set-create-complete {common}"),
        format!("aws cloudformation execute-change-set {common}"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_domain_is_a_custom_domain_config_and_the_secret_is_only_asked_for() {
        let t = render(&super::super::live::sample::live());
        assert!(
            t.yaml.contains("      CustomDomainConfig:\n        CertificateArn: \"arn:aws:acm:us-east-1:111122223333:certificate/abc\"\n"),
            "{}",
            t.yaml
        );
        assert!(!t.yaml.contains("\n      CertificateArn: "));
        assert!(t.yaml.contains("      ManagedLoginVersion: 2\n"));
        assert!(t.yaml.contains("      GenerateSecret: true\n"));
        assert!(!t.yaml.contains("s3cr3t") && !t.yaml.contains("MIIgenerated"));
        assert!(!t.yaml.contains("SSORedirectBindingURI"));
        let kinds: Vec<_> = t.to_import.iter().map(|r| r.resource_type).collect();
        assert_eq!(
            kinds,
            [
                "AWS::Cognito::UserPoolIdentityProvider",
                "AWS::Cognito::UserPoolClient",
                "AWS::Cognito::UserPoolDomain",
                "AWS::Cognito::ManagedLoginBranding"
            ]
        );
        assert_eq!(
            t.to_import[2].resource_identifier["Domain"],
            "auth.example.com"
        );
    }

    #[test]
    fn the_adopt_commands_quote_what_the_shell_would_split() {
        let cmds = adopt_commands(
            "eu-west-1",
            Some(std::path::Path::new("my dir/t.yaml")),
            None,
            "[{\"a\": 1}]",
        );
        assert!(
            cmds[0].contains("--template-body 'file://my dir/t.yaml'"),
            "{}",
            cmds[0]
        );
        assert!(
            cmds[0].contains("--resources-to-import '[{\"a\": 1}]'"),
            "{}",
            cmds[0]
        );
    }
}
