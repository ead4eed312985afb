//! What every area's tests share: the binary under test, run from a given folder with the
//! user's environment cleared of baocao's own variables, so a developer's `BAOCAO_LANG` or
//! `BAOCAO_PLAN` never changes a test's outcome.

use assert_cmd::Command;
use std::path::Path;

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
