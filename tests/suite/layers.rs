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

/// The layers, bottom first (DESIGN.md): a top-level module imports only from its own layer
/// or those below it, and the modules' imports form no cycle. Every top-level module must be
/// placed here, so a new one is placed on purpose.
const LAYERS: [(&str, &[&str]); 5] = [
    (
        "model",
        &[
            "setup",
            "finding",
            "endpoints",
            "safe_file",
            "terminal_text",
            "html_text",
            "http_body",
        ],
    ),
    ("domains", &["saml", "cognito", "idp", "login", "aws"]),
    ("checks and infrastructure as code", &["doctor", "iac"]),
    ("flows", &["flows"]),
    (
        "faces and the rehearsal",
        &["tui", "cli", "rehearse", "logging"],
    ),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

/// `src/<top>/…` or `src/<top>.rs` → `<top>`.
fn top_module(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root.join("src")).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Every top-level module a line names through `crate::` (in the library) or `okta_cognito::`
/// (in the binary), `use crate::{a, b}` included; test modules are not the product.
fn imports(text: &str, own: &str) -> Vec<(usize, String)> {
    let body = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for prefix in ["crate::", "okta_cognito::"] {
            for (at, _) in code.match_indices(prefix) {
                let rest = &code[at + prefix.len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group
                        .split('}')
                        .next()
                        .unwrap_or("")
                        .split(',')
                        .map(|p| p.trim().split("::").next().unwrap_or("").trim())
                        .collect(),
                    None => vec![
                        rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap_or(""),
                    ],
                };
                for name in names {
                    if !name.is_empty() && name != own {
                        out.push((n + 1, name.to_string()));
                    }
                }
            }
        }
    }
    out
}

/// The offences: upward imports, unplaced modules, and cycles among top-level modules.
fn layer_offences(root: &Path, files: &[PathBuf]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut offences = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let own = top_module(root, file);
        if own == "lib" {
            continue;
        }
        // The binary's `main.rs` is the command-line face.
        let own = if own == "main" {
            "cli".to_string()
        } else {
            own
        };
        let Some(own_layer) = layer_of(&own) else {
            offences.push(format!(
                "src/{own} is in no layer: place it in tests/layers.rs"
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (line, used) in imports(&text, &own) {
            let Some(used_layer) = layer_of(&used) else {
                continue;
            };
            edges.entry(own.clone()).or_default().insert(used.clone());
            if used_layer > own_layer {
                offences.push(format!(
                    "{}:{line}: {own} ({}) imports {used} ({}), a layer above it",
                    file.strip_prefix(root).unwrap().display(),
                    LAYERS[own_layer].0,
                    LAYERS[used_layer].0
                ));
            }
        }
    }
    // A cycle: a module that reaches itself through others.
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = edges[start].iter().collect();
        while let Some(m) = todo.pop() {
            if m == start {
                offences.push(format!("{start} reaches itself through its imports"));
                break;
            }
            if seen.insert(m.clone()) {
                todo.extend(edges.get(m).into_iter().flatten());
            }
        }
    }
    offences
}

#[test]
fn every_module_imports_only_from_its_layer_or_below_and_none_in_a_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let offences = layer_offences(root, &files);
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// The check above finds what it is for: a model module that reaches up into a domain, and
/// a cycle between two domains.
#[test]
fn a_planted_upward_import_and_a_planted_cycle_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let plant = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    };
    let files = vec![
        plant("src/setup/mod.rs", "use crate::cognito::state::State;\n"),
        plant("src/saml/mod.rs", "use crate::{finding, idp::okta::app};\n"),
        plant("src/idp/mod.rs", "pub fn f() { crate::saml::parse(); }\n"),
    ];
    let offences = layer_offences(dir.path(), &files);
    assert!(
        offences
            .iter()
            .any(|o| o.starts_with("src/setup/mod.rs:1: setup (model) imports cognito (domains)")),
        "{offences:#?}"
    );
    assert!(
        offences
            .iter()
            .any(|o| o == "saml reaches itself through its imports"),
        "{offences:#?}"
    );
}

/// The faces reach the core through `flows/` (and the model): the domain types they show come
/// re-exported by `flows::shown`. A face file that still names a domain module is counted,
/// and the count may only go down (the issue that made `flows/` the door allowed 12).
const MAX_FACE_FILES_PAST_FLOWS: usize = 9;

fn face_files_past_flows(root: &Path, files: &[PathBuf]) -> Vec<String> {
    let domains = ["saml", "cognito", "idp", "login", "aws", "doctor", "iac"];
    let mut out = Vec::new();
    for file in files {
        let own = top_module(root, file);
        if !matches!(own.as_str(), "tui" | "cli" | "main") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let reached: std::collections::BTreeSet<String> = imports(&text, &own)
            .into_iter()
            .map(|(_, m)| m)
            .filter(|m| domains.contains(&m.as_str()))
            .collect();
        if !reached.is_empty() {
            out.push(format!(
                "{} → {}",
                file.strip_prefix(root).unwrap().display(),
                reached.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    out
}

#[test]
fn few_face_files_reach_past_flows_into_a_domain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let past = face_files_past_flows(root, &files);
    assert!(
        past.len() <= MAX_FACE_FILES_PAST_FLOWS,
        "{} face files reach past flows/ (at most {MAX_FACE_FILES_PAST_FLOWS}); add a flow or re-export the type from flows::shown:\n{}",
        past.len(),
        past.join("\n")
    );
}

#[test]
fn a_planted_face_import_of_a_domain_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("src/tui/steps/new_screen.rs");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, "use crate::cognito::state::read_pool;\n").unwrap();
    assert_eq!(
        face_files_past_flows(dir.path(), &[p]),
        ["src/tui/steps/new_screen.rs → cognito"]
    );
}
