//! `baocao status`: the consolidation's judgement of who has and hasn't reported, without
//! writing a workbook; for reminders before the deadline. Each unit's row names the file that
//! counts, and the notes under the table tell what became of every other file.

use serde_json::Value;

use crate::cli::{Format, StatusArgs};
use crate::commands::{
    Context, dmy, emit, exit, file_lists, file_name, files_line, gather, heading, resolve, status_counts, table,
    to_json, unit_notes,
};
use crate::messages::t;

/// Runs `baocao status`. Exit 0 whatever the statuses: it is a report, not a check.
///
/// # Errors
/// Bad period, year or unit, an input that does not exist, an unreadable register.
pub fn run(ctx: &Context, args: &StatusArgs) -> anyhow::Result<u8> {
    let at = resolve::period_year(&ctx.plan, &args.at)?;
    let only = args.unit.as_deref().map(|u| resolve::unit(&ctx.plan, u, Some(at))).transpose()?;
    let as_of = resolve::as_of(args.as_of);
    let mut c = gather(ctx, &args.inputs, &at.period.id, at.year, as_of, args.received.as_deref(), None)?;
    if let Some(only) = only {
        c.units.retain(|u| u.code == only.code);
    }
    let lang = ctx.lang;
    match args.format.format {
        Format::Json => {
            // The same shape as `consolidate --format json`, without what only a workbook has.
            let mut json = to_json(&ctx.plan, &c, None, lang);
            if let Value::Object(map) = &mut json {
                map.remove("output");
                map.remove("indicators");
                map.remove("tasks");
            }
            emit(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
        }
        Format::Text => {
            let mut text = format!("{}\n", heading(&ctx.plan, &c, lang));
            let mut tb = table(vec![
                t("ui.col-code", lang),
                t("ui.consolidate-col-unit", lang),
                t("ui.consolidate-col-status", lang),
                t("ui.status-col-submitted", lang),
                t("ui.consolidate-col-days-late", lang),
                t("ui.consolidate-col-file", lang),
            ]);
            for u in &c.units {
                tb.add_row(vec![
                    u.code.clone(),
                    u.name.clone(),
                    u.status.label(lang),
                    if u.report.is_some() { u.submitted().map(dmy).unwrap_or_default() } else { String::new() },
                    u.days_late.map(|d| d.to_string()).unwrap_or_default(),
                    u.file.as_deref().map(file_name).unwrap_or_default(),
                ]);
            }
            text.push_str(&format!("{tb}\n{}\n", status_counts(&ctx.plan, &c, lang)));
            text.push_str(&unit_notes(&c, lang));
            text.push_str(&file_lists(&c, lang));
            text.push_str(&files_line(&c, lang));
            text.push('\n');
            emit(&text)?;
        }
    }
    Ok(exit::OK)
}
