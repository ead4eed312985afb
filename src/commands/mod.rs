//! One module per subcommand; each has one entry function. This module reads the language,
//! parses the arguments (`cli.rs`, rendered in that language), loads the plan once, dispatches,
//! and turns a failure into the one printed error and exit code 2. Below it: [`resolve`] (raw
//! arguments to checked values), [`error`] (operational errors) and [`output`] (the one path to
//! stdout). It also holds what `consolidate` and `status` share: finding, reading and
//! consolidating the inputs, and the terminal and JSON forms of a consolidation.

pub mod consolidate;
pub mod error;
pub mod output;
pub mod plan;
pub mod resolve;
pub mod status;
pub mod summary;
pub mod template;
pub mod validate;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use comfy_table::CellAlignment;
use serde_json::{Value, json};

use crate::cli::{self, Cli, Command};
use crate::consolidation::{self, Consolidation, Evidence, FileOutcome, FileRole, SkipReason, UnitStatus};
use crate::input::{self, SetAside};
use crate::messages::{self, Lang, t};
use crate::plan::Plan;
use crate::validation::FileKind;

/// Re-exported from [`crate::dates`], where it now lives, for code that still names it here.
pub use crate::dates::dmy;
pub use error::Error;
pub use output::{emit, emitln};

/// What every command gets: the checked plan and the language of its output.
pub struct Context {
    pub plan: Plan,
    pub lang: Lang,
}

/// Exit codes shared by every command.
pub mod exit {
    /// Everything fine (warnings allowed).
    pub const OK: u8 = 0;
    /// The command ran and found errors in the inputs (or, with `--strict`, gaps).
    pub const FINDINGS: u8 = 1;
    /// The command could not run: bad arguments, broken plan, output not written.
    pub const FAILURE: u8 = 2;
}

/// The whole program for a command line (`args` includes the program name): parses, runs,
/// prints at most one error, returns the exit code. Help and version go to stdout, exit 0.
#[must_use]
pub fn main(args: Vec<OsString>) -> ExitCode {
    let lang = cli::lang_of(&args);
    let cli = match cli::parse(args, lang) {
        Ok(cli::Parsed::Run(cli)) => cli,
        Ok(cli::Parsed::Print(text)) => {
            return match emit(&text) {
                Ok(()) => ExitCode::from(exit::OK),
                Err(err) => fail(&Error::Stdout(err).into(), lang),
            };
        }
        Err(message) => {
            output::error(&message);
            return ExitCode::from(exit::FAILURE);
        }
    };
    run(cli)
}

/// Runs parsed arguments; prints at most one error; returns the exit code.
#[must_use]
#[allow(clippy::needless_pass_by_value)] // main hands over ownership; nothing is left to drop there
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::from(cli.lang);
    // `plan check FILE` must work on a broken plan, so it loads its own.
    if let Command::Plan(args) = &cli.command
        && let Some(cli::PlanAction::Check { file }) = &args.action
    {
        return match plan::check(file.as_deref().or(cli.plan.as_deref()), lang) {
            Ok(code) => ExitCode::from(code),
            Err(err) => fail(&err, lang),
        };
    }
    let plan = match load_plan(cli.plan.as_deref()) {
        Ok(plan) => plan,
        Err(err) => return fail(&err.into(), lang),
    };
    let ctx = Context { plan, lang };
    let result = match &cli.command {
        Command::Plan(args) => plan::run(&ctx, args),
        Command::Template(args) => template::run(&ctx, args),
        Command::Validate(args) => validate::run(&ctx, args),
        Command::Consolidate(args) => consolidate::run(&ctx, args),
        Command::Status(args) => status::run(&ctx, args),
        Command::Summary(args) => summary::run(&ctx, args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => fail(&err, lang),
    }
}

/// Prints the one error of a run and gives exit code 2.
fn fail(err: &anyhow::Error, lang: Lang) -> ExitCode {
    output::error(&error::render(err, lang));
    ExitCode::from(exit::FAILURE)
}

/// The plan chosen by `--plan`, `BAOCAO_PLAN`, `./plan.toml` or the built-in copy. The file is
/// read here, so that a file that cannot be read is an [`Error::Read`] rendered by its kind.
///
/// # Errors
/// The file cannot be read ([`Error::Read`]) or has problems ([`Error::Plan`]).
pub fn load_plan(explicit: Option<&std::path::Path>) -> Result<Plan, Error> {
    match crate::plan::locate(explicit) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
            Ok(crate::plan::parse(&text, &path.display().to_string())?)
        }
        None => Ok(crate::plan::load(None)?),
    }
}

/// Today's date, or the one given with `--as-of`.
#[must_use]
pub fn today_or(as_of: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// A terminal table in the house style: condensed UTF-8 borders, wrapped to the terminal (or
/// 120 columns when output is not a terminal), so long Vietnamese titles stay readable.
#[must_use]
pub fn table(headers: Vec<String>) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(headers);
    if table.width().is_none() {
        table.set_width(120);
    }
    table
}

/// A file as terminal tables show it: its name only, so a long folder path does not wrap the
/// table (JSON and the workbook keep the whole path).
#[must_use]
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

// =============================================================================================
// Shared by `consolidate` and `status`
// =============================================================================================

/// Checks the arguments, finds and reads every input, reads the register, and consolidates.
/// `output` is kept out of the inputs: named as an input it is an error, found inside an input
/// folder it is ignored (and only replaced when baocao wrote it).
///
/// # Errors
/// Bad period or year, an input that does not exist, an unreadable register, the output named
/// as an input or found in a folder while not being baocao's own output.
pub fn gather(
    ctx: &Context,
    inputs: &[PathBuf],
    period: &str,
    year: i32,
    as_of: NaiveDate,
    received: Option<&Path>,
    output: Option<&Path>,
) -> anyhow::Result<Consolidation> {
    let plan = &ctx.plan;
    if plan.period(period).is_none() {
        let known: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
        bail!(messages::render(
            "ui.consolidate-unknown-period",
            ctx.lang,
            &[("period", period.to_string()), ("known", known.join(", "))]
        ));
    }
    if year < plan.years.0 || year > plan.years.1 {
        bail!(messages::render(
            "ui.consolidate-year-outside",
            ctx.lang,
            &[("year", year.to_string()), ("years", plan.years_text())]
        ));
    }
    let register = match received {
        Some(path) => Some(crate::register::read(plan, path).map_err(|e| match e {
            crate::register::RegisterError::Io { path, source } => anyhow::Error::from(Error::Read { path, source }),
            crate::register::RegisterError::Unreadable { path, detail } => anyhow::anyhow!(messages::render(
                "ui.received-unreadable",
                ctx.lang,
                &[("path", path.display().to_string()), ("detail", detail)]
            )),
        })?),
        None => None,
    };
    let found = input::find(inputs, output).map_err(|e| anyhow::anyhow!(e.render(ctx.lang)))?;
    if let Some(previous) = &found.previous_output
        && input::check_file(plan, previous, as_of).kind != FileKind::Consolidated
    {
        bail!(messages::render(
            "ui.consolidate-output-is-input",
            ctx.lang,
            &[("path", previous.display().to_string())]
        ));
    }
    let read = input::read_all(plan, &found, as_of);
    let dates = register.as_ref().map(|r| r.dates.clone()).unwrap_or_default();
    let mut c = consolidation::consolidate(plan, period, year, as_of, read, &dates);
    // The register kept in the input folder is listed once, as the register.
    let register_key = received.and_then(input::path_key);
    for (path, aside) in found.set_aside {
        if register_key.is_some() && input::path_key(&path) == register_key {
            continue;
        }
        let reason = match aside {
            SetAside::LockFile => SkipReason::LockFile,
            SetAside::NotSpreadsheet => SkipReason::NotSpreadsheet,
        };
        c.add_skipped(path, reason);
    }
    if let (Some(path), Some(register)) = (received, register) {
        c.add_skipped_with(path.to_path_buf(), SkipReason::Register, register.findings);
    }
    Ok(c)
}

/// The stable JSON of the issue. `output` is `null` for `status`. Each unit carries `files`:
/// every file naming it with its fate (`role`, `reason`, `replaced_by`, `evidence`,
/// `conflict`, `errors`), and `note`, its whole story in words (see `docs/consolidation.md`).
#[must_use]
pub fn to_json(plan: &Plan, c: &Consolidation, output: Option<&Path>, lang: Lang) -> Value {
    let iso = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let units: Vec<Value> = c
        .units
        .iter()
        .map(|u| {
            json!({
                "code": u.code,
                "name": u.name,
                "group": u.group,
                "succeeds": u.succeeds,
                "status": u.status.id(),
                "report_date": iso(u.report_date),
                "received": iso(u.received),
                "submitted": iso(if u.report.is_some() { u.submitted() } else { None }),
                "days_late": u.days_late,
                "file": u.file.as_ref().map(|p| p.display().to_string()),
                "errors": u.errors,
                "warnings": u.warnings,
                "decided_by": u.decided_by.map(Evidence::id),
                "conflict": u.conflict.as_ref().map(|p| p.display().to_string()),
                "latest_invalid": u.latest_invalid.as_ref().map(|p| p.display().to_string()),
                "note": consolidation::unit_story(u, lang),
                "files": u.files.iter().map(|f| file_json(f, lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let indicators: Vec<Value> = plan
        .indicators
        .iter()
        .filter_map(|ind| {
            let t = c.indicator(&ind.code)?;
            let mut value = json!({
                "code": ind.code,
                "kind": ind.kind.id(),
                "total": t.total.value,
                // Subtotals by group code, the groups of this cycle (`groups`).
                "by_group": t.by_group.iter().map(|(g, total)| (g.clone(), json!(total.value))).collect::<serde_json::Map<_, _>>(),
                "reported_units": t.total.reported_units,
                "expected_units": t.expected_units,
                "due": t.due,
                "note": (!t.due).then_some("chưa đến kỳ"),
            });
            // With `--so-sanh`: last year's same period (docs/consolidation.md, "So với cùng kỳ").
            if let (Some(cmp), Some(map)) = (c.comparison.as_ref(), value.as_object_mut()) {
                let found = cmp.indicator(&ind.code);
                let change = found.map(|i| i.total).unwrap_or_default();
                map.insert("previous".into(), json!(change.previous));
                map.insert("change".into(), json!(change.change));
                map.insert("change_pct".into(), json!(change.change_pct));
                let figures = |ch: crate::consolidation::compare::Change| {
                    json!({"total": ch.current, "previous": ch.previous, "change": ch.change, "change_pct": ch.change_pct})
                };
                let groups: Vec<Value> = found
                    .map(|i| i.by_group.iter().map(|(g, ch)| json!({"group": g, "figures": figures(*ch)})).collect())
                    .unwrap_or_default();
                // Units with a figure either year; `merged` names the predecessors summed.
                let units: Vec<Value> = found
                    .map(|i| {
                        i.by_unit
                            .iter()
                            .filter(|u| u.change.current.is_some() || u.change.previous.is_some())
                            .map(|u| {
                                json!({
                                    "unit": u.unit,
                                    "figures": figures(u.change),
                                    "merged": u.merged,
                                    "incomplete": u.incomplete,
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                map.insert("groups".into(), json!(groups));
                map.insert("units".into(), json!(units));
            }
            Some(value)
        })
        .collect();
    // The free-text lists, exactly as consolidated into the workbook's "Kiến nghị" and "Mô hình".
    let recommendations: Vec<Value> = c
        .units
        .iter()
        .flat_map(|u| u.report.iter().flat_map(move |r| r.recommendations.iter().map(move |x| (u, x))))
        .map(|(u, x)| json!({"unit": u.code, "text": x.text, "addressee": x.addressee}))
        .collect();
    let models: Vec<Value> = c
        .units
        .iter()
        .flat_map(|u| u.report.iter().flat_map(move |r| r.models.iter().map(move |m| (u, m))))
        .map(|(u, m)| json!({"unit": u.code, "name": m.name, "field": m.field, "result": m.result}))
        .collect();
    let tasks: Vec<Value> = c.tasks.iter().map(|t| json!({"code": t.code, "due": t.due, "counts": t.counts})).collect();
    let files: Vec<Value> = c
        .files
        .iter()
        .map(|f| json!({"path": f.path.display().to_string(), "unit": f.unit, "role": f.role.id(), "reason": reason(f, lang)}))
        .collect();
    let comparison = c.comparison.as_ref().map(|cmp| {
        json!({
            "file": cmp.path.display().to_string(),
            "period": cmp.previous.period,
            "year": cmp.previous.year,
            "warnings": cmp.warnings.iter().map(|w| json!({
                "unit": w.unit,
                "indicator": w.indicator,
                "current": w.current,
                "previous": w.previous,
                "bound": w.bound,
                "place": w.finding.place(),
                "code": w.finding.code(),
                "message": w.finding.message(lang),
            })).collect::<Vec<_>>(),
            "findings": cmp.findings.iter().map(|f| f.to_json(lang)).collect::<Vec<_>>(),
        })
    });
    let mut out = json!({
        "plan": plan.id,
        "period": c.period,
        "year": c.year,
        "as_of": iso(Some(c.as_of)),
        "last_day": iso(c.last_day),
        "output": output.map(|p| p.display().to_string()),
        "groups": c.groups.iter().map(|g| json!({
            "code": g,
            "name": plan.group_label(g, lang),
            "expected_units": c.units.iter().filter(|u| &u.group == g).count(),
            "statuses": UnitStatus::ALL.iter().map(|s| (s.id().to_string(), json!(c.count_in(g, *s)))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "units": units,
        "indicators": indicators,
        "tasks": tasks,
        "files": files,
        "recommendations": recommendations,
        "models": models,
    });
    // Only with `--so-sanh`: the JSON of a plain consolidation keeps its keys.
    if let (Some(comparison), Some(map)) = (comparison, out.as_object_mut()) {
        map.insert("comparison".into(), comparison);
    }
    out
}

/// One file of a unit in JSON.
fn file_json(f: &FileOutcome, lang: Lang) -> Value {
    json!({
        "path": f.path.display().to_string(),
        "role": f.role.id(),
        "reason": reason(f, lang),
        "replaced_by": f.replaced_by.as_ref().map(|p| p.display().to_string()),
        "evidence": f.evidence.map(Evidence::id),
        "conflict": f.conflict,
        "doc_number": f.doc_number,
        "report_date": f.report_date.map(|d| d.format("%Y-%m-%d").to_string()),
        "errors": f.errors,
    })
}

/// Why a file is not counted, in words; `null` for a counted one.
fn reason(f: &FileOutcome, lang: Lang) -> Option<String> {
    let name = |p: &Path| file_name(p);
    match f.role {
        FileRole::Used => None,
        FileRole::Superseded => Some(messages::render(
            "ui.fate-superseded",
            lang,
            &[
                ("file", f.replaced_by.as_deref().map(name).unwrap_or_default()),
                ("evidence", f.evidence.map(|e| e.label(lang)).unwrap_or_default()),
            ],
        )),
        // A report from a unit that does not report this period (ended, not started, group
        // switched off): the finding itself says why, with its cell, never only "N errors".
        FileRole::Invalid => Some(f.findings.iter().find(|x| x.kind.is_unit_absent()).map_or_else(
            || messages::render("ui.fate-invalid", lang, &[("errors", f.errors.to_string())]),
            |x| format!("{}: {}", x.place(), x.message(lang)),
        )),
        FileRole::Skipped => Some(match (&f.skip, f.findings.first()) {
            (Some(SkipReason::Unreadable), Some(finding)) => finding.message(lang),
            (Some(r), _) => r.text(lang),
            (None, _) => String::new(),
        }),
    }
}

/// The files not counted, each with its reason, one line each under a heading per fate;
/// then what was gathered from the counted reports. File names only.
#[must_use]
pub fn file_lists(c: &Consolidation, lang: Lang) -> String {
    let mut out = String::new();
    for (role, heading) in [
        (FileRole::Superseded, "ui.files-superseded"),
        (FileRole::Invalid, "ui.files-invalid"),
        (FileRole::Skipped, "ui.files-skipped"),
    ] {
        let files: Vec<&FileOutcome> = c.files.iter().filter(|f| f.role == role).collect();
        if files.is_empty() {
            continue;
        }
        out.push_str(&messages::render(heading, lang, &[("count", files.len().to_string())]));
        out.push('\n');
        for f in files {
            let why = reason(f, lang).unwrap_or_default();
            out.push_str(&format!("  - {}: {}\n", file_name(&f.path), why.lines().next().unwrap_or("")));
            // The register's unused lines, each with its line number.
            if f.skip == Some(SkipReason::Register) {
                for finding in &f.findings {
                    out.push_str(&format!("      {}\n", finding.message(lang)));
                }
            }
        }
    }
    let (narratives, recommendations, models) = c.gathered();
    out.push_str(&messages::render(
        "ui.consolidate-gathered",
        lang,
        &[
            ("narratives", narratives.to_string()),
            ("recommendations", recommendations.to_string()),
            ("models", models.to_string()),
        ],
    ));
    out.push('\n');
    out
}

/// The story of every unit that has one (several files, a file for another period, a
/// conflict, a latest report with errors), one line each.
#[must_use]
pub fn unit_notes(c: &Consolidation, lang: Lang) -> String {
    let mut out = String::new();
    for u in &c.units {
        let story = consolidation::unit_story(u, lang);
        if !story.is_empty() {
            out.push_str(&format!("{} ({}): {story}\n", u.code, u.name));
        }
    }
    if out.is_empty() { out } else { format!("{}\n{out}", t("ui.unit-notes", lang)) }
}

/// The heading line: period, last day, as-of date.
#[must_use]
pub fn heading(plan: &Plan, c: &Consolidation, lang: Lang) -> String {
    let period = match lang {
        Lang::Vi => consolidation::period_phrase(plan, &c.period, c.year),
        Lang::En => {
            let name = plan.period(&c.period).map_or_else(|| c.period.clone(), |p| p.name.clone());
            format!("{name} {}", c.year)
        }
    };
    messages::render(
        "ui.consolidate-heading",
        lang,
        &[("period", period), ("last_day", c.last_day.map_or_else(String::new, dmy)), ("as_of", dmy(c.as_of))],
    )
}

/// Status counts by group, as a terminal table.
#[must_use]
pub fn status_counts(plan: &Plan, c: &Consolidation, lang: Lang) -> comfy_table::Table {
    let mut headers = vec![t("ui.consolidate-col-group", lang), t("ui.consolidate-col-expected", lang)];
    headers.extend(UnitStatus::ALL.iter().map(|s| s.label(lang)));
    let mut tb = table(headers);
    let mut add = |label: String, units: Vec<&consolidation::UnitOutcome>| {
        let mut row = vec![label, units.len().to_string()];
        row.extend(UnitStatus::ALL.iter().map(|s| units.iter().filter(|u| u.status == *s).count().to_string()));
        tb.add_row(row);
    };
    for g in &c.groups {
        add(plan.group_label(g, lang).to_string(), c.units.iter().filter(|u| &u.group == g).collect());
    }
    add(t("ui.consolidate-total", lang), c.units.iter().collect());
    for col in 1..=UnitStatus::ALL.len() + 1 {
        if let Some(column) = tb.column_mut(col) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    tb
}

/// One line about the files: how many were used, superseded, invalid, skipped.
#[must_use]
pub fn files_line(c: &Consolidation, lang: Lang) -> String {
    let n = |r: FileRole| c.files.iter().filter(|f| f.role == r).count().to_string();
    messages::render(
        "ui.consolidate-files",
        lang,
        &[
            ("total", c.files.len().to_string()),
            ("used", n(FileRole::Used)),
            ("superseded", n(FileRole::Superseded)),
            ("invalid", n(FileRole::Invalid)),
            ("skipped", n(FileRole::Skipped)),
        ],
    )
}

/// The units that need attention: late, missing, invalid.
#[must_use]
pub fn gaps_table(c: &Consolidation, lang: Lang) -> Option<comfy_table::Table> {
    let gaps: Vec<_> = c.units.iter().filter(|u| u.status.is_gap()).collect();
    if gaps.is_empty() {
        return None;
    }
    let mut tb = table(vec![
        t("ui.col-code", lang),
        t("ui.consolidate-col-unit", lang),
        t("ui.consolidate-col-status", lang),
        t("ui.consolidate-col-days-late", lang),
        t("ui.consolidate-col-file", lang),
    ]);
    for u in gaps {
        tb.add_row(vec![
            u.code.clone(),
            u.name.clone(),
            u.status.label(lang),
            u.days_late.map(|d| d.to_string()).unwrap_or_default(),
            u.file.as_deref().map(file_name).unwrap_or_default(),
        ]);
    }
    Some(tb)
}

/// A number the way the reader writes it: "1.234,5" in Vietnamese, "1,234.5" in English.
#[must_use]
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    match lang {
        Lang::Vi => crate::text::grouped_number(v, decimals, '.', ','),
        Lang::En => crate::text::grouped_number(v, decimals, ',', '.'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_the_language_separators() {
        assert_eq!(number(1234.5, 1, Lang::Vi), "1.234,5");
        assert_eq!(number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(number(1_234_567.0, 0, Lang::Vi), "1.234.567");
        assert_eq!(number(12.0, 0, Lang::Vi), "12");
        assert_eq!(number(-5.25, 2, Lang::En), "-5.25");
    }
}
