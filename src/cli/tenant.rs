//! `okta-cognito tenant add|list`: the enterprise customers federated into one pool, each
//! with its own IdP, kept in the setup file (nothing is written to AWS: `plan` and `apply` do).

use super::Exit;
use super::output::{errln, outln, print_json, report_refusal};
use clap::{Args, Subcommand, ValueEnum};
use okta_cognito::flows::tenant::{NewTenant, add, remove};
use okta_cognito::setup::{IdpKind, Setup};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct TenantArgs {
    #[command(subcommand)]
    action: TenantAction,
}

#[derive(Debug, Subcommand)]
enum TenantAction {
    /// Record a customer's IdP in the setup file (nothing is written to AWS)
    Add(AddArgs),
    /// Show each tenant: its IdP, provider, domains and metadata
    List(ListArgs),
    /// Take a customer out of the setup; the next `plan` shows its provider's deletion and `apply` does it
    Remove(RemoveArgs),
    /// Write the page to send a customer's IT admin: the values for their IdP's console (HTML and Markdown)
    Kit(super::tenant_kit::KitArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Idp {
    Okta,
    Entra,
    Google,
    Saml,
}

impl From<Idp> for IdpKind {
    fn from(i: Idp) -> IdpKind {
        match i {
            Idp::Okta => IdpKind::Okta,
            Idp::Entra => IdpKind::Entra,
            Idp::Google => IdpKind::Google,
            Idp::Saml => IdpKind::Saml,
        }
    }
}

#[derive(Debug, Args)]
struct AddArgs {
    /// The customer's name (its provider's name is made from it)
    name: String,
    /// The customer's identity provider
    #[arg(long, value_enum)]
    idp: Idp,
    /// An e-mail domain of the customer's users (repeat for more; at most 50)
    #[arg(long = "domain", value_name = "D", required = true)]
    domains: Vec<String>,
    /// The customer's IdP metadata URL
    #[arg(
        long,
        value_name = "URL",
        conflicts_with = "metadata_file",
        required_unless_present = "metadata_file"
    )]
    metadata_url: Option<String>,
    /// The metadata XML the customer sent (Google Workspace offers only this), beside the setup file
    #[arg(long, value_name = "FILE")]
    metadata_file: Option<PathBuf>,
    #[command(flatten)]
    file: FileArgs,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Also read the pool: whether each tenant's provider is there, the domains it routes,
    /// whether the app client offers it, and providers no tenant names
    #[arg(long)]
    live: bool,
    #[command(flatten)]
    file: FileArgs,
}

#[derive(Debug, Args)]
struct RemoveArgs {
    /// The tenant's name (or its provider's name), as `tenant list` shows it
    name: String,
    #[command(flatten)]
    file: FileArgs,
}

/// The setup file every tenant command reads, and how it answers.
#[derive(Debug, Args)]
pub struct FileArgs {
    /// The setup file
    #[arg(
        long,
        short = 'c',
        value_name = "FILE",
        default_value = "okta-cognito.toml"
    )]
    pub config: PathBuf,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

impl FileArgs {
    /// The setup, or the refusal said in the requested form.
    pub fn load(&self) -> Result<Setup, Exit> {
        Setup::load(&self.config).map_err(|e| {
            report_refusal(&[e.to_finding()], self.json);
            Exit::Refused
        })
    }
}

#[derive(serde::Serialize)]
struct Row {
    name: String,
    idp: IdpKind,
    provider: String,
    domains: Vec<String>,
    metadata: Option<String>,
}

fn rows(setup: &Setup) -> Vec<Row> {
    setup
        .federations()
        .iter()
        .map(|f| Row {
            name: f.name.to_string(),
            idp: f.provider.idp,
            provider: f.provider.name.clone(),
            domains: f.provider.identifiers.clone(),
            metadata: f.provider.metadata_url.clone().or(f
                .provider
                .metadata_file
                .as_ref()
                .map(|p| p.display().to_string())),
        })
        .collect()
}

pub async fn run(aws: &super::AwsArgs, args: TenantArgs) -> Exit {
    match args.action {
        TenantAction::Add(a) => add_tenant(a),
        TenantAction::List(l) => list(aws, l).await,
        TenantAction::Remove(r) => remove_tenant(r),
        TenantAction::Kit(k) => super::tenant_kit::run(aws, k).await,
    }
}

fn add_tenant(a: AddArgs) -> Exit {
    let setup = match a.file.load() {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let tenant = NewTenant {
        name: a.name.clone(),
        idp: a.idp.into(),
        domains: a.domains,
        metadata_url: a.metadata_url,
        metadata_file: a.metadata_file,
    };
    let next = match add(&setup, tenant) {
        Ok(s) => s,
        Err(findings) => {
            report_refusal(&findings, a.file.json);
            return Exit::Refused;
        }
    };
    if let Err(e) = next.save(&a.file.config) {
        report_refusal(&[e.to_finding()], a.file.json);
        return Exit::Refused;
    }
    let added = rows(&next).pop().expect("the tenant just added");
    if a.file.json {
        print_json(&added);
    } else {
        errln!(
            "Added tenant {} ({}, provider {}, domains {}) to {}. Nothing is written to AWS yet: `okta-cognito plan --config {}` shows its provider.",
            added.name,
            okta_cognito::flows::shown::idp_preset(added.idp).name(),
            added.provider,
            added.domains.join(", "),
            a.file.config.display(),
            a.file.config.display()
        );
    }
    Exit::Ok
}

async fn list(aws: &super::AwsArgs, l: ListArgs) -> Exit {
    let setup = match l.file.load() {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let rows = rows(&setup);
    let live = if l.live {
        let region = aws.region.clone().unwrap_or_else(|| setup.region.clone());
        let api =
            okta_cognito::flows::credentials::cognito_api(aws.profile.as_deref(), Some(&region))
                .await;
        match okta_cognito::flows::tenant::live(&api, &setup).await {
            Ok(found) => Some(found),
            Err(findings) => {
                report_refusal(&findings, l.file.json);
                return Exit::Refused;
            }
        }
    } else {
        None
    };
    if l.file.json {
        let tenants: Vec<serde_json::Value> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut v = serde_json::to_value(r).unwrap_or_default();
                if let Some((tenants, _)) = &live {
                    v["live"] = serde_json::to_value(&tenants[i]).unwrap_or_default();
                }
                v
            })
            .collect();
        let mut answer = serde_json::json!({ "tenants": tenants });
        if let Some((_, unnamed)) = &live {
            answer["providers_no_tenant_names"] = serde_json::json!(unnamed);
        }
        print_json(&answer);
        return Exit::Ok;
    }
    let live_cells = |i: usize| match &live {
        Some((tenants, _)) => {
            let t = &tenants[i];
            format!(
                "{:<9} {:<8} ",
                if t.in_pool { "yes" } else { "NOT YET" },
                if t.offered { "yes" } else { "no" }
            )
        }
        None => String::new(),
    };
    outln!(
        "{:<20} {:<28} {:<24} {}domains",
        "tenant",
        "IdP",
        "provider",
        if live.is_some() {
            "in pool   offered  "
        } else {
            ""
        }
    );
    for (i, r) in rows.iter().enumerate() {
        outln!(
            "{:<20} {:<28} {:<24} {}{}",
            r.name,
            okta_cognito::flows::shown::idp_preset(r.idp).name(),
            r.provider,
            live_cells(i),
            r.domains.join(", ")
        );
    }
    if let Some((_, unnamed)) = &live
        && !unnamed.is_empty()
    {
        outln!(
            "\nIn the pool, named by no tenant: {} (made by hand, or removed from the file without `tenant remove`).",
            unnamed.join(", ")
        );
    }
    Exit::Ok
}

fn remove_tenant(r: RemoveArgs) -> Exit {
    let setup = match r.file.load() {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let next = match remove(&setup, &r.name) {
        Ok(s) => s,
        Err(finding) => {
            report_refusal(&[finding], r.file.json);
            return Exit::Refused;
        }
    };
    if let Err(e) = next.save(&r.file.config) {
        report_refusal(&[e.to_finding()], r.file.json);
        return Exit::Refused;
    }
    let provider = next
        .removed_providers
        .iter()
        .find(|p| !setup.removed_providers.contains(p))
        .or(next.removed_providers.last())
        .cloned()
        .unwrap_or_default();
    if r.file.json {
        print_json(&serde_json::json!({
            "removed": r.name,
            "provider_to_delete": provider,
            "removed_providers": next.removed_providers,
        }));
    } else {
        errln!(
            "Removed tenant {} from {}. Provider {provider} is still in user pool {}: `okta-cognito plan --config {}` shows its deletion, and `apply` does it.",
            r.name,
            r.file.config.display(),
            next.user_pool_id,
            r.file.config.display()
        );
    }
    Exit::Ok
}
