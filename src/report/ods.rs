//! ODS (`OpenDocument`) spreadsheets made ready for calamine 0.38, which refuses three kinds of files
//! `LibreOffice` opens: a `content.xml` with whitespace between cells (pretty-printed by many
//! generators: calamine expects the next element and stops at the text), a package without its
//! `mimetype` entry, and a flat single-XML `.fods`. Each is repaired into an in-memory package
//! (whitespace-only text outside `text:` elements dropped, `mimetype` added, the flat document
//! used as `content.xml`); every other entry is copied as compressed bytes.

use std::io::{Cursor, Read, Seek, Write};

use quick_xml::events::Event;

use super::MAX_ENTRY_BYTES;

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
        assert!(is_flat_ods(
            br#"<?xml version="1.0"?><office:document office:mimetype="application/vnd.oasis.opendocument.spreadsheet">"#
        ));
    }
}
