//! `okta-cognito values`: the values an admin pastes into Okta, from flags or a setup file.

use super::output::{out, outln, print_findings_text, print_json, report_refusal};
use super::{AwsArgs, ConfigArg, Exit};
use clap::Args;
use okta_cognito::endpoints::{Domain, IssuerKind, Values, loopback_redirect_uri};
use okta_cognito::finding::{Finding, has_errors};
use okta_cognito::idp::okta::console_options;
use okta_cognito::setup::validate;
use okta_cognito::setup::{DEFAULT_LOGIN_PORT, Setup};

#[derive(Debug, Args)]
pub struct ValuesArgs {
    #[command(flatten)]
    config: ConfigArg,
    /// User pool id, e.g. us-east-1_AbCdEf123
    #[arg(long, value_name = "ID", conflicts_with = "config")]
    user_pool_id: Option<String>,
    /// Cognito domain prefix (the part before .auth.<region>.amazoncognito.com)
    // A leading hyphen is a mistake our validation explains (naming the prefix rule), not
    // clap's "unexpected argument".
    #[arg(long, value_name = "PREFIX", allow_hyphen_values = true, conflicts_with_all = ["custom_domain", "config"])]
    domain_prefix: Option<String>,
    /// Custom domain of the hosted UI, e.g. auth.example.com
    #[arg(long, value_name = "HOST", conflicts_with = "config")]
    custom_domain: Option<String>,
    /// App client id; adds the login URL to the output
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// Redirect URI for the login URL (default: the local test callback)
    #[arg(long, value_name = "URL")]
    redirect_uri: Option<String>,
    /// The pool's issuer type (`DescribeUserPool` → IssuerConfiguration). With --config it is
    /// read from AWS unless given here; with flags only it defaults to original
    #[arg(long, value_enum, value_name = "TYPE")]
    issuer: Option<IssuerArg>,
    /// Print JSON instead of labelled text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum IssuerArg {
    /// https://cognito-idp.<region>.amazonaws.com/<pool>
    Original,
    /// https://issuer-cognito-idp.<region>.amazonaws.com/<pool>
    Updated,
}

impl From<IssuerArg> for IssuerKind {
    fn from(a: IssuerArg) -> IssuerKind {
        match a {
            IssuerArg::Original => IssuerKind::Original,
            IssuerArg::Updated => IssuerKind::Updated,
        }
    }
}

struct Inputs {
    /// Read from a setup file (so the pool is asked for its issuer).
    from_file: bool,
    /// The setup file, when values come from one (its provider options add console steps).
    setup: Option<Setup>,
    region: String,
    pool: String,
    domain: Option<Domain>,
    client_id: Option<String>,
    redirect_uri: String,
}

fn inputs(aws: &AwsArgs, args: &ValuesArgs) -> Result<Inputs, Vec<Finding>> {
    if let Some(path) = &args.config.config {
        let setup = Setup::load(path).map_err(|e| vec![e.to_finding()])?;
        let domain = match (&setup.domain.prefix, &setup.domain.custom) {
            (Some(p), _) => Some(Domain::Prefix(p.clone())),
            (None, Some(c)) => Some(Domain::Custom(c.clone())),
            (None, None) => None,
        };
        return Ok(Inputs {
            from_file: true,
            setup: Some(setup.clone()),
            region: aws.region.clone().unwrap_or_else(|| setup.region.clone()),
            pool: setup.user_pool_id.clone(),
            domain,
            client_id: args
                .client_id
                .clone()
                .or(setup.app_client.client_id.clone()),
            redirect_uri: args
                .redirect_uri
                .clone()
                .unwrap_or_else(|| setup.login_redirect_uri()),
        });
    }
    let mut missing = vec![];
    if aws.region.is_none() {
        missing.push("--region");
    }
    if args.user_pool_id.is_none() {
        missing.push("--user-pool-id");
    }
    if args.domain_prefix.is_none() && args.custom_domain.is_none() {
        missing.push("--domain-prefix or --custom-domain");
    }
    if !missing.is_empty() {
        return Err(vec![Finding::error(
            okta_cognito::finding::codes::MISSING_ARGUMENTS,
            format!("values needs {}", missing.join(", ")),
            "Pass --config FILE, or --region R --user-pool-id P --domain-prefix D.",
        )]);
    }
    Ok(Inputs {
        from_file: false,
        setup: None,
        region: aws.region.clone().unwrap_or_default(),
        pool: args.user_pool_id.clone().unwrap_or_default(),
        domain: args
            .domain_prefix
            .clone()
            .map(Domain::Prefix)
            .or(args.custom_domain.clone().map(Domain::Custom)),
        client_id: args.client_id.clone(),
        redirect_uri: args
            .redirect_uri
            .clone()
            .unwrap_or_else(|| loopback_redirect_uri(DEFAULT_LOGIN_PORT)),
    })
}

fn check(i: &Inputs) -> Vec<Finding> {
    let mut f = validate::region("region", &i.region);
    f.extend(validate::user_pool_id("user_pool_id", &i.pool, &i.region));
    match &i.domain {
        Some(Domain::Prefix(p)) => f.extend(validate::domain_prefix("domain prefix", p)),
        Some(Domain::Custom(c)) => f.extend(validate::custom_domain("custom domain", c)),
        None => f.push(Finding::error(
            okta_cognito::finding::codes::MISSING_DOMAIN,
            "the setup file has neither domain.prefix nor domain.custom",
            "Add a [domain] section with prefix = \"your-prefix\".",
        )),
    }
    f.extend(validate::redirect_url("redirect URI", &i.redirect_uri));
    f
}

/// The issuer the pool uses: as given, else (for a setup file) as `DescribeUserPool` says.
async fn issuer_of(aws: &AwsArgs, args: &ValuesArgs, i: &Inputs) -> Result<IssuerKind, Finding> {
    if let Some(given) = args.issuer {
        return Ok(given.into());
    }
    if !i.from_file {
        return Ok(IssuerKind::Original);
    }
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&i.region))
            .await;
    okta_cognito::cognito::state::read_pool(&api, &i.pool)
        .await
        .map(|p| p.issuer)
        .map_err(|mut f| {
            f.fix = format!(
                "{} Or pass --issuer original|updated to print the values without asking AWS.",
                f.fix
            );
            f
        })
}

pub async fn run(aws: &AwsArgs, args: ValuesArgs) -> Exit {
    let inputs = match inputs(aws, &args) {
        Ok(i) => i,
        Err(findings) => {
            print_findings_text(&findings);
            return if findings
                .iter()
                .any(|f| f.code == okta_cognito::finding::codes::MISSING_ARGUMENTS)
            {
                Exit::Usage
            } else {
                Exit::Refused
            };
        }
    };
    let findings = check(&inputs);
    if has_errors(&findings) {
        report_refusal(&findings, args.json);
        return Exit::Refused;
    }
    let issuer = match issuer_of(aws, &args, &inputs).await {
        Ok(i) => i,
        Err(f) => {
            report_refusal(&[f], args.json);
            return Exit::Refused;
        }
    };
    let domain = inputs.domain.clone().expect("checked above");
    let values = Values::derive(
        &inputs.region,
        &inputs.pool,
        &domain,
        issuer,
        inputs.client_id.as_deref(),
        Some(&inputs.redirect_uri),
    );
    let options = match &inputs.setup {
        Some(setup) => option_steps(aws, setup, &values).await,
        None => vec![],
    };
    if args.json {
        print_json(&ValuesJson {
            values: &values,
            provider_options: &options,
        });
    } else {
        match inputs.setup.as_ref().map(|s| s.provider.idp) {
            Some(kind) if !kind.is_okta() => outln!(
                "Enter these in the {} app (ACS / Reply URL, Entity ID / Audience):",
                okta_cognito::flows::shown::idp_preset(kind).name()
            ),
            _ => outln!(
                "Paste these into the Okta app (Applications → your app → General → SAML Settings):"
            ),
        }
        let rows = values.labelled();
        let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
        for (label, value) in rows {
            outln!("  {label:<width$}  {value}");
        }
        out!("{}", console_options::render(&options));
    }
    Exit::Ok
}

#[derive(serde::Serialize)]
struct ValuesJson<'a> {
    #[serde(flatten)]
    values: &'a Values,
    /// Console steps for the provider options that need Cognito's certificates.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    provider_options: &'a [console_options::ConsoleStep],
}

/// The console steps for the setup's provider options, with Cognito's certificates when
/// AWS can be asked (the steps still print without them, saying what is pending).
async fn option_steps(
    aws: &AwsArgs,
    setup: &Setup,
    values: &Values,
) -> Vec<console_options::ConsoleStep> {
    if !okta_cognito::flows::okta_side::needed(setup) {
        return vec![];
    }
    let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
    let api =
        okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region)).await;
    let side = okta_cognito::flows::okta_side::read(&api, setup).await;
    console_options::steps(setup, values, &side)
}
