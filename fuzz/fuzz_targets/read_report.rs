//! Fuzzes the report reader: any bytes, saved under an .xlsx, .xls or .ods name chosen by the
//! first byte, are read and checked against the built-in plan. Reading must never panic
//! outside its own guard (a parser panic caught by the guard is a finding, not a crash), and
//! must stay within libFuzzer's memory limit.
//!
//! Run from the repository root (nightly is not needed):
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run read_report fuzz/corpus/read_report -- -jobs=1`

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

struct Setup {
    _dir: tempfile::TempDir,
    paths: [PathBuf; 3],
    plan: baocao::plan::Plan,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = ["bao-cao.xlsx", "bao-cao.xls", "bao-cao.ods"].map(|n| dir.path().join(n));
        let plan = baocao::plan::parse(baocao::plan::BUILTIN, baocao::plan::BUILTIN_NAME).expect("built-in plan");
        Setup { _dir: dir, paths, plan }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
    let setup = setup();
    let path = &setup.paths[usize::from(first % 3)];
    std::fs::write(path, bytes).expect("write input");
    let raw = baocao::report::read(path);
    if raw.findings.iter().any(|f| f.code() == "file-reader-panic") {
        keep_caught_panic(data);
    }
    if raw.sheets.is_empty() {
        // A file that could not be read must say why.
        assert!(!raw.findings.is_empty(), "rejected without a finding");
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 6, 20).expect("date");
    let checked = baocao::validation::validate(&setup.plan, &raw, as_of);
    if checked.kind == baocao::validation::FileKind::Unreadable {
        assert!(checked.has_errors(), "unreadable without an error");
    }
});

/// Keeps the first few inputs whose parser panic the guard caught (not crashes, but each one
/// a ready-made regression fixture), under `fuzz/artifacts/read_report/caught-panic-*`.
fn keep_caught_panic(data: &[u8]) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static KEPT: AtomicUsize = AtomicUsize::new(0);
    let n = KEPT.fetch_add(1, Ordering::Relaxed);
    if n < 20 {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/read_report");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("caught-panic-{}-{n}", std::process::id())), data);
    }
}
