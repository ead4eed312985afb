//! `baocao tong-ket` (alias `summary`): reads the consolidated workbook of each cycle given,
//! puts them side by side over the plan's term (`consolidation::term`) and writes the term's
//! summary workbook (`workbook::summary`), then prints which cycles are in it, which are
//! missing and which files were not used, as a table or JSON (docs/summary.md).
//!
//! A batch never stops on one bad file: a file that does not exist, cannot be read as a
//! consolidated workbook, is of another plan, outside the term or a second workbook of a cycle
//! is named (on the cover, in the output and in JSON), the others are summed up, and the exit
//! code is 1. Inputs are only ever read.

use std::path::Path;

use serde_json::{Value, json};

use crate::cli::{Format, SummaryArgs};
use crate::commands::{Context, emit, exit, file_name, resolve, table};
use crate::consolidation::term::{self, RejectReason, Rejected, Term, UnitCell};
use crate::history::{self, ReadError};
use crate::messages::{self, Lang, t};
use crate::plan::Plan;
use crate::workbook::{check_target, summary::summary_workbook};

/// Runs `baocao tong-ket`.
///
/// # Errors
/// The output is a folder, is open in another program, is in a folder that does not exist, is
/// one of the inputs, or cannot be written (exit 2; the previous output is then left as it
/// was). Bad inputs are not errors: they are named and give exit code 1.
pub fn run(ctx: &Context, args: &SummaryArgs) -> anyhow::Result<u8> {
    let output = resolve::output_file(&args.output)?;
    check_target(output)?;
    let output_key = std::fs::canonicalize(output).ok();
    for input in &args.workbooks {
        let same = input == output || (output_key.is_some() && std::fs::canonicalize(input).ok() == output_key);
        if same {
            anyhow::bail!(messages::render(
                "ui.summary-output-is-input",
                ctx.lang,
                &[("path", input.display().to_string())]
            ));
        }
    }
    let mut cycles = Vec::new();
    let mut rejected = Vec::new();
    for path in &workbooks(&args.workbooks, output_key.as_deref()) {
        if !path.is_file() {
            let reason = RejectReason::NotFound { path: path.display().to_string() };
            rejected.push(Rejected::new(path.clone(), reason));
            continue;
        }
        match history::read(&ctx.plan, path) {
            Ok(cycle) => cycles.push(cycle),
            Err(err) => {
                let mut rejected_file = Rejected::new(path.clone(), reason(&err));
                if matches!(err, ReadError::Unreadable { .. }) {
                    // What the reader found, kept as a finding so that it is said in the
                    // output's language (the read error holds it rendered in Vietnamese).
                    let found = crate::report::read(path).findings.into_iter().next();
                    if let Some(found) = found {
                        let path = path.display().to_string();
                        rejected_file.reason = RejectReason::Unreadable { path, reason: String::new() };
                        rejected_file.detail = Some(found);
                    }
                }
                rejected.push(rejected_file);
            }
        }
    }
    let term = term::summarize(&ctx.plan, cycles, rejected);
    summary_workbook(&ctx.plan, &term)?.save(output)?;
    let text = match args.format.format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&to_json(&ctx.plan, &term, output, ctx.lang))?),
        Format::Text => summary_text(&term, output, ctx.lang),
    };
    emit(&text)?;
    Ok(if term.rejected.is_empty() { exit::OK } else { exit::FINDINGS })
}

/// The files to read: each file as given; for a folder, the .xlsx files directly in it, by
/// name, leaving out the output itself (a summary written there before) and the lock files of
/// office programs (`~$NAME`, `.~lock.NAME#`). The consolidated workbooks of a term are kept
/// side by side in one folder, not in sub-folders, so a folder is not searched deeper.
fn workbooks(inputs: &[std::path::PathBuf], output: Option<&Path>) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        let Ok(entries) = std::fs::read_dir(input) else {
            out.push(input.clone());
            continue;
        };
        let mut found: Vec<std::path::PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let xlsx = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
                xlsx && p.is_file() && !name.starts_with("~$") && !name.starts_with(".~lock.")
            })
            .filter(|p| output.is_none() || std::fs::canonicalize(p).ok().as_deref() != output)
            .collect();
        found.sort();
        out.extend(found);
    }
    // The same file named twice (or through a folder and by name) is read once: it is not two
    // workbooks of one cycle.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    out
}

/// Why a file could not be read as a consolidated workbook, in the summary's words (the
/// history module's own messages speak of comparing with last year).
fn reason(err: &ReadError) -> RejectReason {
    let path = |p: &Path| p.display().to_string();
    match err {
        ReadError::Unreadable { path: p, reason } => {
            // The reader's sentence ends with its own full stop; the message adds what to do.
            RejectReason::Unreadable { path: path(p), reason: reason.trim_end_matches('.').to_string() }
        }
        ReadError::UnitReport { path: p } => RejectReason::UnitReport { path: path(p) },
        ReadError::NotConsolidated { path: p } => RejectReason::NotConsolidated { path: path(p) },
        ReadError::NoIdentity { path: p } => RejectReason::NoIdentity { path: path(p) },
        ReadError::MissingSheet { path: p, sheet } | ReadError::MissingColumns { path: p, sheet, .. } => {
            RejectReason::Damaged { path: path(p), sheet: (*sheet).to_string() }
        }
    }
}

fn summary_text(term: &Term, output: &Path, lang: Lang) -> String {
    let mut out = messages::render(
        "ui.summary-heading",
        lang,
        &[
            ("first", term.first_year.to_string()),
            ("last", term.last_year.to_string()),
            ("present", term.cycles.len().to_string()),
            ("cycles", term.slots.len().to_string()),
        ],
    );
    out.push('\n');
    let mut tb = table(vec![t("ui.summary-col-cycle", lang), t("ui.summary-col-workbook", lang)]);
    for slot in &term.slots {
        let file = match slot.cycle {
            Some(i) => file_name(&term.cycles[i].path),
            None => t("ui.summary-no-workbook", lang),
        };
        tb.add_row(vec![slot.label.clone(), file]);
    }
    out.push_str(&tb.to_string());
    out.push('\n');
    if !term.rejected.is_empty() {
        out.push_str(&t("ui.summary-rejected", lang));
        out.push('\n');
        for r in &term.rejected {
            out.push_str(&format!("- {}\n", r.message(lang)));
        }
    }
    for c in &term.cycles {
        for f in &c.findings {
            out.push_str(&format!("- {} {}: {}\n", file_name(&c.path), f.place(), f.message(lang)));
        }
    }
    out.push_str(&messages::render("ui.summary-written", lang, &[("path", output.display().to_string())]));
    out.push('\n');
    out
}

/// The JSON form (docs/summary.md): stable names, one entry per cycle of the term in every
/// per-cycle list, `null` where a cycle has no workbook.
#[must_use]
pub fn to_json(plan: &Plan, term: &Term, output: &Path, lang: Lang) -> Value {
    let cycle_of = |i: usize| {
        let s = &term.slots[i];
        (s.period.clone(), s.year)
    };
    let cycles: Vec<Value> = term
        .slots
        .iter()
        .map(|s| {
            let c = s.cycle.map(|i| &term.cycles[i]);
            json!({
                "period": s.period,
                "year": s.year,
                "label": s.label,
                "present": c.is_some(),
                "file": c.map(|c| c.path.display().to_string()),
                "warnings": c.map(|c| c.findings.iter().map(|f| f.to_json(lang)).collect::<Vec<_>>()).unwrap_or_default(),
            })
        })
        .collect();
    let missing: Vec<Value> = term
        .missing()
        .map(|s| {
            json!({
                "period": s.period,
                "year": s.year,
                "label": s.label,
                "message": messages::render("summary-no-workbook", lang, &[("cycle", s.label.clone())]),
            })
        })
        .collect();
    let rejected: Vec<Value> = term
        .rejected
        .iter()
        .map(|r| json!({"file": r.path.display().to_string(), "code": r.reason.code(), "message": r.message(lang)}))
        .collect();
    let indicators: Vec<Value> = term
        .indicators
        .iter()
        .map(|ind| {
            json!({
                "code": ind.code,
                "name": ind.name,
                "measure": ind.measure,
                "kind": ind.kind.id(),
                "main": ind.main,
                "values": ind.values.iter().enumerate().map(|(i, v)| {
                    let (period, year) = cycle_of(i);
                    json!({
                        "period": period,
                        "year": year,
                        "present": v.present,
                        "due": v.due,
                        "total": v.total,
                        "reported_units": v.reported,
                        "expected_units": v.expected,
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let units: Vec<Value> = term
        .units
        .iter()
        .map(|u| {
            let counts: serde_json::Map<String, Value> =
                term::STATUSES.iter().map(|s| (s.id().to_string(), json!(u.count(*s)))).collect();
            json!({
                "code": u.code,
                "name": u.name,
                "group": u.group,
                "cycles": u.cells.iter().enumerate().map(|(i, cell)| {
                    let (period, year) = cycle_of(i);
                    let (status, days) = match cell {
                        UnitCell::NoWorkbook => ("no_workbook", None),
                        UnitCell::NotListed => ("not_listed", None),
                        UnitCell::Unknown => ("unknown", None),
                        UnitCell::Status { status, days } => (status.id(), *days),
                    };
                    json!({"period": period, "year": year, "status": status, "days_late": days, "text": cell.text()})
                }).collect::<Vec<_>>(),
                "counts": counts,
            })
        })
        .collect();
    let tasks: Vec<Value> = term
        .tasks
        .iter()
        .map(|task| {
            json!({
                "code": task.code,
                "title": task.title,
                "cycles": task.cycles.iter().enumerate().map(|(i, c)| {
                    let (period, year) = cycle_of(i);
                    match c {
                        Some(c) => {
                            let counts: serde_json::Map<String, Value> = term.task_statuses.iter().zip(&c.counts)
                                .map(|(l, n)| (l.clone(), json!(n))).collect();
                            json!({"period": period, "year": year, "present": true, "due": c.due, "counts": counts, "blank": c.blank})
                        }
                        None => json!({"period": period, "year": year, "present": false, "due": null, "counts": null, "blank": null}),
                    }
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let item = |x: &term::TermItem, keys: &[&str]| {
        let (period, year) = cycle_of(x.slot);
        let mut map = serde_json::Map::new();
        map.insert("period".into(), json!(period));
        map.insert("year".into(), json!(year));
        map.insert("unit".into(), json!(x.unit));
        map.insert("unit_name".into(), json!(x.unit_name));
        for (k, v) in keys.iter().zip(&x.texts) {
            map.insert((*k).to_string(), json!(v));
        }
        Value::Object(map)
    };
    json!({
        "plan": plan.id,
        "first_year": term.first_year,
        "last_year": term.last_year,
        "output": output.display().to_string(),
        "cycles": cycles,
        "missing": missing,
        "rejected": rejected,
        "indicators": indicators,
        "units": units,
        "tasks": tasks,
        "recommendations": term.recommendations.iter().map(|x| item(x, &["text", "addressee"])).collect::<Vec<_>>(),
        "models": term.models.iter().map(|x| item(x, &["name", "field", "result"])).collect::<Vec<_>>(),
    })
}
