//! Reading report workbooks: the only module that touches calamine. A file becomes a
//! [`RawReport`]: its worksheets as sparse maps of cells (with merged ranges, percent-formatted
//! cells and hidden flags), plus file-level findings for anything that kept it from being read
//! (HTML export, CSV, PDF, old Excel, password, zip bomb, parser panic).
//!
//! Every format a clerk can send is read: xlsx/xlsm and xlsb (found through the package's own
//! relationships and repaired where calamine is stricter than Excel: `package`), xls, ods and
//! flat fods (`ods`), and xlsx encrypted with Excel's default password. Chart, dialog and macro
//! sheets and VBA modules are skipped without a word.
//!
//! Reading never panics and stays within a memory budget for the whole workbook: the file's
//! first bytes are sniffed before any parser sees it, a zip's declared sizes are checked before
//! it is opened, xlsx and xlsb sheets are streamed cell by cell into a bounded area
//! ([`MAX_CELLS`] for the workbook), xls and ods (which calamine expands to dense grids) have
//! the cells outside that area cut before calamine sees them (`xls`, `ods`) and are refused
//! when what is left would span more than [`MAX_WORKBOOK_CELLS`], and every calamine call runs
//! under `catch_unwind`. The cuts mirror calamine 0.38.0, which Cargo.toml pins.
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Range, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx, XlsxFormulaMetadata};
use chrono::NaiveDate;

use crate::findings::{Finding, Kind, cell_name};

mod ods;
mod package;
mod styles;
mod xls;

/// Columns kept per sheet: reports use five; anything beyond is never a report column.
pub const MAX_COLS: u32 = 200;
/// Rows kept per sheet (10,000 recommendation rows still fit).
pub const MAX_ROWS: u32 = 20_000;
/// Cells kept per workbook, all sheets together: a report has a few thousand at most. Each
/// costs about 100 bytes kept, so a workbook stays under about 60 MB.
pub const MAX_CELLS: usize = 500_000;
/// Cells the dense grids of all the sheets of one xls or ods workbook may span together
/// before it is refused (calamine keeps every sheet of these formats as a dense grid, about
/// 56 bytes a cell with its formula grid, so this bounds a workbook to about 60 MB).
pub const MAX_WORKBOOK_CELLS: u64 = 1_000_000;
/// Zip files up to this size are read into memory whole before they are opened.
const IN_MEMORY_ZIP: usize = 16 * 1024 * 1024;
/// Largest declared uncompressed size of one zip entry.
pub const MAX_ENTRY_BYTES: u64 = 200 * 1024 * 1024;
/// Largest declared uncompressed size of a whole zip.
pub const MAX_TOTAL_BYTES: u64 = 500 * 1024 * 1024;
/// Largest expansion of one entry (uncompressed / compressed) over 10 MB.
pub const MAX_RATIO: u64 = 1_000;

/// The container format a file turned out to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    Xls,
    Ods,
}

/// One cell's content as read, before any meaning is given to it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never stored (written by software that does not calculate).
    NoValue(String),
}

impl Cell {
    /// The cell as text, the way a clerk sees it (numbers without a trailing ".0").
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Error(e) => e.clone(),
            Cell::NoValue(f) => format!("={f}"),
        }
    }
}

// `format_number` lives in `text` so that findings can write numbers; kept here for callers.
pub use crate::text::format_number;

/// One sheet, sparse: only non-empty cells inside the bounded area, keyed by zero-based
/// (row, column).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub hidden: bool,
    pub cells: BTreeMap<(u32, u32), Cell>,
    /// Cells holding a formula (xlsx only; the other readers do not say).
    pub formulas: BTreeSet<(u32, u32)>,
    /// Merged ranges as zero-based inclusive `(first_row, first_col, last_row, last_col)`.
    /// Excel shows a merged range's value from its first (top-left) cell only.
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Numeric cells whose number format shows them as a percentage (0.85 shown as "85%"),
    /// keyed like `cells`. Filled where the format can be read (xlsx); empty elsewhere.
    pub percent: BTreeSet<(u32, u32)>,
}

impl RawSheet {
    #[must_use]
    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    /// The last row holding a cell, if any.
    #[must_use]
    pub fn last_row(&self) -> Option<u32> {
        self.cells.keys().next_back().map(|(r, _)| *r)
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawReport {
    pub format: Option<Format>,
    pub sheets: Vec<RawSheet>,
    /// Problems with the file as a whole (or a whole sheet); an error here with no sheets means
    /// the file could not be read at all.
    pub findings: Vec<Finding>,
}

impl RawReport {
    fn failed(finding: Finding) -> Self {
        RawReport { format: None, sheets: Vec::new(), findings: vec![finding] }
    }

    /// The sheet whose name folds like `name` ("THÔNG TIN " finds "Thông tin").
    #[must_use]
    pub fn sheet(&self, name: &str) -> Option<&RawSheet> {
        let key = crate::text::fold(name);
        self.sheets.iter().find(|s| crate::text::fold(&s.name) == key)
    }
}

/// Reads a workbook into sparse sheets. Anything that is not a readable spreadsheet becomes a
/// file-level finding saying what it is.
#[must_use]
pub fn read(path: &Path) -> RawReport {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return RawReport::failed(Finding::new(Kind::FileNotFound));
        }
        Err(err) => return RawReport::failed(Finding::new(Kind::FileUnreadable { detail: err.to_string() })),
    };
    if meta.is_dir() {
        return RawReport::failed(Finding::new(Kind::FileIsFolder));
    }
    if meta.len() == 0 {
        return RawReport::failed(Finding::new(Kind::FileEmpty));
    }
    let mut head = [0u8; 512];
    let n = match File::open(path).and_then(|mut f| read_up_to(&mut f, &mut head)) {
        Ok(n) => n,
        Err(err) => return RawReport::failed(Finding::new(Kind::FileUnreadable { detail: err.to_string() })),
    };
    let head = &head[..n];
    let report = if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        // A report is tens of KB: read at once, every pass over the zip (ours and calamine's)
        // seeks in memory instead of making system calls per part.
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() <= IN_MEMORY_ZIP => read_zip(&|| Ok(std::io::Cursor::new(bytes.as_slice()))),
            Ok(_) => read_zip(&|| File::open(path).map(BufReader::new)),
            Err(err) => RawReport::failed(Finding::new(Kind::FileUnreadable { detail: err.to_string() })),
        }
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        read_cfb(path)
    } else if ods::is_flat_ods(head) {
        read_flat_ods(path)
    } else {
        RawReport::failed(sniff_other(head))
    };
    // Every office program saves at least one sheet: a workbook that opens with none is
    // damaged, not merely missing the report's sheets.
    if report.format.is_some() && report.sheets.is_empty() && report.findings.is_empty() {
        return RawReport::failed(Finding::new(Kind::FileNoSheets));
    }
    report
}

/// An Excel 2.x–4.0 worksheet (BIFF2–4, a bare record stream, no OLE container): its first
/// record is a BOF (`0x0009`, `0x0209`, `0x0409`, or `0x0809` written by some tools) of 4 to
/// 16 bytes whose type word says worksheet or workbook. No maintained Rust crate reads these.
fn is_old_excel(head: &[u8]) -> bool {
    let (Some(kind), Some(len)) = (le16(head, 0), le16(head, 2)) else { return false };
    let typ = le16(head, 6).unwrap_or(0);
    matches!(kind, 0x0009 | 0x0209 | 0x0409 | 0x0809)
        && (4..=16).contains(&len)
        && matches!(typ, 0x0010 | 0x0100 | 0x0020 | 0x0040)
}

fn read_up_to(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut total = 0;
    while total < buf.len() {
        let n = f.read(&mut buf[total..])?;
        if n == 0 {
            break;
        }
        total += n;
    }
    Ok(total)
}

/// A flat ODS (`.fods`): the whole document is read as the `content.xml` of a package.
fn read_flat_ods(path: &Path) -> RawReport {
    let mut xml = Vec::new();
    match File::open(path).and_then(|f| f.take(MAX_ENTRY_BYTES).read_to_end(&mut xml)) {
        Ok(_) => read_ods::<std::io::Cursor<Vec<u8>>>(None, &xml),
        Err(err) => RawReport::failed(Finding::new(Kind::FileUnreadable { detail: err.to_string() })),
    }
}

/// What a file that is neither zip nor OLE is: PDF, an HTML page, text (CSV), an Excel file
/// older than Excel 97, or bytes. UTF-16 text (Excel's "Unicode Text", a UTF-16 web page) is
/// judged by its UTF-8 form.
fn sniff_other(head: &[u8]) -> Finding {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        // An odd byte count cut by the 512-byte window is dropped, not a reason to refuse.
        let even = &head[..head.len() & !1];
        let (text, _, _) = encoding_rs::UTF_16LE.decode(even);
        return sniff_other(text.as_bytes());
    }
    if is_old_excel(head) {
        return Finding::new(Kind::FileOldExcel);
    }
    if head.starts_with(b"%PDF") {
        return Finding::new(Kind::FileNotSpreadsheet { what: "PDF".into() });
    }
    let body = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let lower: Vec<u8> = body[start..].iter().take(16).map(u8::to_ascii_lowercase).collect();
    let whole: Vec<u8> = body.iter().map(u8::to_ascii_lowercase).collect();
    if lower.starts_with(b"<?xml")
        && whole.windows(11).any(|w| w == b"spreadsheet")
        && !whole.windows(5).any(|w| w == b"<html")
    {
        return Finding::new(Kind::FileNotSpreadsheet { what: "XML Spreadsheet 2003".into() });
    }
    if [&b"<html"[..], b"<!doctype", b"<table", b"<?xml", b"<head", b"<meta"].iter().any(|p| lower.starts_with(p)) {
        return Finding::new(Kind::FileHtml);
    }
    let text_like = std::str::from_utf8(body).is_ok()
        || body.iter().filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()).count() * 10 >= body.len() * 9;
    if text_like && !body.contains(&0) {
        return Finding::new(Kind::FileCsv);
    }
    Finding::new(Kind::FileUnknownFormat)
}

/// A zip: xlsx, ods, or something else (docx, a plain archive), after a check of its declared
/// sizes.
/// `open` gives a fresh reader of the zip's bytes each time it is called (the file, or a
/// decrypted package in memory).
fn read_zip<R: Read + Seek>(open: &dyn Fn() -> std::io::Result<R>) -> RawReport {
    let file = match open() {
        Ok(f) => f,
        Err(err) => return RawReport::failed(Finding::new(Kind::FileUnreadable { detail: err.to_string() })),
    };
    let mut archive = match zip::ZipArchive::new(file) {
        Ok(a) => a,
        Err(err) => return RawReport::failed(Finding::new(Kind::FileBroken { detail: err.to_string() })),
    };
    let mut total: u64 = 0;
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return RawReport::failed(Finding::new(Kind::FileBroken { detail: "zip".into() }));
        };
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if size > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES || (size > 10 * 1024 * 1024 && size / packed > MAX_RATIO) {
            return RawReport::failed(Finding::new(Kind::FileZipBomb { entry: name, size: size / (1024 * 1024) }));
        }
        names.push(name);
    }
    let has = |n: &str| names.iter().any(|x| package::fold_name(x) == n);
    match package::open(&mut archive, false) {
        Err(finding) => RawReport::failed(finding),
        Ok(Some((package::Kind::Xlsx, pkg))) => {
            if let Some((entry, count)) = shared_strings_overcount(&mut archive) {
                return RawReport::failed(Finding::new(Kind::FileBroken {
                    detail: format!("{entry}: uniqueCount=\"{count}\""),
                }));
            }
            let report = read_xlsx_package(&mut archive, open, &pkg);
            // A part other than the workbook may be in UTF-16, which calamine cannot decode:
            // look for such parts, and read again if any was re-encoded.
            let failed = report.findings.iter().any(|f| matches!(f.code(), "sheet-unreadable" | "file-broken"));
            if failed
                && let Ok(Some((package::Kind::Xlsx, again))) = package::open(&mut archive, true)
                && again.rewritten.is_some()
            {
                return read_xlsx_package(&mut archive, open, &again);
            }
            report
        }
        Ok(Some((package::Kind::Xlsb, _))) => {
            guarded(|| match open().map_err(calamine::XlsbError::Io).and_then(Xlsb::new) {
                Ok(wb) => read_xlsb(wb),
                Err(err) => RawReport::failed(open_failure(&err)),
            })
        }
        Ok(None) if has("content.xml") && is_ods_mimetype(&mut archive) => {
            let Some(content) = ods::content(&mut archive) else {
                return RawReport::failed(Finding::new(Kind::FileBroken { detail: "content.xml".into() }));
            };
            read_ods(Some(&mut archive), &content)
        }
        Ok(None) if has("content.xml") => {
            RawReport::failed(Finding::new(Kind::FileNotSpreadsheet { what: "OpenDocument".into() }))
        }
        Ok(None) => RawReport::failed(Finding::new(Kind::FileNotSpreadsheet { what: "ZIP".into() })),
    }
}

/// An xlsx package read by calamine, with the merged ranges and percent cells read beside it.
fn read_xlsx_package<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    open: &dyn Fn() -> std::io::Result<R>,
    pkg: &package::Package,
) -> RawReport {
    let extras = styles::package_extras(archive, pkg);
    guarded(|| match pkg.rewritten {
        Some(ref bytes) => match Xlsx::new(std::io::Cursor::new(bytes.as_slice())) {
            Ok(wb) => read_xlsx(wb, extras),
            Err(err) => RawReport::failed(open_failure(&err)),
        },
        None => match open().map_err(calamine::XlsxError::Io).and_then(Xlsx::new) {
            Ok(wb) => read_xlsx(wb, extras),
            Err(err) => RawReport::failed(open_failure(&err)),
        },
    })
}

/// A shared-strings part that declares more strings than its size can hold, as
/// `(entry, declared count)`. calamine reserves room for the declared count before reading
/// any, so `uniqueCount="100000000000"` in a 13 KB file aborted the process; every string
/// takes at least five bytes (`<si/>`).
fn shared_strings_overcount<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> Option<(String, u64)> {
    for i in 0..archive.len() {
        let entry = archive.by_index(i).ok()?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if !name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        let size = entry.size();
        let mut head = Vec::new();
        // The count sits in the opening tag, at the top of the part.
        if entry.take(64 * 1024).read_to_end(&mut head).is_err() {
            continue;
        }
        let head = String::from_utf8_lossy(&head);
        let Some(at) = head.find("uniqueCount=") else { continue };
        let digits: String =
            head[at + 12..].chars().skip_while(|c| *c == '"' || *c == '\'').take_while(char::is_ascii_digit).collect();
        // More digits than a u64 holds cannot be parsed by calamine either, so it reserves nothing.
        let Ok(count) = digits.parse::<u64>() else { continue };
        if count > size / 5 + 16 {
            return Some((name, count));
        }
    }
    None
}

fn is_ods_mimetype<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> bool {
    let Ok(entry) = archive.by_name("mimetype") else { return true };
    let mut s = String::new();
    entry.take(200).read_to_string(&mut s).is_ok() && s.contains("spreadsheet")
}

/// An ODS `content.xml` (or a flat ODS document), repaired for calamine and read, after its
/// sheets were measured: calamine expands every ODS sheet to a dense grid when it opens the
/// file, so a workbook whose grids together would be beyond [`MAX_WORKBOOK_CELLS`] is refused.
fn read_ods<R: Read + Seek>(archive: Option<&mut zip::ZipArchive<R>>, content: &[u8]) -> RawReport {
    let (content, cut) = ods::prepare(content);
    let content = content.as_slice();
    if let Some((sheet, rows, cols)) = over_budget(ods_extents(content)) {
        return RawReport::failed(Finding::new(Kind::SheetTooLarge { rows, cols }).on_sheet(&sheet));
    }
    let bytes = match ods::repack(archive, content) {
        Ok(bytes) => bytes,
        Err(err) => return RawReport::failed(Finding::new(Kind::FileBroken { detail: err.to_string() })),
    };
    let mut report = guarded(|| match Ods::new(std::io::Cursor::new(bytes)) {
        Ok(mut wb) => read_dense(&mut wb, Format::Ods),
        Err(err) => RawReport::failed(open_failure(&err)),
    });
    let mut extras = ods::extras(content);
    for sheet in &mut report.sheets {
        if let Some(extra) = extras.remove(&sheet.name) {
            sheet.merged = extra.merged;
            sheet.percent = ods::numeric(extra.percent, &sheet.cells);
        }
    }
    if report.format.is_some() {
        for (sheet, row, col) in cut {
            report.findings.push(
                Finding::new(Kind::SheetCut { rows: u64::from(MAX_ROWS), cols: u64::from(MAX_COLS) })
                    .at(&sheet, cell_name(row, col)),
            );
        }
    }
    report
}

/// The sheet at which the dense grids of a workbook, `(name, rows, columns)` each, add up to
/// more than [`MAX_WORKBOOK_CELLS`]: the budget is the workbook's, not each sheet's.
fn over_budget(extents: impl IntoIterator<Item = (String, u64, u64)>) -> Option<(String, u64, u64)> {
    let mut total = 0u64;
    for (name, rows, cols) in extents {
        total = total.saturating_add(rows.saturating_mul(cols));
        if total > MAX_WORKBOOK_CELLS {
            return Some((name, rows, cols));
        }
    }
    None
}

/// Each table's used extent in an ODS `content.xml`: a byte scan of its tags, repeats counted.
fn ods_extents(xml: &[u8]) -> Vec<(String, u64, u64)> {
    fn attr(tag: &str, name: &str) -> Option<String> {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    }
    fn repeat(tag: &str, name: &str) -> u64 {
        attr(tag, name).and_then(|v| v.parse().ok()).unwrap_or(1).max(1)
    }
    let mut out = Vec::new();
    let (mut name, mut row, mut last_row, mut last_col) = (String::new(), 0u64, 0u64, 0u64);
    let (mut row_repeat, mut col, mut row_last_col, mut row_used) = (1u64, 0u64, 0u64, false);
    let mut rest = xml;
    while let Some(open) = rest.iter().position(|&b| b == b'<') {
        let after = &rest[open + 1..];
        let Some(close) = after.iter().position(|&b| b == b'>') else { break };
        let tag = String::from_utf8_lossy(&after[..close]);
        rest = &after[close + 1..];
        let self_closing = tag.ends_with('/');
        let tag_name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        match tag_name {
            "table:table" => {
                name = attr(&tag, "table:name").unwrap_or_default();
                (row, last_row, last_col) = (0, 0, 0);
            }
            "" if tag.starts_with("/table:table") && !tag.starts_with("/table:table-") => {
                out.push((name.clone(), last_row, last_col));
            }
            "table:table-row" => {
                row_repeat = repeat(&tag, "table:number-rows-repeated");
                (col, row_last_col, row_used) = (0, 0, false);
                if self_closing {
                    row = row.saturating_add(row_repeat);
                }
            }
            "" if tag.starts_with("/table:table-row") => {
                if row_used {
                    last_row = row.saturating_add(row_repeat);
                    last_col = last_col.max(row_last_col);
                }
                row = row.saturating_add(row_repeat);
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeat(&tag, "table:number-columns-repeated");
                if !self_closing || tag.contains("office:value-type") {
                    row_used = true;
                    row_last_col = col.saturating_add(n);
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
    out
}

/// An OLE compound file: an xls, or an encrypted xlsx (Office wraps those in OLE).
fn read_cfb(path: &Path) -> RawReport {
    // Encrypted OOXML keeps "EncryptionInfo" and "EncryptedPackage" streams; their names sit
    // in the directory as UTF-16. Reading the first MB is enough to find them.
    let mut buf = Vec::new();
    if let Ok(f) = File::open(path) {
        let _ = f.take(1024 * 1024).read_to_end(&mut buf);
    }
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let needle = utf16("EncryptionInfo");
    let encrypted_package = buf.windows(needle.len()).any(|w| w == needle.as_slice());
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return RawReport::failed(Finding::new(Kind::FileUnreadable { detail: err.to_string() })),
    };
    if cfb_chain_loops(&bytes) {
        return RawReport::failed(Finding::new(Kind::FileBroken { detail: "OLE: sector chain loops".into() }));
    }
    if encrypted_package {
        return read_default_password(bytes);
    }
    let stream = cfb_workbook_stream(&bytes);
    // A password-protected xls keeps its record headers but encrypts their contents: it must be
    // named as such before the cell records (garbage once encrypted) are measured.
    if stream.as_deref().is_some_and(xls_encrypted) {
        return RawReport::failed(Finding::new(Kind::FilePassword));
    }
    let map = xls::workbook_map(&bytes).filter(|map| map.read(&bytes) == stream);
    if let (Some(map), Some(stream)) = (map, stream.as_deref()) {
        // The stream is found in the file exactly as calamine will read it: trim it in place.
        let trim = xls::trim(stream);
        if let Some((sheet, rows, cols)) = over_budget(trim.extents) {
            return RawReport::failed(Finding::new(Kind::SheetTooLarge { rows, cols }).on_sheet(&sheet));
        }
        let mut bytes = bytes;
        for (pos, patch) in &trim.patches {
            map.write(&mut bytes, *pos, patch);
        }
        let mut report = guarded(|| match Xls::new(std::io::Cursor::new(bytes)) {
            Ok(wb) => read_xls(wb),
            Err(err) => RawReport::failed(open_failure(&err)),
        });
        let mut percent = trim.percent;
        for sheet in &mut report.sheets {
            if let Some(cells) = percent.remove(&sheet.name) {
                sheet.percent = ods::numeric(cells, &sheet.cells);
            }
        }
        if report.format.is_some() {
            for (sheet, row, col) in trim.cut {
                report.findings.push(
                    Finding::new(Kind::SheetCut { rows: u64::from(MAX_ROWS), cols: u64::from(MAX_COLS) })
                        .at(&sheet, cell_name(row, col)),
                );
            }
        }
        return report;
    }
    drop(bytes);
    // calamine expands every xls sheet to a dense grid when it opens the file (up to
    // 65536 × 256 cells, about a gigabyte): measure the sheets first.
    if let Some((sheet, rows, cols)) = stream.as_deref().and_then(xls_oversized) {
        return RawReport::failed(Finding::new(Kind::SheetTooLarge { rows, cols }).on_sheet(&sheet));
    }
    guarded(|| match calamine::open_workbook::<Xls<BufReader<File>>, _>(path) {
        Ok(wb) => read_xls(wb),
        Err(err) => RawReport::failed(open_failure(&err)),
    })
}

/// Excel's built-in password: what Excel encrypts with when a workbook is saved with only its
/// structure protected, or by exporters that "protect" a file; Excel and `LibreOffice` open
/// such files without asking. It is public ([MS-OFFCRYPTO] 2.3.6.1).
const DEFAULT_PASSWORD: &str = "VelvetSweatshop";

/// An encrypted xlsx (ECMA-376 agile or standard encryption in an OLE file): opened with the
/// default password through the `office-crypto` crate, and read like any xlsx. Any other
/// password stays `file-password`. The package can be no larger than the file that holds it.
fn read_default_password(bytes: Vec<u8>) -> RawReport {
    install_panic_hook();
    let was = IN_GUARD.with(|g| g.replace(true));
    let decrypted = catch_unwind(AssertUnwindSafe(|| office_crypto::decrypt_from_bytes(bytes, DEFAULT_PASSWORD)));
    IN_GUARD.with(|g| g.set(was));
    match decrypted {
        Ok(Ok(package)) if package.starts_with(b"PK") => read_zip(&|| Ok(std::io::Cursor::new(package.as_slice()))),
        _ => RawReport::failed(Finding::new(Kind::FilePassword)),
    }
}

/// An xls workbook, with the merged ranges calamine keeps for it.
fn read_xls<RS: Read + Seek>(mut wb: Xls<RS>) -> RawReport {
    let mut report = read_dense(&mut wb, Format::Xls);
    for sheet in &mut report.sheets {
        for d in wb.merge_cells_by_sheet_name(&sheet.name).unwrap_or_default() {
            if d.start.0 < MAX_ROWS && d.start.1 < MAX_COLS {
                sheet.merged.push((d.start.0, d.start.1, d.end.0, d.end.1));
            }
        }
    }
    report
}

fn le16(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 2).map(|x| usize::from(u16::from_le_bytes([x[0], x[1]])))
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 4).map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]) as usize)
}

/// The sector table of an OLE compound file, as far as it lies inside the file.
struct CfbFat {
    /// Sector size in bytes.
    size: usize,
    /// Sectors the file really has: no chain can be longer without a loop.
    sectors: usize,
    /// Next sector of each sector.
    fat: Vec<usize>,
}

const CFB_END: usize = 0xFFFF_FFFE;

/// Sector `n` of an OLE file (the header takes the first sector's room). The last sector may
/// be cut short by the end of the file: calamine reads what is there, and so must we.
fn cfb_sector(file: &[u8], size: usize, n: usize) -> Option<&[u8]> {
    // calamine accepts sector ids up to the file length over the sector size; a sector past
    // the end of the file then reads as empty (its buffer was padded by the short sector
    // before) and the chain goes on, so the scan must go on too.
    if n > file.len() / size {
        return None;
    }
    let start = n.checked_add(1)?.checked_mul(size)?;
    if start >= file.len() {
        return Some(&[]);
    }
    file.get(start..start.saturating_add(size).min(file.len()))
}

/// Reads the header and FAT of an OLE compound file. Every count is bounded by the sectors
/// the file really has, so a hostile header cannot make a 14 KB file cost gigabytes.
fn cfb_fat(file: &[u8]) -> Option<CfbFat> {
    let shift = le16(file, 0x1E)?;
    if !(9..=12).contains(&shift) {
        return None;
    }
    let size = 1usize << shift;
    // calamine's own bound: sector ids up to the file length over the sector size.
    let sectors = file.len() / size + 1;
    let sector = |n: usize| cfb_sector(file, size, n);
    // FAT sector numbers: 109 in the header, then the DIFAT chain.
    let mut fat_sectors: Vec<usize> =
        (0..109).filter_map(|i| le32(file, 0x4C + 4 * i)).filter(|&n| n < sectors).collect();
    let mut difat = le32(file, 0x44)?;
    let mut guard = 0;
    while difat < CFB_END && guard < sectors {
        let sec = sector(difat)?;
        let per = size / 4 - 1;
        fat_sectors.extend((0..per).filter_map(|i| le32(sec, 4 * i)).filter(|&n| n < sectors));
        difat = le32(sec, 4 * per)?;
        guard += 1;
    }
    fat_sectors.truncate(sectors);
    let mut fat = Vec::new();
    for n in fat_sectors {
        let sec = sector(n)?;
        fat.extend((0..size / 4).filter_map(|i| le32(sec, 4 * i)));
    }
    Some(CfbFat { size, sectors, fat })
}

/// The bytes of a sector chain, read the way calamine reads them: until the end of the chain
/// or until `limit` bytes are in (the link after the last sector needed is never looked at),
/// each of `max` sectors at most once. `None` for a loop or a sector outside the file.
fn cfb_follow<'a>(
    start: usize,
    fat: &[usize],
    limit: usize,
    max: usize,
    sector: impl Fn(usize) -> Option<&'a [u8]>,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut n, mut steps) = (start, 0);
    while n < CFB_END && out.len() < limit {
        steps += 1;
        if steps > max {
            return None;
        }
        out.extend_from_slice(sector(n)?);
        if out.len() >= limit {
            break;
        }
        n = *fat.get(n)?;
    }
    out.truncate(limit);
    Some(out)
}

/// Whether a sector chain that calamine follows goes round in a loop: the directory, the
/// mini stream, the mini FAT, or a large stream. calamine 0.38 follows those chains without
/// a loop check, growing a buffer until memory runs out (the fuzzer found a 14 KB file that
/// took 24 GB), so such a file is refused before calamine sees it.
fn cfb_chain_loops(file: &[u8]) -> bool {
    let Some(CfbFat { size, sectors, fat }) = cfb_fat(file) else { return false };
    // Walks until the end, a link outside the table (calamine errors there), or a loop.
    let loops = |start: usize| {
        let mut n = start;
        for _ in 0..=sectors {
            if n >= CFB_END {
                return false;
            }
            match fat.get(n) {
                Some(&next) => n = next,
                None => return false,
            }
        }
        true
    };
    let Some(dir_start) = le32(file, 0x30) else { return false };
    if loops(dir_start) {
        return true;
    }
    if le32(file, 0x3C).is_some_and(&loops) {
        return true;
    }
    let sector = |n: usize| cfb_sector(file, size, n);
    let Some(dir) = cfb_follow(dir_start, &fat, 64 * 1024 * 1024, sectors, sector) else { return false };
    for e in dir.chunks_exact(128) {
        let (kind, start, len) = (e[66], le32(e, 116).unwrap_or(CFB_END), le32(e, 120).unwrap_or(0));
        // The root entry's chain is the mini stream; a stream of 4096 bytes or more lives in
        // the FAT (smaller ones are read up to their length from the mini stream).
        if (kind == 5 || len >= 4096) && loops(start) {
            return true;
        }
    }
    false
}

/// The "Workbook" (or BIFF5 "Book") stream of an OLE compound file: a minimal, bounds-checked
/// reader of the container (header, FAT, directory, mini stream). `None` when anything is off;
/// calamine then reports the file itself.
fn cfb_workbook_stream(file: &[u8]) -> Option<Vec<u8>> {
    let CfbFat { size, sectors, fat } = cfb_fat(file)?;
    let sector = |n: usize| cfb_sector(file, size, n);
    let read_chain = |start: usize, limit: usize| cfb_follow(start, &fat, limit, sectors, sector);
    let dir = read_chain(le32(file, 0x30)?, 64 * 1024 * 1024)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    // Names as calamine reads them: 32 UTF-16 units up to the first NUL, any case; the
    // "Workbook" stream, else the BIFF5 "Book".
    let name_of = |e: &[u8]| {
        let units: Vec<u16> = e[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let name = String::from_utf16_lossy(&units);
        name.split('\0').next().unwrap_or_default().to_string()
    };
    let find = |wanted: &str| entries.iter().find(|e| name_of(e).eq_ignore_ascii_case(wanted));
    let e = find("Workbook").or_else(|| find("Book"))?;
    let len = if size == 512 { le32(e, 120)? } else { le32(e, 120)? | (le32(e, 124)? << 32) };
    let (start, len) = (le32(e, 116)?, len.min(MAX_ENTRY_BYTES as usize));
    if len >= 4096 {
        return read_chain(start, len);
    }
    // Small streams live in 64-byte sectors of the mini stream (the root entry's chain),
    // linked by the mini FAT.
    let mini = read_chain(le32(root, 116)?, le32(root, 120)?.min(MAX_ENTRY_BYTES as usize))?;
    let minifat_len = le32(file, 0x40)?.saturating_mul(size).min(64 * 1024 * 1024);
    let minifat_bytes = read_chain(le32(file, 0x3C)?, minifat_len)?;
    let minifat: Vec<usize> = minifat_bytes.chunks_exact(4).map(|c| le32(c, 0).unwrap_or(CFB_END)).collect();
    cfb_follow(start, &minifat, len, mini.len() / 64, |n| mini.get(n * 64..n * 64 + 64))
}

/// Whether the workbook globals of an xls stream (up to their EOF record) hold a FILEPASS
/// record: RC4 or `CryptoAPI` encryption, or the old XOR obfuscation, which calamine would read
/// as garbage rather than refuse.
fn xls_encrypted(stream: &[u8]) -> bool {
    let mut at = 0;
    while let (Some(kind), Some(len)) = (le16(stream, at), le16(stream, at + 2)) {
        match kind {
            0x002F => return true,
            0x000A => return false,
            _ => at += 4 + len,
        }
    }
    false
}

/// The `(rows, columns)` calamine 0.38 reserves for a DIMENSIONS record, computed the way
/// it computes them (with its wrap-around when the last row is before the first).
fn xls_dimensions(data: &[u8]) -> Option<(u64, u64)> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (le16(data, 0)? as u32, le16(data, 2)? as u32, le16(data, 4)? as u32, le16(data, 6)? as u32),
        14 | 16 => (le32(data, 0)? as u32, le32(data, 4)? as u32, le16(data, 8)? as u32, le16(data, 10)? as u32),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Some((1, 1));
    }
    let rows = (last_row - 1).wrapping_sub(first_row).wrapping_add(1);
    let cols = (last_col - 1).wrapping_sub(first_col).wrapping_add(1);
    Some((u64::from(rows), u64::from(cols)))
}

/// The first xls sheet whose cells span more than [`MAX_WORKBOOK_CELLS`], as
/// `(name, rows, columns)`, from a scan of the BIFF cell records of its workbook stream.
fn xls_oversized(stream: &[u8]) -> Option<(String, u64, u64)> {
    // Workbook globals: where each sheet's substream starts (BOUNDSHEET), up to their EOF.
    let mut sheets = Vec::new();
    for (kind, data) in biff_records(stream, 0) {
        match kind {
            0x0085 => sheets.extend(boundsheet(data)),
            0x000A => break,
            _ => {}
        }
    }
    let mut extents = Vec::new();
    // Each sheet is walked from where BOUNDSHEET says it starts, the way calamine reads it,
    // so that a damaged record elsewhere cannot hide a record that calamine will act on.
    for (pos, name) in sheets {
        let (mut rows, mut cols, mut depth, mut seen_bof) = (0u64, 0u64, 0usize, false);
        for (kind, data) in biff_records(stream, pos) {
            // Nested substreams (embedded charts) are skipped by calamine.
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // DIMENSIONS: calamine reserves room for this many cells up front, so a
                // declared extent counts as much as a real cell does.
                0x0200 => {
                    if let Some((r, c)) = xls_dimensions(data) {
                        (rows, cols) = (rows.max(r), cols.max(c));
                    }
                }
                0x0203 | 0x027E | 0x00FD | 0x0204 | 0x00D6 | 0x0205 | 0x0006 | 0x00BD => {
                    if let (Some(row), Some(col)) = (le16(data, 0), le16(data, 2)) {
                        // MULRK ends with its last column.
                        let col =
                            if kind == 0x00BD { le16(data, data.len().saturating_sub(2)).unwrap_or(col) } else { col };
                        (rows, cols) = (rows.max(row as u64 + 1), cols.max(col as u64 + 1));
                    }
                }
                _ => {}
            }
        }
        extents.push((name, rows, cols));
    }
    over_budget(extents)
}

/// The BIFF records of a stream from byte `from`: `(type, data)`, up to the first record that
/// does not fit (where calamine stops with an error too).
fn biff_records(stream: &[u8], from: usize) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = from;
    std::iter::from_fn(move || {
        let (kind, len) = (le16(stream, at)?, le16(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// A BOUNDSHEET record: where the sheet's substream starts, and its name.
fn boundsheet(data: &[u8]) -> Option<(usize, String)> {
    let (pos, &cch) = (le32(data, 0)?, data.get(6)?);
    let wide = data.get(7).is_some_and(|f| f & 1 == 1);
    let raw = data.get(8..).unwrap_or_default();
    let name = if wide {
        let units: Vec<u16> =
            raw.chunks_exact(2).take(usize::from(cch)).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        raw.iter().take(usize::from(cch)).map(|&b| char::from(b)).collect()
    };
    Some((pos, name))
}

thread_local! {
    /// Set while a calamine call runs under [`guarded`] on this thread, so the panic hook
    /// knows a panic there is caught and becomes a finding.
    static IN_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs (once per process) a panic hook that stays silent for panics inside the reader's
/// guard, which become `file-reader-panic` findings, and hands every other panic to the hook
/// that was there before, so a real bug still reports normally. The guard calls this itself;
/// calling it again does nothing.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_GUARD.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs a calamine reader; a panic inside it becomes a finding, printed nowhere.
fn guarded(f: impl FnOnce() -> RawReport) -> RawReport {
    install_panic_hook();
    let was = IN_GUARD.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_GUARD.with(|g| g.set(was));
    match result {
        Ok(report) => report,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            // The first line is enough to tell panics apart in a message for users
            // ("assertion failed" is followed by the values compared, over lines).
            let detail: String = detail.lines().next().unwrap_or_default().chars().take(200).collect();
            RawReport::failed(Finding::new(Kind::FileReaderPanic { detail }))
        }
    }
}

fn open_failure(err: &impl std::fmt::Display) -> Finding {
    let detail = err.to_string();
    if detail.to_lowercase().contains("password") {
        Finding::new(Kind::FilePassword)
    } else {
        Finding::new(Kind::FileBroken { detail })
    }
}

/// xlsx, streamed: only cells inside the bounded area are kept, so a stray value at
/// XFD1048576 costs nothing. Chart, dialog and macro sheets are skipped without a word: they
/// hold no cells.
/// `extras` gives each sheet's merged ranges and percent-formatted cells, read beside calamine.
fn read_xlsx<RS: Read + Seek>(
    mut wb: Xlsx<RS>,
    mut extras: std::collections::HashMap<String, styles::SheetExtras>,
) -> RawReport {
    let metadata = worksheets(&wb);
    let mut report = RawReport { format: Some(Format::Xlsx), sheets: Vec::new(), findings: Vec::new() };
    let mut before = 0;
    for (name, hidden) in metadata {
        let mut sheet = RawSheet { name: name.clone(), hidden, ..RawSheet::default() };
        let mut cut = false;
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(err) => {
                report.findings.push(Finding::new(Kind::SheetUnreadable { detail: err.to_string() }).on_sheet(&name));
                continue;
            }
        };
        loop {
            // The metadata variant never expands shared formulas: calamine's expanding variant
            // grows a table to the `si` index a file declares, which a hostile file sets huge.
            let record = match reader.next_cell_with_formula_metadata() {
                Ok(Some(record)) => record,
                Ok(None) => break,
                Err(err) => {
                    report
                        .findings
                        .push(Finding::new(Kind::SheetUnreadable { detail: err.to_string() }).on_sheet(&name));
                    break;
                }
            };
            let (row, col) = record.pos;
            match place(&mut report.findings, &sheet, &mut cut, (row, col), is_blank_ref(&record.value), before) {
                Place::Keep => {}
                Place::Skip => continue,
                Place::Stop => break,
            }
            let formula = record.formula.map(|f| match f {
                XlsxFormulaMetadata::Normal { formula } | XlsxFormulaMetadata::Shared { formula, .. } => formula,
                // A copy of a shared formula: its own text would need expanding.
                _ => "…".to_string(),
            });
            let formula = formula.filter(|f| !f.trim().is_empty());
            if formula.is_some() {
                sheet.formulas.insert((row, col));
            }
            match (from_ref(&record.value), formula) {
                (Some(cell), _) => {
                    sheet.cells.insert((row, col), cell);
                }
                // No stored result at all (software that writes formulas without calculating
                // them). A formula whose result is empty text is only a blank cell.
                (None, Some(f)) if matches!(record.value, DataRef::Empty) => {
                    sheet.cells.insert((row, col), Cell::NoValue(f));
                }
                (None, _) => {}
            }
        }
        if let Some(extra) = extras.remove(&name) {
            sheet.merged = extra.merged;
            sheet.percent =
                extra.percent.into_iter().filter(|at| matches!(sheet.cells.get(at), Some(Cell::Number(_)))).collect();
        }
        before += sheet.cells.len();
        report.sheets.push(sheet);
    }
    report
}

/// What to do with a cell streamed at `at`.
enum Place {
    Keep,
    Skip,
    /// Nothing further in the sheet can be kept.
    Stop,
}

/// Whether a streamed cell at `at` lies in the area read. Outside it, said once per sheet, for
/// the first cell that holds something (a stray space far away is nothing).
/// `before` counts the cells kept from the workbook's earlier sheets: the budget is the
/// workbook's.
fn place(
    findings: &mut Vec<Finding>,
    sheet: &RawSheet,
    cut: &mut bool,
    at: (u32, u32),
    blank: bool,
    before: usize,
) -> Place {
    let (row, col) = at;
    let full = before + sheet.cells.len() >= MAX_CELLS;
    if row < MAX_ROWS && col < MAX_COLS && !full {
        return Place::Keep;
    }
    if !*cut && !blank {
        findings.push(
            Finding::new(Kind::SheetCut { rows: u64::from(MAX_ROWS), cols: u64::from(MAX_COLS) })
                .at(&sheet.name, cell_name(row, col)),
        );
        *cut = true;
    }
    if *cut && (row >= MAX_ROWS || full) { Place::Stop } else { Place::Skip }
}

/// The worksheets of a workbook as `(name, hidden)`, in order: chart, dialog and macro sheets
/// and VBA modules hold no cells and are left out.
fn worksheets<RS: Read + Seek, R: Reader<RS>>(wb: &R) -> Vec<(String, bool)> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

/// xlsb, streamed like xlsx (calamine's xlsb reader does not say which cells are formulas).
fn read_xlsb<RS: Read + Seek>(mut wb: Xlsb<RS>) -> RawReport {
    let mut report = RawReport { format: Some(Format::Xlsb), sheets: Vec::new(), findings: Vec::new() };
    let mut before = 0;
    for (name, hidden) in worksheets(&wb) {
        let mut sheet = RawSheet { name: name.clone(), hidden, ..RawSheet::default() };
        let mut cut = false;
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(err) => {
                report.findings.push(Finding::new(Kind::SheetUnreadable { detail: err.to_string() }).on_sheet(&name));
                continue;
            }
        };
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(err) => {
                    report
                        .findings
                        .push(Finding::new(Kind::SheetUnreadable { detail: err.to_string() }).on_sheet(&name));
                    break;
                }
            };
            let at = cell.get_position();
            match place(&mut report.findings, &sheet, &mut cut, at, is_blank_ref(cell.get_value()), before) {
                Place::Keep => {}
                Place::Skip => continue,
                Place::Stop => break,
            }
            if let Some(value) = from_ref(cell.get_value()) {
                sheet.cells.insert(at, value);
            }
        }
        before += sheet.cells.len();
        report.sheets.push(sheet);
    }
    report
}

fn is_blank_ref(v: &DataRef<'_>) -> bool {
    match v {
        DataRef::Empty => true,
        DataRef::String(s) => s.trim().is_empty(),
        DataRef::SharedString(s) => s.trim().is_empty(),
        _ => false,
    }
}

fn text_cell(s: &str) -> Option<Cell> {
    if s.trim().is_empty() { None } else { Some(Cell::Text(s.to_string())) }
}

fn from_ref(v: &DataRef<'_>) -> Option<Cell> {
    match v {
        DataRef::Empty => None,
        DataRef::String(s) | DataRef::DurationIso(s) => text_cell(s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::Int(i) => Some(Cell::Number(*i as f64)),
        DataRef::Float(f) => Some(Cell::Number(*f)),
        DataRef::Bool(b) => Some(Cell::Bool(*b)),
        DataRef::DateTime(dt) => Some(excel_datetime(dt)),
        DataRef::DateTimeIso(s) => Some(iso_date(s)),
        DataRef::Error(e) => Some(Cell::Error(e.to_string())),
    }
}

fn from_data(v: &Data) -> Option<Cell> {
    match v {
        Data::Empty => None,
        Data::String(s) | Data::DurationIso(s) => text_cell(s),
        Data::Int(i) => Some(Cell::Number(*i as f64)),
        Data::Float(f) => Some(Cell::Number(*f)),
        Data::Bool(b) => Some(Cell::Bool(*b)),
        Data::DateTime(dt) => Some(excel_datetime(dt)),
        Data::DateTimeIso(s) => Some(iso_date(s)),
        Data::Error(e) => Some(Cell::Error(e.to_string())),
    }
}

/// A date cell keeps its date (a date-time drops its time); a duration stays a number.
fn excel_datetime(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_datetime() {
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        if let Some(date) = NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
            return Cell::Date(date);
        }
    }
    Cell::Number(dt.as_f64())
}

fn iso_date(s: &str) -> Cell {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| Cell::Text(s.to_string()), Cell::Date)
}

/// xls and ods: calamine only offers dense ranges. A sheet whose bounding box is beyond the
/// cell budget is refused rather than used.
fn read_dense<RS: Read + Seek, R: Reader<RS>>(wb: &mut R, format: Format) -> RawReport
where
    R::Error: std::fmt::Display,
{
    let metadata = worksheets(wb);
    let mut report = RawReport { format: Some(format), sheets: Vec::new(), findings: Vec::new() };
    for (name, hidden) in metadata {
        let range: Range<Data> = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(err) => {
                let finding = open_failure(&err);
                if finding.code() == "file-password" {
                    return RawReport::failed(finding);
                }
                report.findings.push(Finding::new(Kind::SheetUnreadable { detail: err.to_string() }).on_sheet(&name));
                continue;
            }
        };
        let (h, w) = range.get_size();
        if (h as u64).saturating_mul(w as u64) > MAX_WORKBOOK_CELLS {
            report.findings.push(Finding::new(Kind::SheetTooLarge { rows: h as u64, cols: w as u64 }).on_sheet(&name));
            continue;
        }
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut sheet = RawSheet { name: name.clone(), hidden, ..RawSheet::default() };
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            if row >= MAX_ROWS || col >= MAX_COLS {
                continue;
            }
            if let Some(cell) = from_data(v) {
                sheet.cells.insert((row, col), cell);
            }
        }
        // Formula cells, so that the template's rate formulas are known as such.
        if let Ok(formulas) = wb.worksheet_formula(&name) {
            let (h, w) = formulas.get_size();
            if (h as u64).saturating_mul(w as u64) <= MAX_WORKBOOK_CELLS {
                let (r0, c0) = formulas.start().unwrap_or((0, 0));
                for (r, c, f) in formulas.used_cells() {
                    if !f.trim().is_empty() {
                        sheet.formulas.insert((r0 + r as u32, c0 + c as u32));
                    }
                }
            }
        }
        report.sheets.push(sheet);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_reader_becomes_a_finding() {
        let report = guarded(|| panic!("bad record"));
        assert!(report.sheets.is_empty());
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].code(), "file-reader-panic");
        assert_eq!(*report.findings[0].kind, Kind::FileReaderPanic { detail: "bad record".into() });
        // One line of detail, however the panic message runs on.
        let report = guarded(|| panic!("assertion `left == right` failed\n  left: 2\n right: 0"));
        assert_eq!(
            *report.findings[0].kind,
            Kind::FileReaderPanic { detail: "assertion `left == right` failed".into() }
        );
    }

    #[test]
    fn sniffing_tells_what_a_file_is() {
        assert_eq!(*sniff_other(b"%PDF-1.4").kind, Kind::FileNotSpreadsheet { what: "PDF".into() });
        assert_eq!(sniff_other(b"\xef\xbb\xbf\r\n <!DOCTYPE html>").code(), "file-html");
        assert_eq!(sniff_other(b"<TABLE><tr>").code(), "file-html");
        let xml2003 =
            sniff_other(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">");
        assert_eq!(*xml2003.kind, Kind::FileNotSpreadsheet { what: "XML Spreadsheet 2003".into() });
        assert_eq!(sniff_other("Mã;Số liệu\r\nA;1".as_bytes()).code(), "file-csv");
        assert_eq!(sniff_other(&[0, 159, 146, 150, 1, 2, 3]).code(), "file-unknown-format");
    }

    #[test]
    fn sheets_are_found_by_folded_name() {
        let report = RawReport {
            format: Some(Format::Xlsx),
            sheets: vec![RawSheet { name: " THÔNG  TIN ".into(), ..RawSheet::default() }],
            findings: Vec::new(),
        };
        assert!(report.sheet("Thông tin").is_some());
        assert!(report.sheet("Chỉ tiêu").is_none());
    }

    #[test]
    fn ods_extents_count_repeats_and_ignore_trailing_empties() {
        let xml = br#"<office:body><table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table><table:table table:name="B"><table:table-row table:number-rows-repeated="99999"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="999"/><table:table-cell><text:p> </text:p></table:table-cell></table:table-row></table:table></office:body>"#;
        assert_eq!(ods_extents(xml), vec![("A".to_string(), 1, 1), ("B".to_string(), 100_000, 1000)]);
    }

    #[test]
    fn the_xls_workbook_stream_is_found_and_measured() {
        let clean = include_bytes!("../tests/fixtures/clean-hcl-6-thang-2024.xls");
        let stream = cfb_workbook_stream(clean).unwrap();
        assert_eq!(le16(&stream, 0), Some(0x0809));
        assert_eq!(xls_oversized(&stream), None);
        assert!(!xls_encrypted(&stream));
        let far = cfb_workbook_stream(include_bytes!("../tests/fixtures/xa-hcl-6-thang-2024.xls")).unwrap();
        assert_eq!(xls_oversized(&far), Some(("Chỉ tiêu".to_string(), 65_536, 256)));
        // Truncated or garbled containers and streams give no answer, never a panic.
        for cut in [0, 100, 512, 1024, 5000, clean.len() - 1] {
            let _ = cfb_workbook_stream(&clean[..cut]).map(|s| xls_oversized(&s));
        }
        for cut in [0, 1, 3, 4, 21, 100, stream.len() - 1] {
            let _ = (xls_oversized(&stream[..cut]), xls_encrypted(&stream[..cut]));
        }
        let mut garbled = clean.to_vec();
        for i in (0..garbled.len()).step_by(7) {
            garbled[i] = garbled[i].wrapping_mul(13);
        }
        let _ = cfb_workbook_stream(&garbled).map(|s| xls_oversized(&s));
    }

    #[test]
    fn numbers_display_as_typed() {
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(Cell::Date(NaiveDate::from_ymd_opt(2024, 6, 4).unwrap()).display(), "04/06/2024");
    }
}
