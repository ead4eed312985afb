//! `baocao consolidate`: reads every report under the inputs, consolidates them and writes the
//! workbook for UBND Tỉnh and Ban Dân vận Tỉnh ủy, then prints a summary: statuses, the
//! units that need attention and why, every file not counted with its reason, the totals.

use std::path::Path;

use comfy_table::CellAlignment;

use crate::cli::{ConsolidateArgs, Format};
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
    let c = gather(ctx, &args.inputs, &at.period.id, at.year, as_of, args.received.as_deref(), Some(output))?;
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
    let mut tb = table(vec![
        t("ui.col-indicator", lang),
        t("ui.col-measure", lang),
        t("ui.consolidate-col-province", lang),
        t("ui.consolidate-col-reported", lang),
    ]);
    for ind in plan.indicators.iter().filter(|i| i.main) {
        let Some(total) = c.indicator(&ind.code) else { continue };
        let decimals = match ind.kind {
            Kind::Count | Kind::YesNo => 0,
            Kind::Amount => 2,
            Kind::Rate { .. } => 1,
        };
        tb.add_row(vec![
            ind.name.clone(),
            // A yes/no total counts the units that answered "Có".
            if ind.kind == Kind::YesNo { t("ui.consolidate-yes-units", lang) } else { ind.measure.clone() },
            total.total.value.map(|v| number(v, decimals, lang)).unwrap_or_default(),
            format!("{}/{}", total.total.reported_units, total.expected_units),
        ]);
    }
    for col in 2..=3 {
        if let Some(column) = tb.column_mut(col) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    out.push_str(&tb.to_string());
    out.push('\n');
    out.push_str(&unit_notes(c, lang));
    out.push_str(&file_lists(c, lang));
    out.push_str(&files_line(c, lang));
    out.push('\n');
    out.push_str(&messages::render("ui.consolidate-written", lang, &[("path", output.display().to_string())]));
    out.push('\n');
    out
}
