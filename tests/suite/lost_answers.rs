//! Faults between us and AWS during `apply`: a create whose answer is lost after AWS acted
//! must not create a second client, provider or domain; a server error or throttling is
//! retried without duplicates. The faults come from a loopback proxy in front of moto.

use crate::support;

use okta_cognito::cognito::apply::apply;
use okta_cognito::cognito::pools::list_app_clients;
use okta_cognito::cognito::state;
use support::fault_proxy::{Fault, FaultProxy};
use support::federation::*;
use support::moto::moto;

async fn apply_through(proxy: &FaultProxy, pool: &str) -> okta_cognito::cognito::apply::Outcome {
    let api = proxy.client().await;
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), pool);
    let (st, p) = plan_for(&api, &setup).await;
    apply(&api, &setup, &st, &p, &|_| {}).await
}

#[tokio::test]
async fn lost_answers_to_every_create_leave_one_of_each() {
    let direct = api().await;
    let pool = new_pool(&direct).await;
    let proxy = FaultProxy::start(&moto().endpoint);
    for action in [
        "CreateUserPoolClient",
        "CreateIdentityProvider",
        "CreateUserPoolDomain",
    ] {
        proxy.inject(action, &[Fault::DropAfterForward]);
    }

    let outcome = apply_through(&proxy, &pool).await;

    assert!(outcome.succeeded(), "{:#?}", outcome.failures);
    let clients = list_app_clients(&direct, &pool).await.unwrap();
    let named: Vec<_> = clients.iter().filter(|c| c.name == "okta-web").collect();
    assert_eq!(named.len(), 1, "exactly one okta-web client: {clients:#?}");
    assert_eq!(outcome.client_id.as_deref(), Some(named[0].id.as_str()));
    for action in [
        "CreateUserPoolClient",
        "CreateIdentityProvider",
        "CreateUserPoolDomain",
    ] {
        assert_eq!(proxy.forwarded(action), 1, "{action} reached AWS once");
    }
    assert!(
        state::read_provider(&direct, &pool, "Okta")
            .await
            .unwrap()
            .is_some()
    );
    let client = state::read_client(&direct, &pool, &named[0].id)
        .await
        .unwrap();
    assert_eq!(
        client.supported_identity_providers(),
        ["Okta", "COGNITO"],
        "the client update after the lost create still happened"
    );
}

#[tokio::test]
async fn a_server_error_and_throttling_are_retried_without_a_duplicate() {
    let direct = api().await;
    let pool = new_pool(&direct).await;
    let proxy = FaultProxy::start(&moto().endpoint);
    proxy.inject("CreateUserPoolClient", &[Fault::Answer500, Fault::Throttle]);

    let outcome = apply_through(&proxy, &pool).await;

    assert!(outcome.succeeded(), "{:#?}", outcome.failures);
    let clients = list_app_clients(&direct, &pool).await.unwrap();
    assert_eq!(clients.iter().filter(|c| c.name == "okta-web").count(), 1);
    assert_eq!(proxy.forwarded("CreateUserPoolClient"), 1);
}

#[tokio::test]
async fn a_connection_that_stays_down_fails_with_one_create_and_says_nothing_was_doubled() {
    let direct = api().await;
    let pool = new_pool(&direct).await;
    let proxy = FaultProxy::start(&moto().endpoint);
    proxy.inject("CreateUserPoolClient", &[Fault::Answer500; 3]);

    let outcome = apply_through(&proxy, &pool).await;

    let failure = outcome
        .failures
        .iter()
        .find(|f| f.message.contains("CreateUserPoolClient"))
        .unwrap_or_else(|| panic!("{:#?}", outcome.failures));
    assert!(
        failure.fix.contains("Nothing was created twice"),
        "{failure:#?}"
    );
    assert_eq!(proxy.forwarded("CreateUserPoolClient"), 0);
    assert!(list_app_clients(&direct, &pool).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_last_attempts_lost_answer_is_looked_for_too() {
    let direct = api().await;
    let pool = new_pool(&direct).await;
    let proxy = FaultProxy::start(&moto().endpoint);
    proxy.inject(
        "CreateUserPoolClient",
        &[Fault::Answer500, Fault::Answer500, Fault::DropAfterForward],
    );

    let outcome = apply_through(&proxy, &pool).await;

    assert!(outcome.succeeded(), "{:#?}", outcome.failures);
    let clients = list_app_clients(&direct, &pool).await.unwrap();
    assert_eq!(clients.len(), 1, "{clients:#?}");
    assert_eq!(outcome.client_id.as_deref(), Some(clients[0].id.as_str()));
}

/// The disk fills after `apply` created the client: the id cannot be saved (the write fails
/// past a 64-byte file-size limit, as on a full disk). The next `plan` finds the client by
/// its name and records its id, and `apply` then has nothing to do: one client, not two.
#[tokio::test]
async fn a_client_id_lost_to_a_full_disk_is_recorded_by_the_next_plan() {
    use std::os::unix::process::CommandExt;
    let direct = api().await;
    let pool = new_pool(&direct).await;
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), &pool);
    let config = dir.path().join("okta.toml");
    setup.save(&config).unwrap();
    let with_env = |cmd: &mut std::process::Command| {
        for (k, v) in moto().env() {
            cmd.env(k, v);
        }
    };
    let mut full = support::bin();
    with_env(&mut full);
    full.args(["apply", "--yes", "--config"]).arg(&config);
    // SAFETY: setrlimit and signal are async-signal-safe; SIGXFSZ ignored so a write past the
    // limit fails with EFBIG, as a write to a full disk fails with ENOSPC.
    unsafe {
        full.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 64,
                rlim_max: 64,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let r = support::run(&mut full);
    assert_eq!(r.code, 1, "the id could not be saved: {}", r.stderr);
    assert!(
        r.stderr.contains("setup-file-unwritable"),
        "the failed save is named: {}",
        r.stderr
    );
    let recorded = || {
        okta_cognito::setup::Setup::load(&config)
            .unwrap()
            .app_client
            .client_id
    };
    assert_eq!(recorded(), None);
    let clients = list_app_clients(&direct, &pool).await.unwrap();
    assert_eq!(clients.len(), 1, "apply made the client");
    let made = clients[0].id.clone();

    let mut plan = support::bin();
    with_env(&mut plan);
    let r = support::run(plan.args(["plan", "--config"]).arg(&config));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("No changes"), "{}", r.stdout);
    assert!(
        r.stderr.contains("Saved app_client.client_id"),
        "{}",
        r.stderr
    );
    assert_eq!(recorded(), Some(made));
    let mut again = support::bin();
    with_env(&mut again);
    let r = support::run(again.args(["apply", "--yes", "--config"]).arg(&config));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(list_app_clients(&direct, &pool).await.unwrap().len(), 1);
}
