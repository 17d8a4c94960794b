//! `okta-cognito iam-policy`: the least-privilege IAM policies, read-only and apply.

use super::output::{print_findings_text, print_json};
use super::{AwsArgs, Exit};
use clap::{Args, ValueEnum};
use okta_cognito::cognito::iam::{policy, pool_arn};
use okta_cognito::setup::pool_id::PoolId;
use serde_json::json;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Only {
    Read,
    Apply,
}

#[derive(Debug, Args)]
pub struct IamPolicyArgs {
    /// Print only one policy document (ready for `aws iam create-policy`)
    #[arg(long, value_enum)]
    only: Option<Only>,
    /// AWS account id, to scope the per-pool actions to one pool (with --user-pool-id)
    #[arg(long, value_name = "ID", requires = "user_pool_id")]
    account: Option<String>,
    /// User pool id to scope the per-pool actions to (with --account)
    #[arg(long, value_name = "ID", requires = "account")]
    user_pool_id: Option<String>,
    /// Accepted like every command's --json; the policies are JSON already
    #[arg(long)]
    json: bool,
}

pub fn run(aws: &AwsArgs, args: IamPolicyArgs) -> Exit {
    let arn = match (&args.account, &args.user_pool_id) {
        (Some(account), Some(pool)) => {
            let region = aws
                .region
                .clone()
                .or_else(|| PoolId::region_of(pool).map(str::to_string))
                .unwrap_or_default();
            let mut wrong = okta_cognito::setup::validate::account_id("--account", account);
            wrong.extend(okta_cognito::setup::validate::user_pool_id(
                "--user-pool-id",
                pool,
                &region,
            ));
            if !wrong.is_empty() {
                print_findings_text(&wrong);
                return Exit::Usage;
            }
            Some(pool_arn(&region, account, pool))
        }
        _ => None,
    };
    let arn = arn.as_deref();
    match args.only {
        Some(Only::Read) => print_json(&policy(false, arn)),
        Some(Only::Apply) => print_json(&policy(true, arn)),
        None => print_json(&json!({ "read_only": policy(false, arn), "apply": policy(true, arn) })),
    }
    Exit::Ok
}
