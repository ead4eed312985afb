//! The register of incoming documents ("sổ văn bản đến", `--received`): the date each unit's
//! report reached the office, which overrides the report's own date.
//!
//! A register is a CSV (as a clerk saves it from Excel or an e-office export) or a spreadsheet.
//! CSV text is decoded with `encoding_rs` (UTF-8 with or without BOM, UTF-16 with a BOM or
//! without one when it is plainly UTF-16, otherwise Windows-1258, Excel's "CSV" on Vietnamese
//! Windows) and parsed with the `csv` crate (quoted fields; the separator is whichever of `,`
//! `;` tab splits the most lines into two fields or more). A header row is recognised by its
//! labels; without one, the sender is the first column and the date the second.
//!
//! A line naming no reporting unit (a real register lists every incoming document), an unknown
//! code or a date that cannot be read is a warning with its line number, never fatal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::findings::{Finding, Kind};
use crate::plan::{Plan, UnitMatch};
use crate::text::{fold, parse_date};

/// Header labels of the sender column, folded; an e-office export says "Cơ quan ban hành" or
/// "Nơi gửi", a hand-kept register "Đơn vị".
const SENDER_LABELS: [&str; 17] = [
    "cơ quan gửi",
    "nơi gửi",
    "đơn vị gửi",
    "cơ quan ban hành",
    "nơi ban hành",
    "đơn vị",
    "mã đơn vị",
    "tên đơn vị",
    "cơ quan",
    "tác giả",
    "sender",
    // The same typed without diacritics.
    "co quan gui",
    "noi gui",
    "co quan ban hanh",
    "don vi",
    "ma don vi",
    "ten don vi",
];

/// Header labels of the date-received column, folded, best first: "Ngày văn bản" (the date
/// written on the document) is only used when no "Ngày đến" column exists.
const DATE_LABELS: [&str; 10] = [
    "ngày đến",
    "ngày nhận",
    "ngày văn bản đến",
    "ngày nhận văn bản",
    "received",
    "ngay den",
    "ngay nhan",
    "ngày",
    "ngay",
    "ngày văn bản",
];

/// What the register says.
#[derive(Debug, Default)]
pub struct Register {
    /// Unit code → date received; a unit listed twice keeps its later date.
    pub dates: HashMap<String, NaiveDate>,
    /// One warning per line that was not used, with its line number.
    pub findings: Vec<Finding>,
}

/// The register cannot be read at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The file cannot be opened or read (rendered by its kind, never as `os error N`).
    #[error("cannot read {}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// A spreadsheet register the reader cannot read; `detail` is the reader's finding, in
    /// Vietnamese.
    #[error("{}: {detail}", path.display())]
    Unreadable { path: PathBuf, detail: String },
}

/// Rows with their 1-based line (CSV) or row (spreadsheet) numbers.
type Rows = Vec<(usize, Vec<Field>)>;

/// A cell of a register row: text, or a date cell of a spreadsheet.
#[derive(Debug, Clone, PartialEq)]
enum Field {
    Text(String),
    Date(NaiveDate),
}

impl Field {
    fn text(&self) -> String {
        match self {
            Field::Text(s) => s.trim().to_string(),
            Field::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }
}

/// Reads the register at `path` against the plan's units.
///
/// # Errors
/// The file cannot be opened, or is a spreadsheet that cannot be read.
pub fn read(plan: &Plan, path: &Path) -> Result<Register, RegisterError> {
    let fail = |detail: String| RegisterError::Unreadable { path: path.to_path_buf(), detail };
    let bytes = std::fs::read(path).map_err(|source| RegisterError::Io { path: path.to_path_buf(), source })?;
    let is_zip_or_ole = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let rows = if is_zip_or_ole { spreadsheet_rows(path).map_err(fail)? } else { csv_rows(&decode(&bytes)) };
    Ok(interpret(plan, &rows))
}

/// The text of a CSV register, whatever Windows saved it as.
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return crate::text::nfc(&encoding.decode_without_bom_handling(&bytes[bom..]).0);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return crate::text::nfc(text);
    }
    // UTF-16 without a BOM: ASCII letters leave a zero byte in every other place.
    let zeros = |start: usize| bytes.iter().skip(start).step_by(2).filter(|&&b| b == 0).count();
    let half = bytes.len() / 2;
    if half > 0 && zeros(1) * 3 > half {
        return crate::text::nfc(&encoding_rs::UTF_16LE.decode_without_bom_handling(bytes).0);
    }
    if half > 0 && zeros(0) * 3 > half {
        return crate::text::nfc(&encoding_rs::UTF_16BE.decode_without_bom_handling(bytes).0);
    }
    // Windows-1258 writes tone marks as combining characters: composed afterwards.
    crate::text::nfc(&encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0)
}

/// Rows of a CSV text with its line numbers, split with the separator that splits most lines.
fn csv_rows(text: &str) -> Rows {
    let parse = |sep: u8| -> Rows {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        reader
            .records()
            .filter_map(Result::ok)
            .map(|r| {
                let line = r.position().map_or(0, |p| p.line() as usize);
                (line, r.iter().map(|f| Field::Text(f.to_string())).collect())
            })
            .collect()
    };
    let mut best: Option<(usize, Rows)> = None;
    for sep in [b',', b';', b'\t'] {
        let rows = parse(sep);
        let split = rows.iter().filter(|(_, r)| r.len() >= 2).count();
        if best.as_ref().is_none_or(|(n, _)| split > *n) {
            best = Some((split, rows));
        }
    }
    best.map(|(_, rows)| rows).unwrap_or_default()
}

/// The rows of the first sheet of a register kept as a spreadsheet, read by the report reader
/// (so calamine stays behind `report.rs`, with its limits on hostile files).
fn spreadsheet_rows(path: &Path) -> Result<Rows, String> {
    use crate::report::Cell;
    let raw = crate::report::read(path);
    let Some(sheet) = raw.sheets.first() else {
        return Err(raw.findings.first().map(|f| f.message(crate::messages::Lang::Vi)).unwrap_or_default());
    };
    let mut rows: std::collections::BTreeMap<u32, Vec<Field>> = std::collections::BTreeMap::new();
    for (&(row, col), cell) in &sheet.cells {
        let fields = rows.entry(row).or_default();
        let col = col as usize;
        if col >= 50 {
            continue;
        }
        if fields.len() <= col {
            fields.resize(col + 1, Field::Text(String::new()));
        }
        fields[col] = match cell {
            Cell::Date(d) => Field::Date(*d),
            c => Field::Text(c.display()),
        };
    }
    Ok(rows.into_iter().map(|(row, fields)| (row as usize + 1, fields)).collect())
}

/// Finds the header among the first rows, then reads every later row.
fn interpret(plan: &Plan, rows: &Rows) -> Register {
    let column = |fields: &[Field], labels: &[&str]| {
        labels.iter().find_map(|label| fields.iter().position(|f| fold(&f.text()).trim_end_matches('*') == *label))
    };
    let header = rows
        .iter()
        .take(10)
        .enumerate()
        .find_map(|(k, (_, fields))| Some((k, column(fields, &SENDER_LABELS)?, column(fields, &DATE_LABELS)?)));
    let (skip, sender_col, date_col) = header.map_or((0, 0, 1), |(k, s, d)| (k + 1, s, d));
    let mut register = Register::default();
    for (line, fields) in rows.iter().skip(skip) {
        if fields.iter().all(|f| f.text().is_empty()) {
            continue;
        }
        let sender = fields.get(sender_col).map(Field::text).unwrap_or_default();
        let date = match fields.get(date_col) {
            Some(Field::Date(d)) => Some(*d),
            Some(f) => parse_date(&f.text()),
            None => None,
        };
        let unit = plan.unit_by_code(&sender).or_else(|| match plan.find_unit_by_name(&sender) {
            UnitMatch::Found(u) => Some(u),
            UnitMatch::OtherPeriods { .. } | UnitMatch::Unknown { .. } => None,
        });
        match (unit, date) {
            (Some(u), Some(d)) => {
                let e = register.dates.entry(u.code.clone()).or_insert(d);
                *e = (*e).max(d);
            }
            (None, _) => {
                register.findings.push(Finding::new(Kind::ReceivedNotAUnit { line: *line as u64, value: sender }));
            }
            (Some(u), None) => register.findings.push(Finding::new(Kind::ReceivedBadDate {
                line: *line as u64,
                unit: u.code.clone(),
                value: fields.get(date_col).map(Field::text).unwrap_or_default(),
            })),
        }
    }
    register
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        crate::plan::parse(crate::plan::BUILTIN, "test").unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn read_bytes(bytes: &[u8]) -> Register {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("so-den.csv");
        std::fs::write(&path, bytes).unwrap();
        read(&plan(), &path).unwrap()
    }

    fn codes(r: &Register) -> Vec<&str> {
        let mut v: Vec<&str> = r.findings.iter().map(Finding::code).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn a_quoted_comma_in_the_first_line_is_a_name_not_a_separator() {
        // The separator was the first of , ; tab found anywhere: split inside the name, then
        // dropped as a header, so the unit was judged on time.
        let r = read_bytes("\"Sở Văn hóa, Thể thao và Du lịch\";05/06/2024\nSNV;04/06/2024\n".as_bytes());
        assert_eq!(r.dates.get("SVHTTDL"), Some(&d(2024, 6, 5)), "{:?}", r.dates);
        assert_eq!(r.dates.get("SNV"), Some(&d(2024, 6, 4)));
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn header_by_labels_and_e_office_columns() {
        let text = "Số ký hiệu,Ngày văn bản,Ngày đến,Cơ quan ban hành,Trích yếu\n\
                    43/BC-UBND,25/05/2024,27/05/2024,UBND huyện Tân Hồng,Báo cáo 6 tháng\n\
                    12/TB-BCA,01/06/2024,03/06/2024,Công an Tỉnh,Thông báo\n";
        let r = read_bytes(text.as_bytes());
        assert_eq!(r.dates.get("HTH"), Some(&d(2024, 5, 27)));
        assert_eq!(r.dates.len(), 1);
        // Công an Tỉnh sends documents, but reports nothing under the plan: a warning on line 3.
        assert_eq!(codes(&r), ["received-not-a-unit"]);
        assert!(r.findings[0].message(crate::messages::Lang::Vi).contains("dòng 3"), "{:?}", r.findings[0]);
    }

    #[test]
    fn unknown_codes_and_bad_dates_are_warnings_with_line_numbers() {
        let r = read_bytes(
            b"Ma don vi;Ngay nhan\nSNV;06/06/2024\nXYZ;07/06/2024\nSTP;32/05/2024\nCao L\xc3\xa3nh;04/06/2024\n",
        );
        assert_eq!(r.dates.len(), 1);
        assert_eq!(codes(&r), ["received-bad-date", "received-not-a-unit", "received-not-a-unit"]);
        let lines: Vec<serde_json::Value> = r.findings.iter().map(|f| f.kind.facts()["line"].clone()).collect();
        assert_eq!(lines, [3, 4, 5]);
    }

    #[test]
    fn windows_1258_register_matches_names_with_diacritics() {
        // "Sở Tư pháp;04/06/2024" in Windows-1258: ở = 0xF5 + combining 0xD2, ư = 0xFD, á = a + 0xEC.
        let r = read_bytes(b"S\xf5\xd2 T\xfd pha\xecp;04/06/2024\r\n");
        assert_eq!(r.dates.get("STP"), Some(&d(2024, 6, 4)), "{:?}", r.findings);
    }

    #[test]
    fn utf16_registers_with_and_without_bom() {
        let text = "Cơ quan gửi\tNgày đến\r\nSở Tư pháp\t04/06/2024\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&le);
        assert_eq!(read_bytes(&with_bom).dates.get("STP"), Some(&d(2024, 6, 4)));
        assert_eq!(read_bytes(&le).dates.get("STP"), Some(&d(2024, 6, 4)));
    }

    #[test]
    fn a_spreadsheet_register_with_date_cells_and_text_dates() {
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
        let r = read(&plan(), &path).unwrap();
        assert_eq!(r.dates.get("TPCL"), Some(&d(2024, 6, 5)));
        assert_eq!(r.dates.get("HTH"), Some(&d(2024, 6, 4)));
        assert!(r.findings.is_empty());
    }
}
