//! `baocao template` (not yet built).

use crate::cli::TemplateArgs;
use crate::commands::Context;

/// Runs `baocao template`.
///
/// # Errors
/// Not yet built.
pub fn run(_ctx: &Context, _args: &TemplateArgs) -> anyhow::Result<u8> {
    anyhow::bail!("`template` is not built yet")
}
