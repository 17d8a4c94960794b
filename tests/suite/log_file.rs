//! The one log both faces write: a private file under the XDG state folder with each AWS call
//! (status and request id), each finding shown, and never a secret; a link planted at its
//! name is not followed.

use crate::support;
use std::os::unix::fs::PermissionsExt;
use support::federation::{api, new_pool, setup_in};
use support::moto::moto;

#[tokio::test]
async fn plan_logs_each_aws_call_and_finding_to_a_private_file_and_no_secret() {
    let api = api().await;
    let pool = new_pool(&api).await;
    let secret_client = api
        .create_user_pool_client()
        .user_pool_id(&pool)
        .client_name("okta-web")
        .generate_secret(true)
        .send()
        .await
        .unwrap();
    let secret = secret_client
        .user_pool_client()
        .and_then(|c| c.client_secret())
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let mut setup = setup_in(dir.path(), &pool);
    setup.app_client.client_id = secret_client
        .user_pool_client()
        .and_then(|c| c.client_id())
        .map(String::from);
    let config = dir.path().join("okta.toml");
    setup.save(&config).unwrap();
    let state = dir.path().join("state");
    let mut cmd = support::bin();
    for (k, v) in moto().env() {
        cmd.env(k, v);
    }
    let r = support::run(
        cmd.env("XDG_STATE_HOME", &state)
            .args(["plan", "--config"])
            .arg(&config),
    );
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let log = state.join("okta-cognito/okta-cognito.log");
    let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the log is the user's alone");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("face=\"plan\"") || text.contains("face=plan"),
        "{text}"
    );
    let described = text
        .lines()
        .find(|l| l.contains("aws call") && l.contains("DescribeUserPoolClient"))
        .unwrap_or_else(|| panic!("each AWS call is logged:\n{text}"));
    assert!(described.contains("status=200"), "{described}");
    assert!(described.contains("request_id="), "{described}");
    assert!(
        text.lines()
            .any(|l| l.contains("finding") && l.contains("client-has-secret")),
        "each finding is logged:\n{text}"
    );
    assert!(!text.contains(&secret), "no secret in the log");
}

#[test]
fn a_link_planted_at_the_logs_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir_all(state.join("okta-cognito")).unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep\n").unwrap();
    std::os::unix::fs::symlink(&victim, state.join("okta-cognito/okta-cognito.log")).unwrap();
    let r = support::run(
        support::bin()
            .env("XDG_STATE_HOME", &state)
            .args(["explain", "error=access_denied"]),
    );
    assert_eq!(r.code, 0, "the command works without its log: {}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep\n");
}
