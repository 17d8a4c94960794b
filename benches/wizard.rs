//! The wizard's speed: process start to first frame (release binary in a pseudo-terminal),
//! and the time to render each screen at 120x40 and 200x60.
//! Run: `cargo build --release && cargo bench --bench wizard`.

#[path = "../tests/support/states.rs"]
#[allow(dead_code)]
mod states;

use okta_cognito::cognito::plan::MetadataInput;
use okta_cognito::cognito::pools::PoolSummary;
use okta_cognito::flows::plan::plan;
use okta_cognito::tui::app::{App, Load, Step};
use okta_cognito::tui::theme::Theme;
use okta_cognito::tui::view::view;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::{Terminal, backend::TestBackend};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn first_frame(bin: &Path) -> Duration {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(bin);
    cmd.env("TERM", "xterm-256color");
    cmd.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
    cmd.env("AWS_ACCESS_KEY_ID", "x");
    cmd.env("AWS_SECRET_ACCESS_KEY", "x");
    cmd.cwd(std::env::temp_dir());
    let mut reader = pty.master.try_clone_reader().unwrap();
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let elapsed = loop {
        let n = reader.read(&mut buf).unwrap();
        seen.extend_from_slice(&buf[..n]);
        if seen.windows(12).any(|w| w == b"okta-cognito") {
            break start.elapsed();
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

fn screens() -> Vec<(&'static str, App)> {
    let mut out = vec![];
    let base = |step: Step| {
        let mut a = App::new(None, "us-east-1".into(), None);
        a.aws.credentials = Load::Ready("credential chain".into());
        a.setup.user_pool_id = states::POOL.into();
        a.setup.domain.prefix = Some("acme-auth".into());
        a.step = step;
        a
    };
    out.push(("welcome", base(Step::Welcome)));
    let mut pools = base(Step::Pool);
    pools.account.pools = Load::Ready(
        (0..200)
            .map(|i| PoolSummary {
                id: format!("us-east-1_Pool{i:05}"),
                name: format!("pool-{i}"),
                created: Some("2025-01-01T00:00:00Z".into()),
            })
            .collect(),
    );
    out.push(("pool (200 pools)", pools));
    out.push(("okta", base(Step::Okta)));
    let mut meta = base(Step::Metadata);
    let xml = std::fs::read("tests/fixtures/metadata/real/okta-10.xml").unwrap();
    meta.screens.metadata.report = Load::Ready(okta_cognito::saml::inspect(
        &xml,
        None,
        None,
        time::OffsetDateTime::now_utc(),
    ));
    out.push(("metadata", meta));
    let mut provider = base(Step::Provider);
    provider.account.pool = Load::Ready(states::pool());
    out.push(("provider", provider));
    out.push(("settings", base(Step::Settings)));
    let mut review = base(Step::Review);
    let p = plan(
        &states::setup(),
        &states::fresh(),
        &MetadataInput::default(),
    );
    review.screens.review.plan = Load::Ready(Box::new((states::fresh(), p)));
    out.push(("review", review));
    out.push(("done", base(Step::Done)));
    out
}

fn main() {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/okta-cognito");
    assert!(
        bin.is_file(),
        "build the release binary first: cargo build --release"
    );
    let frames: Vec<Duration> = (0..15).map(|_| first_frame(&bin)).collect();
    println!(
        "process start to first frame (release, 120x40): median {:.1} ms, max {:.1} ms",
        median(frames.clone()).as_secs_f64() * 1e3,
        frames.iter().max().unwrap().as_secs_f64() * 1e3
    );
    let theme = Theme { color: true };
    let mut worst = Duration::ZERO;
    for (w, h) in [(120u16, 40u16), (200, 60)] {
        for (name, app) in screens() {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            let samples: Vec<Duration> = (0..300)
                .map(|_| {
                    let start = Instant::now();
                    term.draw(|f| view(&app, f, &theme)).unwrap();
                    start.elapsed()
                })
                .collect();
            let m = median(samples.clone());
            let max = *samples.iter().max().unwrap();
            worst = worst.max(max);
            println!(
                "render {name:<18} {w}x{h}: median {:>6.1} µs, max {:>7.1} µs",
                m.as_secs_f64() * 1e6,
                max.as_secs_f64() * 1e6
            );
        }
    }
    println!(
        "slowest frame of all: {:.2} ms (budget 16 ms)",
        worst.as_secs_f64() * 1e3
    );
}
