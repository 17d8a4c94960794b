//! Forty customers into one pool, against the emulator holding the pool to Cognito's
//! request-rate quotas (5 requests per second per pool for each provider operation, 15 per
//! second per account for provider writes; beyond them `TooManyRequestsException`).
//! Measures `apply` creating 40 providers and `doctor --all` checking them, beside the floor
//! the quotas set, and counts the requests the emulator refused.
//! Run: `cargo build --release && cargo bench --bench tenants`. The README quotes its table.

#[path = "../tests/support/moto.rs"]
#[allow(dead_code)]
mod moto;

use okta_cognito::flows::tenant::{NewTenant, add};
use okta_cognito::rehearse::emulator::{self, Emulator};
use okta_cognito::setup::{IdpKind, Setup};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 3;
const TENANTS: usize = 40;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn env(cmd: &mut Command, e: &Emulator) {
    cmd.env("AWS_ENDPOINT_URL", &e.endpoint)
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true");
}

/// A new pool held to the quotas; the answer counts its refused requests so far.
async fn quotas(e: &Emulator, pool: &str) -> u64 {
    let v: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/_aws_model/quotas", e.endpoint))
        .body(serde_json::json!({ "UserPoolId": pool }).to_string())
        .send()
        .await
        .expect("the model layer answers")
        .json()
        .await
        .expect("JSON");
    v["throttled"].as_u64().expect("a count")
}

async fn new_pool(api: &aws_sdk_cognitoidentityprovider::Client, n: usize) -> String {
    api.create_user_pool()
        .pool_name(format!("tenants-{n}"))
        .send()
        .await
        .expect("create a pool")
        .user_pool()
        .and_then(|p| p.id())
        .expect("a pool id")
        .to_string()
}

/// The setup: one first tenant and 39 more, each with its own domain.
fn write_setup(dir: &Path, pool: &str, n: usize) -> std::path::PathBuf {
    let mut setup = Setup::new("us-east-1", pool);
    setup.app_client.callback_urls = vec!["https://app.example.com/".into()];
    setup.domain.prefix = Some(format!("bench-tenants-{n}"));
    setup.provider.name = "Customer1".into();
    setup.provider.metadata_file = Some("customer.xml".into());
    setup.provider.identifiers = vec!["customer1.example".into()];
    setup
        .provider
        .attribute_mapping
        .insert("email".into(), "email".into());
    setup.source_dir = Some(dir.to_path_buf());
    for i in 2..=TENANTS {
        setup = add(
            &setup,
            NewTenant {
                name: format!("Customer{i}"),
                idp: IdpKind::Saml,
                domains: vec![format!("customer{i}.example")],
                metadata_url: None,
                metadata_file: Some("customer.xml".into()),
            },
        )
        .expect("a valid tenant");
    }
    let file = dir.join(format!("tenants-{n}.toml"));
    setup.save(&file).expect("write the setup");
    file
}

fn timed(cmd: &mut Command, ok_codes: &[i32]) -> Duration {
    let start = Instant::now();
    let out = cmd.output().expect("run okta-cognito");
    let t = start.elapsed();
    assert!(
        ok_codes.contains(&out.status.code().unwrap_or(-1)),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    t
}

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/okta-cognito");
    assert!(
        bin.is_file(),
        "build the release binary first: cargo build --release"
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(
        root.join("tests/fixtures/metadata/real/shibboleth-1.xml"),
        dir.path().join("customer.xml"),
    )
    .expect("copy the metadata");
    let e = emulator::start(&moto::venv_python(), 0).expect("start the emulator");
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(&e.endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_credential_types::Credentials::new(
            "bench", "bench", None, None, "bench",
        ))
        .load()
        .await;
    let api = aws_sdk_cognitoidentityprovider::Client::new(&conf);

    let (mut applies, mut doctors, mut throttled) = (vec![], vec![], 0);
    for n in 0..RUNS {
        let pool = new_pool(&api, n).await;
        quotas(&e, &pool).await;
        let file = write_setup(dir.path(), &pool, n);
        let mut c = Command::new(&bin);
        env(&mut c, &e);
        applies.push(timed(
            c.args(["apply", "--yes", "--config"]).arg(&file),
            &[0],
        ));
        let mut c = Command::new(&bin);
        env(&mut c, &e);
        doctors.push(timed(
            c.args(["doctor", "--all", "--json", "--config"]).arg(&file),
            &[0],
        ));
        throttled += quotas(&e, &pool).await;
    }
    // 40 creates at 5 a second, the first five at once: the last goes after 7 s.
    let floor = Duration::from_secs(((TENANTS - 1) / 5) as u64);
    println!(
        "| what ({TENANTS} tenants, quotas enforced) | median of {RUNS} | floor the quotas set | requests refused |"
    );
    println!("|---|---|---|---|");
    println!(
        "| `apply` (40 `CreateIdentityProvider`, client update) | {:.1} s | {:.1} s | {throttled} |",
        median(applies).as_secs_f64(),
        floor.as_secs_f64()
    );
    println!(
        "| `doctor --all` (40 `DescribeIdentityProvider`) | {:.1} s | {:.1} s | |",
        median(doctors).as_secs_f64(),
        floor.as_secs_f64()
    );
}
