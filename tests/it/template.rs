//! `baocao template`: runs the real binary, reads the workbook back with calamine (values, the
//! layout contract) and, for what calamine does not expose (dropdowns, protection, page setup,
//! document properties), reads the sheet XML inside the xlsx.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};

const SHEETS: [&str; 6] = ["Thông tin", "Nhiệm vụ", "Chỉ tiêu", "Kiến nghị", "Mô hình", "Hướng dẫn"];
const INFO_LABELS: [&str; 9] =
    ["Mã đơn vị", "Tên đơn vị", "Kỳ báo cáo", "Năm", "Số văn bản", "Ngày báo cáo", "Người lập", "Điện thoại", "Email"];

/// The binary, run in `dir` with the built-in plan and Vietnamese output whatever the
/// environment says.
use crate::common::baocao;

fn plan() -> baocao::plan::Plan {
    baocao::plan::load(Some(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/plan.toml")))).expect("plan loads")
}

/// Writes the template of `unit` for `period`/`year` into a fresh folder; returns both.
fn template(unit: &str, period: &str, year: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mau.xlsx");
    baocao(dir.path())
        .args(["template", "--unit", unit, "--period", period, "--year", year, "-o"])
        .arg(&out)
        .assert()
        .success();
    (dir, out)
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

/// The row (0-based) whose first cells are exactly `headers`, searched in the first 10 rows.
fn header_row(range: &calamine::Range<Data>, headers: &[&str]) -> u32 {
    (0..10)
        .find(|&r| headers.iter().enumerate().all(|(c, h)| text(range, r, c as u32) == *h))
        .unwrap_or_else(|| panic!("no header row {headers:?}"))
}

/// The codes in column A below the header, up to the first blank "Mã".
fn codes_below(range: &calamine::Range<Data>, header: u32) -> Vec<String> {
    let (rows, _) = range.get_size();
    ((header + 1)..=(rows as u32)).map(|r| text(range, r, 0)).take_while(|c| !c.is_empty()).collect()
}

fn zip_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = String::new();
    archive.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_string(&mut out).unwrap();
    out
}

/// The XML of the `index`-th sheet (1-based, in workbook order).
fn sheet_xml(path: &Path, index: usize) -> String {
    zip_entry(path, &format!("xl/worksheets/sheet{index}.xml"))
}

/// The `<xf …>` cell format (from styles.xml) that cell `cell` of a sheet uses.
fn cell_xf(path: &Path, sheet_index: usize, cell: &str) -> String {
    let xml = sheet_xml(path, sheet_index);
    let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("no cell {cell}"));
    let tag = &xml[start..start + xml[start..].find('>').unwrap()];
    let style: usize = tag.split("s=\"").nth(1).map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap());
    let styles = zip_entry(path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).expect("cell format exists");
    xf[..xf.find("</xf>").unwrap_or(xf.len())].to_string()
}

/// Whether cell `cell` of a sheet uses a cell format that is unlocked.
fn is_unlocked(path: &Path, sheet_index: usize, cell: &str) -> bool {
    cell_xf(path, sheet_index, cell).contains("locked=\"0\"")
}

#[test]
fn sheets_are_named_by_the_contract_in_order() {
    let (_dir, out) = template("SYT", "6-thang", "2024");
    let names = open_workbook_auto(&out).unwrap().sheet_names();
    assert_eq!(names, SHEETS);
}

#[test]
fn info_sheet_is_prefilled_for_the_unit() {
    let (_dir, out) = template("syt", "6-thang", "2024");
    let info = sheet(&out, "Thông tin");
    let first = (0..10).find(|&r| text(&info, r, 0) == "Mã đơn vị").expect("label Mã đơn vị in column A");
    for (i, label) in INFO_LABELS.iter().enumerate() {
        assert_eq!(text(&info, first + i as u32, 0), *label);
    }
    let value = |label: &str| {
        let i = INFO_LABELS.iter().position(|l| *l == label).unwrap() as u32;
        info.get_value((first + i, 1)).cloned().unwrap_or(Data::Empty)
    };
    assert_eq!(value("Mã đơn vị"), Data::String("SYT".into()));
    assert_eq!(value("Tên đơn vị"), Data::String("Sở Y tế".into()));
    assert_eq!(value("Kỳ báo cáo"), Data::String("6 tháng".into()));
    assert_eq!(value("Năm"), Data::Float(2024.0));
    for blank in ["Số văn bản", "Ngày báo cáo", "Người lập", "Điện thoại", "Email"] {
        assert_eq!(value(blank), Data::Empty, "{blank} must be left for the clerk");
    }
}

#[test]
fn yearly_template_names_the_period_and_year() {
    let (_dir, out) = template("HTM", "nam", "2023");
    let info = sheet(&out, "Thông tin");
    let first = (0..10).find(|&r| text(&info, r, 0) == "Mã đơn vị").unwrap();
    assert_eq!(text(&info, first, 1), "HTM");
    assert_eq!(text(&info, first + 1, 1), "Huyện Tháp Mười");
    assert_eq!(text(&info, first + 2, 1), "Năm");
    assert_eq!(text(&info, first + 3, 1), "2023");
    assert!(text(&info, 0, 0).contains("NĂM 2023"), "title: {}", text(&info, 0, 0));
}

#[test]
fn table_headers_match_the_contract_exactly() {
    let (_dir, out) = template("BDT", "6-thang", "2024");
    let cases: [(&str, &[&str]); 4] = [
        ("Nhiệm vụ", &["Mã", "Nhiệm vụ", "Tình trạng", "Kết quả thực hiện", "Hạn chế, khó khăn"]),
        ("Chỉ tiêu", &["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"]),
        ("Kiến nghị", &["STT", "Nội dung kiến nghị, đề xuất", "Cơ quan tiếp nhận"]),
        ("Mô hình", &["STT", "Tên mô hình", "Lĩnh vực", "Kết quả, hiệu quả"]),
    ];
    for (name, headers) in cases {
        let range = sheet(&out, name);
        let row = header_row(&range, headers);
        assert!(row > 0, "{name}: a title row sits above the header");
        if name == "Kiến nghị" || name == "Mô hình" {
            assert!(codes_below(&range, row).is_empty(), "{name}: the free-form rows start empty");
        }
    }
}

#[test]
fn every_plan_task_has_a_row_with_its_title_and_empty_inputs() {
    let plan = plan();
    let (_dir, out) = template("SYT", "6-thang", "2024");
    let tasks = sheet(&out, "Nhiệm vụ");
    let header = header_row(&tasks, &["Mã", "Nhiệm vụ", "Tình trạng", "Kết quả thực hiện", "Hạn chế, khó khăn"]);
    let codes = codes_below(&tasks, header);
    let expected: Vec<String> = plan.tasks.iter().map(|t| t.code.clone()).collect();
    assert_eq!(codes, expected);
    for (i, task) in plan.tasks.iter().enumerate() {
        let row = header + 1 + i as u32;
        assert_eq!(text(&tasks, row, 1), task.title);
        for col in 2..5 {
            assert_eq!(text(&tasks, row, col), "", "{} column {col} is for the clerk", task.code);
        }
    }
}

/// The entered indicators (rows above the rate block) of a unit's template.
fn entered_indicators(unit: &str) -> Vec<String> {
    let (_dir, out) = template(unit, "6-thang", "2024");
    let range = sheet(&out, "Chỉ tiêu");
    let header = header_row(&range, &["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"]);
    codes_below(&range, header)
}

#[test]
fn only_owed_indicators_are_listed_in_plan_order() {
    let plan = plan();
    for unit in ["SYT", "BDT", "HTM", "STC"] {
        let expected: Vec<String> = plan.owed_indicators(unit).iter().map(|i| i.code.clone()).collect();
        assert_eq!(entered_indicators(unit), expected, "{unit}");
    }
}

#[test]
fn tin_bai_only_for_the_press_and_hoiquan_only_for_districts() {
    let syt = entered_indicators("SYT");
    let bdt = entered_indicators("BDT");
    let htm = entered_indicators("HTM");
    assert!(!syt.contains(&"TIN_BAI".to_string()));
    assert!(bdt.contains(&"TIN_BAI".to_string()));
    assert!(htm.contains(&"HOIQUAN".to_string()));
    assert!(!syt.contains(&"HOIQUAN".to_string()) && !bdt.contains(&"HOIQUAN".to_string()));
    assert!(!htm.contains(&"TIN_BAI".to_string()));
    // Rates are never entered.
    assert!(syt.iter().all(|c| !c.starts_with("TL_")), "{syt:?}");
}

#[test]
fn indicator_rows_carry_name_and_measure_and_leave_the_value_blank() {
    let plan = plan();
    let (_dir, out) = template("STC", "6-thang", "2024");
    let range = sheet(&out, "Chỉ tiêu");
    let header = header_row(&range, &["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"]);
    for (i, ind) in plan.owed_indicators("STC").iter().enumerate() {
        let row = header + 1 + i as u32;
        assert_eq!(text(&range, row, 0), ind.code);
        assert_eq!(text(&range, row, 1), ind.name);
        assert_eq!(text(&range, row, 2), ind.measure);
        assert_eq!(range.get_value((row, 3)).cloned().unwrap_or(Data::Empty), Data::Empty, "{}", ind.code);
    }
}

#[test]
fn rates_are_shown_below_a_separate_heading_as_formulas_with_no_value() {
    let (_dir, out) = template("SYT", "6-thang", "2024");
    let range = sheet(&out, "Chỉ tiêu");
    let header = header_row(&range, &["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"]);
    let entered = codes_below(&range, header).len() as u32;
    let heading = header + 1 + entered + 1;
    assert_eq!(text(&range, heading, 0), "", "the heading row has no code");
    assert_eq!(text(&range, heading, 1), "Tỷ lệ (tự tính, không nhập)");
    let rates = codes_below(&range, heading);
    assert!(rates.contains(&"TL_DUNGHAN".to_string()) && rates.contains(&"TL_GIAIQUYET".to_string()), "{rates:?}");
    assert!(rates.iter().all(|c| c.starts_with("TL_")), "{rates:?}");
    // The formula's cached value is empty, never a false 0.
    let first_rate = heading + 1;
    assert!(matches!(range.get_value((first_rate, 3)), None | Some(Data::Empty | Data::String(_))));
    let formulas = open_workbook_auto(&out).unwrap().worksheet_formula("Chỉ tiêu").unwrap();
    let formula = formulas.get_value((first_rate, 3)).cloned().unwrap_or_default();
    assert!(formula.contains("ISNUMBER") && formula.contains("*100"), "formula: {formula}");
}

#[test]
fn dropdowns_and_number_checks_are_attached_to_the_input_cells() {
    let (_dir, out) = template("STC", "6-thang", "2024");
    let info = sheet_xml(&out, 1);
    assert!(info.contains("<formula1>\"6 tháng,Năm\"</formula1>"), "period dropdown");
    assert!(info.contains("type=\"date\""), "report date validation");
    // Thông tin!B9 (Ngày báo cáo) is empty but shows dates day first.
    let styles = zip_entry(&out, "xl/styles.xml");
    let at = styles.find("formatCode=\"dd/mm/yyyy\"").expect("a dd/mm/yyyy number format");
    let id = styles[..at].rsplit("numFmtId=\"").next().unwrap().split('"').next().unwrap();
    assert!(cell_xf(&out, 1, "B9").contains(&format!("numFmtId=\"{id}\"")), "B9 is formatted dd/mm/yyyy");
    let tasks = sheet_xml(&out, 2);
    assert!(
        tasks.contains("<formula1>\"Hoàn thành,Đang thực hiện,Chưa thực hiện,Không áp dụng\"</formula1>"),
        "status dropdown"
    );
    let indicators = sheet_xml(&out, 3);
    assert!(indicators.contains("<formula1>\"Có,Không\"</formula1>"), "yes/no dropdown for KH_NAM");
    assert!(indicators.contains("type=\"whole\""), "whole-number check for counts");
    assert!(indicators.contains("type=\"decimal\""), "decimal check for KINHPHI");
}

#[test]
fn inputs_are_unlocked_labels_locked_and_protection_has_no_password() {
    let (_dir, out) = template("SYT", "6-thang", "2024");
    // Thông tin: B8 is "Số văn bản" (labels start on row 4), A4 a label, B4 the unit code.
    assert!(is_unlocked(&out, 1, "B8"));
    assert!(!is_unlocked(&out, 1, "A4"));
    assert!(!is_unlocked(&out, 1, "B4"));
    // Nhiệm vụ row 5 is NV1: code and title locked, status, result and limitations open.
    assert!(!is_unlocked(&out, 2, "A5") && !is_unlocked(&out, 2, "B5"));
    assert!(is_unlocked(&out, 2, "C5") && is_unlocked(&out, 2, "D5") && is_unlocked(&out, 2, "E5"));
    // Chỉ tiêu: the value and note of the first indicator.
    assert!(is_unlocked(&out, 3, "D5") && is_unlocked(&out, 3, "E5") && !is_unlocked(&out, 3, "A5"));
    for index in 1..=6 {
        let xml = sheet_xml(&out, index);
        let start = xml.find("<sheetProtection").unwrap_or_else(|| panic!("sheet {index} is not protected"));
        let tag = &xml[start..start + xml[start..].find("/>").unwrap()];
        assert!(!tag.contains("password"), "sheet {index}: {tag}");
        // "0" means the action is NOT prevented: clerks may resize rows and columns.
        assert!(tag.contains("formatColumns=\"0\"") && tag.contains("formatRows=\"0\""), "sheet {index}: {tag}");
    }
}

#[test]
fn pages_are_a4_with_decree_30_margins_and_repeated_headers() {
    let (_dir, out) = template("SYT", "6-thang", "2024");
    for (index, orientation) in [(1, "portrait"), (2, "landscape"), (3, "landscape"), (6, "portrait")] {
        let xml = sheet_xml(&out, index);
        assert!(xml.contains("paperSize=\"9\""), "sheet {index} on A4");
        assert!(xml.contains(&format!("orientation=\"{orientation}\"")), "sheet {index} {orientation}");
        assert!(xml.contains("fitToWidth=\"1\"") || xml.contains("fitToHeight=\"0\""), "sheet {index} fits the width");
        // 30 mm left, 20 mm top and bottom.
        assert!(xml.contains("left=\"1.18"), "sheet {index} left margin");
        assert!(xml.contains("top=\"0.78"), "sheet {index} top margin");
    }
    let workbook = zip_entry(&out, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "header rows repeat on every printed page");
}

/// Every cell's text, space-separated.
fn all_text(range: &calamine::Range<Data>) -> String {
    range.rows().flatten().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

#[test]
fn guide_sheet_explains_blanks_dates_validation_and_the_deadline() {
    let (_dir, out) = template("SYT", "6-thang", "2024");
    let guide = sheet(&out, "Hướng dẫn");
    let all = all_text(&guide);
    for needle in ["KHÔNG BÁO CÁO", "KHÔNG PHÁT SINH", "dd/mm/yyyy", "baocao validate", "04/06/2024", "NV7, NV8"] {
        assert!(all.contains(needle), "guide lacks {needle:?}: {all}");
    }
    let (_dir, yearly) = template("SYT", "nam", "2024");
    let guide = sheet(&yearly, "Hướng dẫn");
    let all = all_text(&guide);
    assert!(all.contains("31/10/2024"), "yearly deadline: {all}");
    assert!(!all.contains("NV7, NV8"), "every task is due in the yearly report");
}

#[test]
fn document_properties_are_set_and_output_is_byte_identical() {
    let (_a, first) = template("SYT", "6-thang", "2024");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let (_b, second) = template("SYT", "6-thang", "2024");
    assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(), "two runs differ");
    let core = zip_entry(&first, "docProps/core.xml");
    assert!(core.contains("2024-01-01T00:00:00Z"), "{core}");
    assert!(core.contains("<dc:title>Báo cáo công tác dân vận chính quyền 6 tháng năm 2024"), "{core}");
    let app = zip_entry(&first, "docProps/app.xml");
    assert!(app.contains("<Company>Sở Y tế</Company>"), "{app}");
}

#[test]
fn default_file_name_names_unit_period_and_year() {
    let dir = tempfile::tempdir().unwrap();
    baocao(dir.path())
        .args(["template", "--unit", "SYT", "--period", "6-thang", "--year", "2024"])
        .assert()
        .success()
        .stdout("Đã tạo mẫu: bao-cao_SYT_6-thang_2024.xlsx\n");
    assert!(dir.path().join("bao-cao_SYT_6-thang_2024.xlsx").is_file());
}

fn xlsx_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "xlsx"))
        .collect();
    names.sort();
    names
}

#[test]
fn all_writes_one_template_per_expected_unit() {
    let plan = plan();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mau/6-thang");
    let assert = baocao(dir.path())
        .args(["template", "--all", "--period", "6-thang", "--year", "2024", "--out-dir"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().filter(|l| l.starts_with("Đã tạo mẫu: ")).count(), 33);
    let files = xlsx_files(&out);
    assert_eq!(files.len(), 33);
    let mut expected: Vec<String> =
        plan.expected_units("6-thang", 2024).iter().map(|u| format!("bao-cao_{}_6-thang_2024.xlsx", u.code)).collect();
    expected.sort();
    assert_eq!(files, expected);
    // Each file is made for its own unit.
    let info = sheet(&out.join("bao-cao_HTM_6-thang_2024.xlsx"), "Thông tin");
    assert_eq!(text(&info, 3, 1), "HTM");
}

#[test]
fn all_skips_districts_after_they_were_abolished() {
    let dir = tempfile::tempdir().unwrap();
    baocao(dir.path())
        .args(["template", "--all", "--period", "nam", "--year", "2025", "--out-dir", "out"])
        .assert()
        .success();
    let files = xlsx_files(&dir.path().join("out"));
    // The new province's 12 agencies, Ban Quản lý Khu kinh tế and the merged Báo và Phát thanh,
    // Truyền hình; no district, no merged department, no xã (their group is off).
    assert_eq!(files.len(), 14, "{files:?}");
    assert!(files.iter().all(|f| !f.starts_with("bao-cao_H") && !f.starts_with("bao-cao_TP")), "{files:?}");
    assert!(files.iter().all(|f| !f.starts_with("bao-cao_X") && !f.starts_with("bao-cao_SKHDT")), "{files:?}");
}

/// Runs a failing command; checks exit code 2, the message, and that nothing was written.
fn fails(args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let assert = baocao(dir.path()).args(args).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for needle in expected {
        assert!(stderr.contains(needle), "{args:?}: {stderr:?} lacks {needle:?}");
    }
    assert!(xlsx_files(dir.path()).is_empty(), "{args:?} wrote a file");
}

#[test]
fn unknown_unit_suggests_close_codes() {
    fails(
        &["template", "--unit", "SYTT", "--period", "6-thang", "--year", "2024"],
        &["Lỗi: Không có đơn vị nào mang mã \"SYTT\".", "Có phải là: SYT (Sở Y tế)", "baocao plan"],
    );
    fails(
        &["--lang", "en", "template", "--unit", "SYTT", "--period", "6-thang", "--year", "2024"],
        &["Error: No unit has the code \"SYTT\".", "Did you mean: SYT (Sở Y tế)"],
    );
}

#[test]
fn unknown_period_lists_the_valid_ids() {
    fails(
        &["template", "--unit", "SYT", "--period", "quy-3", "--year", "2024"],
        &["Không có kỳ báo cáo \"quy-3\". Dùng một trong: 6-thang, nam."],
    );
    fails(
        &["--lang", "en", "template", "--unit", "SYT", "--period", "quy-3", "--year", "2024"],
        &["There is no reporting period \"quy-3\". Use one of: 6-thang, nam."],
    );
}

#[test]
fn year_outside_the_plan_is_refused() {
    fails(
        &["template", "--unit", "SYT", "--period", "nam", "--year", "2026"],
        &["Năm 2026 nằm ngoài thời gian của kế hoạch (2022–2025)"],
    );
    fails(
        &["template", "--all", "--out-dir", "out", "--period", "nam", "--year", "2021", "--lang", "en"],
        &["Year 2021 is outside the plan's years (2022–2025)"],
    );
}

#[test]
fn unit_not_expected_in_the_period_is_refused() {
    fails(
        &["template", "--unit", "HTM", "--period", "nam", "--year", "2025"],
        &["Huyện Tháp Mười (HTM) không phải báo cáo kỳ Năm 2025", "đến 6 tháng 2025"],
    );
    fails(
        &["--lang", "en", "template", "--unit", "HTM", "--period", "nam", "--year", "2025"],
        &["Huyện Tháp Mười (HTM) does not report for Năm 2025", "to 6 tháng 2025"],
    );
}

#[test]
fn a_period_name_is_accepted_in_place_of_its_id() {
    let dir = tempfile::tempdir().unwrap();
    baocao(dir.path())
        .args(["template", "--unit", "SYT", "--period", "6 tháng", "--year", "2024"])
        .assert()
        .success()
        .stdout("Đã tạo mẫu: bao-cao_SYT_6-thang_2024.xlsx\n");
}

#[test]
fn english_output_names_the_written_file() {
    let dir = tempfile::tempdir().unwrap();
    baocao(dir.path())
        .args(["--lang", "en", "template", "--unit", "BDT", "--period", "nam", "--year", "2022", "-o", "b.xlsx"])
        .assert()
        .success()
        .stdout("Template written: b.xlsx\n");
    assert_eq!(text(&sheet(&dir.path().join("b.xlsx"), "Thông tin"), 3, 1), "BDT");
}

#[test]
fn an_unwritable_output_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let assert = baocao(dir.path())
        .args(["template", "--unit", "SYT", "--period", "nam", "--year", "2024", "-o", "khong-co/mau.xlsx"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("Lỗi: Không ghi được tệp khong-co/mau.xlsx"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Output safety: the previous file is never damaged and no temporary file is left behind
// ---------------------------------------------------------------------------------------------

/// Writes the SYT template to `out` (run in `dir`); returns the exit code and stderr.
fn write_template(dir: &Path, out: &Path, lang: &str) -> (i32, String) {
    let output = baocao(dir)
        .args(["--lang", lang, "template", "--unit", "SYT", "--period", "nam", "--year", "2024", "-o"])
        .arg(out)
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stderr).unwrap())
}

/// Temporary files of `save_atomically` left in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".baocao-"))
        .collect()
}

/// A tmpfs mounted on a fresh folder, unmounted on drop; `None` when this user cannot mount
/// (not root, or no mount permission in the container).
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn remount_read_only(&self) {
        let status = std::process::Command::new("mount").args(["-o", "remount,ro"]).arg(self.path()).status().unwrap();
        assert!(status.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn an_output_open_in_excel_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mau.xlsx");
    std::fs::write(&out, b"previous").unwrap();
    // Excel keeps "~$NAME" beside a file it has open (on a shared folder too).
    std::fs::write(dir.path().join("~$mau.xlsx"), b"owner").unwrap();
    let (code, stderr) = write_template(dir.path(), Path::new("mau.xlsx"), "vi");
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "Lỗi: Không ghi được tệp mau.xlsx: tệp đang được mở trong Excel hoặc LibreOffice (có tệp khóa ~$mau.xlsx). Đóng tệp đó rồi chạy lại lệnh.\n"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    assert!(leftovers(dir.path()).is_empty());
    // LibreOffice's lock file, in English.
    std::fs::remove_file(dir.path().join("~$mau.xlsx")).unwrap();
    std::fs::write(dir.path().join(".~lock.mau.xlsx#"), b"owner").unwrap();
    let (code, stderr) = write_template(dir.path(), &out, "en");
    assert_eq!(code, 2);
    assert!(stderr.contains("the file is open in Excel or LibreOffice"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    // Closed: written.
    std::fs::remove_file(dir.path().join(".~lock.mau.xlsx#")).unwrap();
    assert_eq!(write_template(dir.path(), &out, "vi").0, 0);
    assert_eq!(text(&sheet(&out, "Thông tin"), 3, 1), "SYT");
}

#[test]
fn a_read_only_folder_is_a_clear_error_and_the_previous_file_stays() {
    // root writes into a chmod 555 folder anyway: as root, a read-only mount instead.
    let mount = Tmpfs::mount("1m");
    let owned;
    let folder = if let Some(m) = &mount {
        m.path()
    } else {
        owned = tempfile::tempdir().unwrap();
        owned.path()
    };
    let out = folder.join("mau.xlsx");
    std::fs::write(&out, b"previous").unwrap();
    if let Some(m) = &mount {
        m.remount_read_only();
    } else {
        std::fs::set_permissions(folder, std::os::unix::fs::PermissionsExt::from_mode(0o555)).unwrap();
    }
    let (code, stderr) = write_template(folder, &out, "vi");
    if mount.is_none() {
        std::fs::set_permissions(folder, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    }
    assert_eq!(code, 2, "{stderr}");
    let expected = format!(
        "Lỗi: Không ghi được tệp {}: thư mục {} chỉ cho đọc hoặc bạn không có quyền ghi vào đó.",
        out.display(),
        folder.display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    assert!(leftovers(folder).is_empty());
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_previous_file_stays() {
    let (code, stderr, folder, out, _mount, _keep);
    if let Some(m) = Tmpfs::mount("64k") {
        // A real full disk: a 64 KB tmpfs holding the previous output and a filler.
        out = m.path().join("mau.xlsx");
        std::fs::write(&out, b"previous").unwrap();
        let mut filler = std::fs::File::create(m.path().join("filler")).unwrap();
        while std::io::Write::write_all(&mut filler, &[0u8; 1024]).is_ok() {}
        drop(filler);
        (code, stderr) = write_template(m.path(), &out, "vi");
        folder = m.path().to_path_buf();
        _mount = Some(m);
        _keep = None;
    } else {
        // Not allowed to mount: the honest simulation is a file size limit (ulimit -f, with
        // SIGXFSZ ignored), which fails the write half-way the same way (EFBIG, not ENOSPC).
        println!("note: cannot mount a tmpfs here; simulating a full disk with ulimit -f");
        let dir = tempfile::tempdir().unwrap();
        out = dir.path().join("mau.xlsx");
        std::fs::write(&out, b"previous").unwrap();
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_baocao"))
            .args(["template", "--unit", "SYT", "--period", "nam", "--year", "2024", "-o"])
            .arg(&out)
            .env_remove("BAOCAO_PLAN")
            .env_remove("BAOCAO_LANG")
            .current_dir(dir.path())
            .output()
            .unwrap();
        code = output.status.code().unwrap_or(-1);
        stderr = String::from_utf8(output.stderr).unwrap();
        folder = dir.path().to_path_buf();
        _mount = None;
        _keep = Some(dir);
    }
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "Lỗi: Không ghi được tệp {}: ổ đĩa đã đầy. Giải phóng dung lượng rồi chạy lại; tệp cũ (nếu có) vẫn còn nguyên.\n",
            out.display()
        )
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
    assert!(leftovers(&folder).is_empty());
}
