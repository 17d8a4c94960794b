//! A rehearsal: both halves of the federation on this machine, for a first try that touches
//! no production pool and for support staff reproducing a customer's setup. A local Cognito
//! (moto behind AWS's published model), a local Okta org (the management API `okta-app` uses,
//! public metadata, a sign-in page) and a local hosted UI that applies Cognito's rules; all on
//! loopback, all stopped when the rehearsal ends.

pub mod certificate;
pub mod emulator;
pub mod hosted_ui;
pub mod html;
pub mod okta_org;
pub mod python;
pub mod seed;
pub mod server;
pub mod setup_lock;
pub mod tenants;

use crate::setup::Setup;
use emulator::Emulator;
use hosted_ui::HostedUi;
use okta_org::{OktaOrg, OrgOptions};
use std::path::{Path, PathBuf};

/// The variable that marks a process as part of a rehearsal; its value says where things are.
pub use crate::setup::REHEARSAL_ENV as LABEL_ENV;

#[derive(Debug, Clone)]
pub struct Options {
    pub from: Option<PathBuf>,
    /// Ports base, base+1, base+2 (Cognito, Okta, hosted UI); `None`: free ones.
    pub port_base: Option<u16>,
    pub setup_path: PathBuf,
    pub region: String,
    /// For scripts (`--serve`): the setup is ready for the headless commands.
    pub headless: bool,
    /// What to do with a rehearsal in progress at `setup_path`.
    pub existing: Existing,
    /// `--tenants N`: a pool with N customers, each behind its own local IdP org.
    pub tenants: Option<usize>,
}

/// A rehearsal in progress (a setup file rehearse wrote, with choices made since) is never
/// replaced silently: it is continued (rebuilt locally from what it holds), or replaced
/// because the person said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Existing {
    #[default]
    Refuse,
    Continue,
    Replace,
}

/// What a rehearsal setup file holds beyond what rehearse wrote into it at the start: what a
/// new rehearsal in its place would lose. Empty for a fresh one, a missing file, or a file
/// that is not a rehearsal's (that one is refused elsewhere).
pub fn in_progress(path: &Path) -> Vec<String> {
    let Ok(s) = Setup::load_for_rehearsal(path) else {
        return vec![];
    };
    if !s.rehearsal {
        return vec![];
    }
    let mut lost = vec![];
    if let Some(id) = &s.app_client.client_id {
        lost.push(format!("app client {} ({id})", s.app_client.name));
    }
    if let Some(prefix) = s
        .domain
        .prefix
        .as_deref()
        .filter(|p| *p != seed::HEADLESS_PREFIX)
    {
        lost.push(format!("domain prefix {prefix}"));
    }
    if let Some(id) = s.okta.as_ref().and_then(|o| o.app_id.as_deref()) {
        lost.push(format!("Okta app {id}"));
    }
    if let Some(url) = &s.provider.metadata_url {
        lost.push(format!("metadata URL {url}"));
    } else if let Some(file) = &s.provider.metadata_file {
        lost.push(format!("metadata file {}", file.display()));
    }
    lost
}

/// Everything a rehearsal started. Dropping it stops the local Cognito (a child process);
/// the Okta org and hosted UI serve on this process's own threads and end with it, which is
/// why `rehearse` is a process of its own and the wizard runs as its child.
pub struct Rehearsal {
    pub hosted_ui: HostedUi,
    pub okta: OktaOrg,
    /// With `--tenants`: the further customers' orgs, one each after the first.
    pub more_orgs: Vec<OktaOrg>,
    pub setup_path: PathBuf,
    pub made: Vec<String>,
    pub region: String,
    // The local Cognito stops after nothing can call it any more.
    pub emulator: Emulator,
    /// Held while the rehearsal runs, released last: no second one replaces its setup file.
    lock: setup_lock::SetupLock,
}

fn ports(base: Option<u16>) -> Result<[u16; 3], String> {
    match base {
        None => Ok([0, 0, 0]),
        Some(b) if !(1024..=65533).contains(&b) => Err(format!(
            "--port-base {b}: choose 1024 to 65533 (rehearse uses it and the next two ports)"
        )),
        Some(b) => Ok([b, b + 1, b + 2]),
    }
}

fn bound(what: &str, port: u16) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| {
        format!(
            "cannot listen on 127.0.0.1:{port} for the local {what} ({e}): choose another --port-base"
        )
    }
}

/// The setup `--from` names: a setup file or an `export` (the same format), or another
/// rehearsal's.
fn load_from(path: &Path) -> Result<Setup, String> {
    Setup::load_for_rehearsal(path).map_err(|e| {
        let f = e.to_finding();
        format!("--from {}: {} {}", path.display(), f.message, f.fix)
    })
}

/// Refuses to replace a file rehearse did not write (an admin's real setup, a planted link).
fn writable_setup_path(path: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link: rehearse writes its setup only to a plain file; pass --setup ANOTHER_PATH",
            path.display()
        )),
        Ok(_) => {
            // The wizard saves progress into it, so it is recognised by what it says
            // (`rehearsal = true`), not by how rehearse first wrote it.
            if Setup::load_for_rehearsal(path).is_ok_and(|s| s.rehearsal) {
                Ok(())
            } else {
                Err(format!(
                    "{} exists and rehearse did not write it: pass --setup ANOTHER_PATH (rehearse never overwrites a real setup)",
                    path.display()
                ))
            }
        }
    }
}

impl Rehearsal {
    pub async fn start(
        opts: &Options,
        progress: &mut dyn FnMut(&str),
    ) -> Result<Rehearsal, String> {
        let [cognito_port, okta_port, ui_port] = ports(opts.port_base)?;
        let lock = setup_lock::SetupLock::take(&opts.setup_path)?;
        writable_setup_path(&opts.setup_path)?;
        let mut from_path = opts.from.clone();
        let lost = in_progress(&opts.setup_path);
        if from_path.is_none() && !lost.is_empty() {
            match opts.existing {
                Existing::Continue => {
                    progress(&format!(
                        "continuing the rehearsal in {}: rebuilding {} locally",
                        opts.setup_path.display(),
                        lost.join(", ")
                    ));
                    from_path = Some(opts.setup_path.clone());
                }
                Existing::Replace => progress(&format!(
                    "replacing the rehearsal in {} (dropped: {})",
                    opts.setup_path.display(),
                    lost.join(", ")
                )),
                Existing::Refuse => {
                    return Err(format!(
                        "{} holds a rehearsal in progress ({}): pass --continue to rebuild it and go on, or --fresh to replace it (those are lost), or --setup ANOTHER_PATH",
                        opts.setup_path.display(),
                        lost.join(", ")
                    ));
                }
            }
        }
        let from = from_path.as_deref().map(load_from).transpose()?;
        if let Some(s) = from
            .as_ref()
            .filter(|s| s.observed.is_none() && opts.from.is_some())
        {
            // Not an export: nothing says what the customer's pool was, so the rehearsal
            // makes it up from the setup; it says what, before making anything.
            progress(&format!(
                "{} is a setup file, not an export: it makes a local pool with {}, a domain, the provider {}, an app client {} and an Okta app{}",
                from_path.as_deref().unwrap_or(Path::new("")).display(),
                if s.provider
                    .attribute_mapping
                    .keys()
                    .any(|k| k.starts_with("custom:"))
                {
                    "the custom attributes the mapping names"
                } else {
                    "the default schema"
                },
                s.provider.name,
                s.app_client.name,
                match s.okta.as_ref() {
                    Some(o) if !o.assign_groups.is_empty() || !o.assign_users.is_empty() =>
                        " assigned as it says".to_string(),
                    _ => format!(" assigned to the rehearsal's group {}", seed::LAB_GROUP),
                }
            ));
        }
        let region = from
            .as_ref()
            .map(|s| s.region.clone())
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| opts.region.clone());
        // Finding (or installing) Python blocks for up to a minute: on a blocking thread, its
        // progress line shown as it is said, before the wait, not after.
        let (said, mut heard) = tokio::sync::mpsc::unbounded_channel::<String>();
        let mut finding = tokio::task::spawn_blocking(move || {
            python::find(&mut |l| {
                let _ = said.send(l.to_string());
            })
        });
        let python = loop {
            tokio::select! {
                Some(line) = heard.recv() => progress(&line),
                found = &mut finding => {
                    while let Ok(line) = heard.try_recv() {
                        progress(&line);
                    }
                    break found.map_err(|e| format!("looking for Python was interrupted: {e}"))??;
                }
            }
        };
        progress("starting the local Cognito (moto behind AWS's published model)…");
        let emulator = tokio::task::spawn_blocking(move || emulator::start(&python, cognito_port))
            .await
            .map_err(|e| format!("the local Cognito's start was interrupted: {e}"))??;
        let api = local_cognito(&emulator.endpoint, &region).await;
        let hosted_ui = HostedUi::start(api.clone(), &emulator.endpoint, &region, ui_port)
            .map_err(bound("hosted UI", ui_port))?;
        let okta = OktaOrg::start_with(OrgOptions {
            port: okta_port,
            violations_log: None,
            local_sign_in: true,
            reroute_to: Some(hosted_ui.base()),
            api_token: None,
        })
        .map_err(bound("Okta org", okta_port))?;
        let mut more_orgs = vec![];
        for _ in 1..opts.tenants.unwrap_or(1) {
            more_orgs.push(
                OktaOrg::start_with(OrgOptions {
                    port: 0,
                    violations_log: None,
                    local_sign_in: true,
                    reroute_to: Some(hosted_ui.base()),
                    api_token: None,
                })
                .map_err(|e| format!("cannot start another customer's local IdP org: {e}"))?,
            );
        }
        let seeded = match (&from, opts.tenants) {
            (Some(s), _) => seed::from_setup(&api, &okta, s).await?,
            (None, Some(_)) => {
                let orgs: Vec<&OktaOrg> = std::iter::once(&okta).chain(&more_orgs).collect();
                tenants::seed(&api, &orgs, &region).await?
            }
            (None, None) => seed::lab(&api, &okta, &region, opts.headless).await?,
        };
        let mut setup = seeded.setup;
        setup.rehearsal = true;
        if let Some(xml) = &seeded.metadata_file {
            let stem = opts
                .setup_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "rehearsal".into());
            let name = format!("{stem}-metadata.xml");
            let path = opts.setup_path.with_file_name(&name);
            crate::safe_file::write_atomic(
                &path,
                xml.as_bytes(),
                crate::safe_file::AtSymlink::Refuse,
            )
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            setup.provider.metadata_file = Some(name.into());
        }
        crate::safe_file::write_atomic(
            &opts.setup_path,
            setup.to_toml().as_bytes(),
            crate::safe_file::AtSymlink::Refuse,
        )
        .map_err(|e| format!("cannot write {}: {e}", opts.setup_path.display()))?;
        let mut rehearsal = Rehearsal {
            hosted_ui,
            okta,
            more_orgs,
            setup_path: opts.setup_path.clone(),
            made: seeded.made,
            region,
            emulator,
            lock,
        };
        let who = format!("pid {}, {}", std::process::id(), rehearsal.label());
        rehearsal.lock.say(&who);
        Ok(rehearsal)
    }

    /// Where things are, for the REHEARSAL label; short enough for an 80-column header.
    pub fn label(&self) -> String {
        let port = |url: &str| url.rsplit(':').next().unwrap_or("").to_string();
        format!(
            "on 127.0.0.1: Cognito :{} · Okta :{} · hosted UI :{}",
            port(&self.emulator.endpoint),
            port(&self.okta.org_url()),
            port(&self.hosted_ui.base())
        )
    }

    /// What every other command needs to work against this rehearsal, and nothing real.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            (LABEL_ENV, self.label()),
            ("AWS_ENDPOINT_URL", self.emulator.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", "rehearsal".into()),
            ("AWS_SECRET_ACCESS_KEY", "rehearsal".into()),
            ("AWS_REGION", self.region.clone()),
            ("AWS_CONFIG_FILE", "/dev/null".into()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".into()),
            ("AWS_EC2_METADATA_DISABLED", "true".into()),
            ("OKTA_COGNITO_HOSTED_UI_URL", self.hosted_ui.base()),
            ("OKTA_COGNITO_ISSUER_URL", self.hosted_ui.issuer_base()),
            ("OKTA_ORG_URL", self.okta.org_url()),
            ("OKTA_API_TOKEN", self.okta.api_token()),
        ]
    }
}

/// The variables a rehearsal's commands must not inherit: another AWS profile or Okta
/// service app would take precedence over the rehearsal's.
pub const CLEARED_ENV: [&str; 5] = [
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "OKTA_CLIENT_ID",
    "OKTA_PRIVATE_KEY_FILE",
    "OKTA_PRIVATE_KEY_ID",
];

async fn local_cognito(endpoint: &str, region: &str) -> aws_sdk_cognitoidentityprovider::Client {
    use aws_sdk_cognitoidentityprovider::config::{Credentials, Region};
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new(region.to_string()))
        .credentials_provider(Credentials::new(
            "rehearsal",
            "rehearsal",
            None,
            None,
            "rehearsal",
        ))
        .load()
        .await;
    aws_sdk_cognitoidentityprovider::Client::new(&config)
}
