//! `baocao status` (not yet built).

use crate::cli::StatusArgs;
use crate::commands::Context;

/// Runs `baocao status`.
///
/// # Errors
/// Not yet built.
pub fn run(_ctx: &Context, _args: &StatusArgs) -> anyhow::Result<u8> {
    anyhow::bail!("`status` is not built yet")
}
