//! What calamine's cell stream does not say about an xlsx sheet: which cells are formatted as
//! percentages, and which ranges are merged. One pass of quick-xml over each worksheet part
//! reads both (merges sit after the cells, so the whole part is read anyway); `xl/styles.xml`
//! says which cell formats (`cellXfs`, the `s` attribute of `<c>`) show a percentage.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read, Seek};

use quick_xml::events::Event;

use super::package::{Package, attr_value, fold_name, part_index, read_part, xml_utf8};
use super::{MAX_CELLS, MAX_COLS, MAX_ENTRY_BYTES, MAX_ROWS};

/// Merged ranges kept per sheet: a report has a few dozen.
const MAX_MERGED: usize = 10_000;

/// For each cell format of `styles.xml` (`cellXfs`, in order), whether it shows a number as a
/// percentage: built-in formats 9 (`0%`) and 10 (`0.00%`), or a custom format code with a `%`
/// outside quotes, brackets and escapes (ECMA-376 Part 1, §18.8.30-31).
pub(super) fn percent_formats(xml: &str) -> Vec<bool> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut custom: Vec<(u32, bool)> = Vec::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "numFmt" => {
                    let (mut id, mut code) = (None, String::new());
                    for a in e.attributes().flatten() {
                        match a.key.local_name().as_ref() {
                            "numFmtId" => id = attr_value(&a).and_then(|v| v.parse().ok()),
                            "formatCode" => code = attr_value(&a).unwrap_or_default(),
                            _ => {}
                        }
                    }
                    if let Some(id) = id {
                        custom.push((id, code_is_percent(&code)));
                    }
                }
                "cellXfs" => in_xfs = true,
                "xf" if in_xfs => {
                    let id: u32 = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "numFmtId")
                        .and_then(|a| attr_value(&a))
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let percent = custom.iter().find(|(c, _)| *c == id).map_or(matches!(id, 9 | 10), |(_, p)| *p);
                    out.push(percent);
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// Whether a number format code shows a percentage: a `%` that is not inside `"…"` or `[…]`
/// and not escaped with `\`.
pub(super) fn code_is_percent(code: &str) -> bool {
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quoted => escaped = true,
            '"' if !bracket => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// Zero-based `(row, column)` of an A1 reference ("B3" is (2, 1)).
pub(super) fn parse_a1(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].bytes().fold(0u32, |acc, b| acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u32 = r[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The value of attribute `name` in a tag's attribute text (` r="B3" s="5"`), without entity
/// decoding: enough for the numbers and cell references read here.
fn raw_attr<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = raw;
    loop {
        let at = rest.find(name)?;
        let before = rest[..at].chars().next_back();
        let after = &rest[at + name.len()..];
        if before.is_none_or(char::is_whitespace)
            && let Some(value) = after.strip_prefix("=\"").or_else(|| after.strip_prefix("='"))
        {
            let end = value.find(['"', '\''])?;
            return Some(&value[..end]);
        }
        rest = after;
    }
}

/// What one pass over a worksheet part found.
#[derive(Debug, Default, PartialEq)]
pub(super) struct SheetExtras {
    /// Cells inside the area read whose format shows a percentage.
    pub percent: BTreeSet<(u32, u32)>,
    /// Merged ranges touching the area read, as `(first_row, first_col, last_row, last_col)`.
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// Scans a worksheet part for percent-formatted cells (`percent[s]`) and merged ranges. Cells
/// without an `r` attribute follow the one before, as in Excel.
pub(super) fn scan_sheet<R: BufRead>(xml: R, percent: &[bool]) -> SheetExtras {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = SheetExtras::default();
    // Without a percent format in the workbook only the merges are looked for.
    let any_percent = percent.contains(&true);
    let (mut row, mut col): (Option<u32>, Option<u32>) = (None, None);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "row" if any_percent => {
                    let r = raw_attr(e.attributes_raw(), "r")
                        .and_then(|v| v.parse::<u32>().ok())
                        .and_then(|v| v.checked_sub(1));
                    row = Some(r.unwrap_or_else(|| row.map_or(0, |x| x + 1)));
                    col = None;
                }
                "c" if any_percent => {
                    // The two attributes are read from the tag's text: this pass runs over
                    // every cell, and full attribute parsing doubled the cost of reading.
                    let raw = e.attributes_raw();
                    let at = raw_attr(raw, "r").and_then(parse_a1);
                    let style: usize = raw_attr(raw, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let (r, c) = at.unwrap_or((row.unwrap_or(0), col.map_or(0, |c| c + 1)));
                    col = Some(c);
                    // Bounded like the cells themselves: a file of empty styled cells cannot grow it.
                    if r < MAX_ROWS
                        && c < MAX_COLS
                        && out.percent.len() < MAX_CELLS
                        && percent.get(style).copied().unwrap_or(false)
                    {
                        out.percent.insert((r, c));
                    }
                }
                "mergeCell" if out.merged.len() < MAX_MERGED => {
                    let range = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "ref")
                        .and_then(|a| attr_value(&a))
                        .unwrap_or_default();
                    let mut ends = range.split(':').map(parse_a1);
                    if let Some(Some((r0, c0))) = ends.next() {
                        let (r1, c1) = ends.next().flatten().unwrap_or((r0, c0));
                        if r0 < MAX_ROWS && c0 < MAX_COLS {
                            out.merged.push((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)));
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// Percent-formatted cells and merged ranges of every worksheet of a package, by sheet name.
/// A part that cannot be read gives nothing: these are refinements of cells read by calamine.
pub(super) fn package_extras<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    package: &Package,
) -> HashMap<String, SheetExtras> {
    let index = part_index(archive);
    let percent = package
        .styles
        .as_deref()
        .and_then(|p| read_part(archive, &index, p))
        .map(|b| percent_formats(&xml_utf8(&b)))
        .unwrap_or_default();
    let mut out = HashMap::new();
    for (name, part) in &package.worksheets {
        let Some(&i) = index.get(&fold_name(part)) else { continue };
        let Ok(entry) = archive.by_index(i) else { continue };
        out.insert(name.clone(), scan_sheet(BufReader::new(entry.take(MAX_ENTRY_BYTES)), &percent));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_format_codes() {
        for code in ["0%", "0.0%", "#,##0.00%;[Red]-0%"] {
            assert!(code_is_percent(code), "{code}");
        }
        for code in ["0", "\"%\"0", "0\\%", "[$%-409]0", "dd/mm/yyyy"] {
            assert!(!code_is_percent(code), "{code}");
        }
    }

    #[test]
    fn cell_formats_map_to_percent() {
        let xml = r#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="&quot;%&quot;0"/></numFmts><cellStyleXfs><xf numFmtId="9"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="10"></xf></cellXfs></styleSheet>"#;
        assert_eq!(percent_formats(xml), vec![false, true, true, false, true]);
    }

    #[test]
    fn a_sheet_scan_finds_percent_cells_and_merges() {
        let xml = br#"<worksheet><sheetData><row r="2"><c r="A2" s="1"><v>0.5</v></c><c s="1"><v>1</v></c><c r="D2" s="0"/></row><row><c s="1"/></row></sheetData><mergeCells><mergeCell ref="A1:C1"/><mergeCell ref="B5"/></mergeCells></worksheet>"#;
        let extras = scan_sheet(&xml[..], &[false, true]);
        assert_eq!(extras.percent.into_iter().collect::<Vec<_>>(), vec![(1, 0), (1, 1), (2, 0)]);
        assert_eq!(extras.merged, vec![(0, 0, 0, 2), (4, 1, 4, 1)]);
        assert_eq!(parse_a1("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(raw_attr(r#" r="B3" s='5' t="n""#, "s"), Some("5"));
        assert_eq!(raw_attr(r#" rs="1" r="C2""#, "r"), Some("C2"));
        assert_eq!(raw_attr(r#" t="s""#, "s"), None);
    }
}
