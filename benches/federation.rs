//! apply vs the AWS CLI, and plan on a federated pool, against one moto started here.
//! Run: `cargo bench --bench federation` (needs `aws` on PATH for the comparison:
//! `pip install awscli`). Prints one table; the README's Performance section quotes it.

#[path = "../tests/support/moto.rs"]
#[allow(dead_code)]
mod moto;

#[path = "../tests/support/fault_proxy.rs"]
#[allow(dead_code)]
mod fault_proxy;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

use okta_cognito::rehearse::emulator::{self, Emulator};

/// moto behind AWS's model, as the tests and `rehearse` run it; its request log (moto's
/// standard error) lets API calls be counted.
fn start_moto(_dir: &Path) -> Emulator {
    emulator::start(&moto::venv_python(), 0).expect("start the emulator")
}

fn calls(e: &Emulator) -> usize {
    std::fs::read_to_string(&e.log)
        .unwrap_or_default()
        .matches("\"POST / HTTP")
        .count()
}

fn env(cmd: &mut Command, e: &Emulator, dir: &Path) {
    env_at(cmd, &e.endpoint, dir);
}

/// The same environment, with AWS reached at `endpoint` (the emulator or the latency proxy).
fn env_at(cmd: &mut Command, endpoint: &str, dir: &Path) {
    let config = dir.join("aws-config");
    std::fs::write(
        &config,
        "[default]\nregion = us-east-1\ncli_follow_urlparam = false\n",
    )
    .unwrap();
    cmd.env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_PAGER", "");
}

fn new_pool(e: &Emulator, dir: &Path, n: usize) -> String {
    let mut c = Command::new("aws");
    env(&mut c, e, dir);
    let out = c
        .args([
            "cognito-idp",
            "create-user-pool",
            "--pool-name",
            &format!("bench-{n}"),
            "--query",
            "UserPool.Id",
            "--output",
            "text",
        ])
        .output()
        .expect("aws cli");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn timed(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let t = start.elapsed();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    t
}

fn write_setup(dir: &Path, pool: &str, prefix: &str) -> PathBuf {
    let file = dir.join(format!("{prefix}.toml"));
    std::fs::write(
        &file,
        format!(
            "region = \"us-east-1\"\nuser_pool_id = \"{pool}\"\n[app_client]\ncallback_urls = [\"https://app.example.com/\"]\nlogout_urls = [\"https://app.example.com/\"]\n[domain]\nprefix = \"{prefix}\"\n[provider]\nmetadata_file = \"okta.xml\"\n[provider.attribute_mapping]\nemail = \"Email Id\"\n"
        ),
    )
    .unwrap();
    file
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/okta-cognito");
    assert!(
        bin.is_file(),
        "build the release binary first: cargo build --release"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("tests/fixtures/metadata/real/okta-10.xml"),
        dir.path().join("okta.xml"),
    )
    .unwrap();
    let e = start_moto(dir.path());

    let (mut ours, mut cli) = (vec![], vec![]);
    let (mut our_calls, mut cli_calls) = (0, 0);
    for i in 0..RUNS {
        // Alternate, so drift in the machine's load hits both sides alike.
        let pool = new_pool(&e, dir.path(), 2 * i);
        let file = write_setup(dir.path(), &pool, &format!("ours{i}"));
        let before = calls(&e);
        let mut c = Command::new(&bin);
        env(&mut c, &e, dir.path());
        ours.push(timed(c.args(["apply", "--yes", "--config"]).arg(&file)));
        our_calls = calls(&e) - before;

        let pool = new_pool(&e, dir.path(), 2 * i + 1);
        let before = calls(&e);
        let mut c = Command::new(root.join("benches/aws_cli_federation.sh"));
        env(&mut c, &e, dir.path());
        cli.push(timed(c.args([
            &pool,
            &format!("cli{i}"),
            dir.path().join("okta.xml").to_str().unwrap(),
        ])));
        cli_calls = calls(&e) - before;
    }
    let (o, c) = (median(ours), median(cli));

    let pool = new_pool(&e, dir.path(), 99);
    let file = write_setup(dir.path(), &pool, "planned");
    let mut a = Command::new(&bin);
    env(&mut a, &e, dir.path());
    timed(a.args(["apply", "--yes", "--config"]).arg(&file));
    let mut plans = vec![];
    let mut plan_calls = 0;
    for _ in 0..RUNS {
        let before = calls(&e);
        let mut p = Command::new(&bin);
        env(&mut p, &e, dir.path());
        plans.push(timed(p.args(["plan", "--config"]).arg(&file)));
        plan_calls = calls(&e) - before;
    }

    let far = latency_table(&bin, root, &e, dir.path(), &file, &pool);

    println!("| what | median of {RUNS} | API calls |");
    println!("|---|---|---|");
    println!(
        "| `okta-cognito apply --yes` on a fresh pool (reads + 4 writes) | {} | {our_calls} |",
        ms(o)
    );
    println!(
        "| the same federation with the AWS CLI (4 commands in sequence) | {} | {cli_calls} |",
        ms(c)
    );
    println!(
        "| ratio AWS CLI / okta-cognito | {:.1}× | |",
        c.as_secs_f64() / o.as_secs_f64()
    );
    println!(
        "| `okta-cognito plan` on the federated pool (0 changes) | {} | {plan_calls} |",
        ms(median(plans))
    );
    println!();
    println!("{far}");
}

/// Each command's wall time with every AWS call delayed by 100 ms (a far region), through a
/// loopback proxy that answers concurrently: what counts there is how many calls wait on
/// each other, in round trips of 100 ms (process start included).
fn latency_table(
    bin: &Path,
    root: &Path,
    e: &Emulator,
    dir: &Path,
    federated: &Path,
    federated_pool: &str,
) -> String {
    const RTT: Duration = Duration::from_millis(100);
    const FAR_RUNS: usize = 3;
    let proxy = fault_proxy::FaultProxy::start_with(&e.endpoint, fault_proxy::Latency(RTT));
    let trips = |d: Duration| format!("{:.1}", d.as_secs_f64() / RTT.as_secs_f64());
    let ours = |args: &[&str], file: &Path| {
        let mut c = Command::new(bin);
        env_at(&mut c, &proxy.endpoint, dir);
        timed(c.args(args).arg(file))
    };
    let mut apply = vec![];
    let mut cli = vec![];
    for i in 0..FAR_RUNS {
        let pool = new_pool(e, dir, 200 + 2 * i);
        let file = write_setup(dir, &pool, &format!("far{i}"));
        apply.push(ours(&["apply", "--yes", "--config"], &file));
        let pool = new_pool(e, dir, 201 + 2 * i);
        let mut c = Command::new(root.join("benches/aws_cli_federation.sh"));
        env_at(&mut c, &proxy.endpoint, dir);
        cli.push(timed(c.args([
            &pool,
            &format!("farcli{i}"),
            dir.join("okta.xml").to_str().unwrap(),
        ])));
    }
    let client_id = okta_cognito_client_id(federated);
    let repeat =
        |args: &[&str], file: &Path| median((0..FAR_RUNS).map(|_| ours(args, file)).collect());
    let plan = repeat(&["plan", "--config"], federated);
    let doctor = repeat(&["doctor", "--config"], federated);
    let export = median(
        (0..FAR_RUNS)
            .map(|_| {
                let mut c = Command::new(bin);
                env_at(&mut c, &proxy.endpoint, dir);
                timed(
                    c.args([
                        "export",
                        "--user-pool-id",
                        federated_pool,
                        "--client-id",
                        &client_id,
                        "--provider",
                        "Okta",
                        "-o",
                    ])
                    .arg(dir.join("exported.toml")),
                )
            })
            .collect(),
    );
    let (apply, cli) = (median(apply), median(cli));
    let mut t = format!(
        "| at 100 ms per AWS call (median of {FAR_RUNS}) | wall time | round trips |\n|---|---|---|\n"
    );
    for (what, d) in [
        ("`apply --yes`, fresh pool", apply),
        ("the AWS CLI, the same 4 calls", cli),
        ("`plan`, federated pool", plan),
        ("`doctor`, federated pool", doctor),
        ("`export`", export),
    ] {
        t.push_str(&format!("| {what} | {} | {} |\n", ms(d), trips(d)));
    }
    t
}

/// The client id `apply` wrote into the setup file.
fn okta_cognito_client_id(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("client_id = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("apply wrote app_client.client_id")
        .to_string()
}
