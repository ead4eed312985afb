//! `baocao template`: the blank report workbook for one unit, or for every unit expected in a
//! period. Resolves the arguments against the plan ([`crate::commands::resolve`]), then writes
//! through [`crate::workbook::template`] and [`save_atomically`].

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::TemplateArgs;
use crate::commands::{Context, Error, emitln, exit, resolve};
use crate::messages::{self, Lang};
use crate::plan::{Period, Plan, Unit};
use crate::workbook::template::{default_file_name, template_bytes};
use crate::workbook::{check_target, save_atomically};

/// Runs `baocao template`.
///
/// # Errors
/// An unknown or ambiguous unit or period, a year outside the plan, a unit not expected in that
/// period, or a file that cannot be written ([`Error`]).
pub fn run(ctx: &Context, args: &TemplateArgs) -> anyhow::Result<u8> {
    let plan = &ctx.plan;
    let lang = ctx.lang;
    let at = resolve::period_year(plan, &args.at)?;
    let (period, year) = (at.period, at.year);

    if args.all {
        // clap makes --out-dir required with --all.
        let dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
        let units = plan.expected_units(&period.id, year);
        if units.is_empty() {
            return Err(Error::NoUnits { period: period.id.clone(), year }.into());
        }
        std::fs::create_dir_all(&dir).map_err(|source| Error::CreateFolder { path: dir.clone(), source })?;
        for unit in units {
            write(plan, unit, period, year, &dir.join(default_file_name(unit, period, year)), lang)?;
        }
        return Ok(exit::OK);
    }

    let unit = resolve::unit(plan, args.unit.as_deref().unwrap_or_default(), Some(at))?;
    resolve::expected_unit(plan, unit, at)?;
    let path = match &args.output {
        Some(path) => resolve::output_file(path)?.to_path_buf(),
        None => PathBuf::from(default_file_name(unit, period, year)),
    };
    write(plan, unit, period, year, &path, lang)?;
    Ok(exit::OK)
}

fn write(plan: &Plan, unit: &Unit, period: &Period, year: i32, path: &Path, lang: Lang) -> anyhow::Result<()> {
    check_target(path).map_err(Error::from)?;
    let bytes = template_bytes(plan, unit, period, year)
        .with_context(|| messages::render("ui.template-cannot-write", lang, &[("path", path.display().to_string())]))?;
    save_atomically(&bytes, path).map_err(Error::from)?;
    emitln(&messages::render("ui.template-written", lang, &[("path", path.display().to_string())]))?;
    Ok(())
}
