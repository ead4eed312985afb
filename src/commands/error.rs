//! Operational errors: why a command could not run (exit 2), as data. Commands return them
//! (inside `anyhow` where lower code adds context); [`render`] turns one into the single message
//! a run prints, in the chosen language, naming the path and what to do.
//!
//! The operating system's own wording (`Permission denied (os error 13)`) never reaches a
//! user: every [`std::io::Error`] met on the way is rendered by its kind through [`io_reason`].

use std::io;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, render as msg};
use crate::plan::PlanError;
use crate::workbook::SaveError;

/// Why a command could not run. Each variant carries the facts its message needs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read (`--received`, `--plan`).
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: io::Error },
    /// A folder could not be created (`template --all --out-dir`).
    #[error("cannot create folder {}", path.display())]
    CreateFolder { path: PathBuf, source: io::Error },
    /// An input named on the command line does not exist.
    #[error("input {} not found", path.display())]
    InputMissing { path: PathBuf },
    /// `-o` names a folder, where a file is needed.
    #[error("output {} is a folder", path.display())]
    OutputIsFolder { path: PathBuf },
    /// A workbook could not be saved.
    #[error(transparent)]
    Save(#[from] SaveError),
    /// The plan could not be loaded.
    #[error("the plan has problems")]
    Plan(PlanError),
    /// Stdout could not be written (other than a closed pipe, which is not an error).
    #[error("cannot write to stdout")]
    Stdout(#[source] io::Error),
    /// `--period` names no period of the plan.
    #[error("unknown period {typed}")]
    UnknownPeriod { typed: String, known: Vec<String> },
    /// `--year` is outside the plan's years.
    #[error("year {year} outside the plan")]
    YearOutside { year: i32, first: i32, last: i32 },
    /// `--unit` names no unit: the nearest units, as "CODE (Name)".
    #[error("unknown unit {typed}")]
    UnknownUnit { typed: String, suggestions: Vec<String> },
    /// `--unit` is a bare name that two or more units share ("Cao Lãnh"): never guessed.
    #[error("ambiguous unit {typed}")]
    AmbiguousUnit { typed: String, candidates: Vec<String> },
    /// The unit does not report for that period (outside its validity range, or its group
    /// does not report then); boxed, the facts are many.
    #[error("unit {} not expected", .0.code)]
    UnitNotExpected(Box<NotExpected>),
    /// `--unit` is a way of writing the plan limits to other periods ("Tháp Mười" after
    /// 6-thang/2025): never matched to whatever carries the name later.
    #[error("unit name {typed} not valid in {period}")]
    UnitNameOtherPeriods { typed: String, unit: String, valid: String, period: String },
    /// No unit reports for that period (`template --all`).
    #[error("no unit reports for {period} {year}")]
    NoUnits { period: String, year: i32 },
    /// `--so-sanh` names the output file: last year's workbook would be overwritten.
    #[error("{} is both the output and the previous workbook", path.display())]
    CompareIsOutput { path: PathBuf },
    /// The previous consolidated workbook (`--so-sanh`) cannot be read as one.
    #[error(transparent)]
    History(#[from] crate::history::ReadError),
    /// The previous consolidated workbook (`--so-sanh`) is not the same period of the year
    /// before.
    #[error(transparent)]
    Compare(#[from] crate::consolidation::compare::CompareError),
}

/// The facts of [`Error::UnitNotExpected`].
#[derive(Debug)]
pub struct NotExpected {
    pub name: String,
    pub code: String,
    pub period: String,
    pub year: i32,
    /// Its `tu_ky` and `den_ky`, "6-thang/2025".
    pub first: Option<String>,
    pub last: Option<String>,
    /// "CODE (Name)" of the units succeeding it (`ke_thua`).
    pub successors: Vec<String>,
    /// The group's labels (Vietnamese, English) when it is the group that does not report.
    pub group_off: Option<(String, String)>,
}

impl From<PlanError> for Error {
    fn from(err: PlanError) -> Self {
        Error::Plan(err)
    }
}

impl Error {
    /// The message for a user, in `lang`: what happened, where, and what to do.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let show = |p: &Path| p.display().to_string();
        match self {
            Error::Read { path, source } => {
                msg("ui.cannot-read", lang, &[("path", show(path)), ("reason", io_reason(source, lang))])
            }
            Error::CreateFolder { path, source } => {
                msg("ui.cannot-create-folder", lang, &[("path", show(path)), ("reason", io_reason(source, lang))])
            }
            Error::InputMissing { path } => msg("ui.consolidate-input-missing", lang, &[("path", show(path))]),
            Error::OutputIsFolder { path } => msg("ui.output-is-folder", lang, &[("path", show(path))]),
            Error::Save(err) => render_save(err, lang),
            Error::Plan(err) => err.render(lang),
            Error::Stdout(err) => msg("ui.cannot-write-stdout", lang, &[("reason", io_reason(err, lang))]),
            Error::UnknownPeriod { typed, known } => {
                msg("ui.template-unknown-period", lang, &[("period", typed.clone()), ("known", known.join(", "))])
            }
            Error::YearOutside { year, first, last } => {
                msg("ui.template-bad-year", lang, &[("year", year.to_string()), ("years", format!("{first}–{last}"))])
            }
            Error::UnknownUnit { typed, suggestions } => {
                let suggest = if suggestions.is_empty() {
                    String::new()
                } else {
                    msg("ui.template-did-you-mean", lang, &[("codes", suggestions.join(", "))])
                };
                msg("ui.template-unknown-unit", lang, &[("code", typed.clone()), ("suggest", suggest)])
            }
            Error::AmbiguousUnit { typed, candidates } => {
                msg("ui.ambiguous-unit", lang, &[("unit", typed.clone()), ("candidates", candidates.join(", "))])
            }
            Error::UnitNotExpected(facts) => {
                let NotExpected { name, code, period, year, first, last, successors, group_off } = &**facts;
                let mut text = if let Some((vi, en)) = group_off {
                    let group = if lang == Lang::En { en } else { vi };
                    msg(
                        "ui.unit-group-off",
                        lang,
                        &[
                            ("name", name.clone()),
                            ("code", code.clone()),
                            ("group", group.clone()),
                            ("period", period.clone()),
                            ("year", year.to_string()),
                        ],
                    )
                } else {
                    msg(
                        "ui.template-unit-not-expected",
                        lang,
                        &[
                            ("name", name.clone()),
                            ("code", code.clone()),
                            ("period", period.clone()),
                            ("year", year.to_string()),
                            ("first", first.clone().unwrap_or_else(|| msg("ui.template-range-start", lang, &[]))),
                            ("last", last.clone().unwrap_or_else(|| msg("ui.template-range-end", lang, &[]))),
                        ],
                    )
                };
                if !successors.is_empty() {
                    text.push(' ');
                    text.push_str(&msg("ui.unit-successors", lang, &[("units", successors.join(", "))]));
                }
                text
            }
            Error::UnitNameOtherPeriods { typed, unit, valid, period } => msg(
                "ui.unit-name-other-periods",
                lang,
                &[
                    ("typed", typed.clone()),
                    ("unit", unit.clone()),
                    ("valid", valid.clone()),
                    ("period", period.clone()),
                ],
            ),
            Error::NoUnits { period, year } => {
                msg("ui.template-no-units", lang, &[("period", period.clone()), ("year", year.to_string())])
            }
            Error::CompareIsOutput { path } => msg("ui.compare-is-output", lang, &[("path", show(path))]),
            Error::History(err) => err.render(lang),
            Error::Compare(err) => err.render(lang),
        }
    }
}

/// A failed save: the workbook module's sentences, except that the system's own text for an
/// unforeseen error is replaced by [`io_reason`].
fn render_save(err: &SaveError, lang: Lang) -> String {
    match err {
        SaveError::Io { path, source } => {
            msg("ui.cannot-write", lang, &[("path", path.display().to_string()), ("reason", io_reason(source, lang))])
        }
        other => other.render(lang),
    }
}

/// What went wrong, by the kind of I/O error, and what to do about it: a clause that completes
/// "Không đọc được X: …" / "Cannot read X: …". Unforeseen kinds give the system's error number,
/// never its English text.
#[must_use]
pub fn io_reason(err: &io::Error, lang: Lang) -> String {
    use io::ErrorKind as K;
    let code = match err.kind() {
        K::NotFound => "ui.io-not-found",
        K::PermissionDenied => "ui.io-permission",
        K::IsADirectory => "ui.io-is-folder",
        K::NotADirectory => "ui.io-not-folder",
        K::StorageFull | K::QuotaExceeded | K::FileTooLarge => "ui.io-disk-full",
        K::ReadOnlyFilesystem => "ui.io-read-only",
        K::ResourceBusy | K::ExecutableFileBusy => "ui.io-in-use",
        K::InvalidData => "ui.io-not-text",
        // Windows: ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION, the file is open in Excel.
        _ if cfg!(windows) && matches!(err.raw_os_error(), Some(32 | 33)) => "ui.io-in-use",
        _ => "ui.io-other",
    };
    let number = err.raw_os_error().map_or_else(|| "?".to_string(), |n| n.to_string());
    msg(code, lang, &[("code", number)])
}

/// The one message for a failed command, from whatever it returned: a typed [`Error`] or
/// [`SaveError`] renders itself; otherwise the chain of contexts is joined with ": ", every
/// I/O error in it rendered by [`io_reason`]. A library's error that wraps an I/O error and
/// repeats the system's English ("… (os error 13)") is left out for the I/O error's sentence.
#[must_use]
pub fn render(err: &anyhow::Error, lang: Lang) -> String {
    let is_ours = |cause: &(dyn std::error::Error + 'static)| {
        cause.is::<Error>() || cause.is::<SaveError>() || cause.is::<io::Error>()
    };
    let chain: Vec<&(dyn std::error::Error + 'static)> = err.chain().collect();
    let mut parts: Vec<String> = Vec::new();
    for (i, cause) in chain.iter().enumerate() {
        if let Some(e) = cause.downcast_ref::<Error>() {
            parts.push(e.render(lang));
            break;
        } else if let Some(e) = cause.downcast_ref::<SaveError>() {
            parts.push(render_save(e, lang));
            break;
        } else if let Some(e) = cause.downcast_ref::<io::Error>() {
            parts.push(io_reason(e, lang));
            break;
        }
        let text = cause.to_string();
        if !(text.contains("os error") && chain[i + 1..].iter().any(|later| is_ours(*later))) {
            parts.push(text);
        }
    }
    let mut detail = parts.join(": ");
    if !detail.ends_with(['.', '?', '!']) {
        detail.push('.');
    }
    msg("ui.error", lang, &[("detail", detail)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_sentences_in_both_languages_without_os_text() {
        for kind in [
            io::ErrorKind::NotFound,
            io::ErrorKind::PermissionDenied,
            io::ErrorKind::IsADirectory,
            io::ErrorKind::NotADirectory,
            io::ErrorKind::StorageFull,
            io::ErrorKind::ReadOnlyFilesystem,
            io::ErrorKind::ResourceBusy,
            io::ErrorKind::Other,
        ] {
            for lang in [Lang::Vi, Lang::En] {
                let text = io_reason(&io::Error::from(kind), lang);
                assert!(!text.contains("os error") && !text.contains('{'), "{kind:?} {lang:?}: {text}");
            }
        }
        let denied = io::Error::from_raw_os_error(13);
        assert_eq!(io_reason(&denied, Lang::Vi), "bạn không có quyền truy cập. Xin quyền đọc/ghi hoặc chọn chỗ khác");
        assert_eq!(io_reason(&denied, Lang::En), "you do not have permission. Ask for access or choose another place");
    }

    /// A library error that repeats the system's text, wrapping the I/O error it came from.
    #[derive(Debug, thiserror::Error)]
    #[error("zip failed: {0}")]
    struct Wrapper(#[source] io::Error);

    #[test]
    fn a_library_error_repeating_the_system_text_is_replaced_by_the_sentence() {
        let err = anyhow::Error::new(Wrapper(io::Error::from_raw_os_error(28))).context("tong-hop.xlsx");
        let text = render(&err, Lang::En);
        assert_eq!(text, "Error: tong-hop.xlsx: the disk is full. Free some space and run again.");
    }

    #[test]
    fn a_chain_with_an_io_error_renders_it_by_kind() {
        let err = anyhow::Error::new(io::Error::from_raw_os_error(21)).context("so-lieu/");
        let text = render(&err, Lang::Vi);
        assert!(text.starts_with("Lỗi: so-lieu/: đây là một thư mục"), "{text}");
        assert!(!text.contains("os error"), "{text}");
    }
}
