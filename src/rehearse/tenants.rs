//! `rehearse --tenants N`: a SaaS team's pool with N enterprise customers, each behind its own
//! local IdP org (its own signing certificate, people and e-mail domain), federated and
//! routed by domain, so `login --email`, `tenant kit` and `doctor --all` can be tried with no
//! account. Two things are left for the admin to find: the second customer's certificate
//! ends in 45 days, and (from three customers on) the last one's entry in the setup file
//! also claims the first one's domain.

use super::okta_org::OktaOrg;
use super::seed::{Seeded, attribute, create_pool, okta_app, refused};
use crate::setup::{Federation, OktaSetup, Setup};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{IdentityProviderTypeType, OAuthFlowType};
use std::collections::HashMap;

/// The customers a rehearsal can hold, in order.
pub const CUSTOMERS: [&str; 6] = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark"];
pub const MAX_TENANTS: usize = CUSTOMERS.len();
pub const PREFIX: &str = "saas-rehearsal";
/// Days left on the second customer's signing certificate: inside `doctor --all`'s look-ahead.
pub const EXPIRING_IN_DAYS: i64 = 45;
const GROUP: &str = "Cognito users";

/// The e-mail domain of customer `name`.
pub fn domain_of(name: &str) -> String {
    format!("{}.example", name.to_lowercase())
}

/// The people of one customer's org, in its group; their logins are at its domain.
fn people(org: &OktaOrg, domain: &str) -> Vec<String> {
    let group = org.add_group(GROUP, "People who sign in to the SaaS app");
    [
        ("ada.lovelace", "Ada", "Lovelace"),
        ("alan.turing", "Alan", "Turing"),
    ]
    .iter()
    .map(|(user, first, last)| {
        let login = format!("{user}@{domain}");
        let id = org.add_user(&login, first, last);
        org.add_member(&group, &id);
        login
    })
    .collect()
}

/// One customer's setup view: the pool, its provider named after it, its domain.
fn view_for(region: &str, pool: &str, name: &str) -> Setup {
    let mut v = Setup::new(region, pool);
    v.domain.prefix = Some(PREFIX.into());
    v.provider.name = name.to_string();
    v.provider.identifiers = vec![domain_of(name)];
    v.provider
        .attribute_mapping
        .insert("email".into(), "Email Id".into());
    v.okta = Some(OktaSetup {
        assign_groups: vec![GROUP.into()],
        ..OktaSetup::default()
    });
    v
}

async fn create_provider(api: &Client, pool: &str, v: &Setup) -> Result<(), String> {
    let mut details = HashMap::new();
    if let Some(url) = &v.provider.metadata_url {
        details.insert("MetadataURL".to_string(), url.clone());
    }
    details.insert("IDPSignout".into(), "false".into());
    api.create_identity_provider()
        .user_pool_id(pool)
        .provider_name(&v.provider.name)
        .provider_type(IdentityProviderTypeType::Saml)
        .set_provider_details(Some(details))
        .set_attribute_mapping(Some(
            v.provider.attribute_mapping.clone().into_iter().collect(),
        ))
        .set_idp_identifiers(Some(v.provider.identifiers.clone()))
        .send()
        .await
        .map_err(|e| refused("CreateIdentityProvider", e))?;
    Ok(())
}

/// Seeds the pool and one org per customer (`orgs`, one each, in `CUSTOMERS` order).
pub async fn seed(api: &Client, orgs: &[&OktaOrg], region: &str) -> Result<Seeded, String> {
    let pool = create_pool(
        api,
        "saas-customers",
        vec![attribute("email", true, true)],
        &crate::setup::observed::Observed {
            feature_plan: Some("ESSENTIALS".into()),
            ..Default::default()
        },
    )
    .await?;
    api.create_user_pool_domain()
        .user_pool_id(&pool)
        .domain(PREFIX)
        .send()
        .await
        .map_err(|e| refused("CreateUserPoolDomain", e))?;
    let mut made = vec![];
    let mut views = vec![];
    for (name, org) in CUSTOMERS.iter().zip(orgs) {
        let domain = domain_of(name);
        let days = if views.len() == 1 {
            EXPIRING_IN_DAYS
        } else {
            3650
        };
        org.set_certificate_days(days);
        let logins = people(org, &domain);
        let mut v = view_for(region, &pool, name);
        let app = okta_app(org, &v).await?;
        v.provider.metadata_url = app.metadata_url.clone();
        if let Some(o) = v.okta.as_mut() {
            o.app_id = app.app_id.clone();
        }
        create_provider(api, &pool, &v).await?;
        made.push(format!(
            "{name}: its own IdP org at {} (signing certificate valid {days} days), people {}, provider {name} routing @{domain}",
            org.org_url(),
            logins.join(", ")
        ));
        views.push(v);
    }
    let names: Vec<String> = views.iter().map(|v| v.provider.name.clone()).collect();
    let client = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("saas-web")
        .set_supported_identity_providers(Some(names.clone()))
        .callback_urls(crate::endpoints::loopback_redirect_uri(
            crate::setup::LoginSetup::default().port,
        ))
        .allowed_o_auth_flows(OAuthFlowType::Code)
        .allowed_o_auth_flows_user_pool_client(true)
        .set_allowed_o_auth_scopes(Some(vec![
            "openid".into(),
            "email".into(),
            "profile".into(),
        ]))
        .send()
        .await
        .map_err(|e| refused("CreateUserPoolClient", e))?;
    let client_id = client
        .user_pool_client()
        .and_then(|c| c.client_id())
        .unwrap_or_default()
        .to_string();
    made.insert(
        0,
        format!(
            "Cognito: user pool saas-customers ({pool}), domain {PREFIX}, app client saas-web ({client_id}) offering {}",
            names.join(", ")
        ),
    );

    let mut views = views.into_iter();
    let mut setup = views
        .next()
        .ok_or("a rehearsal of tenants needs one at least")?;
    setup.app_client.name = "saas-web".into();
    setup.app_client.client_id = Some(client_id);
    setup.more_federations = views
        .map(|v| Federation {
            name: None,
            provider: v.provider,
            okta: v.okta,
        })
        .collect();
    // An admin's slip, for `doctor --all` and `plan` to catch before any write: the last
    // customer's entry also claims the first one's domain.
    if setup.more_federations.len() >= 2
        && let Some(last) = setup.more_federations.last_mut()
    {
        let first_domain = domain_of(CUSTOMERS[0]);
        last.provider.identifiers.push(first_domain.clone());
        made.push(format!(
            "left to find: {}'s entry in the setup file also claims {first_domain}, which {} has (`okta-cognito doctor --all` names it; `plan` refuses it before any write)",
            last.provider.name, CUSTOMERS[0]
        ));
    }
    if names.len() >= 2 {
        made.push(format!(
            "left to find: {}'s signing certificate ends in {EXPIRING_IN_DAYS} days",
            CUSTOMERS[1]
        ));
    }
    Ok(Seeded {
        setup,
        made,
        metadata_file: None,
    })
}
