//! `baocao consolidate`: reads every report under the inputs, consolidates them and writes the
//! workbook for UBND Tỉnh and Ban Dân vận Tỉnh ủy. Also the input gathering that `status`
//! shares: folders walked, files read in parallel, the received-documents register.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use chrono::NaiveDate;
use comfy_table::CellAlignment;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::cli::{ConsolidateArgs, Format};
use crate::commands::{Context, dmy, exit, file_name, table, today_or};
use crate::consolidation::{self, Consolidation, FileRole, SkipReason, UnitStatus};
use crate::messages::{self, Lang, t};
use crate::plan::{Group, Kind, Plan, UnitMatch};
use crate::validation::{CheckedFile, FileKind};
use crate::workbook::{check_target, consolidated::consolidated_workbook};

/// Extensions read as spreadsheets; anything else in a folder is listed as skipped.
const SPREADSHEET_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Runs `baocao consolidate`.
///
/// # Errors
/// Bad period or year, an input that does not exist, an unreadable register, an output path
/// that is one of the inputs, or a workbook that cannot be written (exit 2; the previous
/// output is then left as it was).
pub fn run(ctx: &Context, args: &ConsolidateArgs) -> anyhow::Result<u8> {
    let as_of = today_or(args.as_of);
    // Open in Excel, or no such folder: said before an hour of reading, not after.
    check_target(&args.output).map_err(|e| anyhow::anyhow!(e.render(ctx.lang)))?;
    let c = gather(ctx, &args.inputs, &args.period, args.year, as_of, args.received.as_deref(), Some(&args.output))?;
    consolidated_workbook(&ctx.plan, &c)?.save(&args.output).map_err(|e| anyhow::anyhow!(e.render(ctx.lang)))?;
    let text = match args.format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&to_json(&ctx.plan, &c, Some(&args.output)))?),
        Format::Text => summary_text(&ctx.plan, &c, &args.output, ctx.lang),
    };
    emit(&text)?;
    Ok(if args.strict && c.has_gaps() { exit::FINDINGS } else { exit::OK })
}

/// Checks the arguments, finds and reads every input, and consolidates. `output` is kept out
/// of the inputs: named as an input it is an error, found inside an input folder it is ignored.
///
/// # Errors
/// See [`run`].
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
    let received = match received {
        Some(path) => read_received(plan, path, ctx.lang)?,
        None => HashMap::new(),
    };
    let found = collect_inputs(inputs, output, ctx.lang)?;
    // The output found inside an input folder may only be replaced when it is a workbook this
    // command wrote before; anything else there is an input and is never overwritten.
    if let Some(previous) = &found.previous_output {
        let is_ours = SPREADSHEET_EXTENSIONS.contains(&extension(previous).as_str())
            && crate::report::check_file(plan, previous, as_of).kind == FileKind::Consolidated;
        if !is_ours {
            bail!(messages::render(
                "ui.consolidate-output-is-input",
                ctx.lang,
                &[("path", previous.display().to_string())]
            ));
        }
    }
    let checked = read_all(plan, &found.spreadsheets, as_of);
    let mut c = consolidation::consolidate(plan, period, year, as_of, checked, &received);
    for (path, reason) in found.skipped {
        c.add_skipped(path, reason);
    }
    Ok(c)
}

/// What the inputs hold: spreadsheets to read, and files set aside without reading.
#[derive(Debug, Default)]
pub struct Found {
    pub spreadsheets: Vec<PathBuf>,
    pub skipped: Vec<(PathBuf, SkipReason)>,
    /// The output path, when a folder walk found it: neither read nor listed, and only
    /// replaced when it is baocao's own output.
    pub previous_output: Option<PathBuf>,
}

/// Walks the inputs: folders recursively (symlinked folders are not followed, so a link
/// loop cannot trap the walk), files as given. Sorted by path, each file once.
///
/// # Errors
/// An input that does not exist or cannot be listed, or the output named as an input.
pub fn collect_inputs(inputs: &[PathBuf], output: Option<&Path>, lang: Lang) -> anyhow::Result<Found> {
    let output_key = output.and_then(path_key);
    let mut files: Vec<PathBuf> = Vec::new();
    for input in inputs {
        let Ok(meta) = std::fs::metadata(input) else {
            bail!(messages::render("ui.consolidate-input-missing", lang, &[("path", input.display().to_string())]));
        };
        if meta.is_dir() {
            walk(input, &mut files)?;
        } else {
            if output_key.is_some() && path_key(input) == output_key {
                bail!(messages::render(
                    "ui.consolidate-output-is-input",
                    lang,
                    &[("path", input.display().to_string())]
                ));
            }
            files.push(input.clone());
        }
    }
    // Each file once, even when named both directly and through its folder.
    let mut seen = BTreeSet::new();
    files.retain(|p| seen.insert(path_key(p).unwrap_or_else(|| p.clone())));
    files.sort();
    let mut found = Found::default();
    for path in files {
        if output_key.is_some() && path_key(&path) == output_key {
            found.previous_output = Some(path);
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let ext = extension(&path);
        if name.starts_with("~$") {
            found.skipped.push((path, SkipReason::LockFile));
        } else if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
            found.spreadsheets.push(path);
        } else {
            found.skipped.push((path, SkipReason::NotSpreadsheet));
        }
    }
    Ok(found)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("{}", dir.display()))?;
        let path = entry.path();
        let file_type = entry.file_type().with_context(|| format!("{}", path.display()))?;
        if file_type.is_dir() {
            walk(&path, files)?;
        } else if file_type.is_symlink() {
            // A link to a file is read; a link to a folder is not followed. A link that leads
            // nowhere (dangling, or a loop of links) is listed too, so that reading it gives
            // the file its finding instead of it vanishing from the run.
            if std::fs::metadata(&path).map_or(true, |m| m.is_file()) {
                files.push(path);
            }
        } else if file_type.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// The absolute, resolved form of a path, also for a file that does not exist yet.
fn path_key(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

/// Reads and checks every spreadsheet in parallel, with a progress bar when stderr is a
/// terminal.
fn read_all(plan: &Plan, paths: &[PathBuf], as_of: NaiveDate) -> Vec<CheckedFile> {
    let bar = if std::io::stderr().is_terminal() && paths.len() > 1 {
        let bar =
            indicatif::ProgressBar::with_draw_target(Some(paths.len() as u64), indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        Some(bar)
    } else {
        None
    };
    let checked: Vec<CheckedFile> = paths
        .par_iter()
        .map(|p| {
            let file = crate::report::check_file(plan, p, as_of);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            file
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    checked
}

// =============================================================================================
// The register of incoming documents (--received)
// =============================================================================================

/// Reads `--received`: a CSV (`,`, `;` or tab) or a spreadsheet whose first sheet has the unit
/// (code or name) in the first column and the date received in the second, day first. A first
/// row that is not data is a header. When a unit is listed twice, the later date counts.
///
/// # Errors
/// The file cannot be read, or a row names an unknown unit or an unreadable date.
pub fn read_received(plan: &Plan, path: &Path, lang: Lang) -> anyhow::Result<HashMap<String, NaiveDate>> {
    let rows: Vec<(usize, String, ReceivedDate)> = if SPREADSHEET_EXTENSIONS.contains(&extension(path).as_str()) {
        spreadsheet_rows(path, lang)?
    } else {
        // Excel's plain "CSV" on Vietnamese Windows is not UTF-8: codes and dates are ASCII
        // either way, so read what can be read and let an unreadable name fail on its line.
        let bytes = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        text.trim_start_matches('\u{feff}')
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, line)| {
                let sep = [',', ';', '\t'].into_iter().find(|s| line.contains(*s)).unwrap_or(',');
                let mut fields = line.split(sep).map(|f| f.trim().trim_matches('"').trim().to_string());
                let unit = fields.next().unwrap_or_default();
                let date = fields.next().unwrap_or_default();
                (i + 1, unit, ReceivedDate::Text(date))
            })
            .collect()
    };
    let mut out: HashMap<String, NaiveDate> = HashMap::new();
    for (n, (line, unit_text, date)) in rows.into_iter().enumerate() {
        let unit = plan.unit_by_code(&unit_text).or_else(|| match plan.find_unit_by_name(&unit_text) {
            UnitMatch::Found(u) => Some(u),
            UnitMatch::Unknown { .. } => None,
        });
        let date = match date {
            ReceivedDate::Text(s) => crate::text::parse_date(&s),
            ReceivedDate::Date(d) => Some(d),
        };
        match (unit, date) {
            (Some(u), Some(d)) => {
                let e = out.entry(u.code.clone()).or_insert(d);
                *e = (*e).max(d);
            }
            // A header row ("Mã đơn vị, Ngày nhận"): neither a unit nor a date.
            (None, None) if n == 0 => {}
            (None, _) => bail!(messages::render(
                "ui.consolidate-received-unit",
                lang,
                &[("path", path.display().to_string()), ("line", line.to_string()), ("value", unit_text)]
            )),
            (Some(_), None) => bail!(messages::render(
                "ui.consolidate-received-date",
                lang,
                &[("path", path.display().to_string()), ("line", line.to_string())]
            )),
        }
    }
    Ok(out)
}

enum ReceivedDate {
    Text(String),
    Date(NaiveDate),
}

/// The first two columns of the first sheet of a register kept as a spreadsheet, read by the
/// report reader (so calamine stays behind `report.rs`, with its limits on hostile files).
fn spreadsheet_rows(path: &Path, lang: Lang) -> anyhow::Result<Vec<(usize, String, ReceivedDate)>> {
    use crate::report::Cell;
    let raw = crate::report::read(path);
    let Some(sheet) = raw.sheets.first() else {
        let detail = raw.findings.first().map(|f| f.message(lang)).unwrap_or_default();
        bail!("{}: {detail}", path.display());
    };
    let mut rows: BTreeMap<u32, (String, ReceivedDate)> = BTreeMap::new();
    for (&(row, col), cell) in &sheet.cells {
        let entry = rows.entry(row).or_insert_with(|| (String::new(), ReceivedDate::Text(String::new())));
        match (col, cell) {
            (0, c) => entry.0 = c.display().trim().to_string(),
            (1, Cell::Date(d)) => entry.1 = ReceivedDate::Date(*d),
            (1, c) => entry.1 = ReceivedDate::Text(c.display().trim().to_string()),
            _ => {}
        }
    }
    Ok(rows
        .into_iter()
        .filter(|(_, (unit, date))| !unit.is_empty() || !matches!(date, ReceivedDate::Text(t) if t.is_empty()))
        .map(|(row, (unit, date))| (row as usize + 1, unit, date))
        .collect())
}

// =============================================================================================
// Output
// =============================================================================================

/// Prints to stdout; a reader that stopped early (`| head`) is not an error.
///
/// # Errors
/// Stdout cannot be written for another reason.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The stable JSON of the issue. `output` is `null` for `status`.
#[must_use]
pub fn to_json(plan: &Plan, c: &Consolidation, output: Option<&Path>) -> Value {
    let iso = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let units: Vec<Value> = c
        .units
        .iter()
        .map(|u| {
            json!({
                "code": u.code,
                "name": u.name,
                "group": u.group.id(),
                "status": u.status.id(),
                "report_date": iso(u.report_date),
                "days_late": u.days_late,
                "file": u.file.as_ref().map(|p| p.display().to_string()),
                "errors": u.errors,
                "warnings": u.warnings,
            })
        })
        .collect();
    let indicators: Vec<Value> = plan
        .indicators
        .iter()
        .filter_map(|ind| {
            let t = c.indicator(&ind.code)?;
            Some(json!({
                "code": ind.code,
                "kind": ind.kind.id(),
                "total": t.total.value,
                "reported_units": t.total.reported_units,
                "expected_units": t.expected_units,
                "due": t.due,
                "note": (!t.due).then_some("chưa đến kỳ"),
            }))
        })
        .collect();
    let tasks: Vec<Value> = c.tasks.iter().map(|t| json!({"code": t.code, "due": t.due, "counts": t.counts})).collect();
    let files: Vec<Value> = c
        .files
        .iter()
        .map(|f| json!({"path": f.path.display().to_string(), "unit": f.unit, "role": f.role.id()}))
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
    json!({
        "plan": plan.id,
        "period": c.period,
        "year": c.year,
        "as_of": iso(Some(c.as_of)),
        "last_day": iso(c.last_day),
        "output": output.map(|p| p.display().to_string()),
        "units": units,
        "indicators": indicators,
        "tasks": tasks,
        "files": files,
        "recommendations": recommendations,
        "models": models,
    })
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
pub fn status_counts(c: &Consolidation, lang: Lang) -> comfy_table::Table {
    let mut headers = vec![t("ui.consolidate-col-group", lang), t("ui.consolidate-col-expected", lang)];
    headers.extend(UnitStatus::ALL.iter().map(|s| s.label(lang)));
    let mut tb = table(headers);
    let mut add = |label: String, units: Vec<&consolidation::UnitOutcome>| {
        let mut row = vec![label, units.len().to_string()];
        row.extend(UnitStatus::ALL.iter().map(|s| units.iter().filter(|u| u.status == *s).count().to_string()));
        tb.add_row(row);
    };
    for g in Group::ALL {
        add(g.label(lang), c.units.iter().filter(|u| u.group == g).collect());
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

fn summary_text(plan: &Plan, c: &Consolidation, output: &Path, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&heading(plan, c, lang));
    out.push('\n');
    out.push_str(&status_counts(c, lang).to_string());
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
    out.push_str(&files_line(c, lang));
    out.push('\n');
    out.push_str(&messages::render("ui.consolidate-written", lang, &[("path", output.display().to_string())]));
    out.push('\n');
    out
}

/// A number the way the reader writes it: "1.234,5" in Vietnamese, "1,234.5" in English.
#[must_use]
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{frac}") }
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

    #[test]
    fn lock_files_and_other_files_are_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.xlsx", "~$a.xlsx", "b.ODS", "notes.txt", "c.pdf"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/d.xls"), b"x").unwrap();
        let found = collect_inputs(&[dir.path().to_path_buf()], Some(&dir.path().join("a.xlsx")), Lang::Vi).unwrap();
        let names: Vec<String> =
            found.spreadsheets.iter().map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string()).collect();
        // a.xlsx is the output: set aside, never read as an input.
        assert_eq!(names, ["b.ODS", "sub/d.xls"]);
        assert_eq!(found.previous_output, Some(dir.path().join("a.xlsx")));
        let skipped: Vec<(String, SkipReason)> =
            found.skipped.into_iter().map(|(p, r)| (p.file_name().unwrap().to_string_lossy().to_string(), r)).collect();
        assert_eq!(
            skipped,
            [
                ("c.pdf".to_string(), SkipReason::NotSpreadsheet),
                ("notes.txt".to_string(), SkipReason::NotSpreadsheet),
                ("~$a.xlsx".to_string(), SkipReason::LockFile),
            ]
        );
        let err = collect_inputs(&[dir.path().join("a.xlsx")], Some(&dir.path().join("a.xlsx")), Lang::En).unwrap_err();
        assert!(err.to_string().contains("is also an input"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let found = collect_inputs(&[dir.path().to_path_buf()], None, Lang::Vi).unwrap();
        assert_eq!(found.spreadsheets.len(), 1);
    }

    #[test]
    fn received_register_reads_csv_with_header_codes_and_names() {
        let plan = crate::plan::parse(crate::plan::BUILTIN, "test").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("so-den.csv");
        std::fs::write(&path, "Mã đơn vị;Ngày nhận\nsnv;06/06/2024\n\"Sở Tư pháp\";2024-06-03\nSNV;05/06/2024\n")
            .unwrap();
        let got = read_received(&plan, &path, Lang::Vi).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got["SNV"], NaiveDate::from_ymd_opt(2024, 6, 6).unwrap());
        assert_eq!(got["STP"], NaiveDate::from_ymd_opt(2024, 6, 3).unwrap());
        std::fs::write(&path, "SNV,06/06/2024\nXYZ,07/06/2024\n").unwrap();
        let err = read_received(&plan, &path, Lang::En).unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("XYZ"), "{err}");
        std::fs::write(&path, "SNV,hôm qua\n").unwrap();
        let err = read_received(&plan, &path, Lang::En).unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn received_register_reads_a_spreadsheet_with_date_cells_and_text_dates() {
        let plan = crate::plan::parse(crate::plan::BUILTIN, "test").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("so-den.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Đơn vị").unwrap();
        ws.write_string(0, 1, "Ngày đến").unwrap();
        ws.write_string(1, 0, "TPCL").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 6, 5).unwrap();
        let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        ws.write_datetime_with_format(1, 1, &date, &fmt).unwrap();
        ws.write_string(2, 0, "UBND huyện Tân Hồng").unwrap();
        ws.write_string(2, 1, "ngày 04 tháng 6 năm 2024").unwrap();
        wb.save(&path).unwrap();
        let got = read_received(&plan, &path, Lang::Vi).unwrap();
        assert_eq!(got["TPCL"], NaiveDate::from_ymd_opt(2024, 6, 5).unwrap());
        assert_eq!(got["HTH"], NaiveDate::from_ymd_opt(2024, 6, 4).unwrap());
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn received_register_errors_name_the_line() {
        let plan = crate::plan::parse(crate::plan::BUILTIN, "test").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("so-den.csv");
        // A register saved as Windows-1258 CSV: codes and dates still read.
        std::fs::write(&path, b"M\xe3 \xf0\xf4n v\xd2;Ng\xe0y\r\nSNV;05/06/2024\r\n").unwrap();
        let got = read_received(&plan, &path, Lang::Vi).unwrap();
        assert_eq!(got["SNV"], NaiveDate::from_ymd_opt(2024, 6, 5).unwrap());
        // "Cao Lãnh" is both a city and a district: never guessed, even on the first line.
        std::fs::write(&path, "Cao Lãnh;04/06/2024\n").unwrap();
        let err = read_received(&plan, &path, Lang::Vi).unwrap_err().to_string();
        assert!(err.contains("dòng 1") && err.contains("Cao Lãnh"), "{err}");
    }
}
