//! Runs the commands `update` asks for as tasks; every answer goes back as a `Msg::Job`.

use super::app::{Cmd, Job, JobKind, JobResult, Msg, OktaChoice};
use crate::cognito::{pools, state};
use crate::finding::Finding;
use crate::flows::progress::Reporter;
use crate::flows::shown::MetadataSource as Source;
use aws_config::SdkConfig;
use aws_sdk_cognitoidentityprovider::Client;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OnceCell, mpsc::UnboundedSender};

#[derive(Clone)]
pub struct Ctx {
    pub tx: UnboundedSender<Msg>,
    pub profile: Option<String>,
    pub region: String,
    sdk: Arc<OnceCell<SdkConfig>>,
    clients: Arc<Mutex<HashMap<String, Client>>>,
    /// The waiting sign-in: its task (aborting it drops the listener) and where pasted
    /// addresses go.
    login: Arc<Mutex<Option<LoginHandle>>>,
}

struct LoginHandle {
    task: tokio::task::JoinHandle<()>,
    paste: tokio::sync::mpsc::UnboundedSender<String>,
}

impl Ctx {
    pub fn new(tx: UnboundedSender<Msg>, profile: Option<String>, region: String) -> Ctx {
        Ctx {
            tx,
            profile,
            region,
            sdk: Arc::new(OnceCell::new()),
            clients: Arc::new(Mutex::new(HashMap::new())),
            login: Arc::new(Mutex::new(None)),
        }
    }

    /// Stops the waiting sign-in, and returns once its task has ended and `port` accepts a
    /// new listener: the listener's sockets close as their tasks wind down, a moment later.
    async fn cancel_login(&self, port: u16) {
        let handle = self.login.lock().expect("login handle").take();
        if let Some(h) = handle {
            h.task.abort();
            let _ = h.task.await;
        }
        for _ in 0..200 {
            if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    /// Hands a pasted address to the waiting sign-in.
    pub fn paste_login(&self, text: String) {
        if let Some(h) = self.login.lock().expect("login handle").as_ref() {
            let _ = h.paste.send(text);
        }
    }

    async fn sdk(&self) -> &SdkConfig {
        self.sdk
            .get_or_init(|| crate::aws::load_config(self.profile.as_deref(), Some(&self.region)))
            .await
    }

    /// A client for `region` (a pool's id says where it lives).
    async fn api(&self, region: &str) -> Client {
        let sdk = self.sdk().await.clone();
        let mut clients = self.clients.lock().expect("client cache");
        clients
            .entry(region.to_string())
            .or_insert_with(|| {
                let conf = aws_sdk_cognitoidentityprovider::config::Builder::from(&sdk)
                    .region(aws_config::Region::new(region.to_string()))
                    .build();
                Client::from_conf(conf)
            })
            .clone()
    }

    fn send(&self, kind: JobKind, id: u64, r: JobResult) {
        let _ = self.tx.send(Msg::Job(kind, id, r));
    }
}

fn region_of(pool_id: &str) -> &str {
    crate::setup::pool_id::PoolId::region_of(pool_id).unwrap_or(pool_id)
}

/// The wizard's one reporter: what a flow reports goes to the screen as a message for the
/// job it belongs to.
struct Ui {
    ctx: Ctx,
    id: u64,
}

impl Reporter for Ui {
    fn apply_step(&self, step: crate::flows::shown::Progress) {
        self.ctx
            .send(JobKind::Apply, self.id, JobResult::ApplyProgress(step));
    }
    fn sign_in_url(&self, url: &str, _redirect_uri: &str) {
        self.ctx.send(
            JobKind::Login,
            self.id,
            JobResult::LoginUrl(url.to_string()),
        );
    }
    fn browser(&self, opened: &Result<String, Finding>) {
        self.ctx.send(
            JobKind::Login,
            self.id,
            JobResult::LoginBrowser(opened.clone()),
        );
    }
    fn waiting(&self, remaining: Duration) {
        self.ctx
            .send(JobKind::Login, self.id, JobResult::LoginTick(remaining));
    }
}

/// Starts the task for an AWS/HTTP command. Local effects (copy, save, quit) are the event
/// loop's own business and are not handled here.
pub fn spawn(ctx: &Ctx, job: Job) {
    let Some(kind) = job.kind else { return };
    let is_login = matches!(job.cmd, Cmd::Login(_));
    let (pasted_tx, pasted_rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let mut pasted_rx = Some(pasted_rx);
    let outer = ctx.clone();
    let (ctx, id) = (ctx.clone(), job.id);
    tracing::info!(?kind, id, "job started");
    let task = tokio::spawn(async move {
        let result = match job.cmd {
            Cmd::LoadCredentials => {
                JobResult::Credentials(crate::flows::credentials::probe(ctx.sdk().await).await)
            }
            Cmd::ListPools(region) => {
                JobResult::Pools(pools::list_user_pools(&ctx.api(&region).await).await)
            }
            Cmd::LoadPool(p) => {
                JobResult::Pool(state::read_pool(&ctx.api(region_of(&p)).await, &p).await)
            }
            Cmd::ListClients(p) => JobResult::Clients(
                pools::list_app_clients_described(&ctx.api(region_of(&p)).await, &p).await,
            ),
            Cmd::LoadClient(p, c) => JobResult::Client(
                state::read_client(&ctx.api(region_of(&p)).await, &p, &c)
                    .await
                    .map(Box::new),
            ),
            Cmd::CheckDomain(d) => {
                JobResult::Domain(state::read_domain(&ctx.api(&ctx.region).await, &d).await)
            }
            Cmd::FetchMetadata(src) => {
                let report = crate::flows::metadata::check(&Source::parse(&src), None).await;
                JobResult::Metadata(Box::new(report))
            }
            Cmd::Plan(setup) => {
                let api = ctx.api(&setup.region).await;
                JobResult::Plan(crate::flows::plan::run(&api, &setup).await.map(Box::new))
            }
            Cmd::Apply(b) => {
                let (setup, st, p) = *b;
                let api = ctx.api(&setup.region).await;
                let ui = Ui {
                    ctx: ctx.clone(),
                    id,
                };
                JobResult::ApplyDone(Box::new(
                    crate::flows::apply::run(&api, &setup, &st, &p, &ui).await,
                ))
            }
            Cmd::Login(b) => {
                let (setup, overrides) = *b;
                let ui = Ui {
                    ctx: ctx.clone(),
                    id,
                };
                let api = ctx.api(&setup.region).await;
                let outcome = match crate::flows::sign_in::prepare(&api, &setup, &overrides).await {
                    Ok(cfg) => crate::flows::sign_in::run(&cfg, &ui, pasted_rx.take()).await,
                    Err(f) => Err(f),
                };
                JobResult::LoginDone(Box::new(outcome))
            }
            Cmd::SignOut(b) => {
                let (mut setup, overrides) = *b;
                let api = ctx.api(&setup.region).await;
                let open_browser = !overrides.no_browser;
                let r = crate::flows::sign_out::run(&api, &mut setup, None, &overrides, |url| {
                    if open_browser {
                        let _ = crate::flows::sign_out::open_browser(url);
                    }
                })
                .await;
                let port = overrides.port.unwrap_or(setup.login.port);
                let uri = crate::endpoints::loopback_signed_out_uri(port);
                match r {
                    Ok((s, added)) => JobResult::SignedOut(Box::new((Ok(s), added.then_some(uri)))),
                    Err(f) => JobResult::SignedOut(Box::new((Err(f), None))),
                }
            }
            Cmd::Certificates(setup) => {
                let api = ctx.api(&setup.region).await;
                JobResult::Certificates(Box::new(crate::flows::okta_side::read(&api, &setup).await))
            }
            Cmd::PoolBadges(region, ids) => {
                let api = ctx.api(&region).await;
                JobResult::PoolBadges(pools::badges(&api, &ids).await)
            }
            Cmd::CancelLogin(port) => {
                ctx.cancel_login(port).await;
                JobResult::LoginCancelled(port)
            }
            Cmd::Doctor(b) => {
                let (target, setup) = *b;
                let api = ctx.api(&target.region).await;
                let checked = crate::flows::doctor::run(
                    &api,
                    &target,
                    crate::flows::doctor::IdpSide::of(&setup),
                )
                .await;
                JobResult::Doctor(checked.map(Box::new))
            }
            Cmd::DoctorAll(setup) => {
                let api = ctx.api(&setup.region).await;
                JobResult::TenantsDoctor(
                    crate::flows::doctor::all(&api, &setup).await.map(Box::new),
                )
            }
            Cmd::Kit(b) => {
                let (setup, name) = *b;
                let api = ctx.api(&setup.region).await;
                JobResult::Kit(
                    crate::flows::tenant::kit(&api, &setup, &name)
                        .await
                        .map(Box::new),
                )
            }
            Cmd::OktaChoices(creds) => {
                let choices = crate::flows::okta_app::assignable(*creds).await;
                JobResult::OktaChoices(choices.map(|(groups, people)| {
                    let pick = |group| {
                        move |who| OktaChoice {
                            group,
                            who,
                            chosen: false,
                        }
                    };
                    groups
                        .into_iter()
                        .map(pick(true))
                        .chain(people.into_iter().map(pick(false)))
                        .collect()
                }))
            }
            Cmd::OktaEnsure(b) => {
                let (setup, creds, who) = *b;
                let cognito = ctx.api(&setup.region).await;
                let set_up =
                    crate::flows::okta_app::set_up_with(Some(&cognito), creds, &setup, &who).await;
                JobResult::OktaEnsured(Box::new(set_up))
            }
            Cmd::Copy(_) | Cmd::Save(..) | Cmd::WriteFile(..) | Cmd::Quit | Cmd::LoginPaste(_) => {
                return;
            }
        };
        tracing::info!(?kind, id, "job finished");
        ctx.send(kind, id, result);
    });
    if is_login {
        // One sign-in waits at a time: a new one replaces (and stops) the last.
        let previous = outer
            .login
            .lock()
            .expect("login handle")
            .replace(LoginHandle {
                task,
                paste: pasted_tx,
            });
        if let Some(p) = previous {
            p.task.abort();
        }
    }
}
