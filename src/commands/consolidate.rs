//! `baocao consolidate`: reads every report under the inputs, consolidates them and writes the
//! workbook for UBND Tỉnh and Ban Dân vận Tỉnh ủy, then prints a summary: statuses, the
//! units that need attention and why, every file not counted with its reason, the totals.

use std::path::Path;

use comfy_table::CellAlignment;

use crate::cli::{ConsolidateArgs, Format};
use crate::commands::error::Error;
use crate::commands::{
    Context, emit, exit, file_lists, files_line, gaps_table, gather, heading, number, resolve, status_counts, table,
    to_json, unit_notes,
};
use crate::consolidation::Consolidation;
use crate::messages::{self, Lang, t};
use crate::plan::{Kind, Plan};
use crate::workbook::{check_target, consolidated::consolidated_workbook};

/// Runs `baocao consolidate`. With `--strict`, exit 1 when a unit is late, missing or invalid,
/// when two reports of a unit conflict, or when a unit's latest report has errors.
///
/// # Errors
/// Bad period or year, an input that does not exist, an unreadable register, an output path
/// that is one of the inputs, or a workbook that cannot be written (exit 2; the previous
/// output is then left as it was).
pub fn run(ctx: &Context, args: &ConsolidateArgs) -> anyhow::Result<u8> {
    let at = resolve::period_year(&ctx.plan, &args.at)?;
    let as_of = resolve::as_of(args.as_of);
    let output = resolve::output_file(&args.output)?;
    // Open in Excel, or no such folder: said before an hour of reading, not after.
    check_target(output)?;
    // The previous cycle is read first: a wrong file is said before an hour of reading.
    let previous = match &args.so_sanh {
        Some(path) => {
            if !path.exists() {
                return Err(Error::InputMissing { path: path.clone() }.into());
            }
            // Writing this year's workbook over last year's would lose it.
            let same = |a: &Path, b: &Path| a.canonicalize().ok().is_some_and(|a| b.canonicalize().ok() == Some(a));
            if same(path, output) {
                return Err(Error::CompareIsOutput { path: path.clone() }.into());
            }
            let cycle = crate::history::read(&ctx.plan, path).map_err(Error::History)?;
            crate::consolidation::compare::check(&ctx.plan, &cycle, &at.period.id, at.year).map_err(Error::Compare)?;
            Some(cycle)
        }
        None => None,
    };
    let mut c = gather(ctx, &args.inputs, &at.period.id, at.year, as_of, args.received.as_deref(), Some(output))?;
    if let Some(previous) = &previous {
        let comparison = crate::consolidation::compare::compare(&ctx.plan, &c, previous).map_err(Error::Compare)?;
        c.set_comparison(comparison);
    }
    consolidated_workbook(&ctx.plan, &c)?.save(output)?;
    let text = match args.format.format {
        Format::Json => {
            format!("{}\n", serde_json::to_string_pretty(&to_json(&ctx.plan, &c, Some(&args.output), ctx.lang))?)
        }
        Format::Text => summary_text(&ctx.plan, &c, &args.output, ctx.lang),
    };
    emit(&text)?;
    Ok(if args.strict && (c.has_gaps() || c.has_doubts()) { exit::FINDINGS } else { exit::OK })
}

fn summary_text(plan: &Plan, c: &Consolidation, output: &Path, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&heading(plan, c, lang));
    out.push('\n');
    out.push_str(&status_counts(plan, c, lang).to_string());
    out.push('\n');
    if let Some(tb) = gaps_table(c, lang) {
        out.push_str(&tb.to_string());
        out.push('\n');
    }
    let mut headers = vec![
        t("ui.col-indicator", lang),
        t("ui.col-measure", lang),
        t("ui.consolidate-col-province", lang),
        t("ui.consolidate-col-reported", lang),
    ];
    if let Some(cmp) = &c.comparison {
        let year = [("year", cmp.previous.year.to_string())];
        headers.push(messages::render("ui.compare-col-previous", lang, &year));
        headers.push(t("ui.compare-col-change", lang));
        headers.push(t("ui.compare-col-change-pct", lang));
    }
    let mut tb = table(headers);
    for ind in plan.indicators.iter().filter(|i| i.main) {
        let Some(total) = c.indicator(&ind.code) else { continue };
        let decimals = match ind.kind {
            Kind::Count | Kind::YesNo => 0,
            Kind::Amount => 2,
            Kind::Rate { .. } => 1,
        };
        let mut cells = vec![
            ind.name.clone(),
            // A yes/no total counts the units that answered "Có".
            if ind.kind == Kind::YesNo { t("ui.consolidate-yes-units", lang) } else { ind.measure.clone() },
            total.total.value.map(|v| number(v, decimals, lang)).unwrap_or_default(),
            format!("{}/{}", total.total.reported_units, total.expected_units),
        ];
        if let Some(cmp) = &c.comparison {
            let ch = cmp.indicator(&ind.code).map(|i| i.total).unwrap_or_default();
            let show = |v: Option<f64>, d: usize| v.map(|v| number(v, d, lang)).unwrap_or_default();
            // A rate's change is in percentage points ("điểm %"), never in percent.
            let points = matches!(ind.kind, Kind::Rate { .. }) && ch.change.is_some();
            let change = show(ch.change, decimals);
            cells.push(show(ch.previous, decimals));
            cells.push(if points { format!("{change} {}", t("ui.compare-points", lang)) } else { change });
            cells.push(show(ch.change_pct, 1));
        }
        tb.add_row(cells);
    }
    let last = if c.comparison.is_some() { 6 } else { 3 };
    for col in 2..=last {
        if let Some(column) = tb.column_mut(col) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    out.push_str(&tb.to_string());
    out.push('\n');
    if let Some(cmp) = c.comparison.as_ref().filter(|cmp| !cmp.warnings.is_empty()) {
        let args = [("year", cmp.previous.year.to_string()), ("count", cmp.warnings.len().to_string())];
        out.push_str(&messages::render("ui.compare-warnings", lang, &args));
        out.push('\n');
        for w in &cmp.warnings {
            out.push_str(&format!("  - {} {}: {}\n", w.unit, w.finding.place(), w.finding.message(lang)));
        }
    }
    out.push_str(&unit_notes(c, lang));
    out.push_str(&file_lists(c, lang));
    out.push_str(&files_line(c, lang));
    out.push('\n');
    out.push_str(&messages::render("ui.consolidate-written", lang, &[("path", output.display().to_string())]));
    out.push('\n');
    out
}
