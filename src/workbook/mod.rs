//! Writing workbooks: the blank report template (`template.rs`), realistic sample reports for
//! examples and benchmarks (`sample.rs`) and the consolidated workbook (`consolidated.rs`). The
//! only module that touches `rust_xlsxwriter`. Files are written whole to a temporary file beside
//! the target and renamed into place, so a failure never leaves a half-written file and never
//! destroys the previous one.

pub mod sample;
pub mod template;

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

pub mod consolidated;

/// The document font of Vietnamese administrative papers (Nghị định 30/2020/NĐ-CP).
pub const FONT: &str = "Times New Roman";

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed and
/// synced, then renamed over the target.
///
/// # Errors
/// The folder is missing or read-only, the disk is full, or the rename fails; the target is
/// then untouched.
pub fn save_atomically(bytes: &[u8], path: &Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".baocao-").suffix(".tmp");
    // A temporary file is private (0600) by default; the workbook is a normal document that
    // colleagues on a shared folder must be able to open.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp =
        builder.tempfile_in(dir).with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    tmp.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}
