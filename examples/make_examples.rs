//! Writes the example reports of `examples/reports/` (6-thang 2024, the shipped plan's units):
//! most on time, some late, some missing, one invalid, one superseded, one for another period,
//! an Office lock file and a note. The README's first command consolidates them. Also writes
//! `examples/reports-2023/`, the same period of the year before, which the README's comparison
//! (`consolidate --so-sanh`) consolidates first, and `examples/reports-2025/`, the two cycles of
//! the plan's last year with the reorganised units.
//!
//! `cargo run --example make_examples [-- OUT_DIR [OUT_DIR_2023 [OUT_DIR_2025]]]` (default
//! `examples/reports`, `examples/reports-2023` and `examples/reports-2025`). The output is
//! deterministic; `tests/it/examples.rs` checks the
//! committed files equal a fresh run.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use baocao::plan::{self, BUILTIN, BUILTIN_NAME};
#[allow(dead_code, reason = "the benchmark and the tests use the rest")]
mod sample;

use sample::{ExampleFile, example_set, example_set_2025, previous_year_set};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let out: PathBuf = args.next().map_or_else(|| PathBuf::from("examples/reports"), PathBuf::from);
    let out_2023: PathBuf = args.next().map_or_else(|| PathBuf::from("examples/reports-2023"), PathBuf::from);
    let out_2025: PathBuf = args.next().map_or_else(|| PathBuf::from("examples/reports-2025"), PathBuf::from);
    let plan = plan::parse(BUILTIN, BUILTIN_NAME).map_err(|e| anyhow::anyhow!(e.render(baocao::messages::Lang::En)))?;
    write_all(&out, &example_set(&plan)?)?;
    write_all(&out_2023, &previous_year_set(&plan)?)?;
    write_all(&out_2025, &example_set_2025(&plan)?)?;
    Ok(())
}

fn write_all(out: &Path, files: &[ExampleFile]) -> anyhow::Result<()> {
    for file in files {
        let path = out.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&path, &file.bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("{} files written to {}", files.len(), out.display());
    Ok(())
}
