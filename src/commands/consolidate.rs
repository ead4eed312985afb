//! `baocao consolidate` (not yet built).

use crate::cli::ConsolidateArgs;
use crate::commands::Context;

/// Runs `baocao consolidate`.
///
/// # Errors
/// Not yet built.
pub fn run(_ctx: &Context, _args: &ConsolidateArgs) -> anyhow::Result<u8> {
    anyhow::bail!("`consolidate` is not built yet")
}
