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

/// `content.xml` made ready for calamine, and the first cell with a value cut from each table
/// as `(table, row, column)`. Whitespace-only text between elements (between rows, between
/// cells) is dropped; text inside `text:` elements (a paragraph's spaces) is kept. Rows from
/// [`MAX_ROWS`] and cells from [`MAX_COLS`] on are dropped and repeat counts cut at those
/// bounds, so that calamine's dense grid spans no more than the area read: a stray value far
/// away costs nothing, as in xlsx and xls.
pub(super) fn prepare(xml: &[u8]) -> (Vec<u8>, Vec<(String, u32, u32)>) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    // Open elements written so far: whether each is a `text:` element, and its name, so that a
    // truncated or malformed file is closed before calamine reads it (calamine loops forever on
    // an `office:annotation` that never ends; found by fuzzing).
    let mut stack: Vec<(bool, Vec<u8>)> = Vec::new();
    let mut cut: Vec<(String, u32, u32)> = Vec::new();
    let (mut table, mut row, mut col, mut row_repeat) = (String::new(), 0u32, 0u32, 1u32);
    // Depth inside an element being dropped (0: writing).
    let mut skipping = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        // Rows and cells are counted whether they are kept or dropped.
        let mut drop_this = false;
        // Where a row or cell starts, before it is counted.
        let mut first = 0u32;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let attr =
                    |name: &str| e.attributes().flatten().find(|a| a.key.as_ref() == name).and_then(|a| attr_value(&a));
                let number = |name: &str| attr(name).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1).max(1);
                match e.name().as_ref() {
                    "table:table" => {
                        table = attr("table:name").unwrap_or_default();
                        (row, col) = (0, 0);
                    }
                    "table:table-row" => {
                        row_repeat = number("table:number-rows-repeated");
                        col = 0;
                        first = row;
                        drop_this = row >= MAX_ROWS;
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let repeat = number("table:number-columns-repeated");
                        let valued = attr("office:value-type").is_some();
                        // The first part of a valued cell (or of its repeats) left out.
                        let cut_at = if row >= MAX_ROWS || col >= MAX_COLS {
                            Some((row, col))
                        } else if col.saturating_add(repeat) > MAX_COLS {
                            Some((row, MAX_COLS))
                        } else if row.saturating_add(row_repeat) > MAX_ROWS {
                            Some((MAX_ROWS, col))
                        } else {
                            None
                        };
                        if let Some((r, c)) = cut_at.filter(|_| valued)
                            && !cut.iter().any(|(t, ..)| *t == table)
                        {
                            cut.push((table.clone(), r, c));
                        }
                        drop_this = col >= MAX_COLS;
                        first = col;
                        col = col.saturating_add(repeat);
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => row = row.saturating_add(row_repeat),
            _ => {}
        }
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            }
            continue;
        }
        if drop_this {
            if matches!(event, Event::Start(_)) {
                skipping = 1;
            }
            continue;
        }
        let event = match event {
            Event::Start(e) => {
                stack.push((e.name().as_ref().starts_with("text:"), e.name().as_ref().as_bytes().to_vec()));
                Event::Start(bounded(e, first))
            }
            Event::Empty(e) => Event::Empty(bounded(e, first)),
            Event::End(e) => {
                stack.pop();
                Event::End(e)
            }
            Event::Text(t)
                if !stack.last().is_some_and(|(text, _)| *text)
                    && t.as_ref().bytes().all(|b| b.is_ascii_whitespace()) =>
            {
                continue;
            }
            other => other,
        };
        if writer.write_event(event).is_err() {
            break;
        }
    }
    // Whatever is still open is closed, innermost first: calamine then meets an end for every
    // start (a file cut short reads as what it holds, or as broken, never as a hang).
    while let Some((_, name)) = stack.pop() {
        let name = String::from_utf8_lossy(&name).into_owned();
        if writer.write_event(Event::End(quick_xml::events::BytesEnd::new(name))).is_err() {
            break;
        }
    }
    (writer.into_inner(), cut)
}

/// A row or cell (starting at `first`) whose repeat count runs past the area read, with the
/// count cut at its bound.
fn bounded(e: quick_xml::events::BytesStart<'_>, first: u32) -> quick_xml::events::BytesStart<'_> {
    if e.name().as_ref() == "text:s" {
        return spaces_bounded(e);
    }
    let (key, bound) = match e.name().as_ref() {
        "table:table-row" => ("table:number-rows-repeated", MAX_ROWS),
        "table:table-cell" | "table:covered-table-cell" => ("table:number-columns-repeated", MAX_COLS),
        _ => return e,
    };
    let Some(repeat) = e
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| attr_value(&a))
        .and_then(|v| v.parse::<u32>().ok())
    else {
        return e;
    };
    if first.saturating_add(repeat) <= bound {
        return e;
    }
    let kept = bound.saturating_sub(first).max(1).to_string();
    let mut fixed = quick_xml::events::BytesStart::new(e.name().as_ref().to_string());
    for a in e.attributes().flatten() {
        if a.key.as_ref() == key {
            fixed.push_attribute((key, kept.as_str()));
        } else {
            fixed.push_attribute(a);
        }
    }
    fixed
}

/// Runs of spaces (`<text:s text:c="N"/>`) a cell can hold: calamine pushes one space per
/// count, so a hostile `text:c="4000000000"` would cost 4 GB and minutes.
const MAX_SPACES: u64 = 1_000;

/// A `text:s` element with its count cut to [`MAX_SPACES`] (an unreadable count becomes 1).
fn spaces_bounded(e: quick_xml::events::BytesStart<'_>) -> quick_xml::events::BytesStart<'_> {
    let count = e
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "text:c")
        .map(|a| attr_value(&a).and_then(|v| v.trim().parse::<u64>().ok()).map_or(1, |n| n.min(MAX_SPACES)));
    let Some(count) = count else { return e };
    let mut fixed = quick_xml::events::BytesStart::new(e.name().as_ref().to_string());
    for a in e.attributes().flatten() {
        if a.key.as_ref() == "text:c" {
            fixed.push_attribute(("text:c", count.to_string().as_str()));
        } else {
            fixed.push_attribute(a);
        }
    }
    fixed
}

/// Whether the first bytes of a file are a flat `OpenDocument` spreadsheet (`.fods`).
pub(super) fn is_flat_ods(head: &[u8]) -> bool {
    // The root element's namespace declarations can push its mimetype past the first bytes;
    // a flat text document then fails in calamine as a workbook with no sheets.
    String::from_utf8_lossy(head).contains("<office:document")
}

/// A package calamine opens, from a zip ODS (or none, for a flat ODS) and a `content.xml`
/// already [`prepare`]d.
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
    out.write_all(content)?;
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
            String::from_utf8(prepare(xml).0).unwrap(),
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

    #[test]
    fn open_elements_are_closed_and_space_runs_bounded() {
        let xml = br#"<office:document-content><office:body><office:spreadsheet><table:table table:name="A"><table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>x<text:s text:c="4000000000"/>"#;
        let (out, _) = prepare(xml);
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(r#"<text:s text:c="1000"/>"#), "{out}");
        assert!(
            out.ends_with("</text:p></office:annotation></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"),
            "{out}"
        );
    }

    #[test]
    fn rows_and_cells_beyond_the_area_are_cut() {
        let xml = br#"<table:table table:name="A"><table:table-row table:number-rows-repeated="19999"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="199"/><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>far</text:p></table:table-cell></table:table-row></table:table>"#;
        let (out, cut) = prepare(xml);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="19999"><table:table-cell table:number-columns-repeated="200"/></table:table-row><table:table-row table:number-rows-repeated="1"><table:table-cell table:number-columns-repeated="199"/><table:table-cell table:number-columns-repeated="1" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#
        );
        assert_eq!(cut, vec![("A".to_string(), 19_999, 200)]);
    }
}
