//! Everything in `examples/` is checked here, so examples cannot rot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use baocao::plan::{BUILTIN, BUILTIN_NAME, parse};
use baocao::workbook::sample::example_set;

fn reports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports")
}

/// Every file under `dir` (README.md aside), by path relative to `dir` with `/` separators.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                if rel != "README.md" {
                    out.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

// The committed example reports drifted from the generator (or the generator stopped being
// deterministic): run `cargo run --example make_examples` and commit the result.
#[test]
fn committed_examples_equal_a_fresh_generation() {
    let plan = parse(BUILTIN, BUILTIN_NAME).expect("shipped plan loads");
    let fresh: BTreeMap<String, Vec<u8>> = example_set(&plan).unwrap().into_iter().map(|f| (f.path, f.bytes)).collect();
    let committed = files_under(&reports_dir());
    let fresh_names: Vec<&String> = fresh.keys().collect();
    let committed_names: Vec<&String> = committed.keys().collect();
    assert_eq!(committed_names, fresh_names, "examples/reports has other files than the generator writes");
    for (path, bytes) in &fresh {
        assert!(
            committed[path] == *bytes,
            "{path} differs from a fresh generation: run `cargo run --example make_examples`"
        );
    }
}
