//! Intake you can trust (issue 10): every value a clerk's file holds is read as the clerk sees
//! it, or a finding says why. Each case of `tests/fixtures/intake/` (files made the way clerks
//! really make them) runs through the real binary, in `validate` and in `consolidate`; the
//! shipped examples' recommendations and models are pinned text by text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/intake").join(name)
}

/// The binary with the built-in plan and Vietnamese output, whatever the environment says.
use crate::common::bin as baocao;

/// `validate --format json` of one file, as of 20/06/2024: the file's JSON object.
fn validate(path: &Path) -> Value {
    let out = baocao().args(["validate", "--format", "json", "--as-of", "2024-06-20"]).arg(path).output().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["files"][0].clone()
}

/// The (code, "Sheet!Cell") of every finding of a validated file.
fn findings(file: &Value) -> Vec<(String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let place = format!("{}!{}", f["sheet"].as_str().unwrap_or(""), f["cell"].as_str().unwrap_or(""));
            (f["code"].as_str().unwrap().to_string(), place)
        })
        .collect()
}

fn message_of<'a>(file: &'a Value, code: &str) -> &'a str {
    let f = file["findings"].as_array().unwrap().iter().find(|f| f["code"] == code);
    f.unwrap_or_else(|| panic!("no {code} in {file}"))["message"].as_str().unwrap()
}

/// `consolidate --format json` of the given fixtures (copied into a fresh folder), 6 tháng 2024.
fn consolidate(names: &[&str]) -> (Value, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("bao-cao");
    std::fs::create_dir(&input).unwrap();
    for name in names {
        std::fs::copy(fixture(name), input.join(name)).unwrap();
    }
    let out = baocao()
        .current_dir(tmp.path())
        .args(["consolidate", "bao-cao", "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"])
        .args(["-o", "tong-hop.xlsx", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    (serde_json::from_slice(&out.stdout).unwrap(), tmp)
}

fn indicator<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap()
}

fn unit<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["units"].as_array().unwrap().iter().find(|u| u["code"] == code).unwrap()
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    open_workbook_auto(path).unwrap().worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

// hidden-old-sheet: the hidden, outdated "Chỉ tiêu" (TCD_LUOT 350) was consolidated, silently.
#[test]
fn hidden_old_sheet_reads_the_visible_copy_and_names_both() {
    let name = "hidden-old-sheet_bao-cao_HTH_6-thang_2024.xlsx";
    let file = validate(&fixture(name));
    assert_eq!(findings(&file), [("sheet-duplicate".to_string(), "Chỉ tiêu (2)!".to_string())]);
    let message = message_of(&file, "sheet-duplicate");
    assert!(message.contains("\"Chỉ tiêu (2)\"") && message.contains("\"Chỉ tiêu\" (ẩn)"), "{message}");
    let (json, _tmp) = consolidate(&[name]);
    assert_eq!(indicator(&json, "TCD_LUOT")["total"], 420.0);
    assert_eq!(unit(&json, "HTH")["status"], "on_time");
}

// percent-in-count: "85%" in a count of phiếu was read as 85 phiếu; the rate became 6.2 %.
#[test]
fn percent_typed_in_a_count_is_an_error_at_its_cell() {
    let file = validate(&fixture("percent-in-count_bao-cao_HTH_6-thang_2024.xlsx"));
    assert_eq!(findings(&file), [("value-percent".to_string(), "Chỉ tiêu!D12".to_string())]);
    let message = message_of(&file, "value-percent");
    assert!(message.contains("KS_HAILONG") && message.contains("\"85%\"") && message.contains("phiếu"), "{message}");
    // The report is not consolidated, so no false rate reaches the officer.
    let (json, _tmp) = consolidate(&["percent-in-count_bao-cao_HTH_6-thang_2024.xlsx"]);
    assert_eq!(unit(&json, "HTH")["status"], "invalid");
    assert_eq!(indicator(&json, "TL_HAILONG")["total"], Value::Null);
}

// percent-formatted-cell: 0.85 in a cell shown as "85%" was read as 0.85 phiếu; the reader
// reports the cell's percent format, so it is `value-percent`, like "85%" typed as text.
#[test]
fn a_percent_formatted_cell_in_a_count_is_an_error_at_its_cell() {
    let file = validate(&fixture("percent-in-count_percent-formatted-cell.xlsx"));
    assert_eq!(findings(&file), [("value-percent".to_string(), "Chỉ tiêu!D12".to_string())]);
}

// chart-sheet: a chart moved to its own sheet made the report `sheet-unreadable`, invalid.
#[test]
fn a_chart_on_its_own_sheet_is_not_part_of_the_report() {
    let file = validate(&fixture("chart-sheet_bao-cao_HTH_6-thang_2024.xlsx"));
    assert_eq!(findings(&file), []);
    let (json, _tmp) = consolidate(&["chart-sheet_bao-cao_HTH_6-thang_2024.xlsx"]);
    assert_eq!(unit(&json, "HTH")["status"], "on_time");
}

// english-thousands: "1,250" triệu đồng was read as 1.25, a thousandfold error, no finding.
#[test]
fn english_thousands_name_both_readings_in_an_amount_and_a_count() {
    let file = validate(&fixture("english-thousands_bao-cao_STC_6-thang_2024.xlsx"));
    assert_eq!(findings(&file), [("value-ambiguous".to_string(), "Chỉ tiêu!D8".to_string())]);
    let message = message_of(&file, "value-ambiguous");
    assert!(message.contains("KINHPHI") && message.contains("1,25") && message.contains("1.250"), "{message}");
    let file = validate(&fixture("english-thousands_in-a-count.xlsx"));
    assert_eq!(findings(&file), [("value-ambiguous".to_string(), "Chỉ tiêu!D14".to_string())]);
    let (json, _tmp) = consolidate(&["english-thousands_bao-cao_STC_6-thang_2024.xlsx"]);
    assert_eq!(indicator(&json, "KINHPHI")["total"], Value::Null);
}

// last-year-copy/date-only: year 2024 but dated 29/05/2023 was counted on time.
#[test]
fn a_report_dated_before_its_period_began_is_an_error() {
    let file = validate(&fixture("last-year-copy_date-only_bao-cao_HTH_6-thang_2024.xlsx"));
    assert_eq!(findings(&file), [("date-before-period".to_string(), "Thông tin!B8".to_string())]);
    let message = message_of(&file, "date-before-period");
    assert!(message.contains("29/05/2023") && message.contains("01/01/2024"), "{message}");
}

// last-year-copy/year-cell: year cell 2023, dated 03/06/2024: "late by 365 days".
#[test]
fn a_year_cell_left_at_last_year_says_which_report_this_is() {
    // An error at the year cell (B6), which is what the clerk must look at; the report date
    // (B8) is what tells the two years apart.
    let file = validate(&fixture("last-year-copy_year-cell_bao-cao_HTH_6-thang_2024.xlsx"));
    assert_eq!(findings(&file), [("report-other-year".to_string(), "Thông tin!B6".to_string())]);
    assert_eq!(file["errors"], 1);
    let message = message_of(&file, "report-other-year");
    assert!(message.contains("báo cáo 6 tháng năm 2023") && message.contains("sửa ô Năm thành 2024"), "{message}");
    assert_eq!(file["year"], 2023);
}

// zero-width: '"HTH" không có trong kế hoạch', '"9" không phải số' for invisible characters.
#[test]
fn zero_width_characters_in_codes_and_figures_are_ignored() {
    let name = "zero-width_bao-cao_HTH_6-thang_2024.xlsx";
    let file = validate(&fixture(name));
    assert_eq!(findings(&file), []);
    assert_eq!(file["unit"], "HTH");
    let (json, _tmp) = consolidate(&[name]);
    assert_eq!(indicator(&json, "DOITHOAI")["total"], 9.0);
    assert_eq!(unit(&json, "HTH")["status"], "on_time");
}

// tone-placement: "Uỷ ban", "Văn hoá", "Ủy ban nhân dân …" in full: three units "missing".
#[test]
fn both_tone_placements_and_spelt_out_abbreviations_name_the_unit() {
    let names = [
        ("tone-placement_bao-cao_bao-cao_HTM_6-thang_2024.xlsx", "HTM"),
        ("tone-placement_bao-cao_bao-cao_SVHTTDL_6-thang_2024.xlsx", "SVHTTDL"),
        ("tone-placement_bao-cao_bao-cao_VPUBND_6-thang_2024.xlsx", "VPUBND"),
    ];
    for (name, code) in names {
        let file = validate(&fixture(name));
        assert_eq!(findings(&file), [], "{name}");
        assert_eq!(file["unit"], code, "{name}");
    }
    let (json, _tmp) = consolidate(&names.map(|(n, _)| n));
    for (_, code) in names {
        assert_eq!(unit(&json, code)["status"], "on_time", "{code}");
    }
    // The received-documents register spells the names the same ways: each line finds its unit
    // (an unrecognised line would be a `received-not-a-unit` warning with its line number).
    let tmp = tempfile::tempdir().unwrap();
    for (name, _) in names {
        std::fs::copy(fixture(name), tmp.path().join(name)).unwrap();
    }
    let out = baocao()
        .current_dir(tmp.path())
        .args(["consolidate", ".", "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20", "--received"])
        .arg(fixture("tone-placement_so-van-ban-den.csv"))
        .args(["-o", "tong-hop.xlsx", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&unit(&json, "HTM")["received"], &unit(&json, "HTM")["submitted"]),
        (&"2024-06-03".into(), &"2024-06-03".into())
    );
    assert_eq!(unit(&json, "VPUBND")["received"], "2024-06-04");
    assert_eq!(unit(&json, "SVHTTDL")["received"], Value::Null);
    // "UBND huyện Tân Hồng, 27/05/2024": received says the register, but no file of HTH is
    // here; its row said "Ngày nhận 27/05/2024" beside "Chưa nộp" with no word why.
    let hth = unit(&json, "HTH");
    assert_eq!(
        (&hth["status"], &hth["received"], &hth["submitted"]),
        (&"missing".into(), &"2024-05-27".into(), &Value::Null)
    );
    assert_eq!(
        hth["note"],
        "sổ văn bản đến ghi đã nhận ngày 27/05/2024 nhưng không có tệp báo cáo nào của đơn vị trong các thư mục \
         đã tổng hợp; tìm tệp đính kèm rồi tổng hợp lại"
    );
}

// dash-for-zero: "-" in indicators not due yet (NV7, NV8) made a good report invalid.
#[test]
fn a_dash_is_blank_where_nothing_is_due_and_an_error_where_a_figure_is() {
    let file = validate(&fixture("dash-for-zero_bao-cao_HTH_6-thang_2024.xlsx"));
    assert_eq!(findings(&file), []);
    assert_eq!(findings(&validate(&fixture("dash-for-zero_control-blank.xlsx"))), []);
    let file = validate(&fixture("dash-for-zero_bao-cao_TPSD_6-thang_2024.xlsx"));
    assert_eq!(findings(&file), [("value-placeholder".to_string(), "Chỉ tiêu!D17".to_string())]);
    let message = message_of(&file, "value-placeholder");
    assert!(message.contains("DOITHOAI") && message.contains("\"–\"") && message.contains("ghi 0"), "{message}");
}

// The consolidation showed NV7/NV8 indicators as "29 of 0 units reported" with a total of 0.
#[test]
fn indicators_not_due_show_chua_den_ky_never_n_of_0_units() {
    let (json, tmp) =
        consolidate(&["dash-for-zero_bao-cao_HTH_6-thang_2024.xlsx", "zero-width_bao-cao_HTH_6-thang_2024.xlsx"]);
    for code in ["KIEMTRA", "TAPHUAN", "KT_TAPTHE", "KT_CANHAN"] {
        let ind = indicator(&json, code);
        assert_eq!(
            (&ind["due"], &ind["note"], &ind["total"], &ind["reported_units"], &ind["expected_units"]),
            (&Value::Bool(false), &Value::from("chưa đến kỳ"), &Value::Null, &Value::from(0), &Value::from(0)),
            "{code}"
        );
    }
    assert_eq!(indicator(&json, "TCD_LUOT")["due"], true);
    // The workbook's "Chỉ tiêu" sheet says so in the totals' place.
    let range = sheet(&tmp.path().join("tong-hop.xlsx"), "Chỉ tiêu");
    let row = (0..range.height() as u32).find(|&r| text(&range, r, 1) == "KIEMTRA").expect("KIEMTRA row");
    assert_eq!(text(&range, row, 5), "chưa đến kỳ");
    assert_eq!(text(&range, row, 8), "");
}

// ---------------------------------------------------------------------------------------------
// The shipped examples: every recommendation and model, exact
// ---------------------------------------------------------------------------------------------

/// The rows of a free-text table read straight from a report with calamine: the cells of the
/// columns headed `columns`, under the row holding all of them.
fn rows_in_report(path: &Path, sheet_name: &str, columns: &[&str]) -> Vec<Vec<String>> {
    let range = sheet(path, sheet_name);
    let (height, width) = (range.height() as u32, range.width() as u32);
    let header = (0..height)
        .find(|&r| columns.iter().all(|c| (0..width).any(|x| text(&range, r, x) == *c)))
        .unwrap_or_else(|| panic!("{}: no header {columns:?}", path.display()));
    let cols: Vec<u32> = columns.iter().map(|c| (0..width).find(|&x| text(&range, header, x) == *c).unwrap()).collect();
    ((header + 1)..height)
        .map(|r| cols.iter().map(|&c| text(&range, r, c).trim().to_string()).collect::<Vec<_>>())
        .filter(|row| !row[0].is_empty())
        .collect()
}

// The README's command put "STT", "1", "2" … into "Kiến nghị" (87 junk rows instead of 58) and
// "Mô hình" (92 instead of 63): the title row above each table was taken for the header.
#[test]
fn the_examples_recommendations_and_models_are_consolidated_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports");
    let out = baocao()
        .current_dir(tmp.path())
        .args(["consolidate"])
        .arg(&reports)
        .args(["--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"])
        .args(["-o", "tong-hop.xlsx", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();

    // What each used report holds, read without baocao's reader.
    let mut want_recs: Vec<(String, String, String)> = Vec::new();
    let mut want_models: Vec<(String, String, String, String)> = Vec::new();
    for f in json["files"].as_array().unwrap().iter().filter(|f| f["role"] == "used") {
        let path = PathBuf::from(f["path"].as_str().unwrap());
        let code = f["unit"].as_str().unwrap().to_string();
        for r in rows_in_report(&path, "Kiến nghị", &["Nội dung kiến nghị, đề xuất", "Cơ quan tiếp nhận"])
        {
            want_recs.push((code.clone(), r[0].clone(), r[1].clone()));
        }
        for m in rows_in_report(&path, "Mô hình", &["Tên mô hình", "Lĩnh vực", "Kết quả, hiệu quả"]) {
            want_models.push((code.clone(), m[0].clone(), m[1].clone(), m[2].clone()));
        }
    }
    want_recs.sort();
    want_models.sort();
    assert_eq!((want_recs.len(), want_models.len()), (58, 63));

    // In the JSON.
    let s = |v: &Value| v.as_str().unwrap().to_string();
    let mut got_recs: Vec<(String, String, String)> = json["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (s(&r["unit"]), s(&r["text"]), s(&r["addressee"])))
        .collect();
    let mut got_models: Vec<(String, String, String, String)> = json["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (s(&m["unit"]), s(&m["name"]), s(&m["field"]), s(&m["result"])))
        .collect();
    got_recs.sort();
    got_models.sort();
    assert_eq!(got_recs, want_recs);
    assert_eq!(got_models, want_models);

    // In the workbook: STT, Mã ĐV, Đơn vị, then the columns.
    let book = tmp.path().join("tong-hop.xlsx");
    let read = |name: &str, n: u32| -> Vec<Vec<String>> {
        let range = sheet(&book, name);
        let header = (0..range.height() as u32).find(|&r| text(&range, r, 1) == "Mã ĐV").unwrap();
        ((header + 1)..range.height() as u32)
            .filter(|&r| !text(&range, r, 1).is_empty())
            .map(|r| std::iter::once(1).chain(3..3 + n).map(|c| text(&range, r, c)).collect())
            .collect()
    };
    let mut sheet_recs: Vec<(String, String, String)> =
        read("Kiến nghị", 2).into_iter().map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).collect();
    let mut sheet_models: Vec<(String, String, String, String)> =
        read("Mô hình", 3).into_iter().map(|r| (r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone())).collect();
    sheet_recs.sort();
    sheet_models.sort();
    assert_eq!(sheet_recs, want_recs);
    assert_eq!(sheet_models, want_models);
}

// ---------------------------------------------------------------------------------------------
// Template and verdict
// ---------------------------------------------------------------------------------------------

/// The `<xf …>` cell format of `cell` in the `index`-th sheet of an xlsx.
fn cell_xf(path: &Path, index: usize, cell: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entry = |name: &str| {
        let mut out = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    };
    let xml = entry(&format!("xl/worksheets/sheet{index}.xml"));
    let styles = entry("xl/styles.xml");
    let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("no cell {cell}"));
    let tag = &xml[start..start + xml[start..].find('>').unwrap()];
    let style: usize = tag.split("s=\"").nth(1).map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap());
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    xf[..xf.find("</xf>").unwrap_or(xf.len())].to_string()
}

#[test]
fn not_due_indicators_are_greyed_locked_and_noted_in_the_six_month_template_only() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rows: BTreeMap<&str, (String, String, bool)> = BTreeMap::new();
    for period in ["6-thang", "nam"] {
        let out = tmp.path().join(format!("{period}.xlsx"));
        baocao()
            .args(["template", "--unit", "HTH", "--period", period, "--year", "2024", "-o"])
            .arg(&out)
            .assert()
            .success();
        let range = sheet(&out, "Chỉ tiêu");
        let row = (0..range.height() as u32).find(|&r| text(&range, r, 0) == "KIEMTRA").unwrap();
        let unlocked = cell_xf(&out, 3, &format!("D{}", row + 1)).contains("locked=\"0\"");
        rows.insert(period, (text(&range, row, 3), text(&range, row, 4), unlocked));
    }
    let (value, note, unlocked) = &rows["6-thang"];
    assert_eq!((value.as_str(), unlocked), ("", &false));
    assert!(note.starts_with("Chưa đến kỳ (nhiệm vụ NV7"), "{note}");
    assert_eq!(rows["nam"], (String::new(), String::new(), true));
}

// A clerk who checked last year's file, or another unit's, saw only "✔ bao-cao.xlsx: hợp lệ".
#[test]
fn the_verdict_names_the_unit_and_period_checked() {
    let path = fixture("zero-width_bao-cao_HTH_6-thang_2024.xlsx");
    let out = baocao().args(["validate", "--as-of", "2024-06-20"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().any(|l| l == "✔ HTH — 6 tháng năm 2024: hợp lệ, 0 cảnh báo"), "{stdout}");
    assert!(stdout.contains(&path.display().to_string()), "{stdout}");
    let out = baocao().args(["--lang", "en", "validate", "--as-of", "2024-06-20"]).arg(&path).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().any(|l| l == "✔ HTH — 6 tháng 2024: valid, 0 warning(s)"), "{stdout}");
}
