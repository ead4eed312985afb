//! ODS (`OpenDocument`) spreadsheets made ready for calamine 0.38, which refuses three kinds of files
//! `LibreOffice` opens: a `content.xml` with whitespace between cells (pretty-printed by many
//! generators: calamine expects the next element and stops at the text), a package without its
//! `mimetype` entry, and a flat single-XML `.fods`. Each is repaired into an in-memory package
//! (whitespace-only text outside `text:` elements dropped, `mimetype` added, the flat document
//! used as `content.xml`); every other entry is copied as compressed bytes.

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Read, Seek, Write};

use quick_xml::events::Event;

use super::package::attr_value;
use super::styles::SheetExtras;
use super::{MAX_COLS, MAX_ENTRY_BYTES, MAX_ROWS};

const MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

/// `content.xml` without the whitespace-only text that sits between elements (between rows,
/// between cells). Text inside `text:` elements (a paragraph's spaces) is kept as it is.
pub(super) fn drop_layout_whitespace(xml: &[u8]) -> Vec<u8> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut stack: Vec<bool> = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) => stack.push(e.name().as_ref().starts_with("text:")),
            Event::End(_) => {
                stack.pop();
            }
            Event::Text(t)
                if !stack.last().copied().unwrap_or(false) && t.as_ref().bytes().all(|b| b.is_ascii_whitespace()) =>
            {
                continue;
            }
            _ => {}
        }
        if writer.write_event(event).is_err() {
            break;
        }
    }
    writer.into_inner()
}

/// Whether the first bytes of a file are a flat `OpenDocument` spreadsheet (`.fods`).
pub(super) fn is_flat_ods(head: &[u8]) -> bool {
    // The root element's namespace declarations can push its mimetype past the first bytes;
    // a flat text document then fails in calamine as a workbook with no sheets.
    String::from_utf8_lossy(head).contains("<office:document")
}

/// A package calamine opens, from a zip ODS whose `content.xml` is `content`.
pub(super) fn repack<R: Read + Seek>(
    archive: Option<&mut zip::ZipArchive<R>>,
    content: &[u8],
) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    out.start_file("mimetype", stored)?;
    out.write_all(MIMETYPE)?;
    out.start_file("content.xml", deflated)?;
    out.write_all(&drop_layout_whitespace(content))?;
    let mut has_manifest = false;
    if let Some(archive) = archive {
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i)?;
            let name = entry.name().unwrap_or_default().replace('\\', "/");
            if entry.is_dir() || name == "mimetype" || name == "content.xml" {
                continue;
            }
            has_manifest |= name == "META-INF/manifest.xml";
            out.raw_copy_file_rename(entry, name)?;
        }
    }
    if !has_manifest {
        out.start_file("META-INF/manifest.xml", deflated)?;
        out.write_all(MANIFEST.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

/// The `content.xml` of a zip ODS, at most [`MAX_ENTRY_BYTES`].
pub(super) fn content<R: Read + Seek>(archive: &mut zip::ZipArchive<R>) -> Option<Vec<u8>> {
    let mut xml = Vec::new();
    archive.by_name("content.xml").ok()?.take(MAX_ENTRY_BYTES).read_to_end(&mut xml).ok()?;
    Some(xml)
}

/// Per table of a `content.xml`: the cells whose value type is `percentage` (0.85 shown as
/// "85%") and the merged ranges (`table:number-columns-spanned` / `-rows-spanned`), inside the
/// area read. Positions count repeated rows and cells, as calamine's grid does.
pub(super) fn extras(xml: &[u8]) -> HashMap<String, SheetExtras> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out: HashMap<String, SheetExtras> = HashMap::new();
    let (mut table, mut row, mut col, mut row_repeat) = (String::new(), 0u32, 0u32, 1u32);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let (e, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if e.name().as_ref() == "table:table-row" {
                    row = row.saturating_add(row_repeat);
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        let attr = |name: &str| e.attributes().flatten().find(|a| a.key.as_ref() == name).and_then(|a| attr_value(&a));
        let number = |name: &str| attr(name).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1).max(1);
        match e.name().as_ref() {
            "table:table" => {
                table = attr("table:name").unwrap_or_default();
                (row, col) = (0, 0);
            }
            "table:table-row" => {
                row_repeat = number("table:number-rows-repeated");
                col = 0;
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeat = number("table:number-columns-repeated");
                if row < MAX_ROWS && col < MAX_COLS {
                    let extra = out.entry(table.clone()).or_default();
                    if attr("office:value-type").as_deref() == Some("percentage") {
                        for r in row..row.saturating_add(row_repeat).min(MAX_ROWS) {
                            for c in col..col.saturating_add(repeat).min(MAX_COLS) {
                                extra.percent.insert((r, c));
                            }
                        }
                    }
                    let (cs, rs) = (number("table:number-columns-spanned"), number("table:number-rows-spanned"));
                    if (cs > 1 || rs > 1) && extra.merged.len() < 10_000 {
                        extra.merged.push((row, col, row.saturating_add(rs - 1), col.saturating_add(cs - 1)));
                    }
                }
                col = col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    out
}

/// The percent cells of `extras` that hold numbers in `cells`.
pub(super) fn numeric(
    percent: BTreeSet<(u32, u32)>,
    cells: &std::collections::BTreeMap<(u32, u32), super::Cell>,
) -> BTreeSet<(u32, u32)> {
    percent.into_iter().filter(|at| matches!(cells.get(at), Some(super::Cell::Number(_)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_between_cells_goes_and_spaces_in_text_stay() {
        let xml = b"<table:table-row>\n  <table:table-cell office:value-type=\"string\">\n    <text:p>a <text:span> b</text:span></text:p>\n  </table:table-cell>\n</table:table-row>";
        assert_eq!(
            String::from_utf8(drop_layout_whitespace(xml)).unwrap(),
            "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a <text:span> b</text:span></text:p></table:table-cell></table:table-row>"
        );
        let xml = br#"<table:table table:name="A"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string"/><table:table-cell table:number-columns-repeated="2" office:value-type="percentage" office:value="0.5"/></table:table-row></table:table>"#;
        let got = extras(xml);
        assert_eq!(got["A"].percent.iter().copied().collect::<Vec<_>>(), vec![(2, 1), (2, 2)]);
        assert_eq!(got["A"].merged, vec![(2, 0, 2, 2)]);
        assert!(is_flat_ods(
            br#"<?xml version="1.0"?><office:document office:mimetype="application/vnd.oasis.opendocument.spreadsheet">"#
        ));
    }
}
