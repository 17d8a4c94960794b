//! The core (everything in `src/` outside the two faces) never reaches into a face or a
//! face's libraries: the wizard (`src/tui/`, ratatui, crossterm, arboard) and the headless
//! commands (`src/cli/`, `src/main.rs`, clap) may call the core, never the other way round.

use std::path::{Path, PathBuf};

const FACES: [&str; 3] = ["src/tui", "src/cli", "src/main.rs"];
const FACE_ONLY: [&str; 6] = [
    "ratatui",
    "crossterm",
    "arboard",
    "clap",
    "crate::tui",
    "crate::cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_imports_no_face() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let core: Vec<&PathBuf> = files
        .iter()
        .filter(|f| !FACES.iter().any(|face| f.starts_with(root.join(face))))
        .filter(|f| !f.ends_with("src/lib.rs"))
        .collect();
    assert!(core.len() > 40, "the walk found the core: {}", core.len());
    let mut offences = Vec::new();
    for file in core {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in FACE_ONLY {
                let used = code.contains(&format!("{name}::"))
                    || code.contains(&format!("use {name}"))
                    || code.contains(&format!("{name} ::"));
                if used {
                    offences.push(format!(
                        "{}:{}: {}",
                        file.strip_prefix(root).unwrap().display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "the core reaches into a face:\n{}",
        offences.join("\n")
    );
}
