//! OPC packages (xlsx, xlsm, xlsb): the workbook is found the way Office finds it, through the
//! package's own relationships (`_rels/.rels`, then the workbook's `.rels`), with part names
//! compared case-insensitively and `\` read as `/` (OPC part names are case-insensitive, and
//! some zip tools write Windows separators).
//!
//! calamine 0.38 opens a package at fixed expectations: a UTF-8 workbook part, every `<sheet>`
//! with a relationship of a type it knows, `state` one of three words. Files that break one of
//! these are valid to Excel, so they are repaired here into an in-memory package before
//! calamine sees them, rather than read by a second hand-written parser: the repair touches
//! only the workbook part, its relationships, and parts written in UTF-16 (re-encoded to
//! UTF-8); every other part is copied as compressed bytes, so the copy costs the file's size.

use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, Write};

use quick_xml::events::{BytesDecl, BytesStart, Event};

use crate::findings::{self, Finding};

use super::MAX_ENTRY_BYTES;

/// What the package holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// An xlsx or xlsm workbook (`workbook.xml`).
    Xlsx,
    /// An Excel binary workbook (`workbook.bin`).
    Xlsb,
}

/// A package ready for calamine, and where its parts are.
#[derive(Debug, Default)]
pub(super) struct Package {
    /// The repaired package, when the file itself cannot be handed to calamine as it is.
    pub rewritten: Option<Vec<u8>>,
    /// Each worksheet's name and part path (normalised: `/`, as the relationships spell it).
    pub worksheets: Vec<(String, String)>,
    /// The styles part, when the workbook has one.
    pub styles: Option<String>,
}

/// A zip entry name the way calamine and Office compare them: `/` separators, lower case.
pub(super) fn fold_name(name: &str) -> String {
    name.replace('\\', "/").trim_start_matches('/').to_ascii_lowercase()
}

/// The entry index of each folded part name.
pub(super) fn part_index<R: Read + Seek>(archive: &zip::ZipArchive<R>) -> HashMap<String, usize> {
    let mut index = HashMap::new();
    for i in 0..archive.len() {
        if let Some(name) = archive.name_for_index(i) {
            index.entry(fold_name(&name.unwrap_or_default())).or_insert(i);
        }
    }
    index
}

/// The bytes of part `path` (any case, any separator), at most [`MAX_ENTRY_BYTES`].
pub(super) fn read_part<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: &HashMap<String, usize>,
    path: &str,
) -> Option<Vec<u8>> {
    let i = *index.get(&fold_name(path))?;
    let entry = archive.by_index(i).ok()?;
    let mut bytes = Vec::new();
    entry.take(MAX_ENTRY_BYTES).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Whether XML bytes are UTF-16 (a byte-order mark, or `<` as a 16-bit unit).
pub(super) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(b"<\0")
        || bytes.starts_with(b"\0<")
}

/// XML text as UTF-8, whatever Unicode encoding it was written in, with its declaration saying
/// so. `encoding_rs` decodes; a BOM-less UTF-16 part is recognised by its first `<`.
pub(super) fn xml_utf8(bytes: &[u8]) -> String {
    let encoding = if bytes.starts_with(b"\0<") {
        encoding_rs::UTF_16BE
    } else if bytes.starts_with(b"<\0") {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_8
    };
    // `decode` lets a BOM override the guess, and drops it.
    let (text, _, _) = encoding.decode(bytes);
    let mut text = text.into_owned();
    if let Some(end) = text.strip_prefix("<?xml").and_then(|rest| rest.find("?>")) {
        let decl = &text[..end + 7];
        if let Some(at) = decl.find("encoding=") {
            let quote = decl.as_bytes().get(at + 9).copied().unwrap_or(b'"');
            if let Some(close) = decl[at + 10..].find(char::from(quote)) {
                let fixed = format!("{}encoding=\"UTF-8\"{}", &decl[..at], &decl[at + 11 + close..]);
                text = format!("{fixed}{}", &text[end + 7..]);
            }
        }
    }
    text
}

/// One `<Relationship>`: `(id, type's last segment, target)`.
type Rel = (String, String, String);

fn relationships(xml: &str) -> Vec<Rel> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let get = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .and_then(|a| attr_value(&a))
                        .unwrap_or_default()
                };
                let typ = get("Type");
                let last = typ.rsplit('/').next().unwrap_or_default().to_string();
                out.push((get("Id"), last, get("Target")));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// An attribute's value with its entities replaced.
pub(super) fn attr_value(attr: &quick_xml::events::attributes::Attribute<'_>) -> Option<String> {
    attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned)
}

/// `target` resolved against the folder `base` (ending in `/`, or empty), `..` and `.` applied.
fn resolve(base: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let joined = if let Some(abs) = target.strip_prefix('/') { abs.to_string() } else { format!("{base}{target}") };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The `.rels` part of a part, and the folder its targets are relative to.
fn rels_of(part: &str) -> (String, String) {
    let (dir, file) = part.rfind('/').map_or(("", part), |i| (&part[..=i], &part[i + 1..]));
    (format!("{dir}_rels/{file}.rels"), dir.to_string())
}

/// Finds the workbook of a zip. `Err(finding)` when the zip holds no workbook (a Word or
/// `PowerPoint` file, a plain archive); `Ok(None)` when it is no OPC package at all (it may be an
/// ODS). The workbook part and the relationships are always checked for UTF-16; every other
/// part only with `scan_utf16` (opening each part costs as much as reading a small report, and
/// such files are rare: the reader asks again when calamine fails to decode one).
pub(super) fn open<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    scan_utf16: bool,
) -> Result<Option<(Kind, Package)>, Finding> {
    let index = part_index(archive);
    let root_bytes = read_part(archive, &index, "_rels/.rels");
    let root = root_bytes.as_deref().map(xml_utf8);
    let target = match &root {
        Some(xml) => relationships(xml)
            .into_iter()
            .find(|(_, typ, _)| typ == "officeDocument")
            .map(|(_, _, target)| resolve("", &target)),
        None => None,
    };
    // A package without its root relationships (some generators skip them): the usual places.
    let target = target.or_else(|| {
        ["xl/workbook.xml", "xl/workbook.bin"].into_iter().find(|p| index.contains_key(*p)).map(str::to_string)
    });
    let Some(target) = target else {
        return if index.contains_key("word/document.xml") {
            Err(Finding::new(findings::Kind::FileNotSpreadsheet { what: "Word (.docx)".into() }))
        } else if index.contains_key("ppt/presentation.xml") {
            Err(Finding::new(findings::Kind::FileNotSpreadsheet { what: "PowerPoint (.pptx)".into() }))
        } else {
            Ok(None)
        };
    };
    let folded = fold_name(&target);
    if std::path::Path::new(&folded).extension().is_some_and(|e| e == "bin") {
        return Ok(Some((Kind::Xlsb, Package::default())));
    }
    if folded.starts_with("word/") {
        return Err(Finding::new(findings::Kind::FileNotSpreadsheet { what: "Word (.docx)".into() }));
    }
    if folded.starts_with("ppt/") {
        return Err(Finding::new(findings::Kind::FileNotSpreadsheet { what: "PowerPoint (.pptx)".into() }));
    }
    let Some(workbook) = read_part(archive, &index, &target) else {
        return Err(Finding::new(findings::Kind::FileBroken { detail: format!("{target}: missing") }));
    };
    let (rels_path, base) = rels_of(&target);
    let rels_bytes = read_part(archive, &index, &rels_path).unwrap_or_default();
    let rels = relationships(&xml_utf8(&rels_bytes));
    let rel = |id: &str| rels.iter().find(|(rid, _, _)| rid == id);
    let styles = rels.iter().find(|(_, typ, _)| typ == "styles").map(|(_, _, t)| resolve(&base, t));

    let workbook_xml = xml_utf8(&workbook);
    let (fixed, worksheets, repaired) =
        repair_workbook(&workbook_xml, &|id| rel(id).map(|(_, typ, target)| (typ.clone(), resolve(&base, target))));
    let package = Package { rewritten: None, worksheets, styles };

    // Parts in UTF-16 anywhere in the package are re-encoded too.
    let mut utf16_parts: Vec<usize> = Vec::new();
    if root_bytes.as_deref().is_some_and(is_utf16) {
        utf16_parts.extend(index.get("_rels/.rels"));
    }
    if is_utf16(&rels_bytes) {
        utf16_parts.extend(index.get(&fold_name(&rels_path)));
    }
    for (name, &i) in index.iter().filter(|_| scan_utf16) {
        if !std::path::Path::new(name).extension().is_some_and(|e| e == "xml" || e == "rels") {
            continue;
        }
        let mut head = [0u8; 2];
        if let Ok(mut entry) = archive.by_index(i)
            && entry.read_exact(&mut head).is_ok()
            && is_utf16(&head)
        {
            utf16_parts.push(i);
        }
    }
    let canonical = index
        .get(&folded)
        .and_then(|&i| archive.name_for_index(i))
        .is_some_and(|name| name.is_ok_and(|name| name == target.as_str()));
    let needs_rewrite = repaired || root.is_none() || is_utf16(&workbook) || !utf16_parts.is_empty() || !canonical;
    if !needs_rewrite {
        return Ok(Some((Kind::Xlsx, package)));
    }
    let workbook_index = index.get(&folded).copied();
    let rewritten = rewrite(archive, workbook_index, &target, fixed.as_bytes(), root.is_none(), &utf16_parts)
        .map_err(|err| Finding::new(findings::Kind::FileBroken { detail: err.to_string() }))?;
    Ok(Some((Kind::Xlsx, Package { rewritten: Some(rewritten), ..package })))
}

/// The workbook part with every `<sheet>` calamine would refuse made readable, its worksheets
/// as `(name, part)`, and whether anything changed. A sheet entry is dropped when its
/// relationship id is empty or unknown (the entries old VBA module sheets leave), or its
/// relationship is of a type calamine does not know (an Excel 4.0 macro sheet); a `state`
/// other than `visible`, `hidden` and `veryHidden` (exceljs writes `show`) reads as visible.
fn repair_workbook(xml: &str, rel: &dyn Fn(&str) -> Option<(String, String)>) -> (String, Vec<(String, String)>, bool) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut writer = quick_xml::Writer::new(Vec::new());
    let mut worksheets = Vec::new();
    let mut changed = false;
    let mut skipping = 0usize;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                _ => {}
            }
            continue;
        }
        let is_start = matches!(event, Event::Start(_));
        let event = match event {
            Event::Decl(d) => {
                let standalone = d.standalone().and_then(Result::ok).map(std::borrow::Cow::into_owned);
                Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), standalone.as_deref()))
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                // A `<sheet>` has no content: `<sheet ...></sheet>` is written as an empty
                // element and the rest skipped up to its end.
                if is_start {
                    skipping = 1;
                }
                match sheet_entry(&e, rel) {
                    SheetEntry::Keep(e, changed_here, name, worksheet) => {
                        changed |= changed_here;
                        if let Some(part) = worksheet {
                            worksheets.push((name, part));
                        }
                        Event::Empty(e)
                    }
                    SheetEntry::Drop => {
                        changed = true;
                        continue;
                    }
                }
            }
            other => other,
        };
        if writer.write_event(event).is_err() {
            break;
        }
    }
    (String::from_utf8_lossy(&writer.into_inner()).into_owned(), worksheets, changed)
}

enum SheetEntry {
    /// The entry as it is to be written, whether it was changed, the sheet's name, and its
    /// part when it is a worksheet.
    Keep(BytesStart<'static>, bool, String, Option<String>),
    Drop,
}

fn sheet_entry(e: &BytesStart<'_>, rel: &dyn Fn(&str) -> Option<(String, String)>) -> SheetEntry {
    let mut name = String::new();
    let mut id = String::new();
    let mut state = None;
    for attr in e.attributes().flatten() {
        let value = attr_value(&attr).unwrap_or_default();
        match attr.key.local_name().as_ref() {
            "name" => name = value,
            "id" => id = value,
            "state" => state = Some(value),
            _ => {}
        }
    }
    let Some((typ, part)) = rel(&id).filter(|_| !id.is_empty()) else { return SheetEntry::Drop };
    if !matches!(typ.as_str(), "worksheet" | "chartsheet" | "dialogsheet") {
        return SheetEntry::Drop;
    }
    let worksheet = (typ == "worksheet").then_some(part);
    let odd_state = state.as_deref().is_some_and(|s| !matches!(s, "visible" | "hidden" | "veryHidden"));
    if !odd_state {
        return SheetEntry::Keep(e.to_owned(), false, name, worksheet);
    }
    let mut fixed = e.to_owned();
    fixed.clear_attributes();
    for attr in e.attributes().flatten() {
        if attr.key.local_name().as_ref() != "state" {
            fixed.push_attribute(attr);
        }
    }
    SheetEntry::Keep(fixed, true, name, worksheet)
}

/// A copy of the package with the workbook part replaced by `workbook` (UTF-8), UTF-16 parts
/// re-encoded, root relationships added when missing, and every name written with `/`.
fn rewrite<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    workbook_index: Option<usize>,
    workbook_path: &str,
    workbook: &[u8],
    add_root_rels: bool,
    utf16_parts: &[usize],
) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i)?;
        let name = entry.name().unwrap_or_default().replace('\\', "/").trim_start_matches('/').to_string();
        if entry.is_dir() {
            continue;
        }
        if Some(i) == workbook_index {
            drop(entry);
            out.start_file(workbook_path, options)?;
            out.write_all(workbook)?;
        } else if utf16_parts.contains(&i) {
            drop(entry);
            let mut bytes = Vec::new();
            archive.by_index(i)?.take(MAX_ENTRY_BYTES).read_to_end(&mut bytes)?;
            out.start_file(name, options)?;
            out.write_all(xml_utf8(&bytes).as_bytes())?;
        } else {
            out.raw_copy_file_rename(entry, name)?;
        }
    }
    if add_root_rels {
        out.start_file("_rels/.rels", options)?;
        let rels = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"{workbook_path}\"/></Relationships>"
        );
        out.write_all(rels.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_xml_reads_as_utf8_with_its_declaration_fixed() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\" standalone=\"yes\"?><a>Thông tin</a>";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_utf16(&bytes));
        assert_eq!(xml_utf8(&bytes), "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a>Thông tin</a>");
    }

    #[test]
    fn relationship_targets_resolve_like_paths() {
        assert_eq!(resolve("xl/", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/", "../xl\\styles.xml"), "xl/styles.xml");
        assert_eq!(rels_of("xl/Workbook.xml"), ("xl/_rels/Workbook.xml.rels".to_string(), "xl/".to_string()));
    }

    #[test]
    fn sheet_entries_calamine_refuses_are_dropped_or_fixed() {
        let xml = r#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1" state="show"/><sheet name="M" sheetId="2" r:id="rId2"/><sheet name="V" sheetId="3" r:id=""></sheet><sheet name="C" sheetId="4" r:id="rId3"/></sheets></workbook>"#;
        let rel = |id: &str| match id {
            "rId1" => Some(("worksheet".to_string(), "xl/worksheets/sheet1.xml".to_string())),
            "rId2" => Some(("xlMacrosheet".to_string(), "xl/macrosheets/sheet1.xml".to_string())),
            "rId3" => Some(("chartsheet".to_string(), "xl/chartsheets/sheet1.xml".to_string())),
            _ => None,
        };
        let (fixed, worksheets, changed) = repair_workbook(xml, &rel);
        assert!(changed);
        assert_eq!(worksheets, vec![("A".to_string(), "xl/worksheets/sheet1.xml".to_string())]);
        assert_eq!(
            fixed,
            r#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="C" sheetId="4" r:id="rId3"/></sheets></workbook>"#
        );
    }
}
