//! The Okta half, through the Okta management API: create or find the SAML 2.0 app for this
//! setup, keep its settings equal to the derived values, assign groups and people, and give
//! back the app's metadata URL for the metadata step. Every step looks before it writes, so
//! a second run changes nothing and an interrupted run can simply be repeated.

pub mod api;
pub mod app;
pub mod assign;
pub mod cognito_side;
pub mod console;
pub mod console_options;
pub mod credentials;
pub mod doctor;
pub mod dpop;
pub mod errors;
pub mod jws;
pub mod metadata_url;
pub mod oauth;
pub mod plan_text;
pub mod preset;
pub mod private_key;
pub mod rotate;
/// The `[okta]` section's rules live with the model, which validates whole setups.
pub use crate::setup::okta_rules as rules;
pub mod statements;

use crate::finding::Finding;
use crate::setup::{OktaSetup, Setup};
use api::{Api, PAGE_SIZE};
use app::FieldChange;
use assign::Assignee;
use cognito_side::CognitoSide;
use futures_util::future::join_all;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// Something `ensure` changed in Okta.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    CreatedApp {
        id: String,
        label: String,
    },
    UpdatedApp {
        id: String,
        fields: Vec<FieldChange>,
    },
    ActivatedApp {
        id: String,
    },
    AssignedGroup {
        name: String,
    },
    AssignedPerson {
        login: String,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::CreatedApp { id, label } => {
                write!(f, "created the SAML app \"{label}\" ({id})")
            }
            Change::UpdatedApp { id, fields } => {
                let names: Vec<&str> = fields.iter().map(|c| c.field.as_str()).collect();
                write!(f, "updated the app {id}: {}", names.join(", "))
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
    use crate::finding::codes::*;
    const ORG_WIDE: [crate::finding::Code; 6] = [
        OKTA_TOKEN_INVALID,
        OKTA_RATE_LIMITED,
        OKTA_UNREACHABLE,
        OKTA_UNEXPECTED_RESPONSE,
        OKTA_REDIRECTED,
        OKTA_SERVER_ERROR,
    ];
    let mut seen = Vec::new();
    findings
        .into_iter()
        .filter(|f| {
            let org_wide = ORG_WIDE.contains(&f.code);
            let first = !seen.contains(&f.code);
            seen.push(f.code);
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

/// What `apply` will send to make the app match the setup.
#[derive(Debug, Clone)]
enum AppStep {
    Create { body: Value },
    Update { id: String, body: Value },
    Keep { app: Value },
}

/// Everything `okta-app` would change, read before anything is written: shown first, and
/// all of it with `--dry-run`.
#[derive(Debug, Clone, Serialize)]
pub struct AppPlan {
    pub org_url: String,
    pub app_label: String,
    /// None: the app does not exist yet and would be created.
    pub app_id: Option<String>,
    /// The fields set in the app, before → after (all of them for a new app).
    pub changes: Vec<FieldChange>,
    pub activate: bool,
    pub assign_groups: Vec<String>,
    pub assign_people: Vec<String>,
    /// The public Metadata URL, when the app exists already (a new one's is known after).
    pub metadata_url: Option<String>,
    /// Warnings: what is kept on purpose, what the API cannot do, nobody assigned.
    pub findings: Vec<Finding>,
    #[serde(skip)]
    step: AppStep,
    #[serde(skip)]
    groups: Vec<Assignee>,
    #[serde(skip)]
    people: Vec<Assignee>,
}

impl AppPlan {
    pub fn writes_nothing(&self) -> bool {
        matches!(self.step, AppStep::Keep { .. })
            && !self.activate
            && self.groups.is_empty()
            && self.people.is_empty()
    }

    pub fn creates(&self) -> bool {
        matches!(self.step, AppStep::Create { .. })
    }
}

/// Makes Okta hold the app this setup describes, assigned to `who`: `plan`, then `apply`.
pub async fn ensure(api: &Api, setup: &Setup, who: &Assign, side: &CognitoSide) -> Outcome {
    match plan(api, setup, who, side).await {
        Ok(p) => apply(api, p).await,
        Err(findings) => Outcome {
            org_url: api.credentials().org_url.clone(),
            app_label: app::label(setup),
            app_id: setup.okta.as_ref().and_then(|o| o.app_id.clone()),
            findings,
            ..Outcome::default()
        },
    }
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

/// Reads the app and everyone to assign, and works out what would change. GET requests only.
pub async fn plan(
    api: &Api,
    setup: &Setup,
    who: &Assign,
    side: &CognitoSide,
) -> Result<AppPlan, Vec<Finding>> {
    let label = app::label(setup);
    // The Okta app needs the ACS URL and Audience URI; the token issuer plays no part in it.
    let values = setup.values(crate::endpoints::IssuerKind::Original).ok_or_else(|| {
        vec![Finding::error(
            crate::finding::codes::OKTA_NEEDS_DOMAIN,
            "the Okta app needs the ACS URL, and no domain is chosen (domain.prefix or domain.custom)",
            "Set domain.prefix (or domain.custom) in the setup file first.",
        )]
    })?;
    let wanted_id = setup.okta.as_ref().and_then(|o| o.app_id.clone());

    // Reads first, concurrently: the app, and everyone to assign.
    let (existing, assignees) = tokio::join!(
        find_app(api, wanted_id.as_deref(), &label),
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
    let mut findings = Vec::new();
    let mut plan = match existing {
        None => {
            let body = app::create_body(setup, &values, side);
            findings.extend(cognito_side::sign_on_members(setup, &values, side).1);
            AppPlan {
                org_url: api.credentials().org_url.clone(),
                app_label: label,
                app_id: None,
                changes: app::creation_changes(&body),
                activate: false,
                assign_groups: Vec::new(),
                assign_people: Vec::new(),
                metadata_url: None,
                findings: Vec::new(),
                step: AppStep::Create { body },
                groups,
                people,
            }
        }
        Some(current) => {
            let (id, _, status) = app::summary(&current);
            let update = app::update(&current, setup, &values, side);
            findings.extend(update.warnings);
            let (assigned, checks, anyone, metadata_url) = tokio::join!(
                async {
                    if groups.is_empty() {
                        Ok(Default::default())
                    } else {
                        assign::assigned_groups(api, &id).await
                    }
                },
                join_all(people.iter().map(|p| assign::person_assigned(api, &id, p))),
                async {
                    if who.groups.is_empty() && who.people.is_empty() {
                        assign::anyone_assigned(api, &id).await.map(Some)
                    } else {
                        Ok(None)
                    }
                },
                metadata_url::resolve(api, &current),
            );
            let assigned = assigned.map_err(one)?;
            let mut unassigned_people = Vec::new();
            for (p, is) in people.into_iter().zip(checks) {
                if !is.map_err(one)? {
                    unassigned_people.push(p);
                }
            }
            if anyone.map_err(one)? == Some(false) {
                findings.push(assign::nobody_assigned(&format!("the Okta app {id}")));
            }
            let step = if update.changes.is_empty() {
                AppStep::Keep { app: current }
            } else {
                AppStep::Update {
                    id: id.clone(),
                    body: update.body,
                }
            };
            AppPlan {
                org_url: api.credentials().org_url.clone(),
                app_label: label,
                app_id: Some(id),
                changes: update.changes,
                activate: status == "INACTIVE",
                assign_groups: Vec::new(),
                assign_people: Vec::new(),
                // Not a reason to stop before writing: `apply` asks again afterwards, and a
                // failure then is reported with what was done.
                metadata_url: metadata_url.ok(),
                findings: Vec::new(),
                step,
                groups: groups
                    .into_iter()
                    .filter(|g| !assigned.contains(&g.id))
                    .collect(),
                people: unassigned_people,
            }
        }
    };
    if plan.creates() && who.groups.is_empty() && who.people.is_empty() {
        findings.push(assign::nobody_assigned("the new Okta app"));
    }
    findings.extend(side.notes.iter().cloned());
    plan.assign_groups = plan.groups.iter().map(|g| g.name.clone()).collect();
    plan.assign_people = plan.people.iter().map(|p| p.name.clone()).collect();
    plan.findings = findings;
    Ok(plan)
}

/// Writes what `plan` found, stopping at the first failure (the last finding); what was done
/// before it is in `changes`. The plan's warnings come along.
pub async fn apply(api: &Api, plan: AppPlan) -> Outcome {
    let mut out = Outcome {
        org_url: plan.org_url.clone(),
        app_label: plan.app_label.clone(),
        app_id: plan.app_id.clone(),
        metadata_url: plan.metadata_url.clone(),
        ..Outcome::default()
    };
    let warnings = plan.findings.clone();
    let result = apply_steps(api, plan, &mut out).await;
    out.findings.extend(warnings);
    out.findings.extend(result.err());
    out
}

async fn apply_steps(api: &Api, plan: AppPlan, out: &mut Outcome) -> Result<(), Finding> {
    let org = api.credentials().org_host().to_string();
    let app = match plan.step {
        AppStep::Create { body } => {
            let created = api
                .post("/api/v1/apps", Some(&body), "create the SAML app")
                .await?;
            let (id, _, _) = app::summary(&created);
            if id.is_empty() {
                return Err(errors::malformed(
                    "create the SAML app",
                    &org,
                    "the new app has no id",
                ));
            }
            out.changes.push(Change::CreatedApp {
                id,
                label: plan.app_label.clone(),
            });
            created
        }
        AppStep::Update { id, body } => {
            let updated = api
                .put(
                    &format!("/api/v1/apps/{id}"),
                    &body,
                    "update the SAML app's settings",
                )
                .await?;
            out.changes.push(Change::UpdatedApp {
                id,
                fields: plan.changes.clone(),
            });
            updated
        }
        AppStep::Keep { app } => app,
    };
    let (id, _, status) = app::summary(&app);
    out.app_id = Some(id.clone());

    if plan.activate || status == "INACTIVE" {
        api.post(
            &format!("/api/v1/apps/{id}/lifecycle/activate"),
            None,
            "activate the app",
        )
        .await?;
        out.changes.push(Change::ActivatedApp { id: id.clone() });
    }
    for g in plan.groups {
        assign::assign_group(api, &id, &g).await?;
        out.changes.push(Change::AssignedGroup { name: g.name });
    }
    for p in plan.people {
        assign::assign_person(api, &id, &p).await?;
        out.changes.push(Change::AssignedPerson { login: p.name });
    }
    if out.metadata_url.is_none() {
        out.metadata_url = Some(metadata_url::resolve(api, &app).await?);
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
                    crate::finding::codes::OKTA_APP_NOT_FOUND,
                    format!("okta.app_id = \"{id}\" is not an app in {org}"),
                    "Remove okta.app_id to find the app by its label (or create it), or correct the id.",
                )
            })?;
        let mode = app.get("signOnMode").and_then(Value::as_str).unwrap_or("");
        if mode != app::SAML_2_0 {
            return Err(Finding::error(
                crate::finding::codes::OKTA_APP_NOT_SAML,
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
            crate::finding::codes::OKTA_APP_LABEL_TAKEN,
            format!("an Okta app labelled \"{label}\" exists in {org} but does not use SAML 2.0"),
            "Choose another okta.app_label in the setup file.",
        )),
        (many, _) => Err(Finding::error(
            crate::finding::codes::OKTA_APP_AMBIGUOUS,
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
