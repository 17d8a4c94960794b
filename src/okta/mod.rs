//! The Okta half, through the Okta management API: create or find the SAML 2.0 app for this
//! setup, keep its settings equal to the derived values, assign groups and people, and give
//! back the app's metadata URL for the metadata step. Every step looks before it writes, so
//! a second run changes nothing and an interrupted run can simply be repeated.

pub mod api;
pub mod app;
pub mod assign;
pub mod credentials;
pub mod errors;
pub mod rules;

use crate::finding::Finding;
use crate::setup::{OktaSetup, Setup};
use api::{Api, PAGE_SIZE};
use assign::Assignee;
use futures_util::future::join_all;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// Something `ensure` changed in Okta.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    CreatedApp { id: String, label: String },
    UpdatedApp { id: String, fields: Vec<String> },
    ActivatedApp { id: String },
    AssignedGroup { name: String },
    AssignedPerson { login: String },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::CreatedApp { id, label } => {
                write!(f, "created the SAML app \"{label}\" ({id})")
            }
            Change::UpdatedApp { id, fields } => {
                write!(f, "updated the app {id}: {}", fields.join(", "))
            }
            Change::ActivatedApp { id } => write!(f, "activated the app {id}"),
            Change::AssignedGroup { name } => write!(f, "assigned the group \"{name}\""),
            Change::AssignedPerson { login } => write!(f, "assigned \"{login}\""),
        }
    }
}

/// Who to assign, beyond what the setup file lists.
#[derive(Debug, Clone, Default)]
pub struct Assign {
    pub groups: Vec<String>,
    pub people: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub org_url: String,
    /// Set once the app is known (found or created), even when a later step failed.
    pub app_id: Option<String>,
    pub app_label: String,
    pub metadata_url: Option<String>,
    pub changes: Vec<Change>,
    /// Warnings about what the API cannot do for the admin, and the failure that stopped it.
    pub findings: Vec<Finding>,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }

    /// What the setup file should say afterwards: the org, the app id, everyone assigned,
    /// and the metadata URL in place of any saved file (Cognito re-reads a URL). After a
    /// failure only the app id is kept (so the next run finds the app), not names that may
    /// be the reason it failed.
    pub fn record(&self, setup: &mut Setup, assign: &Assign) {
        let okta = setup.okta.get_or_insert_with(OktaSetup::default);
        okta.org_url = Some(self.org_url.clone());
        if let Some(id) = &self.app_id {
            okta.app_id = Some(id.clone());
        }
        if self.failed() {
            return;
        }
        add_new(&mut okta.assign_groups, &assign.groups);
        add_new(&mut okta.assign_users, &assign.people);
        if let Some(url) = &self.metadata_url {
            setup.provider.metadata_url = Some(url.clone());
            setup.provider.metadata_file = None;
        }
    }
}

/// Everyone to assign: the setup file's lists plus `extra`, without repeats.
pub fn assignees(setup: &Setup, extra: &Assign) -> Assign {
    let mut out = Assign::default();
    if let Some(o) = &setup.okta {
        add_new(&mut out.groups, &o.assign_groups);
        add_new(&mut out.people, &o.assign_users);
    }
    add_new(&mut out.groups, &extra.groups);
    add_new(&mut out.people, &extra.people);
    out
}

/// Concurrent lookups that fail for one org-wide reason (a bad token, the rate limit, no
/// network) say so once, not once per lookup.
fn once_per_org_problem(findings: Vec<Finding>) -> Vec<Finding> {
    const ORG_WIDE: [&str; 6] = [
        "okta-token-invalid",
        "okta-rate-limited",
        "okta-unreachable",
        "okta-unexpected-response",
        "okta-redirected",
        "okta-server-error",
    ];
    let mut seen = Vec::new();
    findings
        .into_iter()
        .filter(|f| {
            let org_wide = ORG_WIDE.contains(&f.code.as_str());
            let first = !seen.contains(&f.code);
            seen.push(f.code.clone());
            !org_wide || first
        })
        .collect()
}

/// Appends the names not already in `list`, in order.
fn add_new(list: &mut Vec<String>, names: &[String]) {
    for n in names {
        if !list.contains(n) {
            list.push(n.clone());
        }
    }
}

/// Makes Okta hold the app this setup describes, assigned to `who`. Stops at the first
/// failure, which is the last finding; what was done before it is in `changes`.
pub async fn ensure(api: &Api, setup: &Setup, who: &Assign) -> Outcome {
    let label = app::label(setup);
    let mut out = Outcome {
        org_url: api.credentials().org_url.clone(),
        app_label: label.clone(),
        ..Outcome::default()
    };
    if let Err(f) = ensure_steps(api, setup, who, &label, &mut out).await {
        out.findings.extend(f);
    }
    out
}

/// Every name to assign, looked up at once: all unknown names are reported together, and
/// before anything is written.
async fn look_up_assignees(
    api: &Api,
    who: &Assign,
) -> Result<(Vec<Assignee>, Vec<Assignee>), Vec<Finding>> {
    let groups = join_all(who.groups.iter().map(|g| assign::find_group(api, g)));
    let people = join_all(who.people.iter().map(|p| assign::find_person(api, p)));
    let (groups, people) = tokio::join!(groups, people);
    let mut problems = Vec::new();
    let mut keep = |list: Vec<Result<Assignee, Finding>>| {
        list.into_iter()
            .filter_map(|r| r.map_err(|f| problems.push(f)).ok())
            .collect::<Vec<_>>()
    };
    let (groups, people) = (keep(groups), keep(people));
    if problems.is_empty() {
        Ok((groups, people))
    } else {
        Err(problems)
    }
}

async fn ensure_steps(
    api: &Api,
    setup: &Setup,
    who: &Assign,
    label: &str,
    out: &mut Outcome,
) -> Result<(), Vec<Finding>> {
    // The Okta app needs the ACS URL and Audience URI; the token issuer plays no part in it.
    let values = setup.values(crate::endpoints::IssuerKind::Original).ok_or_else(|| {
        vec![Finding::error(
            "okta-needs-domain",
            "the Okta app needs the ACS URL, and no domain is chosen (domain.prefix or domain.custom)",
            "Set domain.prefix (or domain.custom) in the setup file first.",
        )]
    })?;
    let sign_on = app::sign_on(setup, &values);
    let wanted_id = setup.okta.as_ref().and_then(|o| o.app_id.clone());

    // Reads first, concurrently: the app, and everyone to assign.
    let (existing, assignees) = tokio::join!(
        find_app(api, wanted_id.as_deref(), label),
        look_up_assignees(api, who)
    );
    let (existing, (groups, people)) = match (existing, assignees) {
        (Ok(e), Ok(a)) => (e, a),
        (e, a) => {
            let mut all: Vec<Finding> = e.err().into_iter().collect();
            all.extend(a.err().unwrap_or_default());
            return Err(once_per_org_problem(all));
        }
    };
    let one = |f: Finding| vec![f];
    let app = match existing {
        None => {
            let created = api
                .post(
                    "/api/v1/apps",
                    Some(&app::create_body(label, &sign_on)),
                    "create the SAML app",
                )
                .await
                .map_err(one)?;
            let (id, _, _) = app::summary(&created);
            if id.is_empty() {
                return Err(one(errors::malformed(
                    "create the SAML app",
                    api.credentials().org_host(),
                    "the new app has no id",
                )));
            }
            out.changes.push(Change::CreatedApp {
                id,
                label: label.to_string(),
            });
            created
        }
        Some(current) => {
            let fields = app::differences(&current, label, &sign_on);
            if fields.is_empty() {
                current
            } else {
                let (id, _, _) = app::summary(&current);
                let updated = api
                    .put(
                        &format!("/api/v1/apps/{id}"),
                        &app::update_body(&current, label, &sign_on),
                        "update the SAML app's settings",
                    )
                    .await
                    .map_err(one)?;
                out.changes.push(Change::UpdatedApp { id, fields });
                updated
            }
        }
    };
    let (id, _, status) = app::summary(&app);
    out.app_id = Some(id.clone());
    out.metadata_url = Some(api.credentials().metadata_url(&id));

    if status == "INACTIVE" {
        api.post(
            &format!("/api/v1/apps/{id}/lifecycle/activate"),
            None,
            "activate the app",
        )
        .await
        .map_err(one)?;
        out.changes.push(Change::ActivatedApp { id: id.clone() });
    }

    if !groups.is_empty() {
        let assigned = assign::assigned_groups(api, &id).await.map_err(one)?;
        for g in groups.into_iter().filter(|g| !assigned.contains(&g.id)) {
            assign::assign_group(api, &id, &g).await.map_err(one)?;
            out.changes.push(Change::AssignedGroup { name: g.name });
        }
    }
    let checks = join_all(people.iter().map(|p| assign::person_assigned(api, &id, p))).await;
    for (p, assigned) in people.into_iter().zip(checks) {
        if !assigned.map_err(one)? {
            assign::assign_person(api, &id, &p).await.map_err(one)?;
            out.changes.push(Change::AssignedPerson { login: p.name });
        }
    }
    if who.groups.is_empty()
        && who.people.is_empty()
        && !assign::anyone_assigned(api, &id).await.map_err(one)?
    {
        out.findings
            .push(assign::nobody_assigned(&format!("the Okta app {id}")));
    }
    if setup.provider.idp_signout {
        out.findings.push(Finding::warning(
            "okta-slo-manual",
            "provider.idp_signout is on, but single logout needs the pool's signing certificate uploaded in the Okta console",
            "In the app: General → SAML Settings → Edit → Show Advanced Settings → Signature Certificate, then Enable Single Logout (README: \"Single logout\").",
        ));
    }
    Ok(())
}

/// The app by id when the setup names one, else the one SAML app with exactly this label.
async fn find_app(api: &Api, id: Option<&str>, label: &str) -> Result<Option<Value>, Finding> {
    let org = api.credentials().org_host().to_string();
    if let Some(id) = id {
        let app = api
            .get(&format!("/api/v1/apps/{id}"), "read the app named by okta.app_id")
            .await?
            .ok_or_else(|| {
                Finding::error(
                    "okta-app-not-found",
                    format!("okta.app_id = \"{id}\" is not an app in {org}"),
                    "Remove okta.app_id to find the app by its label (or create it), or correct the id.",
                )
            })?;
        let mode = app.get("signOnMode").and_then(Value::as_str).unwrap_or("");
        if mode != app::SAML_2_0 {
            return Err(Finding::error(
                "okta-app-not-saml",
                format!("okta.app_id = \"{id}\" is a {mode} app, not a SAML 2.0 one"),
                "Name the SAML 2.0 app's id, or remove okta.app_id to create one.",
            ));
        }
        return Ok(Some(app));
    }
    let found = api
        .list(
            "/api/v1/apps",
            &[("q", label), ("limit", PAGE_SIZE)],
            "look up the app by its label",
        )
        .await?;
    let same_label: Vec<&Value> = found
        .iter()
        .filter(|a| a.get("label").and_then(Value::as_str) == Some(label))
        .collect();
    let saml: Vec<&Value> = same_label
        .iter()
        .copied()
        .filter(|a| a.get("signOnMode").and_then(Value::as_str) == Some(app::SAML_2_0))
        .collect();
    match (saml.as_slice(), same_label.len()) {
        ([one], _) => Ok(Some((*one).clone())),
        ([], 0) => Ok(None),
        ([], _) => Err(Finding::error(
            "okta-app-label-taken",
            format!("an Okta app labelled \"{label}\" exists in {org} but does not use SAML 2.0"),
            "Choose another okta.app_label in the setup file.",
        )),
        (many, _) => Err(Finding::error(
            "okta-app-ambiguous",
            format!(
                "{} SAML apps are labelled \"{label}\" in {org} (ids {})",
                many.len(),
                many.iter()
                    .map(|a| app::summary(a).0)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Set okta.app_id to the one to use (the others can be deactivated in the console).",
        )),
    }
}
