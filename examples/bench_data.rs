//! Benchmark data: a plan with N units and one realistic 6-thang 2024 report per unit.
//!
//! `cargo run --release --example bench_data -- N DIR` writes `DIR/plan.toml` (the shipped plan,
//! with synthetic units appended when N > 33) and `DIR/reports/*.xlsx`, generated in parallel.
//! Same N, same bytes. Used by `bench/run.sh`, which caches the result by N.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use baocao::messages::Lang;
use baocao::plan::{self, BUILTIN, BUILTIN_NAME};
#[allow(dead_code, reason = "the examples and the tests use the rest")]
mod sample;

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;
use sample::{SampleSpec, sample_report_bytes, synthetic_plan_text};

/// Seed of the benchmark reports.
const SEED: u64 = 6_2024;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next(), args.next()) else {
        bail!("usage: bench_data N DIR");
    };
    let n: usize = n.parse().context("N must be a whole number")?;
    let dir = PathBuf::from(dir);
    let shipped = plan::parse(BUILTIN, BUILTIN_NAME).map_err(|e| anyhow::anyhow!(e.render(Lang::En)))?;
    // The units reporting for 6-thang/2024, the benchmark's cycle.
    let base = shipped.expected_units("6-thang", 2024).len();
    if n < base {
        bail!("N must be at least {base} (the shipped plan's units for 6-thang/2024)");
    }
    let text = synthetic_plan_text(BUILTIN, base, n);
    let plan = plan::parse(&text, "bench plan").map_err(|e| anyhow::anyhow!(e.render(Lang::En)))?;
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).with_context(|| format!("cannot create {}", reports.display()))?;
    std::fs::write(dir.join("plan.toml"), &text).context("cannot write plan.toml")?;
    let first = NaiveDate::from_ymd_opt(2024, 5, 20).context("date")?;
    plan.expected_units("6-thang", 2024).par_iter().enumerate().try_for_each(|(i, unit)| -> anyhow::Result<()> {
        // 20/05 .. 04/06, and one unit in twenty a few days late, as in a real round.
        let offset = if i % 20 == 7 { 16 + (i % 5) } else { i % 16 };
        let date = first + Duration::days(offset as i64);
        let spec = SampleSpec::new(&unit.code, "6-thang", 2024, date, SEED + i as u64);
        let bytes = sample_report_bytes(&plan, &spec)?;
        let path = reports.join(format!("bao-cao_{}_6-thang_2024.xlsx", unit.code));
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    })?;
    println!("{n} reports and plan.toml written to {}", dir.display());
    Ok(())
}
