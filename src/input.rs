//! The input layer: which files a run reads, and reading them. Folders are walked with
//! `walkdir`; a file is a spreadsheet by its content (zip or OLE signature) or by its
//! extension, whatever a mail client named it (`noname`, `ATT00001.bin`, `tcmime.….bin`);
//! Office lock and temporary files are set aside; every entry that cannot be listed or read
//! becomes a finding on that entry while the run goes on. [`check_file`] reads a file with
//! `report.rs` and checks it with `validation.rs`, so neither of those needs the other's I/O.
//!
//! Used by `validate`, `consolidate` and `status`; knows nothing of periods or units.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::findings::{Finding, Kind};
use crate::plan::Plan;
use crate::validation::{self, CheckedFile, FileKind, SHEET_INFO};

/// Extensions read as spreadsheets whatever their first bytes (an HTML page saved as .xls
/// still gets its finding from the reader).
const SPREADSHEET_EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xls", "ods", "fods", "xlsb", "xltx"];

/// Extensions of documents that share a spreadsheet's zip or OLE signature (a Word cover
/// letter, a slide deck, an archive): set aside by name, never read as a spreadsheet.
const DOCUMENT_EXTENSIONS: [&str; 13] =
    ["doc", "docx", "docm", "dotx", "odt", "ott", "ppt", "pptx", "pps", "ppsx", "odp", "zip", "msg"];

/// Why a file in an input folder is set aside without being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetAside {
    /// An Office or `LibreOffice` lock or temporary file (`~$a.xlsx`, `.~lock.a.xlsx#`,
    /// `~WRL0001.tmp`, macOS `._a.xlsx`): a by-product of a workbook being open.
    LockFile,
    /// Neither a spreadsheet extension nor a spreadsheet signature (a note, a PDF, a picture),
    /// or not a regular file (a FIFO or socket, which reading would block on).
    NotSpreadsheet,
}

/// What the inputs hold.
#[derive(Debug, Default)]
pub struct Found {
    /// Files to read, sorted by path, each once.
    pub spreadsheets: Vec<PathBuf>,
    /// Files set aside without reading, sorted by path.
    pub set_aside: Vec<(PathBuf, SetAside)>,
    /// Entries that could not be listed (a folder without permission, a path too long), each
    /// with its `file-unreadable` finding.
    pub failed: Vec<(PathBuf, Finding)>,
    /// The output path, when a folder walk found it: neither read nor listed, and only
    /// replaced when it is baocao's own output.
    pub previous_output: Option<PathBuf>,
}

/// One entry of a walk, as far as the input layer needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Folder,
    /// A symlink: a link to a file is read, a link to a folder is not followed (so a link loop
    /// cannot trap the walk), a dangling link is read so that it gets its finding.
    Link,
    Other,
}

/// Walks the inputs: folders recursively, files as given.
///
/// # Errors
/// `InputError::Missing` for an input that does not exist, `InputError::OutputIsInput` for
/// the output named as an input. An unreadable entry inside a folder is never an error: it is
/// in [`Found::failed`].
pub fn find(inputs: &[PathBuf], output: Option<&Path>) -> Result<Found, InputError> {
    let output_key = output.and_then(path_key);
    let mut entries: Vec<Result<(PathBuf, EntryKind), (PathBuf, String)>> = Vec::new();
    for input in inputs {
        let Ok(meta) = std::fs::metadata(input) else {
            return Err(InputError::Missing { path: input.clone() });
        };
        if meta.is_dir() {
            for entry in walkdir::WalkDir::new(input).follow_links(false).sort_by_file_name() {
                entries.push(match entry {
                    Ok(e) => {
                        let t = e.file_type();
                        let kind = if t.is_dir() {
                            EntryKind::Folder
                        } else if t.is_symlink() {
                            EntryKind::Link
                        } else if t.is_file() {
                            EntryKind::File
                        } else {
                            EntryKind::Other
                        };
                        Ok((e.into_path(), kind))
                    }
                    Err(err) => {
                        let path = err.path().map_or_else(|| input.clone(), Path::to_path_buf);
                        let detail = err.io_error().map_or_else(|| err.to_string(), ToString::to_string);
                        Err((path, detail))
                    }
                });
            }
        } else {
            if output_key.is_some() && path_key(input) == output_key {
                return Err(InputError::OutputIsInput { path: input.clone() });
            }
            entries.push(Ok((input.clone(), EntryKind::File)));
        }
    }
    Ok(sort_entries(entries, output_key.as_deref()))
}

/// Sorts walked entries into what is read, set aside and failed. Separate from the walk so
/// that a failing entry can be tested without a folder that cannot be read.
fn sort_entries(entries: Vec<Result<(PathBuf, EntryKind), (PathBuf, String)>>, output_key: Option<&Path>) -> Found {
    let mut found = Found::default();
    let mut seen = BTreeSet::new();
    for entry in entries {
        let (path, kind) = match entry {
            Ok(e) => e,
            Err((path, detail)) => {
                found.failed.push((path, Finding::new(Kind::FileUnreadable { detail })));
                continue;
            }
        };
        let kind = match kind {
            EntryKind::Folder => continue,
            EntryKind::Link => match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => continue,
                Ok(m) if !m.is_file() => EntryKind::Other,
                _ => EntryKind::File,
            },
            k => k,
        };
        // Each file once, even when named both directly and through its folder.
        if !seen.insert(path_key(&path).unwrap_or_else(|| path.clone())) {
            continue;
        }
        if output_key.is_some() && path_key(&path).as_deref() == output_key {
            found.previous_output = Some(path);
            continue;
        }
        if kind == EntryKind::Other {
            found.set_aside.push((path, SetAside::NotSpreadsheet));
        } else if is_lock_or_temp(&path) {
            found.set_aside.push((path, SetAside::LockFile));
        } else if looks_like_spreadsheet(&path) {
            found.spreadsheets.push(path);
        } else {
            found.set_aside.push((path, SetAside::NotSpreadsheet));
        }
    }
    found.spreadsheets.sort();
    found.set_aside.sort_by(|a, b| a.0.cmp(&b.0));
    found.failed.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Lock and temporary files of Excel, Word, `LibreOffice` and macOS (`name` is lower case).
fn is_lock_or_temp(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    name.starts_with("~$")
        || name.starts_with(".~lock.")
        || name.starts_with("._")
        || (name.starts_with('~') && Path::new(&name).extension().is_some_and(|e| e == "tmp"))
}

/// A spreadsheet extension, or a zip or OLE signature in the first bytes (what a mail client
/// leaves of an attachment it renamed). A file that cannot be opened is read anyway, so that
/// the reader gives it its finding.
fn looks_like_spreadsheet(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
        return true;
    }
    if DOCUMENT_EXTENSIONS.contains(&ext.as_str()) {
        return false;
    }
    let mut head = [0u8; 8];
    let Ok(mut file) = std::fs::File::open(path) else { return true };
    let n = file.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Why the inputs cannot be used at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: no such file or folder", path = path.display())]
    Missing { path: PathBuf },
    #[error("{path} is also an input", path = path.display())]
    OutputIsInput { path: PathBuf },
}

impl InputError {
    /// The message in `lang`, from the catalogue.
    #[must_use]
    pub fn render(&self, lang: crate::messages::Lang) -> String {
        let (code, path) = match self {
            InputError::Missing { path } => ("ui.consolidate-input-missing", path),
            InputError::OutputIsInput { path } => ("ui.consolidate-output-is-input", path),
        };
        crate::messages::render(code, lang, &[("path", path.display().to_string())])
    }
}

/// One file read and checked, with what the choice between a unit's reports needs beyond the
/// checks: the title line of its "Thông tin" sheet (where "bản sửa", "lần 2" are written).
#[derive(Debug, Clone)]
pub struct ReadFile {
    pub checked: CheckedFile,
    /// The first text cell of "Thông tin" (row 1 to 3), as written.
    pub title: Option<String>,
}

impl From<CheckedFile> for ReadFile {
    fn from(checked: CheckedFile) -> Self {
        ReadFile { checked, title: None }
    }
}

/// Reads `path` and checks it against `plan`: the one entry point of `validate`, `consolidate`
/// and `status`. Never prints, never panics.
#[must_use]
pub fn check_file(plan: &Plan, path: &Path, as_of: NaiveDate) -> CheckedFile {
    read_file(plan, path, as_of).checked
}

/// [`check_file`], keeping the title of the "Thông tin" sheet.
#[must_use]
pub fn read_file(plan: &Plan, path: &Path, as_of: NaiveDate) -> ReadFile {
    let raw = crate::report::read(path);
    let title = raw.sheet(SHEET_INFO).and_then(|s| {
        (0..3).find_map(|row| {
            (0..3).find_map(|col| match s.get(row, col) {
                Some(c @ crate::report::Cell::Text(_)) => Some(c.display().trim().to_string()),
                _ => None,
            })
        })
    });
    let mut checked = validation::validate(plan, &raw, as_of);
    checked.path = path.to_path_buf();
    checked.modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    ReadFile { checked, title }
}

/// An entry that could not be listed, as a checked file with its one finding, so that every
/// list of files shows it.
#[must_use]
pub fn failed_file(path: &Path, finding: Finding) -> ReadFile {
    ReadFile::from(CheckedFile {
        path: path.to_path_buf(),
        modified: None,
        kind: FileKind::Unreadable,
        header: validation::Header::default(),
        report: validation::Report::default(),
        findings: vec![finding],
    })
}

/// Reads and checks every spreadsheet found, in parallel, with a progress bar when stderr is a
/// terminal; then the failed entries, each as its finding. Sorted by path.
#[must_use]
pub fn read_all(plan: &Plan, found: &Found, as_of: NaiveDate) -> Vec<ReadFile> {
    let paths = &found.spreadsheets;
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
    let mut read: Vec<ReadFile> = paths
        .par_iter()
        .map(|p| {
            let file = read_file(plan, p, as_of);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            file
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    read.extend(found.failed.iter().map(|(p, f)| failed_file(p, f.clone())));
    read.sort_by(|a, b| a.checked.path.cmp(&b.checked.path));
    read
}

/// The absolute, resolved form of a path, also for a file that does not exist yet.
#[must_use]
pub fn path_key(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path, paths: &[PathBuf]) -> Vec<String> {
        paths.iter().map(|p| p.strip_prefix(dir).unwrap().display().to_string()).collect()
    }

    #[test]
    fn lock_files_and_other_files_are_set_aside_and_mangled_names_read() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.xlsx", "~$a.xlsx", ".~lock.a.xlsx#", "b.ODS", "notes.txt", "c.pdf", "~WRL0001.tmp"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        // Attachments renamed by mail clients: recognised by their zip or OLE signature.
        std::fs::write(dir.path().join("noname"), b"PK\x03\x04rest").unwrap();
        std::fs::write(dir.path().join("ATT00001.bin"), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).unwrap();
        // A Word cover letter is a zip too, but says what it is by its name.
        std::fs::write(dir.path().join("cong-van.docx"), b"PK\x03\x04rest").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/d.xls"), b"x").unwrap();
        let found = find(&[dir.path().to_path_buf()], Some(&dir.path().join("a.xlsx"))).unwrap();
        // a.xlsx is the output: set aside, never read as an input.
        assert_eq!(names(dir.path(), &found.spreadsheets), ["ATT00001.bin", "b.ODS", "noname", "sub/d.xls"]);
        assert_eq!(found.previous_output, Some(dir.path().join("a.xlsx")));
        let aside: Vec<(String, SetAside)> = found
            .set_aside
            .into_iter()
            .map(|(p, r)| (p.file_name().unwrap().to_string_lossy().to_string(), r))
            .collect();
        assert_eq!(
            aside,
            [
                (".~lock.a.xlsx#".to_string(), SetAside::LockFile),
                ("c.pdf".to_string(), SetAside::NotSpreadsheet),
                ("cong-van.docx".to_string(), SetAside::NotSpreadsheet),
                ("notes.txt".to_string(), SetAside::NotSpreadsheet),
                ("~$a.xlsx".to_string(), SetAside::LockFile),
                ("~WRL0001.tmp".to_string(), SetAside::LockFile),
            ]
        );
        let err = find(&[dir.path().join("a.xlsx")], Some(&dir.path().join("a.xlsx"))).unwrap_err();
        assert!(matches!(err, InputError::OutputIsInput { .. }), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_not_followed_and_fifos_never_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let fifo = dir.path().join("pipe.xlsx");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
        let found = find(&[dir.path().to_path_buf()], None).unwrap();
        assert_eq!(found.spreadsheets.len(), 1);
        if made {
            // Opening a FIFO to sniff it would block the run for ever.
            assert_eq!(found.set_aside, [(fifo, SetAside::NotSpreadsheet)]);
        }
    }

    #[test]
    fn a_walk_error_is_a_finding_on_its_entry_and_the_rest_is_kept() {
        let entries = vec![
            Ok((PathBuf::from("in/a.xlsx"), EntryKind::File)),
            Err((PathBuf::from("in/b"), "Permission denied (os error 13)".to_string())),
            Ok((PathBuf::from("in/c.xlsx"), EntryKind::File)),
        ];
        let found = sort_entries(entries, None);
        assert_eq!(found.spreadsheets, [PathBuf::from("in/a.xlsx"), PathBuf::from("in/c.xlsx")]);
        assert_eq!(found.failed.len(), 1);
        let (path, finding) = &found.failed[0];
        assert_eq!((path.as_path(), finding.code()), (Path::new("in/b"), "file-unreadable"));
        assert!(finding.message(crate::messages::Lang::En).contains("Permission denied"));
    }
}
