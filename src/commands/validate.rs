//! `baocao validate`: reads each report, checks it against the plan and prints every finding,
//! as a table per file with a one-line verdict, or as JSON. Input files are only read.

use crate::cli::{Format, ValidateArgs};
use crate::commands::{Context, emitln, exit, resolve, table};
use crate::input::check_file;
use crate::messages::{Lang, render, t};
use crate::validation::CheckedFile;

/// Runs `baocao validate`: exit 0 when no file has an error, 1 when any has. A folder is walked
/// the way `consolidate` walks it: every spreadsheet in it by content, whatever its name, and
/// every entry that cannot be listed as a file with its finding; lock files and files that are
/// not spreadsheets are left out.
///
/// # Errors
/// Only when output cannot be written: an unreadable file is a finding, not an error.
pub fn run(ctx: &Context, args: &ValidateArgs) -> anyhow::Result<u8> {
    let as_of = resolve::as_of(args.as_of);
    let mut files: Vec<CheckedFile> = Vec::new();
    for path in &args.files {
        match crate::input::find(std::slice::from_ref(path), None) {
            // A folder without a spreadsheet in it keeps its `file-is-folder` finding below.
            Ok(found) if path.is_dir() && !(found.spreadsheets.is_empty() && found.failed.is_empty()) => {
                files.extend(crate::input::read_all(&ctx.plan, &found, as_of).into_iter().map(|r| r.checked));
            }
            // A file, or a path that does not exist: read, so that it gets its finding.
            _ => files.push(check_file(&ctx.plan, path, as_of)),
        }
    }
    match args.format.format {
        Format::Json => emitln(&serde_json::to_string_pretty(&to_json(ctx, &files))?)?,
        Format::Text => print_text(ctx, &files)?,
    }
    Ok(if files.iter().any(CheckedFile::has_errors) { exit::FINDINGS } else { exit::OK })
}

fn to_json(ctx: &Context, files: &[CheckedFile]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|f| {
            serde_json::json!({
                "path": f.path.display().to_string(),
                "unit": f.header.unit,
                "period": f.header.period,
                "year": f.header.year,
                "errors": f.errors(),
                "warnings": f.warnings(),
                "findings": f.findings.iter().map(|x| x.to_json(ctx.lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "files": files })
}

fn print_text(ctx: &Context, files: &[CheckedFile]) -> std::io::Result<()> {
    let lang = ctx.lang;
    for (i, file) in files.iter().enumerate() {
        if i > 0 {
            emitln("")?;
        }
        emitln(&file.path.display().to_string())?;
        if !file.findings.is_empty() {
            let mut tbl = table(vec![
                t("ui.col-severity", lang),
                t("ui.validate-col-code", lang),
                t("ui.validate-col-place", lang),
                t("ui.col-message", lang),
            ]);
            for f in &file.findings {
                tbl.add_row(vec![f.severity.label(lang).to_string(), f.code().to_string(), f.place(), f.message(lang)]);
            }
            emitln(&tbl.to_string())?;
        }
        let subject = subject(ctx, file);
        let verdict = if file.has_errors() {
            render(
                "ui.validate-bad",
                lang,
                &[
                    ("subject", subject),
                    ("errors", file.errors().to_string()),
                    ("warnings", file.warnings().to_string()),
                ],
            )
        } else {
            render("ui.validate-ok", lang, &[("subject", subject), ("warnings", file.warnings().to_string())])
        };
        emitln(&verdict)?;
    }
    Ok(())
}

/// What the verdict says was checked: "HCL — 6 tháng năm 2024", so a clerk sees at once that
/// they checked the wrong file; the path when the unit, period or year could not be read.
fn subject(ctx: &Context, file: &CheckedFile) -> String {
    let h = &file.header;
    let (Some(unit), Some(period), Some(year)) = (&h.unit, &h.period, h.year) else {
        return file.path.display().to_string();
    };
    let phrase = match ctx.lang {
        Lang::Vi => crate::consolidation::period_phrase(&ctx.plan, period, year),
        Lang::En => format!("{} {year}", ctx.plan.period(period).map_or(period.as_str(), |p| p.name.as_str())),
    };
    format!("{unit} — {phrase}")
}
