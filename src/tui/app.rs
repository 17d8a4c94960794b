//! The wizard's model and its `update`: The Elm Architecture. `update` never awaits and never
//! touches the network; it returns `Cmd`s that the event loop runs as tasks, whose answers
//! come back as `Msg::Job`.

use super::input::Input;
use super::steps;
use crate::finding::Finding;
use crate::flows::shown::Assign;
use crate::flows::shown::Credentials;
use crate::flows::shown::LoginOutcome;
use crate::flows::shown::MetadataReport as Report;
use crate::flows::shown::Plan;
use crate::flows::shown::Progress;
use crate::flows::shown::{ClientSummary, PoolSummary};
use crate::flows::shown::{DomainState, PoolState, State};
use crate::setup::Setup;
use aws_sdk_cognitoidentityprovider::types::UserPoolClientType;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    Welcome,
    Pool,
    Client,
    Domain,
    Okta,
    Metadata,
    Provider,
    Settings,
    Review,
    Apply,
    SignIn,
    Done,
    /// Reached from Welcome to check an existing federation; outside the numbered steps.
    Doctor,
    /// Every customer federated into the pool (reached from Welcome when the setup has
    /// several, or from Done); outside the numbered steps.
    Tenants,
}

impl Step {
    pub const ALL: [Step; 12] = [
        Step::Welcome,
        Step::Pool,
        Step::Client,
        Step::Domain,
        Step::Okta,
        Step::Metadata,
        Step::Provider,
        Step::Settings,
        Step::Review,
        Step::Apply,
        Step::SignIn,
        Step::Done,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Welcome => "Welcome",
            Step::Pool => "User pool",
            Step::Client => "App client",
            Step::Domain => "Domain",
            Step::Okta => "Identity provider",
            Step::Metadata => "IdP metadata",
            Step::Provider => "Provider and attributes",
            Step::Settings => "App client settings",
            Step::Review => "Review the plan",
            Step::Apply => "Apply",
            Step::SignIn => "Test sign-in",
            Step::Done => "Done",
            Step::Doctor => "Doctor",
            Step::Tenants => "Customers (tenants)",
        }
    }

    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn next(self) -> Step {
        Step::ALL.get(self.number()).copied().unwrap_or(Step::Done)
    }
}

/// Something being fetched: the UI shows a spinner while `Loading`.
#[derive(Debug, Clone, Default)]
pub enum Load<T> {
    #[default]
    Idle,
    Loading,
    Ready(T),
    Failed(Vec<Finding>),
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(t) => Some(t),
            _ => None,
        }
    }
    pub fn is_loading(&self) -> bool {
        matches!(self, Load::Loading)
    }
}

/// Which background job an answer belongs to; a newer job of the same kind makes older
/// answers stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    Credentials,
    Pools,
    Pool,
    Clients,
    Client,
    Domain,
    Metadata,
    Plan,
    Apply,
    Login,
    /// Stopping a waiting sign-in, until its port is free again.
    LoginCancel,
    Doctor,
    OktaChoices,
    OktaEnsure,
    PoolBadges,
    Certificates,
    SignOut,
    /// `doctor --all` for the Tenants screen.
    TenantsDoctor,
    /// A tenant's hand-off kit, made to be written beside the setup file.
    Kit,
}

#[derive(Debug)]
pub enum JobResult {
    Credentials(Result<String, Finding>),
    Pools(Result<Vec<PoolSummary>, Finding>),
    Pool(Result<PoolState, Finding>),
    Clients(Result<Vec<ClientSummary>, Finding>),
    Client(Result<Box<UserPoolClientType>, Finding>),
    Domain(Result<DomainState, Finding>),
    Metadata(Box<Report>),
    Plan(Result<Box<(State, Plan)>, Vec<Finding>>),
    ApplyProgress(Progress),
    ApplyDone(Box<crate::flows::apply::Applied>),
    LoginUrl(String),
    LoginBrowser(Result<String, Finding>),
    LoginTick(Duration),
    LoginDone(Box<Result<LoginOutcome, Finding>>),
    PoolBadges(std::collections::HashMap<String, crate::flows::shown::PoolBadge>),
    /// The cancelled sign-in's listener is gone; the port (named) is free.
    LoginCancelled(u16),
    Doctor(
        Result<
            Box<(
                crate::flows::shown::Facts,
                crate::flows::shown::DoctorReport,
            )>,
            Vec<Finding>,
        >,
    ),
    OktaChoices(Result<Vec<OktaChoice>, Finding>),
    OktaEnsured(Box<crate::flows::okta_app::SetUp>),
    /// Cognito's certificates (and client) the provider options need in the Okta app.
    Certificates(Box<crate::flows::shown::CognitoSide>),
    /// Every tenant checked (`doctor --all`).
    TenantsDoctor(Result<Box<crate::flows::shown::TenantsReport>, Vec<Finding>>),
    /// A tenant's kit, and what kept Cognito's certificate out of it.
    Kit(Result<Box<(crate::flows::shown::Kit, Vec<Finding>)>, Finding>),
    /// The sign-out test's result, and the sign-out URL when it had to be registered.
    SignedOut(
        Box<(
            Result<crate::flows::shown::SignOut, Finding>,
            Option<String>,
        )>,
    ),
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Tick,
    Job(JobKind, u64, JobResult),
}

/// Side effects `update` asks for; the event loop runs them.
#[derive(Debug, Clone)]
pub enum Cmd {
    LoadCredentials,
    /// The pools of this region (Welcome can switch it).
    ListPools(String),
    /// Domain and SAML provider of the listed pools.
    PoolBadges(String, Vec<String>),
    LoadPool(String),
    ListClients(String),
    LoadClient(String, String),
    CheckDomain(String),
    FetchMetadata(String),
    Plan(Box<Setup>),
    Apply(Box<(Setup, State, Plan)>),
    /// The setup and overrides; the job reads the pool's issuer and the client's secret first.
    Login(Box<(Setup, crate::flows::shown::Overrides)>),
    /// Stops the waiting sign-in and reports once its port is free again.
    CancelLogin(u16),
    /// The browser's final address (or Cognito's error page address), pasted while waiting.
    LoginPaste(String),
    /// The federation to check, and the setup whose `[okta]` section (and folder) tell the
    /// doctor how to reach the Okta app.
    Doctor(Box<(crate::flows::shown::DoctorTarget, Setup)>),
    OktaChoices(Box<Credentials>),
    OktaEnsure(Box<(Setup, Credentials, Assign)>),
    /// Reads what the provider options need from Cognito (`flows::okta_side`).
    Certificates(Box<Setup>),
    /// Registers the sign-out URL if needed, then Cognito's /logout and the browser awaited.
    SignOut(Box<(Setup, crate::flows::shown::Overrides)>),
    /// Checks every tenant of the setup (`doctor --all`).
    DoctorAll(Box<Setup>),
    /// Makes the named tenant's kit (reading Cognito's certificate when it needs one).
    Kit(Box<(Setup, String)>),
    Copy(String),
    Save(PathBuf, Box<Setup>),
    WriteFile(PathBuf, String),
    Quit,
}

/// A command with the job it belongs to (`kind: None` for fire-and-forget effects).
#[derive(Debug, Clone)]
pub struct Job {
    pub kind: Option<JobKind>,
    pub id: u64,
    pub cmd: Cmd,
}

pub fn fire(cmd: Cmd) -> Job {
    Job {
        kind: None,
        id: 0,
        cmd,
    }
}

#[derive(Debug, Clone)]
pub struct AwsInfo {
    pub profile: Option<String>,
    pub region: String,
    /// What chose the region; empty when the caller did not say.
    pub region_source: String,
    /// Other regions the AWS config names, `(profile, region)`.
    pub offered_regions: Vec<(String, String)>,
    pub credentials: Load<String>,
}

pub use super::steps::apply::{ApplyView, StepState};
pub use super::steps::okta_api::{OktaApiView, OktaChoice};
pub use super::steps::signin::SignInView;

pub struct App {
    pub step: Step,
    pub setup: Setup,
    /// Each screen's own inputs and loads (its cursor is `focus`/`editing` while it shows).
    pub screens: steps::Screens,
    /// Focused row or field of the current screen.
    pub focus: usize,
    pub editing: bool,
    /// Pool and client screens lead to the doctor instead of the setup screens.
    pub doctor_mode: bool,
    pub aws: AwsInfo,
    /// What AWS said about the account: shared by the screens that show or use it.
    pub account: Account,
    pub file: SetupFile,
    pub session: Session,
    pub nav: Nav,
    pub chrome: Chrome,
    pub jobs: JobIds,
}

/// What AWS said about the account, shared by the screens that show or use it.
#[derive(Default)]
pub struct Account {
    pub pools: Load<Vec<PoolSummary>>,
    pub pool: Load<PoolState>,
    pub clients: Load<Vec<ClientSummary>>,
    pub client: Load<UserPoolClientType>,
}

/// The setup file: where it is, and what it holds as last read or written.
pub struct SetupFile {
    pub setup_path: Input,
    /// The wizard started from an existing setup file (Welcome offers to continue it).
    pub resumed: bool,
    /// What the setup file holds, as last read or written; None: nothing written yet.
    pub on_disk: Option<Setup>,
    /// The last save failed: shown until a key dismisses it, never silently.
    pub save_error: Option<String>,
}

/// What this run of the wizard was started with.
pub struct Session {
    pub overrides: crate::flows::shown::Overrides,
    /// `Some(where)` under `rehearse`: the header says REHEARSAL and names the local endpoints.
    pub rehearsal: Option<String>,
    /// Shown in the help overlay.
    pub log_path: String,
}

/// The way back: the screens walked, and where the focus was on each when it was left
/// (Back returns to that row: the client the person chose, not the top of the list).
#[derive(Default)]
pub struct Nav {
    pub history: Vec<Step>,
    pub focus_left: std::collections::HashMap<Step, usize>,
}

/// The frame around the screens: status line, overlays, the quit question, the size.
pub struct Chrome {
    pub status: Option<(String, Instant)>,
    pub help: bool,
    pub confirm_quit: bool,
    pub quit: bool,
    pub size: (u16, u16),
    pub spinner: usize,
}

/// Job ids: each kind's latest, so an answer to an older request is dropped.
#[derive(Default)]
pub struct JobIds {
    pub next_job: u64,
    pub latest: std::collections::HashMap<JobKind, u64>,
}

pub const DEFAULT_SETUP_PATH: &str = "okta-cognito.toml";
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

impl App {
    pub fn new(profile: Option<String>, region: String, resume: Option<(PathBuf, Setup)>) -> App {
        let (path, setup, resumed) = match resume {
            Some((p, s)) => (p.display().to_string(), s, true),
            None => (
                DEFAULT_SETUP_PATH.to_string(),
                Setup::new(region.clone(), ""),
                false,
            ),
        };
        let mapping = if setup.provider.attribute_mapping.is_empty() {
            vec![(Input::with("email"), Input::with("Email Id"))]
        } else {
            setup
                .provider
                .attribute_mapping
                .iter()
                .map(|(k, v)| (Input::with(k), Input::with(v)))
                .collect()
        };
        let region = if resumed {
            setup.region.clone()
        } else {
            region
        };
        let mut setup = setup;
        // Paths in the setup are its folder's, wherever the wizard was started.
        setup.locate_at(
            std::path::Path::new(&path),
            &std::env::current_dir().unwrap_or_default(),
        );
        if setup.provider.attribute_mapping.is_empty() {
            // The guide's example, so the Okta checklist has a statement to show.
            setup
                .provider
                .attribute_mapping
                .insert("email".into(), "Email Id".into());
        }
        App {
            step: Step::Welcome,
            aws: AwsInfo {
                profile,
                region,
                region_source: String::new(),
                offered_regions: vec![],
                credentials: Load::Loading,
            },
            // Welcome opens on its main action.
            focus: 1,
            account: Account::default(),
            screens: steps::Screens::new(&setup, mapping),
            doctor_mode: false,
            editing: false,
            file: SetupFile {
                setup_path: Input::with(&path),
                resumed,
                on_disk: resumed.then(|| setup.clone()),
                save_error: None,
            },
            setup,
            session: Session {
                overrides: crate::flows::shown::Overrides::default(),
                rehearsal: None,
                log_path: super::log_path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "(no log directory)".into()),
            },
            nav: Nav::default(),
            chrome: Chrome {
                status: None,
                help: false,
                confirm_quit: false,
                quit: false,
                size: (80, 24),
                spinner: 0,
            },
            jobs: JobIds::default(),
        }
    }

    /// The first commands: resolve credentials (never delays the first frame).
    pub fn init(&mut self) -> Vec<Job> {
        vec![self.job(JobKind::Credentials, Cmd::LoadCredentials)]
    }

    /// Registers a job; its answer is dropped if another job of the kind starts meanwhile.
    pub fn job(&mut self, kind: JobKind, cmd: Cmd) -> Job {
        self.jobs.next_job += 1;
        self.jobs.latest.insert(kind, self.jobs.next_job);
        Job {
            kind: Some(kind),
            id: self.jobs.next_job,
            cmd,
        }
    }

    /// Answers still to come from `kind`'s job are ignored from now on.
    pub fn forget(&mut self, kind: JobKind) {
        self.jobs.latest.remove(&kind);
    }

    pub fn is_stale(&self, kind: JobKind, id: u64) -> bool {
        self.jobs.latest.get(&kind) != Some(&id)
    }

    pub fn pending(&self) -> bool {
        self.aws.credentials.is_loading()
            || self.account.pools.is_loading()
            || self.account.pool.is_loading()
            || self.account.clients.is_loading()
            || self.account.client.is_loading()
            || self.screens.domain.check.is_loading()
            || self.screens.metadata.report.is_loading()
            || self.screens.review.plan.is_loading()
            || (self.screens.apply.started.is_some() && self.screens.apply.outcome.is_none())
            || self.screens.signin.running
            || self.screens.doctor.is_loading()
            || self.screens.okta.api.running
            || self.screens.okta.api.choices.is_loading()
            || self.chrome.status.is_some()
    }

    pub fn flash(&mut self, text: impl Into<String>) {
        self.chrome.status = Some((text.into(), Instant::now()));
    }

    pub fn go(&mut self, to: Step) -> Vec<Job> {
        if to != self.step {
            self.nav.focus_left.insert(self.step, self.focus);
            self.nav.history.push(self.step);
            self.step = to;
            self.focus = 0;
            self.editing = false;
        }
        let mut cmds = steps::enter(self);
        cmds.extend(self.autosave());
        cmds
    }

    /// A save went through: the file now holds `written`.
    pub fn saved_as(&mut self, written: Setup) {
        self.file.on_disk = Some(written);
        self.file.save_error = None;
    }

    pub fn save_failed(&mut self, why: String) {
        self.file.save_error = Some(why);
    }

    /// What quitting now would lose, in words; None when nothing would be.
    pub fn unsaved(&self) -> Option<String> {
        let mut lost = Vec::new();
        let typed = |input: &Input, held: &str| {
            let v = input.value.trim();
            !v.is_empty() && v != held.trim()
        };
        if typed(
            &self.screens.domain.input,
            self.setup.domain.prefix.as_deref().unwrap_or(""),
        ) {
            lost.push(format!(
                "the domain prefix \"{}\" being typed",
                self.screens.domain.input.value.trim()
            ));
        }
        if !self.screens.settings.url.value.trim().is_empty() {
            lost.push(format!(
                "the URL \"{}\" being typed",
                self.screens.settings.url.value.trim()
            ));
        }
        let source = self
            .setup
            .metadata_source_from(&std::env::current_dir().unwrap_or_default())
            .unwrap_or_default();
        if typed(&self.screens.metadata.input, &source) {
            lost.push("the metadata address being typed".to_string());
        }
        if typed(&self.screens.provider.name, &self.setup.provider.name) {
            lost.push("the provider name being typed".to_string());
        }
        let customer = &self.screens.tenants.form;
        if [&customer.name, &customer.domains, &customer.metadata]
            .iter()
            .any(|i| !i.value.trim().is_empty())
        {
            lost.push(format!(
                "the customer \"{}\" being added",
                customer.name.value.trim()
            ));
        }
        let meaningful = !self.setup.user_pool_id.is_empty();
        if meaningful && self.file.on_disk.as_ref() != Some(&self.setup) {
            lost.push(match &self.file.save_error {
                Some(_) => "the setup (the last save failed)".to_string(),
                None => "changes not yet in the setup file".to_string(),
            });
        }
        (!lost.is_empty()).then(|| lost.join(", "))
    }

    pub fn back(&mut self) {
        if let Some(prev) = self.nav.history.pop() {
            self.step = prev;
            self.focus = self.nav.focus_left.get(&prev).copied().unwrap_or(0);
            self.editing = false;
        }
    }

    /// Back to `to` (a screen walked through before), entering it again as if arriving: what
    /// it shows is read afresh. Screens ask for this instead of setting the step themselves.
    pub fn return_to(&mut self, to: Step) -> Vec<Job> {
        while self.step != to && !self.nav.history.is_empty() {
            self.back();
        }
        if self.step != to {
            return self.go(to);
        }
        steps::enter(self)
    }

    /// Saves progress once the user has a pool (the file then means something).
    pub fn autosave(&mut self) -> Vec<Job> {
        if self.setup.user_pool_id.is_empty() || self.file.setup_path.value.trim().is_empty() {
            return vec![];
        }
        let path = PathBuf::from(self.file.setup_path.value.trim());
        self.setup
            .locate_at(&path, &std::env::current_dir().unwrap_or_default());
        vec![fire(Cmd::Save(path, Box::new(self.setup.clone())))]
    }
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Job> {
    match msg {
        Msg::Tick => {
            app.chrome.spinner = app.chrome.spinner.wrapping_add(1);
            if app
                .chrome
                .status
                .as_ref()
                .is_some_and(|(_, at)| at.elapsed() > Duration::from_secs(3))
            {
                app.chrome.status = None;
            }
            vec![]
        }
        Msg::Resize(w, h) => {
            app.chrome.size = (w, h);
            vec![]
        }
        Msg::Paste(text) => steps::paste(app, &text),
        Msg::Job(kind, id, result) => {
            if app.is_stale(kind, id) {
                return vec![];
            }
            steps::job_done(app, result)
        }
        Msg::Key(key) => on_key(app, key),
    }
}

/// While the screen says only "too small", no key reaches a field or a screen it hides: `q`
/// quits (asking first when something would be lost, the question shown there too).
fn too_small_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let quit = if app.chrome.confirm_quit {
        app.chrome.confirm_quit = false;
        matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'))
    } else if key.code == KeyCode::Char('q') {
        app.chrome.confirm_quit = app.unsaved().is_some();
        !app.chrome.confirm_quit
    } else {
        false
    };
    if quit {
        app.chrome.quit = true;
        return vec![fire(Cmd::Quit)];
    }
    vec![]
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Job> {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        app.chrome.quit = true;
        return vec![fire(Cmd::Quit)];
    }
    if app.chrome.size.0 < MIN_WIDTH || app.chrome.size.1 < MIN_HEIGHT {
        return too_small_key(app, key);
    }
    if app.file.save_error.is_some() && !app.chrome.confirm_quit {
        // The failure stays until the person has seen it: this key only dismisses it.
        app.file.save_error = None;
        return vec![];
    }
    if app.chrome.confirm_quit {
        app.chrome.confirm_quit = false;
        if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
            app.chrome.quit = true;
            return vec![fire(Cmd::Quit)];
        }
        return vec![];
    }
    if app.chrome.help {
        app.chrome.help = false;
        return vec![];
    }
    if !app.editing {
        match key.code {
            KeyCode::Char('?') => {
                app.chrome.help = true;
                return vec![];
            }
            KeyCode::Char('q') => {
                if app.unsaved().is_none() {
                    app.chrome.quit = true;
                    return vec![fire(Cmd::Quit)];
                }
                app.chrome.confirm_quit = true;
                return vec![];
            }
            KeyCode::Esc if app.step == Step::SignIn && app.screens.signin.running => {
                return steps::signin::cancel(app);
            }
            KeyCode::Esc => {
                app.back();
                return vec![];
            }
            _ => {}
        }
    } else if key.code == KeyCode::Esc {
        app.editing = false;
        app.screens.signin.port = None;
        return vec![];
    }
    steps::on_key(app, key)
}
