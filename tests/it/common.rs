//! What every area's tests share: the binary under test, run from a given folder with the
//! user's environment cleared of baocao's own variables, so a developer's `BAOCAO_LANG` or
//! `BAOCAO_PLAN` never changes a test's outcome.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The `baocao` binary built for these tests, with `BAOCAO_LANG` and `BAOCAO_PLAN` unset.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baocao"));
    cmd.env_remove("BAOCAO_LANG").env_remove("BAOCAO_PLAN");
    cmd
}

/// The `baocao` binary built for these tests, to run in `dir`, with `BAOCAO_LANG` and
/// `BAOCAO_PLAN` unset.
pub fn baocao(dir: &Path) -> Command {
    let mut cmd = bin();
    cmd.current_dir(dir);
    cmd
}

/// Copies `examples/reports` (the README's example reports) into `dir/reports`, with its
/// sub-folders, and returns that folder: for tests that change or add files beside them.
pub fn copy_examples(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    let to = dir.join("reports");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    to
}
