//! Writing workbooks: the blank report template (`template.rs`) and the consolidated workbook
//! (`consolidated.rs`); the sample reports of the examples and the benchmark are written by
//! `examples/sample/`, outside the shipped library. The only module that touches `rust_xlsxwriter`. Files are written whole to a temporary file beside
//! the target and renamed into place, so a failure never leaves a half-written file and never
//! destroys the previous one.

pub mod measure;
pub mod metrics;
pub mod template;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, render};

pub mod consolidated;
pub mod summary;

/// The document font of Vietnamese administrative papers (Nghị định 30/2020/NĐ-CP).
pub const FONT: &str = "Times New Roman";

/// Why a workbook was not written. In every case the target is left as it was and no
/// temporary file remains.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The target is open in an office program: its lock file sits beside it.
    #[error("{path} is open in another program (lock file {lock})", path = path.display(), lock = lock.display())]
    Open { path: PathBuf, lock: PathBuf },
    /// The folder does not exist.
    #[error("cannot write {path}: no folder {dir}", path = path.display(), dir = dir.display())]
    NoFolder { path: PathBuf, dir: PathBuf },
    /// The folder is read-only or not writable by this user.
    #[error("cannot write {path}: folder {dir} is read-only", path = path.display(), dir = dir.display())]
    ReadOnly { path: PathBuf, dir: PathBuf },
    /// The disk (or the user's quota) is full.
    #[error("cannot write {path}: the disk is full", path = path.display())]
    DiskFull { path: PathBuf },
    /// Anything else the system reported.
    #[error("cannot write {path}: {source}", path = path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

impl SaveError {
    /// The error for a user, in `lang`: what happened and what to do.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let show = |p: &Path| p.display().to_string();
        match self {
            SaveError::Open { path, lock } => {
                render("ui.output-open", lang, &[("path", show(path)), ("lock", show(lock))])
            }
            SaveError::NoFolder { path, dir } => {
                render("ui.output-no-folder", lang, &[("path", show(path)), ("dir", show(dir))])
            }
            SaveError::ReadOnly { path, dir } => {
                render("ui.output-read-only", lang, &[("path", show(path)), ("dir", show(dir))])
            }
            SaveError::DiskFull { path } => render("ui.output-disk-full", lang, &[("path", show(path))]),
            SaveError::Io { path, source } => {
                render("ui.output-failed", lang, &[("path", show(path)), ("detail", source.to_string())])
            }
        }
    }

    fn from_io(err: std::io::Error, path: &Path, dir: &Path) -> Self {
        use std::io::ErrorKind;
        let (path, dir) = (path.to_path_buf(), dir.to_path_buf());
        match err.kind() {
            ErrorKind::NotFound => SaveError::NoFolder { path, dir },
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => SaveError::ReadOnly { path, dir },
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => SaveError::DiskFull { path },
            _ => SaveError::Io { path, source: err },
        }
    }
}

/// The folder a target is written in ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The lock file beside `path` that says it is open in an office program, if there is one:
/// `~$NAME` (Excel) or `.~lock.NAME#` (`LibreOffice`). On a Windows share seen from Linux this is
/// the only sign that Excel holds the file; writing anyway would be lost when Excel saves.
#[must_use]
pub fn lock_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy();
    [format!("~${name}"), format!(".~lock.{name}#")]
        .into_iter()
        .map(|lock| path.with_file_name(lock))
        .find(|lock| std::fs::symlink_metadata(lock).is_ok())
}

/// Checks, before any work is done, that `path` can be written: not open in an office
/// program, in a folder that exists.
///
/// # Errors
/// [`SaveError::Open`] or [`SaveError::NoFolder`].
pub fn check_target(path: &Path) -> Result<(), SaveError> {
    if let Some(lock) = lock_file(path) {
        return Err(SaveError::Open { path: path.to_path_buf(), lock });
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        return Err(SaveError::NoFolder { path: path.to_path_buf(), dir: dir.to_path_buf() });
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed and
/// synced, then renamed over the target.
///
/// # Errors
/// The target is open in an office program, the folder is missing or read-only, the disk is
/// full, or the rename fails; the target is then untouched and the temporary file removed.
pub fn save_atomically(bytes: &[u8], path: &Path) -> Result<(), SaveError> {
    save_atomically_with(path, |file| file.write_all(bytes))
}

/// Like [`save_atomically`], for a writer that writes the document itself (a large workbook
/// saved straight to disk instead of being held in memory as bytes first): `write` gets the
/// temporary file, already created in the target's folder, and writes the whole document into
/// it. The file is then synced and renamed over the target.
///
/// # Errors
/// As [`save_atomically`]; an error from `write` is reported like any other write error. The
/// target is then untouched and the temporary file removed.
pub fn save_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), SaveError> {
    check_target(path)?;
    let dir = folder_of(path);
    let fail = |err: std::io::Error| SaveError::from_io(err, path, dir);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".baocao-").suffix(".tmp");
    // A temporary file is private (0600) by default; the workbook is a normal document that
    // colleagues on a shared folder must be able to open.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    // Dropped on any failure below, which deletes it.
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    write(tmp.as_file_mut()).map_err(fail)?;
    tmp.as_file_mut().flush().map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Copies the xlsx package `input` to `out`, marking every worksheet's header and footer as
/// different on the first page (`<headerFooter differentFirst="1">`) with no first-page header:
/// Nghị định 30/2020/NĐ-CP numbers pages from the second on. `rust_xlsxwriter` has no setting
/// for this flag, so the package is rewritten here: every part is copied as it is (compressed
/// bytes untouched) except the worksheets, which are streamed through with the attribute added,
/// so a large workbook is never held in memory. Deterministic: same input, same bytes.
///
/// # Errors
/// The input is not a zip package, or reading or writing fails.
pub fn number_from_second_page<R: std::io::Read + std::io::Seek, W: Write + std::io::Seek>(
    input: R,
    out: W,
) -> std::io::Result<W> {
    use zip::write::SimpleFileOptions;
    let zip_err = |e: zip::result::ZipError| match e {
        zip::result::ZipError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    };
    let mut archive = zip::ZipArchive::new(input).map_err(zip_err)?;
    let mut writer = zip::ZipWriter::new(Latch { inner: out, failed: false });
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(zip_err)?;
        let name = file.name().map_err(zip_err)?.to_string();
        // Part names are written by rust_xlsxwriter, always in this case.
        #[allow(clippy::case_sensitive_file_extension_comparisons)]
        let sheet = name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml");
        if !sheet {
            writer.raw_copy_file(file).map_err(zip_err)?;
            continue;
        }
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(file.last_modified().unwrap_or_default());
        writer.start_file(name, options).map_err(zip_err)?;
        insert_after(file, &mut writer, b"<headerFooter", b" differentFirst=\"1\"")?;
    }
    Ok(writer.finish().map_err(zip_err)?.inner)
}

/// A writer that, after its first failed write, takes no more: `ZipWriter` finishes its
/// archive when dropped on an error path and would print a second, raw error to stderr
/// (`ZipWriter::drop: failed to finalize archive`); the first error is the one reported.
struct Latch<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> Write for Latch<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            return Ok(buf.len());
        }
        self.inner.write(buf).inspect_err(|_| self.failed = true)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed { Ok(()) } else { self.inner.flush().inspect_err(|_| self.failed = true) }
    }
}

impl<W: std::io::Seek> std::io::Seek for Latch<W> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        if self.failed { Ok(0) } else { self.inner.seek(pos).inspect_err(|_| self.failed = true) }
    }
}

/// Streams `input` to `out`, inserting `extra` after the first occurrence of `needle`.
fn insert_after(
    mut input: impl std::io::Read,
    out: &mut impl Write,
    needle: &[u8],
    extra: &[u8],
) -> std::io::Result<()> {
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut done = false;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        pending.extend_from_slice(&buf[..n]);
        let found = if done { None } else { pending.windows(needle.len()).position(|w| w == needle) };
        if let Some(at) = found {
            let end = at + needle.len();
            out.write_all(&pending[..end])?;
            out.write_all(extra)?;
            pending.drain(..end);
            done = true;
        }
        // Keep back what could be the start of a needle cut by the chunk boundary.
        let keep = if done { 0 } else { needle.len() - 1 };
        if pending.len() > keep {
            let cut = pending.len() - keep;
            out.write_all(&pending[..cut])?;
            pending.drain(..cut);
        }
    }
    out.write_all(&pending)
}

/// `text` without the characters XML 1.0 cannot hold (C0 controls other than tab, line feed
/// and carriage return; U+FFFE, U+FFFF), which a clerk's pasted text may carry. Right-to-left
/// marks and emoji are valid and kept.
#[must_use]
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if text.contains(bad) { text.chars().filter(|&c| !bad(c)).collect::<String>().into() } else { text.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_safe_drops_only_what_xml_cannot_hold() {
        assert_eq!(xml_safe("Khó khăn \u{200f}\u{1}\u{7}\u{b} 🙂\tx\r\n\u{FFFF}"), "Khó khăn \u{200f} 🙂\tx\r\n");
        assert!(matches!(xml_safe("bình thường"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn insertion_survives_a_needle_cut_by_the_chunk_boundary() {
        let mut text = "x".repeat((1 << 16) - 5);
        text.push_str("<headerFooter scaleWithDoc=\"0\"><oddHeader>&amp;P</oddHeader></headerFooter>");
        let mut out = Vec::new();
        insert_after(text.as_bytes(), &mut out, b"<headerFooter", b" differentFirst=\"1\"").unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with(
            "<headerFooter differentFirst=\"1\" scaleWithDoc=\"0\"><oddHeader>&amp;P</oddHeader></headerFooter>"
        ));
        assert_eq!(out.len(), text.len() + 19);
    }

    #[test]
    fn lock_files_of_excel_and_libreoffice_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("tong-hop.xlsx");
        assert_eq!(lock_file(&target), None);
        std::fs::write(dir.path().join(".~lock.tong-hop.xlsx#"), "x").unwrap();
        assert_eq!(lock_file(&target), Some(dir.path().join(".~lock.tong-hop.xlsx#")));
        std::fs::write(dir.path().join("~$tong-hop.xlsx"), "x").unwrap();
        assert_eq!(lock_file(&target), Some(dir.path().join("~$tong-hop.xlsx")));
        assert_eq!(lock_file(&dir.path().join("khac.xlsx")), None);
    }
}
