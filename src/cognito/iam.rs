//! The least-privilege IAM policies the tool needs: one for reading (plan, export, doctor,
//! the wizard's pickers), one for applying.

use serde_json::{Value, json};

pub const READ_ACTIONS: [&str; 9] = [
    "cognito-idp:ListUserPools",
    "cognito-idp:DescribeUserPool",
    "cognito-idp:ListUserPoolClients",
    "cognito-idp:DescribeUserPoolClient",
    "cognito-idp:DescribeUserPoolDomain",
    "cognito-idp:ListIdentityProviders",
    "cognito-idp:DescribeIdentityProvider",
    "cognito-idp:DescribeManagedLoginBrandingByClient",
    "cognito-idp:GetSigningCertificate",
];

pub const WRITE_ACTIONS: [&str; 7] = [
    "cognito-idp:CreateUserPoolClient",
    "cognito-idp:UpdateUserPoolClient",
    "cognito-idp:CreateUserPoolDomain",
    "cognito-idp:CreateIdentityProvider",
    "cognito-idp:UpdateIdentityProvider",
    // Only for a provider the setup lists in removed_providers (`tenant remove`).
    "cognito-idp:DeleteIdentityProvider",
    "cognito-idp:CreateManagedLoginBranding",
];

/// Actions that IAM only allows on `*` (they are not scoped to one pool).
const ACCOUNT_WIDE: [&str; 2] = [
    "cognito-idp:ListUserPools",
    "cognito-idp:DescribeUserPoolDomain",
];

/// `pool_arn` scopes the per-pool actions; `None` leaves them on `*`.
pub fn policy(write: bool, pool_arn: Option<&str>) -> Value {
    let mut per_pool: Vec<&str> = READ_ACTIONS
        .iter()
        .copied()
        .filter(|a| !ACCOUNT_WIDE.contains(a))
        .collect();
    let mut account: Vec<&str> = ACCOUNT_WIDE.to_vec();
    if write {
        per_pool.extend(
            WRITE_ACTIONS
                .iter()
                .copied()
                .filter(|a| *a != "cognito-idp:CreateUserPoolDomain"),
        );
        // CreateUserPoolDomain is authorised against the pool in the request, but a domain
        // is account-level: keep it with the other account-wide actions.
        account.push("cognito-idp:CreateUserPoolDomain");
    }
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": if write { "OktaCognitoApplyPool" } else { "OktaCognitoReadPool" },
                "Effect": "Allow",
                "Action": per_pool,
                "Resource": pool_arn.unwrap_or("*"),
            },
            {
                "Sid": if write { "OktaCognitoApplyAccount" } else { "OktaCognitoReadAccount" },
                "Effect": "Allow",
                "Action": account,
                "Resource": "*",
            }
        ]
    })
}

pub fn pool_arn(region: &str, account: &str, pool_id: &str) -> String {
    let partition = crate::endpoints::Partition::of_region(region).arn_name();
    format!("arn:{partition}:cognito-idp:{region}:{account}:userpool/{pool_id}")
}
