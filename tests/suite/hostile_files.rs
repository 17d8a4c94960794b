//! Files in shared folders: a link planted beside the setup file or at an output's name is
//! never written through; the setup file keeps its mode; a setup path that is itself a link
//! is written through to its target; a setup "file" with no end is refused.

use crate::support;

use okta_cognito::setup::Setup;
use std::os::unix::fs::{PermissionsExt, symlink};
use support::federation::{api, plan_and_apply, setup_in};
use support::moto::moto;
use support::{bin, run};

const VICTIM: &str = "export PATH=/usr/bin  # the admin's own file\n";

fn victim_in(dir: &std::path::Path) -> std::path::PathBuf {
    let v = dir.join("bashrc");
    std::fs::write(&v, VICTIM).unwrap();
    v
}

#[test]
fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = victim_in(dir.path());
    let path = dir.path().join("okta.toml");
    symlink(&victim, dir.path().join("okta.toml.tmp")).unwrap();

    Setup::new("us-east-1", "us-east-1_Abc")
        .save(&path)
        .unwrap();

    assert_eq!(std::fs::read_to_string(&victim).unwrap(), VICTIM);
    assert!(
        !std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(Setup::load(&path).unwrap().user_pool_id, "us-east-1_Abc");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") && n != "okta.toml.tmp")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
}

#[test]
fn saving_keeps_a_private_setup_file_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.toml");
    std::fs::write(
        &path,
        "region = \"us-east-1\"\nuser_pool_id = \"us-east-1_Abc\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();

    let mut s = Setup::load(&path).unwrap();
    s.app_client.name = "changed".into();
    s.save(&path).unwrap();

    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
    assert_eq!(Setup::load(&path).unwrap().app_client.name, "changed");
}

#[test]
fn a_setup_path_that_is_a_link_is_written_through_to_its_target() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real/okta.toml");
    Setup::new("us-east-1", "us-east-1_Old")
        .save(&target)
        .unwrap();
    let link = dir.path().join("okta.toml");
    symlink("real/okta.toml", &link).unwrap();

    Setup::new("us-east-1", "us-east-1_New")
        .save(&link)
        .unwrap();

    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(Setup::load(&target).unwrap().user_pool_id, "us-east-1_New");
}

#[test]
fn a_setup_file_without_end_is_refused_with_its_size_limit() {
    let r = run(bin().args(["plan", "--config", "/dev/zero"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("setup-file-too-large"), "{}", r.stderr);
    assert!(r.stderr.contains("4096 KiB"), "{}", r.stderr);
}

/// A federation applied in the emulator, a victim file beside it and a link to it at
/// `link_name`; then `export ARGS -o <dir>/<out>` with the client named.
async fn export_beside_a_planted_link(
    link_name: &str,
    args: &[&str],
    out: &str,
) -> (tempfile::TempDir, std::path::PathBuf, support::Run) {
    let api = api().await;
    let pool = support::federation::new_pool(&api).await;
    let dir = tempfile::tempdir().unwrap();
    let setup = setup_in(dir.path(), &pool);
    let outcome = plan_and_apply(&api, &setup).await;
    let victim = victim_in(dir.path());
    symlink(&victim, dir.path().join(link_name)).unwrap();
    let mut cmd = bin();
    for (k, v) in moto().env() {
        cmd.env(k, v);
    }
    let r = run(cmd
        .arg("export")
        .args(args)
        .args(["--user-pool-id", &pool])
        .args(["--client-id", outcome.client_id.as_deref().unwrap(), "-o"])
        .arg(dir.path().join(out)));
    (dir, victim, r)
}

#[tokio::test]
async fn export_refuses_a_link_planted_at_its_metadata_name() {
    let (_dir, victim, r) =
        export_beside_a_planted_link("exported-metadata.xml", &[], "exported.toml").await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), VICTIM);
}

#[tokio::test]
async fn a_cloudformation_export_refuses_a_link_at_its_import_document_and_writes_nothing() {
    let (dir, victim, r) = export_beside_a_planted_link(
        "stack-import.json",
        &["--format", "cloudformation"],
        "stack.yaml",
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), VICTIM);
    assert!(
        !dir.path().join("stack.yaml").exists(),
        "no template without its import document"
    );
}

/// A 4 MiB setup file on one line (just under the size limit) that does not parse: the error
/// quotes a few hundred characters of the line, not the line (it came back as 8 MiB).
#[test]
fn a_one_line_setup_of_megabytes_gives_an_error_of_a_few_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.toml");
    let line = format!(
        "region = \"us-east-1\" {}\n",
        "x".repeat(4 * 1024 * 1024 - 64)
    );
    std::fs::write(&path, line).unwrap();
    let r = run(bin().arg("plan").arg("--config").arg(&path));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.len() + r.stderr.len() < 4096,
        "{} bytes of error",
        r.stdout.len() + r.stderr.len()
    );
    assert!(r.stderr.contains("okta.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("more characters"), "{}", r.stderr);
}
