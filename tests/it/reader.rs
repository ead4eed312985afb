//! The reader on every kind of spreadsheet a clerk can send (issue 12): each case of
//! `tests/fixtures/reader/` (the valid report `base.xlsx` packaged other ways, and files that
//! are not readable reports) gives its right outcome; merged ranges, percent formats and hidden
//! sheets are read; the calamine behaviour the memory guards rely on is pinned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::report::{self, Cell, Format, RawReport};
use rust_xlsxwriter::{Chart, ChartType, Format as XFormat, Workbook};
use serde_json::Value;

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader").join(name)
}

/// `validate --format json` of one file, as a process (optionally under an address-space limit
/// in KB): its exit code and its one file's JSON.
fn validate(path: &Path, limit_kb: Option<u64>) -> (i32, Value) {
    let limit = limit_kb.map_or(String::new(), |kb| format!("ulimit -v {kb}; "));
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("{limit}exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_baocao"))
        .arg("--plan")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan.toml"))
        .args(["validate", "--format", "json", "--as-of", "20/06/2024"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{}", path.display());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap_or(-1), json["files"][0].clone())
}

fn codes(file: &Value) -> Vec<String> {
    file["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
}

/// The report sheets' cells, by sheet name: what validation and consolidation see.
fn figures(report: &RawReport) -> BTreeMap<String, BTreeMap<(u32, u32), Cell>> {
    ["Thông tin", "Nhiệm vụ", "Chỉ tiêu", "Kiến nghị", "Mô hình"]
        .iter()
        .map(|name| (name.to_string(), report.sheet(name).map(|s| s.cells.clone()).unwrap_or_default()))
        .collect()
}

/// A valid report packaged another way (a chart or macro sheet beside it, an empty
/// relationship id, `\` in part names, `xl/Workbook.xml`, UTF-16 XML, encrypted with Excel's
/// default password, pretty-printed ODS, ODS without `mimetype`, flat ODS) validates like
/// `base.xlsx`, with the same cells.
#[test]
fn every_packaging_of_a_valid_report_reads_like_the_report() {
    let base = report::read(&case("base.xlsx"));
    assert!(base.findings.is_empty(), "{:?}", base.findings);
    let (code, file) = validate(&case("base.xlsx"), None);
    assert_eq!((code, codes(&file)), (0, Vec::<String>::new()));
    for name in [
        "a_chartsheet.xlsx",
        "report_with_chartsheet.xlsx",
        "b_macrosheet.xlsm",
        "c_empty_rid.xlsx",
        "d_backslash.xlsx",
        "e_case.xlsx",
        "f_utf16_workbook.xlsx",
        "g_velvetsweatshop.xlsx",
        "h_pretty.ods",
        "k_nomimetype.ods",
        "i_flat.fods",
    ] {
        let (code, file) = validate(&case(name), None);
        assert_eq!((code, codes(&file)), (0, Vec::<String>::new()), "{name}");
        assert_eq!((&file["unit"], &file["period"], &file["year"]), (&"SCT".into(), &"6-thang".into(), &2024.into()));
        let read = report::read(&case(name));
        assert!(read.findings.is_empty(), "{name}: {:?}", read.findings);
        if name.ends_with("ods") {
            // LibreOffice wrote these from the same figures: compare the indicator values.
            let numbers = |r: &RawReport| {
                r.sheet("Chỉ tiêu")
                    .unwrap()
                    .cells
                    .iter()
                    .filter(|(_, c)| matches!(c, Cell::Number(_)))
                    .map(|(at, c)| (*at, c.clone()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(numbers(&read), numbers(&base), "{name}");
        } else {
            assert_eq!(figures(&read), figures(&base), "{name}");
        }
        // The chart, macro and VBA module sheets are left out without a word.
        assert!(read.sheets.iter().all(|s| s.name != "Biểu đồ"), "{name}");
    }
}

/// The intake case: a real report with its chart moved to a sheet of its own.
#[test]
fn a_report_with_a_chart_sheet_is_valid() {
    let (code, file) = validate(&case("chart-sheet_HTH.xlsx"), None);
    assert_eq!((code, codes(&file)), (0, Vec::<String>::new()), "{file:#}");
}

/// Files that are not readable reports each say what they are.
#[test]
fn unreadable_files_say_what_they_are() {
    for (name, code) in [
        // Excel's "Unicode Text" and a UTF-16 web page named .xls: as their UTF-8 forms.
        ("l_utf16_tsv.xls", "file-csv"),
        ("m_utf16_html.xls", "file-html"),
        ("q_excel2.xls", "file-old-excel"),
    ] {
        let (exit, file) = validate(&case(name), None);
        assert_eq!((exit, codes(&file)), (1, vec![code.to_string()]), "{name}");
    }
    let (_, file) = validate(&case("q_excel2.xls"), None);
    let msg = file["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("Excel 2.x–4.0") && msg.contains("Lưu thành"), "{msg}");
}

/// `.xlsb` is read like any other workbook (calamine's public test file `date.xlsb`).
#[test]
fn an_xlsb_workbook_is_read() {
    let read = report::read(&case("p_date.xlsb"));
    assert_eq!(read.format, Some(Format::Xlsb));
    assert!(read.findings.is_empty(), "{:?}", read.findings);
    let sheet = read.sheet("Sheet1").unwrap();
    assert!(sheet.cells.values().any(|c| matches!(c, Cell::Date(_))), "{:?}", sheet.cells);
    // Not a report: validated like one, so the missing sheets are named.
    let (exit, file) = validate(&case("p_date.xlsb"), None);
    assert_eq!(exit, 1);
    assert!(codes(&file).iter().all(|c| c == "sheet-missing"), "{file:#}");
}

/// A 5.6 KB .xls with two formula cells at A1 and DZ32770 took 472 MB to read: the far cell
/// is now trimmed before calamine sees it. Under a 200 MB address-space limit, so that a
/// regression (or a calamine that reads the trimmed records again) fails here.
#[test]
fn a_sparse_xls_costs_what_its_cells_cost() {
    let read = report::read(&case("o_mem_32770x130_fmla.xls"));
    let sheet = read.sheet("Sheet").unwrap();
    assert_eq!(sheet.cells.keys().copied().collect::<Vec<_>>(), vec![(0, 0)]);
    assert_eq!(read.findings.len(), 1);
    assert_eq!((read.findings[0].code(), read.findings[0].cell.as_deref()), ("sheet-cut", Some("DZ32770")));
    let (exit, file) = validate(&case("o_mem_32770x130_fmla.xls"), Some(200_000));
    assert_eq!(exit, 1);
    assert_eq!(codes(&file)[0], "sheet-cut");
}

/// The memory guards mirror calamine 0.38.0's internals (which records it reads, what it
/// reserves): an upgrade must be a deliberate change that re-checks them.
#[test]
fn calamine_is_the_version_the_guards_were_written_for() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(manifest.contains("calamine = \"=0.38.0\""), "calamine must stay pinned to =0.38.0");
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    assert!(lock.contains("name = \"calamine\"\nversion = \"0.38.0\""));
}

/// `base.xlsx` encrypted with a real password ("mat-khau-123", by msoffcrypto-tool): the
/// default password does not open it, and the clerk is told to remove the password or the
/// workbook protection, never that the file is damaged.
#[test]
fn a_workbook_with_a_real_password_names_the_password() {
    let (exit, file) = validate(&case("real_password.xlsx"), None);
    assert_eq!((exit, codes(&file)), (1, vec!["file-password".to_string()]));
    assert!(file["findings"][0]["message"].as_str().unwrap().contains("Bảo vệ Sổ làm việc"));
}

/// A parser's error never reaches the clerk as Rust text: the message is the catalogue's, the
/// parser's words are a JSON fact.
#[test]
fn a_parser_error_is_a_finding_in_the_clerks_language() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hong.ods");
    // An ODS whose content.xml breaks off inside a row.
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", options).unwrap();
    std::io::Write::write_all(&mut zip, b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", options).unwrap();
    std::io::Write::write_all(&mut zip, b"<office:document-content><office:body><office:spreadsheet><table:table table:name=\"A\"><table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\">").unwrap();
    zip.finish().unwrap();
    let (exit, file) = validate(&bad, None);
    assert_eq!(exit, 1);
    for f in file["findings"].as_array().unwrap() {
        let msg = f["message"].as_str().unwrap();
        assert!(!msg.contains("Bytes") && !msg.contains("Borrowed") && !msg.contains('{'), "{msg}");
    }
}

/// Merged ranges, percent formats (built-in and custom), hidden sheets, and chart sheets left
/// out, in an xlsx written by `rust_xlsxwriter`.
#[test]
fn merged_ranges_percent_cells_and_hidden_sheets_are_read_from_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dinh-dang.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Chỉ tiêu").unwrap();
    sheet.merge_range(0, 0, 0, 4, "Tiêu đề", &XFormat::new()).unwrap();
    sheet.write_number_with_format(2, 3, 0.85, &XFormat::new().set_num_format("0%")).unwrap();
    sheet.write_number_with_format(3, 3, 0.125, &XFormat::new().set_num_format("0.0%")).unwrap();
    sheet.write_number_with_format(4, 3, 12.0, &XFormat::new().set_num_format("#,##0")).unwrap();
    sheet.write_number_with_format(5, 3, 7.0, &XFormat::new().set_num_format("\"%\"0")).unwrap();
    sheet.write_string_with_format(6, 3, "85%", &XFormat::new().set_num_format("0%")).unwrap();
    sheet.write_number(7, 3, 3.0).unwrap();
    let old = book.add_worksheet().set_name("Chỉ tiêu cũ").unwrap();
    old.write_number(0, 0, 1.0).unwrap();
    old.set_hidden(true);
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("='Chỉ tiêu'!$D$3:$D$5");
    book.add_chartsheet().set_name("Biểu đồ").unwrap().insert_chart(0, 0, &chart).unwrap();
    book.save(&path).unwrap();

    let read = report::read(&path);
    assert!(read.findings.is_empty(), "{:?}", read.findings);
    assert_eq!(
        read.sheets.iter().map(|s| (s.name.as_str(), s.hidden)).collect::<Vec<_>>(),
        vec![("Chỉ tiêu", false), ("Chỉ tiêu cũ", true)]
    );
    let sheet = read.sheet("Chỉ tiêu").unwrap();
    assert_eq!(sheet.merged, vec![(0, 0, 0, 4)]);
    // Numbers shown as percentages only: not "#,##0", not a quoted "%", not text.
    assert_eq!(sheet.percent.iter().copied().collect::<Vec<_>>(), vec![(2, 3), (3, 3)]);
    assert_eq!(sheet.get(2, 3), Some(&Cell::Number(0.85)));
}

/// Hidden sheets are hidden in .xls and .ods too ("Chỉ tiêu" hidden by `LibreOffice`), also
/// after an ODS is repaired for calamine.
#[test]
fn hidden_sheets_are_hidden_in_every_format() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in ["loi-hcl-6-thang-2024.xls", "loi-hcl-6-thang-2024.ods"] {
        let read = report::read(&fixtures.join(name));
        assert!(read.sheet("Chỉ tiêu").unwrap().hidden, "{name}");
        assert!(!read.sheet("Thông tin").unwrap().hidden, "{name}");
    }
}

/// The same workbook (percent formats "0%" and "0.0%" at D3 and D4, "#,##0" at D5, text "85%"
/// in a percent-formatted D7, A1:E1 merged, a hidden sheet "Cũ"), converted by `LibreOffice`
/// to .xls and .ods: percent cells, merged ranges and hidden sheets read as from the xlsx.
#[test]
fn merged_ranges_percent_cells_and_hidden_sheets_are_read_from_xls_and_ods() {
    for name in ["percent-merged.xls", "percent-merged.ods"] {
        let read = report::read(&case(name));
        assert!(read.findings.is_empty(), "{name}: {:?}", read.findings);
        assert!(read.sheet("Cũ").unwrap().hidden, "{name}");
        let sheet = read.sheet("Chỉ tiêu").unwrap();
        assert!(!sheet.hidden, "{name}");
        assert_eq!(sheet.merged, vec![(0, 0, 0, 4)], "{name}");
        assert_eq!(sheet.percent.iter().copied().collect::<Vec<_>>(), vec![(2, 3), (3, 3)], "{name}");
    }
}

/// A worksheet part in UTF-16 (not only the workbook part): found when calamine cannot decode
/// it, re-encoded, and read like the original.
#[test]
fn a_worksheet_part_in_utf16_is_read() {
    use std::io::{Read, Write};
    let base = std::fs::read(case("base.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("utf16-sheet.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(bytes).unwrap().replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
            bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    let read = report::read(&path);
    assert!(read.findings.is_empty(), "{:?}", read.findings);
    assert_eq!(figures(&read), figures(&report::read(&case("base.xlsx"))));
}

// Fuzzing (30 min after the reader changes) found a flat ODS of 105 KB that hung `validate`
// for minutes: an `office:annotation` never closed sends calamine's ODS parser into an endless
// loop. The reader closes every open element before calamine reads the content.
#[test]
fn an_ods_with_an_unclosed_annotation_is_read_at_once() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-chu-thich-khong-dong.fods");
    let started = std::time::Instant::now();
    // Run under `timeout` so that a regression fails the test instead of hanging the suite.
    let out = Command::new("timeout")
        .arg("20")
        .arg(env!("CARGO_BIN_EXE_baocao"))
        .args(["validate", "--format", "json", "--as-of", "20/06/2024"])
        .arg(&path)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(124), "validate hung on an unclosed office:annotation");
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(codes(&json["files"][0]), ["sheet-missing"]);
    assert!(started.elapsed().as_secs() < 20);
}
