//! `baocao validate` (not yet built).

use crate::cli::ValidateArgs;
use crate::commands::Context;

/// Runs `baocao validate`.
///
/// # Errors
/// Not yet built.
pub fn run(_ctx: &Context, _args: &ValidateArgs) -> anyhow::Result<u8> {
    anyhow::bail!("`validate` is not built yet")
}
