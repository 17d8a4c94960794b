//! Each live resource's settings, once, with the name CloudFormation (the API's own) and
//! Terraform give it, and how Terraform must see it so that an import plans no change.

use super::node::Node;
use crate::cognito::state::{DomainState, ProviderState};
use aws_sdk_cognitoidentityprovider::types::{ManagedLoginBrandingType, UserPoolClientType};

/// How Terraform writes a setting.
#[derive(Debug, Clone, PartialEq)]
pub enum Tf {
    Attr(&'static str),
    /// A nested block (`token_validity_units { … }`), its members in snake case.
    Block(&'static str),
    /// A block left out when it holds these defaults: the provider reads a default block
    /// back as absent, so writing it would plan an update right after the import.
    BlockUnlessDefault(&'static str, &'static [(&'static str, &'static str)]),
    /// Not written; `why` goes into the file as a comment.
    Omit {
        why: &'static str,
    },
    /// Terraform has the value under another setting (a domain's `certificate_arn`).
    Elsewhere,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// The API's (and CloudFormation's) property name.
    pub api: &'static str,
    /// Whether CloudFormation has it under that name (a domain's certificate is
    /// `CustomDomainConfig` there and `certificate_arn` in Terraform).
    pub cfn: bool,
    pub tf: Tf,
    pub value: Node,
}

/// Cognito fills these in itself (`DescribeIdentityProvider` returns them); an export never
/// writes them, and Terraform is told to ignore them.
pub use crate::cognito::provider_details::COGNITO_ADDED_KEYS as GENERATED_PROVIDER_DETAILS;

pub const GENERATE_SECRET_WHY: &str = "generate_secret is left out on purpose: the provider does not read it back\nafter an import, so writing it would replace the client (a new client id).";

const DEFAULT_UNITS: &[(&str, &str)] = &[
    ("AccessToken", "hours"),
    ("IdToken", "hours"),
    ("RefreshToken", "days"),
];

fn push(out: &mut Vec<Setting>, api: &'static str, tf: Tf, value: Option<Node>) {
    if let Some(value) = value {
        out.push(Setting {
            api,
            cfn: true,
            tf,
            value,
        });
    }
}

fn list<S: AsRef<str>>(items: &[S]) -> Option<Node> {
    (!items.is_empty()).then(|| Node::strings(items))
}

fn strs(items: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    items.into_iter().map(|s| s.as_ref().to_string()).collect()
}

/// Every setting the app client has, in the order the API documents them. The client id and
/// secret are never among them.
pub fn client(c: &UserPoolClientType) -> Vec<Setting> {
    let mut out = vec![];
    push(
        &mut out,
        "ClientName",
        Tf::Attr("name"),
        c.client_name().map(Node::str),
    );
    push(
        &mut out,
        "GenerateSecret",
        Tf::Omit {
            why: GENERATE_SECRET_WHY,
        },
        c.client_secret()
            .filter(|s| !s.is_empty())
            .map(|_| Node::Bool(true)),
    );
    push(
        &mut out,
        "ExplicitAuthFlows",
        Tf::Attr("explicit_auth_flows"),
        list(&strs(c.explicit_auth_flows().iter().map(|f| f.as_str()))),
    );
    push(
        &mut out,
        "CallbackURLs",
        Tf::Attr("callback_urls"),
        list(c.callback_urls()),
    );
    push(
        &mut out,
        "LogoutURLs",
        Tf::Attr("logout_urls"),
        list(c.logout_urls()),
    );
    push(
        &mut out,
        "DefaultRedirectURI",
        Tf::Attr("default_redirect_uri"),
        c.default_redirect_uri()
            .filter(|s| !s.is_empty())
            .map(Node::str),
    );
    push(
        &mut out,
        "AllowedOAuthFlows",
        Tf::Attr("allowed_oauth_flows"),
        list(&strs(c.allowed_o_auth_flows().iter().map(|f| f.as_str()))),
    );
    push(
        &mut out,
        "AllowedOAuthScopes",
        Tf::Attr("allowed_oauth_scopes"),
        list(c.allowed_o_auth_scopes()),
    );
    push(
        &mut out,
        "AllowedOAuthFlowsUserPoolClient",
        Tf::Attr("allowed_oauth_flows_user_pool_client"),
        c.allowed_o_auth_flows_user_pool_client().map(Node::Bool),
    );
    push(
        &mut out,
        "SupportedIdentityProviders",
        Tf::Attr("supported_identity_providers"),
        list(c.supported_identity_providers()),
    );
    push(
        &mut out,
        "ReadAttributes",
        Tf::Attr("read_attributes"),
        list(c.read_attributes()),
    );
    push(
        &mut out,
        "WriteAttributes",
        Tf::Attr("write_attributes"),
        list(c.write_attributes()),
    );
    push(
        &mut out,
        "AccessTokenValidity",
        Tf::Attr("access_token_validity"),
        c.access_token_validity().map(|n| Node::Int(n.into())),
    );
    push(
        &mut out,
        "IdTokenValidity",
        Tf::Attr("id_token_validity"),
        c.id_token_validity().map(|n| Node::Int(n.into())),
    );
    push(
        &mut out,
        "RefreshTokenValidity",
        Tf::Attr("refresh_token_validity"),
        (c.refresh_token_validity() != 0).then(|| Node::Int(c.refresh_token_validity().into())),
    );
    push(
        &mut out,
        "TokenValidityUnits",
        Tf::BlockUnlessDefault("token_validity_units", DEFAULT_UNITS),
        c.token_validity_units().map(|u| {
            let units = [
                ("AccessToken", u.access_token()),
                ("IdToken", u.id_token()),
                ("RefreshToken", u.refresh_token()),
            ];
            Node::Map(
                units
                    .into_iter()
                    .filter_map(|(k, v)| v.map(|v| (k.to_string(), Node::str(v.as_str()))))
                    .collect(),
            )
        }),
    );
    push(
        &mut out,
        "PreventUserExistenceErrors",
        Tf::Attr("prevent_user_existence_errors"),
        c.prevent_user_existence_errors()
            .map(|p| Node::str(p.as_str())),
    );
    push(
        &mut out,
        "EnableTokenRevocation",
        Tf::Attr("enable_token_revocation"),
        c.enable_token_revocation().map(Node::Bool),
    );
    push(
        &mut out,
        "EnablePropagateAdditionalUserContextData",
        Tf::Attr("enable_propagate_additional_user_context_data"),
        c.enable_propagate_additional_user_context_data()
            .map(Node::Bool),
    );
    push(
        &mut out,
        "AuthSessionValidity",
        Tf::Attr("auth_session_validity"),
        c.auth_session_validity().map(|n| Node::Int(n.into())),
    );
    push(
        &mut out,
        "AnalyticsConfiguration",
        Tf::Block("analytics_configuration"),
        c.analytics_configuration().map(|a| {
            let mut m: Vec<(String, Node)> = [
                ("ApplicationArn", a.application_arn()),
                ("ApplicationId", a.application_id()),
                ("ExternalId", a.external_id()),
                ("RoleArn", a.role_arn()),
            ]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), Node::str(v))))
            .collect();
            m.push(("UserDataShared".into(), Node::Bool(a.user_data_shared())));
            Node::Map(m)
        }),
    );
    push(
        &mut out,
        "RefreshTokenRotation",
        Tf::Block("refresh_token_rotation"),
        c.refresh_token_rotation().map(|r| {
            let mut m = vec![("Feature".to_string(), Node::str(r.feature().as_str()))];
            if let Some(s) = r.retry_grace_period_seconds() {
                m.push(("RetryGracePeriodSeconds".into(), Node::Int(s.into())));
            }
            Node::Map(m)
        }),
    );
    out
}

/// The provider's details without what Cognito generates.
pub fn provider_details(p: &ProviderState) -> Node {
    Node::map(
        p.details
            .iter()
            .filter(|(k, _)| !GENERATED_PROVIDER_DETAILS.contains(&k.as_str())),
    )
}

pub fn provider(p: &ProviderState) -> Vec<Setting> {
    let mut out = vec![];
    push(
        &mut out,
        "ProviderName",
        Tf::Attr("provider_name"),
        Some(Node::str(&p.name)),
    );
    push(
        &mut out,
        "ProviderType",
        Tf::Attr("provider_type"),
        Some(Node::str(&p.provider_type)),
    );
    push(
        &mut out,
        "ProviderDetails",
        Tf::Attr("provider_details"),
        Some(provider_details(p)),
    );
    push(
        &mut out,
        "AttributeMapping",
        Tf::Attr("attribute_mapping"),
        (!p.attribute_mapping.is_empty()).then(|| Node::map(&p.attribute_mapping)),
    );
    push(
        &mut out,
        "IdpIdentifiers",
        Tf::Attr("idp_identifiers"),
        list(&p.identifiers),
    );
    out
}

pub fn domain(d: &DomainState) -> Vec<Setting> {
    let mut out = vec![];
    push(
        &mut out,
        "Domain",
        Tf::Attr("domain"),
        Some(Node::str(&d.domain)),
    );
    push(
        &mut out,
        "CustomDomainConfig",
        Tf::Elsewhere,
        d.certificate_arn
            .as_ref()
            .map(|arn| Node::Map(vec![("CertificateArn".into(), Node::str(arn))])),
    );
    if let Some(arn) = &d.certificate_arn {
        out.push(Setting {
            api: "CertificateArn",
            cfn: false,
            tf: Tf::Attr("certificate_arn"),
            value: Node::str(arn),
        });
    }
    push(
        &mut out,
        "ManagedLoginVersion",
        Tf::Attr("managed_login_version"),
        d.managed_login_version.map(|v| Node::Int(v.into())),
    );
    out
}

/// A branding style: the Cognito defaults, or its own settings, and its image assets
/// (base64, as the API and both languages take them).
pub fn branding(b: &ManagedLoginBrandingType) -> Vec<Setting> {
    use base64::Engine;
    let mut out = vec![];
    if b.use_cognito_provided_values() {
        push(
            &mut out,
            "UseCognitoProvidedValues",
            Tf::Attr("use_cognito_provided_values"),
            Some(Node::Bool(true)),
        );
    } else {
        push(
            &mut out,
            "Settings",
            Tf::Attr("settings"),
            Some(b.settings().map_or(Node::Map(vec![]), Node::from_document)),
        );
    }
    let assets: Vec<Node> = b
        .assets()
        .iter()
        .map(|a| {
            let mut m = vec![];
            if let Some(bytes) = a.bytes() {
                m.push((
                    "Bytes".to_string(),
                    Node::str(base64::engine::general_purpose::STANDARD.encode(bytes.as_ref())),
                ));
            }
            m.push(("Category".into(), Node::str(a.category().as_str())));
            m.push(("ColorMode".into(), Node::str(a.color_mode().as_str())));
            m.push(("Extension".into(), Node::str(a.extension().as_str())));
            if let Some(id) = a.resource_id() {
                m.push(("ResourceId".into(), Node::str(id)));
            }
            Node::Map(m)
        })
        .collect();
    push(
        &mut out,
        "Assets",
        Tf::Block("asset"),
        (!assets.is_empty()).then_some(Node::List(assets)),
    );
    out
}
