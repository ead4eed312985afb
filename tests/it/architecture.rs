//! The module graph: no module of `src/` names a module above it (the layers of the README's
//! source map). Read from the source text, every `crate::NAME` outside comments.

use std::collections::BTreeSet;
use std::path::Path;

/// Bottom first. A module may use the modules of the layers below its own, and itself.
const LAYERS: &[&[&str]] = &[
    &["text", "dates", "messages", "contract"],
    &["findings"],
    &["plan"],
    &["report"],
    &["validation"],
    &["input", "register", "history"],
    &["consolidation"],
    &["workbook"],
    &["cli"],
    &["commands"],
];

/// Upward uses that exist today in code other sessions are rewriting, each with its way out.
/// The test also fails when one of them is gone, so that this list only ever shrinks.
const KNOWN: &[(&str, &str)] = &[];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `src/`, with its path relative to `src/`.
fn sources() -> Vec<(std::path::PathBuf, std::path::PathBuf)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((path.strip_prefix(&src).unwrap().to_path_buf(), path));
            }
        }
    }
    out
}

/// Every (module, used module) pair of `src/`, as written in the code.
fn uses() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (relative, path) in sources() {
        let first = relative.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or_default();
            for (at, _) in code.match_indices("crate::") {
                let name: String =
                    code[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && name != module {
                    out.insert((module.clone(), name));
                }
            }
        }
    }
    out
}

#[test]
fn no_module_uses_one_above_it() {
    let uses = uses();
    let mut wrong = Vec::new();
    for (module, used) in &uses {
        let (Some(from), Some(to)) = (layer(module), layer(used)) else {
            wrong.push(format!("{module} → {used}: a module missing from LAYERS (add it to the README's map too)"));
            continue;
        };
        if to >= from && !KNOWN.contains(&(module.as_str(), used.as_str())) {
            wrong.push(format!("{module} → {used}"));
        }
    }
    assert!(wrong.is_empty(), "modules that use a module at or above their layer:\n{}", wrong.join("\n"));
}

#[test]
fn the_list_of_known_upward_uses_only_shrinks() {
    let uses = uses();
    for (module, used) in KNOWN {
        assert!(
            uses.contains(&((*module).to_string(), (*used).to_string())),
            "{module} → {used} is gone: remove it from KNOWN"
        );
    }
}

/// Every byte to stdout goes through `commands/output.rs`: a `println!` elsewhere panics on a
/// closed pipe (`baocao validate … | head -1` exited 101 after a merge brought one back).
#[test]
fn stdout_is_written_only_through_the_output_module() {
    let mut offenders = Vec::new();
    for (relative, path) in sources() {
        if relative.ends_with("commands/output.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if code.contains("println!(") || code.contains("print!(") {
                offenders.push(format!("{}:{}", relative.display(), n + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "print to stdout outside commands/output.rs: {offenders:?}");
}
