//! `baocao validate` end to end: report workbooks written with `rust_xlsxwriter` (as another
//! office program would), checked by the real binary, findings pinned by code and cell.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use serde_json::Value;

/// A value written into a fixture cell.
#[derive(Clone, Debug)]
enum V {
    S(String),
    N(f64),
    /// An Excel date cell (a number with a date format).
    D(u16, u8, u8),
    /// An Excel serial number with a date-time format.
    Serial(f64),
    /// A formula and its stored result; `None` writes it with no result.
    F(String, Option<f64>),
}

fn s(text: &str) -> V {
    V::S(text.to_string())
}

/// A sheet: name, hidden, cells by A1 address.
#[derive(Clone, Debug)]
struct Sheet {
    name: String,
    hidden: bool,
    cells: Vec<(String, V)>,
    /// A merged title range above the table, e.g. "A1:E1".
    merged_title: Option<String>,
}

impl Sheet {
    fn new(name: &str) -> Self {
        Sheet { name: name.to_string(), hidden: false, cells: Vec::new(), merged_title: None }
    }

    fn set(&mut self, at: &str, v: V) {
        self.cells.retain(|(a, _)| a != at);
        self.cells.push((at.to_string(), v));
    }

    fn clear(&mut self, at: &str) {
        self.cells.retain(|(a, _)| a != at);
    }
}

#[derive(Clone, Debug)]
struct Book {
    sheets: Vec<Sheet>,
}

impl Book {
    fn sheet(&mut self, name: &str) -> &mut Sheet {
        self.sheets.iter_mut().find(|s| s.name == name).expect("sheet")
    }

    fn write(&self, path: &Path) {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        for sheet in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&sheet.name).unwrap();
            if let Some(range) = &sheet.merged_title {
                let (a, b) = range.split_once(':').unwrap();
                let (r1, c1) = a1(a);
                let (r2, c2) = a1(b);
                ws.merge_range(r1, c1, r2, c2, "BÁO CÁO KẾT QUẢ THỰC HIỆN", &Format::new()).unwrap();
            }
            for (at, v) in &sheet.cells {
                let (r, c) = a1(at);
                match v {
                    V::S(t) => ws.write_string(r, c, t).map(|_| ()),
                    V::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                    V::D(year, month, day) => ws
                        .write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*year, *month, *day).unwrap(), &date)
                        .map(|_| ()),
                    V::Serial(n) => ws
                        .write_number_with_format(r, c, *n, &Format::new().set_num_format("dd/mm/yyyy hh:mm"))
                        .map(|_| ()),
                    V::F(f, result) => {
                        let mut formula = Formula::new(f);
                        formula = formula.set_result(result.map_or("NORESULT".to_string(), |x| x.to_string()));
                        ws.write_formula(r, c, formula).map(|_| ())
                    }
                }
                .unwrap();
            }
            if sheet.hidden {
                ws.set_hidden(true);
            }
        }
        wb.save(path).unwrap();
        let no_result = self.sheets.iter().flat_map(|s| &s.cells).any(|(_, v)| matches!(v, V::F(_, None)));
        if no_result {
            strip_formula_results(path);
        }
    }
}

/// Rewrites an xlsx so that formulas written with no result carry no `<v>` at all, the way
/// software that never calculates writes them (`rust_xlsxwriter` stores a default 0).
fn strip_formula_results(path: &Path) {
    let _ = patch_sheets(path, &[("<v>NORESULT</v>", ""), (" t=\"str\"><f>", "><f>")]);
}

/// Replaces text in every worksheet XML of an xlsx; returns how many replacements were made.
fn patch_sheets(path: &Path, replacements: &[(&str, &str)]) -> usize {
    use std::io::{Read, Write};
    let mut count = 0;
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        if name.starts_with("xl/worksheets/") {
            let mut xml = String::from_utf8(text).unwrap();
            for (from, to) in replacements {
                count += xml.matches(from).count();
                xml = xml.replace(from, to);
            }
            text = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&text).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
    count
}

/// "D7" → (6, 3).
fn a1(at: &str) -> (u32, u16) {
    let letters: String = at.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &at[letters.len()..];
    let col = letters.bytes().fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1)) - 1;
    (digits.parse::<u32>().unwrap() - 1, col as u16)
}

fn plan() -> baocao::plan::Plan {
    baocao::plan::load(Some(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plan.toml"))).unwrap()
}

/// Rows of the "Chỉ tiêu" sheet in the clean report, by code: row number (1-based).
fn indicator_row(code: &str) -> u32 {
    let plan = plan();
    let codes = clean_indicator_codes(&plan);
    5 + codes.iter().position(|c| c == code).unwrap_or_else(|| panic!("{code} not in report")) as u32
}

/// Every indicator the clean HCL 6-month report lists: all non-rate indicators HCL owes whose
/// task is due in the 6-month period, then the rates (as formulas, the template's way).
fn clean_indicator_codes(plan: &baocao::plan::Plan) -> Vec<String> {
    let mut codes: Vec<String> = plan
        .owed_indicators("HCL")
        .into_iter()
        .filter(|i| plan.task(&i.task).is_some_and(|t| t.is_due_in("6-thang")))
        .map(|i| i.code.clone())
        .collect();
    codes.extend(
        plan.indicators.iter().filter(|i| matches!(i.kind, baocao::plan::Kind::Rate { .. })).map(|i| i.code.clone()),
    );
    codes
}

/// A complete, correct 6-month 2024 report of Huyện Cao Lãnh (HCL), dated 04/06/2024, laid
/// out like the template: a merged title row, the header in row 4 of the table sheets.
fn clean() -> Book {
    let plan = plan();
    let mut info = Sheet::new("Thông tin");
    info.merged_title = Some("A1:B1".into());
    for (i, (label, v)) in [
        ("Mã đơn vị", s("HCL")),
        ("Tên đơn vị", s("Huyện Cao Lãnh")),
        ("Kỳ báo cáo", s("6 tháng")),
        ("Năm", V::N(2024.0)),
        ("Số văn bản", s("45/BC-UBND")),
        ("Ngày báo cáo", V::D(2024, 6, 4)),
        ("Người lập", s("Nguyễn Văn A")),
        ("Điện thoại", s("0277 3851 234")),
        ("Email", s("vanthu@caolanh.dongthap.gov.vn")),
    ]
    .into_iter()
    .enumerate()
    {
        info.set(&format!("A{}", i + 3), s(label));
        info.set(&format!("B{}", i + 3), v);
    }

    let mut tasks = Sheet::new("Nhiệm vụ");
    tasks.merged_title = Some("A1:E2".into());
    for (c, h) in ["Mã", "Nhiệm vụ", "Tình trạng", "Kết quả thực hiện", "Hạn chế, khó khăn"].iter().enumerate()
    {
        tasks.set(&format!("{}4", char::from(b'A' + c as u8)), s(h));
    }
    for (i, t) in plan.tasks.iter().enumerate() {
        let r = 5 + i;
        tasks.set(&format!("A{r}"), s(&t.code));
        tasks.set(&format!("B{r}"), s(&t.title));
        if t.is_due_in("6-thang") {
            tasks.set(&format!("C{r}"), s("Hoàn thành"));
            tasks.set(&format!("D{r}"), s("Đã triển khai đầy đủ, đúng tiến độ."));
        } else {
            tasks.set(&format!("C{r}"), s("Chưa thực hiện"));
        }
    }

    let mut ind = Sheet::new("Chỉ tiêu");
    ind.merged_title = Some("A1:E2".into());
    for (c, h) in ["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"].iter().enumerate() {
        ind.set(&format!("{}4", char::from(b'A' + c as u8)), s(h));
    }
    for (i, code) in clean_indicator_codes(&plan).iter().enumerate() {
        let r = 5 + i;
        let indicator = plan.indicator(code).unwrap();
        ind.set(&format!("A{r}"), s(code));
        ind.set(&format!("B{r}"), s(&indicator.name));
        ind.set(&format!("C{r}"), s(&indicator.measure));
        let v = match &indicator.kind {
            baocao::plan::Kind::YesNo => s("Có"),
            baocao::plan::Kind::Rate { .. } => V::F("=IFERROR(D5/D6*100,\"\")".into(), Some(100.0)),
            _ => V::N(10.0),
        };
        ind.set(&format!("D{r}"), v);
    }

    let mut rec = Sheet::new("Kiến nghị");
    for (c, h) in ["STT", "Nội dung kiến nghị, đề xuất", "Cơ quan tiếp nhận"].iter().enumerate() {
        rec.set(&format!("{}1", char::from(b'A' + c as u8)), s(h));
    }
    rec.set("A2", V::N(1.0));
    rec.set("B2", s("Bố trí kinh phí tập huấn cho cán bộ cơ sở."));
    rec.set("C2", s("Sở Tài chính"));

    let mut models = Sheet::new("Mô hình");
    for (c, h) in ["STT", "Tên mô hình", "Lĩnh vực", "Kết quả, hiệu quả"].iter().enumerate() {
        models.set(&format!("{}1", char::from(b'A' + c as u8)), s(h));
    }
    models.set("A2", V::N(1.0));
    models.set("B2", s("Hội quán ấp Tân Dân"));
    models.set("C2", s("Kinh tế"));
    models.set("D2", s("Nông dân liên kết tiêu thụ lúa."));

    Book { sheets: vec![info, tasks, ind, rec, models] }
}

struct Run {
    code: i32,
    stdout: String,
    json: Value,
}

fn run_files(paths: &[PathBuf], lang: &str, extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--plan")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan.toml"))
        .args(["--lang", lang, "validate"])
        .args(paths)
        .args(["--as-of", "20/06/2024"])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Writes the book and validates it as JSON in `lang`.
fn check_lang(book: &Book, lang: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bao-cao.xlsx");
    book.write(&path);
    check_path(&path, lang)
}

fn check_path(path: &Path, lang: &str) -> Run {
    let (code, stdout) = run_files(&[path.to_path_buf()], lang, &["--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    Run { code, stdout, json }
}

fn check(book: &Book) -> Run {
    check_lang(book, "vi")
}

impl Run {
    fn file(&self) -> &Value {
        &self.json["files"][0]
    }

    fn findings(&self) -> Vec<(String, String, String, String)> {
        self.file()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let g = |k: &str| f[k].as_str().unwrap_or("").to_string();
                (g("severity"), g("code"), format!("{}!{}", g("sheet"), g("cell")), g("message"))
            })
            .collect()
    }

    /// The one finding with `code`; panics (showing all) when there is not exactly one.
    fn only(&self, code: &str) -> (String, String, String) {
        let all = self.findings();
        let hits: Vec<_> = all.iter().filter(|f| f.1 == code).collect();
        assert_eq!(hits.len(), 1, "expected one {code}, got: {all:#?}");
        (hits[0].0.clone(), hits[0].2.clone(), hits[0].3.clone())
    }

    fn codes(&self) -> Vec<String> {
        self.findings().into_iter().map(|f| f.1).collect()
    }

    fn assert_clean(&self) {
        assert_eq!(self.code, 0, "{}", self.stdout);
        assert!(self.findings().is_empty(), "{:#?}", self.findings());
    }
}

// ---------------------------------------------------------------------------------------------
// Clean reports and reading cases
// ---------------------------------------------------------------------------------------------

#[test]
fn a_clean_full_report_validates() {
    let run = check(&clean());
    run.assert_clean();
    let file = run.file();
    assert_eq!(file["unit"], "HCL");
    assert_eq!(file["period"], "6-thang");
    assert_eq!(file["year"], 2024);
    assert_eq!(file["errors"], 0);
    assert_eq!(file["warnings"], 0);
}

#[test]
fn text_output_has_a_verdict_per_file_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("tot.xlsx");
    clean().write(&good);
    let mut book = clean();
    book.sheet("Chỉ tiêu").set(&format!("D{}", indicator_row("TCD_LUOT")), s("mười"));
    let bad = dir.path().join("loi.xlsx");
    book.write(&bad);
    let (code, out) = run_files(&[good.clone(), bad.clone()], "vi", &[]);
    assert_eq!(code, 1);
    // Each file's block starts with its path; the verdict names what was checked.
    assert!(out.lines().any(|l| l == good.display().to_string()), "{out}");
    assert!(out.lines().any(|l| l == bad.display().to_string()), "{out}");
    assert!(out.contains("✔ HCL — 6 tháng năm 2024: hợp lệ, 0 cảnh báo"), "{out}");
    assert!(out.contains("✘ HCL — 6 tháng năm 2024: 1 lỗi, 0 cảnh báo"), "{out}");
    for col in ["Mức độ", "Mã lỗi", "Vị trí", "Nội dung", "value-not-number"] {
        assert!(out.contains(col), "{col} in {out}");
    }
    let (_, out) = run_files(&[good.clone(), bad.clone()], "en", &[]);
    assert!(out.contains("✔ HCL — 6 tháng 2024: valid, 0 warning(s)"), "{out}");
    assert!(out.contains("✘ HCL — 6 tháng 2024: 1 error(s), 0 warning(s)"), "{out}");
    assert!(out.contains("Severity") && out.contains("Place"), "{out}");
}

#[test]
fn dates_in_every_form_are_read_day_first() {
    for v in [
        V::D(2024, 6, 4),
        s("04/06/2024"),
        s("4/6/2024"),
        s("04-06-2024"),
        s("2024-06-04"),
        s("ngày 04 tháng 6 năm 2024"),
        s("04/06/2024 10:30"),
    ] {
        let mut book = clean();
        book.sheet("Thông tin").set("B8", v.clone());
        let run = check(&book);
        assert!(run.findings().is_empty(), "{v:?}: {:#?}", run.findings());
    }
}

#[test]
fn a_date_time_cell_keeps_its_date() {
    let mut book = clean();
    // 4 June 2024 at 15:00 as an Excel serial with a date-time format.
    book.sheet("Thông tin").set("B8", V::Serial(45447.625));
    check(&book).assert_clean();
}

#[test]
fn numbers_typed_as_vietnamese_text_count() {
    let mut book = clean();
    let ind = book.sheet("Chỉ tiêu");
    ind.set(&format!("D{}", indicator_row("TTHC_TIEPNHAN")), s("1.234"));
    ind.set(&format!("D{}", indicator_row("TTHC_DUNGHAN")), s(" 45 "));
    ind.set(&format!("D{}", indicator_row("TTHC_TRUCTUYEN")), s("1 000"));
    check(&book).assert_clean();
}

#[test]
fn a_decimal_count_is_not_whole() {
    let mut book = clean();
    let at = format!("D{}", indicator_row("TCD_LUOT"));
    book.sheet("Chỉ tiêu").set(&at, s("12,5"));
    let run = check(&book);
    let (sev, place, msg) = run.only("value-not-whole");
    assert_eq!((sev.as_str(), place), ("error", format!("Chỉ tiêu!{at}")));
    assert_eq!(msg, "Số liệu của TCD_LUOT là 12,5, không phải số nguyên (đơn vị tính: lượt). Ghi số nguyên, ví dụ 12.");
    assert_eq!(run.code, 1);
}

#[test]
fn blank_is_not_zero() {
    let mut book = clean();
    let at = format!("D{}", indicator_row("DOITHOAI"));
    book.sheet("Chỉ tiêu").clear(&at);
    let run = check(&book);
    let (sev, place, msg) = run.only("indicator-blank");
    assert_eq!((sev.as_str(), place.as_str()), ("warning", format!("Chỉ tiêu!{at}").as_str()));
    assert_eq!(
        msg,
        "Chỉ tiêu DOITHOAI (Cuộc đối thoại của người đứng đầu với Nhân dân) để trống (chưa báo cáo). Ghi số liệu; nếu \
         không phát sinh thì ghi 0, vì ô trống không phải là 0."
    );
    assert_eq!(run.code, 0, "a blank is a warning");
    // A yes/no indicator is chosen, not counted: "ghi 0" was the wrong advice for KH_NAM.
    let mut book = clean();
    let at = format!("D{}", indicator_row("KH_NAM"));
    book.sheet("Chỉ tiêu").clear(&at);
    let (_, place, msg) = check(&book).only("indicator-blank-yesno");
    assert_eq!(place, format!("Chỉ tiêu!{at}"));
    assert!(msg.contains("Chọn \"Có\" hoặc \"Không\"") && !msg.contains("ghi 0"), "{msg}");
    // 0 is a figure, not a blank.
    let mut book = clean();
    book.sheet("Chỉ tiêu").set(&at, V::N(0.0));
    check(&book).assert_clean();
}

#[test]
fn unit_names_in_nfd_extra_spaces_other_case_alias_and_lower_case_code() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Huyện Cao Lãnh".nfd().collect();
    for (code, name) in [
        (Some("HCL"), nfd.as_str()),
        (Some("hcl"), "  huyện   CAO lãnh "),
        (None, "UBND huyện Cao Lãnh"),
        (Some(" hcl "), "H. Cao Lãnh"),
    ] {
        let mut book = clean();
        let info = book.sheet("Thông tin");
        match code {
            Some(c) => info.set("B3", s(c)),
            None => info.clear("B3"),
        }
        info.set("B4", s(name));
        let run = check(&book);
        assert!(run.findings().is_empty(), "{code:?} {name}: {:#?}", run.findings());
        assert_eq!(run.file()["unit"], "HCL");
    }
}

#[test]
fn code_and_name_of_different_units_is_an_error_never_a_guess() {
    let mut book = clean();
    book.sheet("Thông tin").set("B4", s("Thành phố Cao Lãnh"));
    let run = check(&book);
    let (sev, place, msg) = run.only("unit-mismatch");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Thông tin!B4"));
    assert_eq!(
        msg,
        "Mã đơn vị HCL (Huyện Cao Lãnh) không khớp với tên đơn vị \"Thành phố Cao Lãnh\" (mã TPCL). Sửa mã hoặc tên cho cùng một đơn vị."
    );
    assert_eq!(run.file()["unit"], Value::Null);
    let en = check_lang(&book, "en");
    assert_eq!(
        en.only("unit-mismatch").2,
        "Unit code HCL (Huyện Cao Lãnh) does not match the unit name \"Thành phố Cao Lãnh\" (code TPCL). Make the code and the name name the same unit."
    );
}

#[test]
fn an_unknown_unit_gets_the_closest_names() {
    let mut book = clean();
    let info = book.sheet("Thông tin");
    info.clear("B3");
    info.set("B4", s("Cao Lãnh"));
    let run = check(&book);
    // A bare "Cao Lãnh" is a city and a district: never guessed, both named.
    let (sev, place, msg) = run.only("unit-ambiguous");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Thông tin!B4"));
    assert!(msg.contains("Huyện Cao Lãnh (HCL)") && msg.contains("Thành phố Cao Lãnh (TPCL)"), "{msg}");

    let mut book = clean();
    let info = book.sheet("Thông tin");
    info.clear("B3");
    info.set("B4", s("Huyện Cao Lãnhh"));
    let run = check(&book);
    let (sev, place, msg) = run.only("unit-unknown-name");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Thông tin!B4"));
    assert!(msg.contains("Huyện Cao Lãnh (HCL)"), "{msg}");

    let mut book = clean();
    book.sheet("Thông tin").set("B3", s("HCLX"));
    book.sheet("Thông tin").clear("B4");
    let run = check(&book);
    let (_, place, msg) = run.only("unit-unknown-code");
    assert_eq!(place, "Thông tin!B3");
    assert!(msg.starts_with("Mã đơn vị \"HCLX\" không có trong kế hoạch. Có phải: Huyện Cao Lãnh (HCL)"), "{msg}");
}

#[test]
fn a_report_from_a_district_in_the_year_2025_says_it_has_ended() {
    // The district level ends with the 6-month report of 2025: HCL's yearly report of 2025 is
    // from a unit that no longer exists, told at its code cell, never silently counted.
    let mut book = clean();
    let info = book.sheet("Thông tin");
    info.set("B5", s("Năm"));
    info.set("B6", V::N(2025.0));
    info.set("B8", s("20/10/2025"));
    let run = check(&book);
    let (sev, place, msg) = run.only("unit-ended");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Thông tin!B3"));
    assert!(
        msg.starts_with("Huyện Cao Lãnh (HCL) báo cáo đến kỳ 6 tháng 2025; đến kỳ báo cáo năm 2025 đơn vị không còn"),
        "{msg}"
    );
    // No successor: said so, never "kế thừa: —" nor "have the successor report".
    assert!(msg.ends_with("Kế hoạch không ghi đơn vị kế thừa. Kiểm tra lại kỳ và năm của báo cáo."), "{msg}");
}

#[test]
fn a_report_from_a_merged_department_names_its_successor() {
    // Sở Kế hoạch và Đầu tư merged into Sở Tài chính (about March 2025).
    let mut book = clean();
    let info = book.sheet("Thông tin");
    info.set("B3", s("SKHDT"));
    info.set("B4", s("Sở Kế hoạch và Đầu tư"));
    info.set("B6", V::N(2025.0));
    info.set("B8", s("03/06/2025"));
    let run = check_lang(&book, "en");
    let (_, place, msg) = run.only("unit-ended");
    assert_eq!(place, "Thông tin!B3");
    assert!(
        msg.contains("reports up to Năm 2024") && msg.contains("Successor(s) in the plan: Sở Tài chính (STC)."),
        "{msg}"
    );
}

#[test]
fn thap_muoi_by_name_is_the_district_until_mid_2025_and_nothing_after() {
    // The bare name is the district's up to 6-thang/2025; from 01/07/2025 a xã carries it.
    let mut book = clean();
    let info = book.sheet("Thông tin");
    info.clear("B3");
    info.set("B4", s("Tháp Mười"));
    info.set("B6", V::N(2025.0));
    info.set("B8", s("03/06/2025"));
    let codes = check(&book).codes();
    for code in ["unit-name-other-periods", "unit-unknown-name", "unit-ended", "unit-missing"] {
        assert!(!codes.iter().any(|c| c == code), "{codes:?}");
    }
    info_year_and_period(&mut book, "Năm", "20/10/2025");
    let run = check(&book);
    let (sev, place, msg) = run.only("unit-name-other-periods");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Thông tin!B4"));
    assert!(
        msg.contains("Huyện Tháp Mười (HTM) chỉ dùng đến hết kỳ 6 tháng 2025, không dùng cho kỳ Năm 2025"),
        "{msg}"
    );
}

fn info_year_and_period(book: &mut Book, period: &str, date: &str) {
    let info = book.sheet("Thông tin");
    info.set("B5", s(period));
    info.set("B8", s(date));
}

#[test]
fn layout_without_title_rows_with_reordered_columns_blank_rows_and_capital_sheet_names() {
    let plan = plan();
    let mut book = clean();
    // "Nhiệm vụ" rewritten: header in row 1, columns in another order, a blank row between.
    let mut tasks = Sheet::new("NHIỆM VỤ ");
    for (c, h) in ["Tình trạng", "Kết quả thực hiện", "Mã", "Ghi chú thêm", "Hạn chế, khó khăn"].iter().enumerate()
    {
        tasks.set(&format!("{}1", char::from(b'A' + c as u8)), s(h));
    }
    let mut r = 2;
    for t in &plan.tasks {
        if r == 4 {
            r += 1; // a blank row inside the table
        }
        tasks.set(&format!("C{r}"), s(&t.code.to_lowercase()));
        if t.is_due_in("6-thang") {
            tasks.set(&format!("A{r}"), s("hoàn thành"));
            tasks.set(&format!("B{r}"), s("Đã thực hiện."));
        }
        r += 1;
    }
    book.sheets[1] = tasks;
    book.sheets[0].name = "thông tin".into();
    book.sheets[0].merged_title = None;
    check(&book).assert_clean();
}

#[test]
fn headings_and_signature_lines_around_the_tables_are_not_rows() {
    let mut book = clean();
    book.sheet("Nhiệm vụ").set("A20", s("Người lập biểu"));
    book.sheet("Nhiệm vụ").set("D20", s(""));
    book.sheet("Chỉ tiêu").set("A40", s("Ghi chú: số liệu tính đến 31/5"));
    book.sheet("Chỉ tiêu").set("B41", s("II. CHỈ TIÊU KHÁC"));
    check(&book).assert_clean();
    // A code-like word is still checked.
    let mut book = clean();
    book.sheet("Nhiệm vụ").set("A20", s("NV-10"));
    assert_eq!(check(&book).only("task-unknown").1, "Nhiệm vụ!A20");
}

#[test]
fn thong_tin_labels_may_end_with_a_colon_and_follow_a_numbering_column() {
    let mut book = clean();
    let info = book.sheet("Thông tin");
    let rows: Vec<(String, V)> = info.cells.clone();
    info.cells.clear();
    for (at, v) in rows {
        let (r, c) = a1(&at);
        let moved = format!("{}{}", char::from(b'B' + c as u8), r + 1);
        let v = match v {
            V::S(t) if c == 0 => V::S(format!("{t}:")),
            other => other,
        };
        info.set(&moved, v);
        if c == 0 {
            info.set(&format!("A{}", r + 1), V::N(f64::from(r)));
        }
    }
    info.merged_title = None;
    check(&book).assert_clean();
}

#[test]
fn a_hidden_sheet_is_read() {
    let mut book = clean();
    book.sheet("Chỉ tiêu").hidden = true;
    let at = format!("D{}", indicator_row("TCD_LUOT"));
    book.sheet("Chỉ tiêu").set(&at, s("nhiều"));
    let run = check(&book);
    assert_eq!(run.only("value-not-number").1, format!("Chỉ tiêu!{at}"));
}

#[test]
fn formula_cells_use_their_stored_value_and_a_missing_one_is_a_finding() {
    let mut book = clean();
    let at = format!("D{}", indicator_row("TCD_NGUOI"));
    book.sheet("Chỉ tiêu").set(&at, V::F("=5+5".into(), Some(10.0)));
    check(&book).assert_clean();

    let mut book = clean();
    book.sheet("Chỉ tiêu").set(&at, V::F("=5+5".into(), None));
    let run = check(&book);
    let (sev, place, msg) = run.only("formula-no-value");
    assert_eq!((sev.as_str(), place), ("error", format!("Chỉ tiêu!{at}")));
    assert!(msg.starts_with("Ô có công thức =5+5 nhưng chưa có kết quả được lưu"), "{msg}");
    // Never a silent 0: the value is not in the report.
    assert!(!run.codes().contains(&"rule-failed".to_string()));
}

#[test]
fn tcvn3_text_is_a_warning_with_the_converted_text_and_figures_still_count() {
    let mut book = clean();
    book.sheet("Thông tin").clear("B3");
    book.sheet("Thông tin").set("B4", s("HuyÖn Cao L·nh"));
    book.sheet("Kiến nghị").set("C2", s("Së Tµi chÝnh"));
    let run = check(&book);
    let hits: Vec<_> = run.findings().into_iter().filter(|f| f.1 == "text-legacy-encoding").collect();
    assert_eq!(hits.len(), 2, "{:#?}", run.findings());
    assert_eq!(hits[0].0, "warning");
    assert_eq!(hits[0].2, "Thông tin!B4");
    assert_eq!(
        hits[0].3,
        "Ô này gõ bằng bảng mã cũ TCVN3 (ABC, phông .VnTime): \"HuyÖn Cao L·nh\", đọc là \"Huyện Cao Lãnh\". Số liệu vẫn được tính; nên gõ lại bằng Unicode (phông Times New Roman)."
    );
    assert_eq!(hits[1].2, "Kiến nghị!C2");
    assert_eq!(run.code, 0);
    assert_eq!(run.file()["unit"], "HCL");
}

#[test]
fn vni_text_is_a_warning_too() {
    let mut book = clean();
    book.sheet("Kiến nghị").set("C2", s("Sôû Taøi chính"));
    let run = check(&book);
    let (_, place, msg) = run.only("text-legacy-encoding");
    assert_eq!(place, "Kiến nghị!C2");
    assert!(msg.contains("VNI") && msg.contains("\"Sở Tài chính\""), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// Thông tin findings
// ---------------------------------------------------------------------------------------------

#[test]
fn thong_tin_findings_at_their_cells() {
    let cases: Vec<(&str, V, &str, &str, &str)> = vec![
        (
            "B5",
            s("Quý 3"),
            "period-unknown",
            "error",
            "Kỳ báo cáo \"Quý 3\" không có trong kế hoạch. Ghi một trong: \"6 tháng\", \"Năm\".",
        ),
        (
            "B6",
            V::N(2030.0),
            "year-outside-plan",
            "error",
            "Năm 2030 nằm ngoài thời gian của kế hoạch (2022–2025). Sửa lại năm báo cáo.",
        ),
        (
            "B6",
            s("hai nghìn"),
            "year-invalid",
            "error",
            "Năm \"hai nghìn\" không đọc được. Ghi năm bằng 4 chữ số, trong khoảng 2022–2025.",
        ),
        (
            "B8",
            s("hôm qua"),
            "date-unreadable",
            "error",
            "Ngày báo cáo \"hôm qua\" không đọc được. Ghi ngày/tháng/năm, ví dụ 04/06/2024 hoặc \"ngày 04 tháng 6 năm 2024\".",
        ),
        (
            "B8",
            s("01/07/2024"),
            "date-future",
            "error",
            "Ngày báo cáo 01/07/2024 sau ngày hôm nay (20/06/2024). Sửa lại ngày (ghi ngày trước, tháng sau).",
        ),
        (
            "B8",
            s("10/06/2024"),
            "report-late",
            "warning",
            "Báo cáo đề ngày 10/06/2024, trễ 6 ngày so với hạn cuối 04/06/2024.",
        ),
    ];
    for (at, v, code, sev, msg) in cases {
        let mut book = clean();
        book.sheet("Thông tin").set(at, v);
        let run = check(&book);
        let got = run.only(code);
        assert_eq!(got, (sev.to_string(), format!("Thông tin!{at}"), msg.to_string()), "{code}");
    }
}

#[test]
fn missing_thong_tin_values_point_beside_their_labels() {
    for (at, code) in [("B5", "period-missing"), ("B6", "year-missing"), ("B8", "date-missing")] {
        let mut book = clean();
        book.sheet("Thông tin").clear(at);
        let run = check(&book);
        let (sev, place, _) = run.only(code);
        assert_eq!((sev.as_str(), place), ("error", format!("Thông tin!{at}")), "{code}");
    }
    let mut book = clean();
    book.sheet("Thông tin").clear("B3");
    book.sheet("Thông tin").clear("B4");
    assert_eq!(check(&book).only("unit-missing").1, "Thông tin!B3");
}

#[test]
fn late_in_english() {
    let mut book = clean();
    book.sheet("Thông tin").set("B8", s("10/06/2024"));
    let run = check_lang(&book, "en");
    assert_eq!(
        run.only("report-late").2,
        "The report is dated 10/06/2024, 6 day(s) after the last on-time day 04/06/2024."
    );
}

// ---------------------------------------------------------------------------------------------
// Nhiệm vụ findings
// ---------------------------------------------------------------------------------------------

#[test]
fn task_findings_at_their_cells() {
    // NV1 is row 5, NV7 (due only in the yearly report) row 11.
    let mut book = clean();
    let t = book.sheet("Nhiệm vụ");
    t.set("C5", s("Xong"));
    t.set("C6", s("Đang thực hiện"));
    t.clear("D6");
    t.set("C11", s("Hoàn thành"));
    t.set("D11", s("Đã kiểm tra 3 đơn vị."));
    t.set("A14", s("NV10"));
    t.set("A15", s("NV3"));
    t.set("C15", s("Hoàn thành"));
    t.clear("C7");
    t.set("C16", s("Hoàn thành"));
    let run = check(&book);
    let expect = [
        ("status-unknown", "error", "Nhiệm vụ!C5"),
        ("result-missing", "error", "Nhiệm vụ!D6"),
        ("status-missing", "error", "Nhiệm vụ!C7"),
        ("done-not-due", "warning", "Nhiệm vụ!C11"),
        ("task-unknown", "error", "Nhiệm vụ!A14"),
        ("task-duplicate", "error", "Nhiệm vụ!A15"),
        ("task-code-missing", "error", "Nhiệm vụ!A16"),
    ];
    for (code, sev, place) in expect {
        let got = run.only(code);
        assert_eq!((got.0.as_str(), got.1.as_str()), (sev, place), "{code}");
    }
    assert_eq!(
        run.only("status-unknown").2,
        "Tình trạng \"Xong\" không nằm trong danh sách. Chọn một trong: \"Hoàn thành\", \"Đang thực hiện\", \"Chưa thực hiện\", \"Không áp dụng\"."
    );
    assert_eq!(
        run.only("result-missing").2,
        "Nhiệm vụ NV2 có tình trạng \"Đang thực hiện\" nhưng chưa ghi kết quả thực hiện. Ghi kết quả vào ô này."
    );
    assert!(run.only("done-not-due").2.starts_with("Nhiệm vụ NV7 ghi \"Hoàn thành\" nhưng chưa đến hạn ở kỳ 6 tháng"));
    assert_eq!(run.only("task-duplicate").2, "Nhiệm vụ NV3 được ghi hai lần (lần đầu ở ô A7). Gộp lại thành một dòng.");
    let en = check_lang(&book, "en");
    assert_eq!(
        en.only("result-missing").2,
        "Task NV2 has status \"Đang thực hiện\" but no result. Write the result in this cell."
    );
}

#[test]
fn a_missing_due_task_is_an_error_a_missing_later_task_is_not() {
    let mut book = clean();
    let t = book.sheet("Nhiệm vụ");
    for c in ["A", "B", "C", "D"] {
        t.clear(&format!("{c}5")); // NV1, due
        t.clear(&format!("{c}11")); // NV7, not due in the 6-month report
    }
    let run = check(&book);
    let (sev, place, msg) = run.only("task-missing");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Nhiệm vụ!"));
    assert_eq!(msg, "Thiếu dòng của nhiệm vụ NV1, nhiệm vụ phải báo cáo ở kỳ này. Thêm dòng có mã NV1.");
}

// ---------------------------------------------------------------------------------------------
// Chỉ tiêu findings
// ---------------------------------------------------------------------------------------------

#[test]
fn indicator_value_findings_at_their_cells() {
    let d = |code: &str| format!("D{}", indicator_row(code));
    let cases: Vec<(&str, V, &str, &str)> = vec![
        (
            "TCD_LUOT",
            s("mười"),
            "value-not-number",
            "Số liệu của TCD_LUOT là \"mười\", không phải số. Ghi một số, ví dụ 12, 1.234 hoặc 12,5.",
        ),
        ("TCD_LUOT", V::N(-3.0), "value-negative", "Số liệu của TCD_LUOT là -3, số âm. Ghi số từ 0 trở lên."),
        ("KH_NAM", s("Chưa"), "value-not-yesno", "Chỉ tiêu KH_NAM ghi \"Chưa\". Ghi \"Có\" hoặc \"Không\"."),
    ];
    for (code, v, finding, msg) in cases {
        let mut book = clean();
        book.sheet("Chỉ tiêu").set(&d(code), v);
        let run = check(&book);
        assert_eq!(run.only(finding), ("error".to_string(), format!("Chỉ tiêu!{}", d(code)), msg.to_string()));
    }
}

#[test]
fn yes_no_answers_in_every_spelling() {
    let at = format!("D{}", indicator_row("KH_NAM"));
    for v in [s("Có"), s("co"), s("KHÔNG"), s("khong"), s("x"), V::N(1.0), V::N(0.0)] {
        let mut book = clean();
        book.sheet("Chỉ tiêu").set(&at, v.clone());
        let run = check(&book);
        assert!(run.findings().is_empty(), "{v:?}: {:#?}", run.findings());
    }
}

#[test]
fn unknown_duplicate_not_owed_rate_and_missing_indicators() {
    let mut book = clean();
    let plan = plan();
    let last = 5 + clean_indicator_codes(&plan).len() as u32;
    let i = book.sheet("Chỉ tiêu");
    i.set(&format!("A{last}"), s("XYZ"));
    i.set(&format!("D{last}"), V::N(1.0));
    i.set(&format!("A{}", last + 1), s("TCD_LUOT"));
    i.set(&format!("D{}", last + 1), V::N(1.0));
    i.set(&format!("A{}", last + 2), s("KINHPHI"));
    i.set(&format!("D{}", last + 2), V::N(5.0));
    // A figure typed over the template's rate formula.
    let rate_row = indicator_row("TL_DUNGHAN");
    i.set(&format!("D{rate_row}"), s("95"));
    // DOITHOAI's row removed entirely.
    let row = indicator_row("DOITHOAI");
    for c in ["A", "B", "C", "D"] {
        i.clear(&format!("{c}{row}"));
    }
    let run = check(&book);
    assert_eq!(run.only("indicator-unknown"), (
        "error".into(),
        format!("Chỉ tiêu!A{last}"),
        "Mã chỉ tiêu \"XYZ\" không có trong kế hoạch; số liệu dòng này không được tính. Sửa mã cho đúng (xem lệnh baocao plan).".into()
    ));
    let dup = run.only("indicator-duplicate");
    assert_eq!(dup.1, format!("Chỉ tiêu!A{}", last + 1));
    assert_eq!(run.only("indicator-not-owed").1, format!("Chỉ tiêu!D{}", last + 2));
    assert_eq!(run.only("indicator-not-owed").0, "warning");
    let (sev, place, msg) = run.only("rate-ignored");
    assert_eq!((sev.as_str(), place), ("warning", format!("Chỉ tiêu!D{rate_row}")));
    assert!(msg.contains("TTHC_DUNGHAN / TTHC_TIEPNHAN"), "{msg}");
    let (sev, place, msg) = run.only("indicator-missing");
    assert_eq!((sev.as_str(), place.as_str()), ("warning", "Chỉ tiêu!"));
    assert!(msg.starts_with("Thiếu chỉ tiêu DOITHOAI"), "{msg}");
}

#[test]
fn plan_rules_name_both_cells_in_both_languages() {
    let mut book = clean();
    let left = indicator_row("DON_GIAIQUYET");
    let right = indicator_row("DON_THAMQUYEN");
    book.sheet("Chỉ tiêu").set(&format!("D{left}"), V::N(12.0));
    let run = check(&book);
    let (sev, place, msg) = run.only("rule-failed");
    assert_eq!((sev.as_str(), place), ("error", format!("Chỉ tiêu!D{left}")));
    assert_eq!(
        msg,
        format!(
            "Chỉ tiêu!D{left} (DON_GIAIQUYET = 12) không được lớn hơn Chỉ tiêu!D{right} (DON_THAMQUYEN = 10): Số đơn đã giải quyết không được lớn hơn số đơn thuộc thẩm quyền."
        )
    );
    assert_eq!(run.code, 1);
    let en = check_lang(&book, "en");
    assert!(
        en.only("rule-failed").2.starts_with(&format!(
            "Chỉ tiêu!D{left} (DON_GIAIQUYET = 12) must not be greater than Chỉ tiêu!D{right} (DON_THAMQUYEN = 10): "
        )),
        "{}",
        en.only("rule-failed").2
    );
}

#[test]
fn a_warning_rule_keeps_exit_zero() {
    let mut book = clean();
    book.sheet("Chỉ tiêu").set(&format!("D{}", indicator_row("TCD_DINHKY_TH")), V::N(11.0));
    let run = check(&book);
    assert_eq!(run.only("rule-failed").0, "warning");
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------------------------------------
// Files that are not reports
// ---------------------------------------------------------------------------------------------

#[test]
fn files_that_are_not_spreadsheets_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("rong.xlsx", Vec::new(), "file-empty", "Tệp rỗng (0 byte)"),
        (
            "web.xls",
            b"\xef\xbb\xbf  <html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            "file-html",
            "Tệp là trang web (HTML)",
        ),
        ("bang.xlsx", "Mã,Số liệu\nTCD_LUOT,12\n".as_bytes().to_vec(), "file-csv", "Tệp là văn bản (CSV"),
        (
            "bao-cao.xlsx",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "file-not-spreadsheet",
            "Tệp không phải bảng tính mà là tệp PDF.",
        ),
        ("cut.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00garbage".to_vec(), "file-broken", "Tệp bảng tính bị hỏng"),
        (
            "rac.xlsx",
            (0..=255u8).cycle().take(4096).map(|b| b.wrapping_mul(31)).collect(),
            "file-unknown-format",
            "Tệp không phải bảng tính: không nhận ra định dạng",
        ),
    ];
    for (name, bytes, code, start) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let run = check_path(&path, "vi");
        assert_eq!(run.code, 1, "{name}");
        let (sev, place, msg) = run.only(code);
        assert_eq!((sev.as_str(), place.as_str()), ("error", "!"), "{name}");
        assert!(msg.starts_with(start), "{name}: {msg}");
        // The input is never modified.
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
    let folder = dir.path().join("x.xlsx");
    std::fs::create_dir(&folder).unwrap();
    check_path(&folder, "vi").only("file-is-folder");
    check_path(&dir.path().join("khong-co.xlsx"), "vi").only("file-not-found");
}

#[test]
fn a_workbook_without_the_report_sheets_names_the_sheets_it_has() {
    let mut book = clean();
    book.sheets.retain(|s| s.name == "Kiến nghị");
    book.sheets.push(Sheet::new("Sheet1"));
    let run = check(&book);
    let (sev, place, msg) = run.only("sheet-missing");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Thông tin!"));
    assert_eq!(
        msg,
        "Thiếu sheet \"Thông tin\". Tệp có các sheet: \"Kiến nghị\", \"Sheet1\". Dùng mẫu báo cáo (lệnh baocao template) hoặc đổi tên sheet cho đúng."
    );

    let mut book = clean();
    book.sheets.retain(|s| s.name != "Chỉ tiêu");
    assert_eq!(check(&book).only("sheet-missing").1, "Chỉ tiêu!");
}

#[test]
fn baocaos_own_consolidated_workbook_is_not_a_report() {
    let book = Book { sheets: vec![Sheet::new("Tổng hợp"), Sheet::new("Tình hình nộp")] };
    let run = check(&book);
    assert!(run.only("file-consolidated").2.starts_with("Đây là bảng tổng hợp do baocao tạo ra"));
}

#[test]
fn a_header_row_that_cannot_be_found_is_a_finding() {
    let mut book = clean();
    for c in ["A4", "C4", "D4"] {
        book.sheet("Chỉ tiêu").clear(c);
    }
    let run = check(&book);
    let (sev, place, msg) = run.only("header-not-found");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "Chỉ tiêu!"));
    assert!(msg.ends_with("Mã | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú."), "{msg}");
}

#[test]
fn a_stray_value_far_away_is_harmless() {
    let mut book = clean();
    book.sheet("Chỉ tiêu").set("XFD1048576", s(" "));
    book.sheet("Nhiệm vụ").set("ALL100000", s("x"));
    book.sheet("Kiến nghị").set("HZ2", s("ghi chú lạc"));
    let run = check(&book);
    // The space is nothing; the far value is outside the area read, and said so.
    let cut: Vec<String> = run.findings().into_iter().filter(|f| f.1 == "sheet-cut").map(|f| f.2).collect();
    assert_eq!(cut, ["Nhiệm vụ!ALL100000", "Kiến nghị!HZ2"]);
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------------------------------------
// xls, ods and LibreOffice-saved files (checked-in fixtures, see tests/fixtures/README.md)
// ---------------------------------------------------------------------------------------------

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn clean_reports_saved_by_libreoffice_as_xls_ods_and_xlsx_validate() {
    for name in ["clean-hcl-6-thang-2024.xls", "clean-hcl-6-thang-2024.ods", "clean-hcl-6-thang-2024-libreoffice.xlsx"]
    {
        let run = check_path(&fixture(name), "vi");
        assert_eq!(run.code, 0, "{name}: {}", run.stdout);
        assert!(run.findings().is_empty(), "{name}: {:#?}", run.findings());
        assert_eq!(run.file()["unit"], "HCL", "{name}");
        assert_eq!(run.file()["year"], 2024, "{name}");
    }
}

#[test]
fn xls_and_ods_findings_have_their_cells() {
    // The same report with a hidden "Chỉ tiêu" sheet, a word for a number and a late date.
    for name in ["loi-hcl-6-thang-2024.xls", "loi-hcl-6-thang-2024.ods"] {
        let run = check_path(&fixture(name), "vi");
        assert_eq!(run.code, 1, "{name}");
        let at = format!("Chỉ tiêu!D{}", indicator_row("TCD_LUOT"));
        assert_eq!(run.only("value-not-number").1, at, "{name}");
        assert_eq!(run.only("report-late").1, "Thông tin!B8", "{name}");
        assert_eq!(run.findings().len(), 2, "{name}: {:#?}", run.findings());
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile files
// ---------------------------------------------------------------------------------------------

#[test]
fn a_zip_bomb_is_refused_from_its_declared_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.xlsx");
    clean().write(&path);
    // Declare 4 GB for every entry in the central directory, as a bomb would.
    let mut bytes = std::fs::read(&path).unwrap();
    let mut i = 0;
    while let Some(pos) = bytes[i..].windows(4).position(|w| w == b"PK\x01\x02") {
        let at = i + pos;
        bytes[at + 24..at + 28].copy_from_slice(&0xF000_0000u32.to_le_bytes());
        i = at + 4;
    }
    std::fs::write(&path, &bytes).unwrap();
    let run = check_path(&path, "vi");
    let (sev, _, msg) = run.only("file-zip-bomb");
    assert_eq!(sev, "error");
    assert!(msg.contains("3840 MB"), "{msg}");
    assert_eq!(run.code, 1);
}

#[test]
fn an_encrypted_xlsx_is_password_protected() {
    // Office wraps an encrypted xlsx in an OLE file with an "EncryptionInfo" stream.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(1024, 0);
    bytes.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(4096, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mat-khau.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let run = check_path(&path, "vi");
    assert_eq!(
        run.only("file-password").2,
        "Tệp được đặt mật khẩu nên không đọc được. Gỡ mật khẩu (Tệp > Thông tin > Bảo vệ Sổ làm việc > Mã hóa bằng Mật khẩu, xóa mật khẩu) rồi gửi lại. Nếu tệp mở được mà không phải gõ mật khẩu, hãy bỏ \"Bảo vệ Sổ làm việc\" (thẻ Xem lại) rồi lưu lại."
    );
}

#[test]
fn a_broken_ole_file_is_a_finding_not_a_crash() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend((0..2048u32).map(|i| (i * 7 % 251) as u8));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hong.xls");
    std::fs::write(&path, &bytes).unwrap();
    let run = check_path(&path, "vi");
    assert_eq!(run.code, 1);
    assert!(run.codes().iter().any(|c| c == "file-broken" || c == "file-reader-panic"), "{:#?}", run.findings());
}

#[test]
fn long_text_control_characters_and_emoji_are_read() {
    let mut book = clean();
    book.sheet("Nhiệm vụ").set("D5", s(&"Kết quả dài. ".repeat(2_300)));
    book.sheet("Nhiệm vụ").set("E5", s("Khó khăn \u{200f}\u{1}\u{7} 🙂"));
    for r in 3..3_000 {
        book.sheet("Kiến nghị").set(&format!("B{r}"), s("Kiến nghị 🙂"));
    }
    check(&book).assert_clean();
}

#[test]
fn json_has_exactly_the_documented_shape() {
    let mut book = clean();
    book.sheet("Thông tin").set("B8", s("10/06/2024"));
    let run = check(&book);
    let file = run.file().as_object().unwrap();
    let keys: Vec<&str> = file.keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 7);
    for k in ["path", "unit", "period", "year", "errors", "warnings", "findings"] {
        assert!(file.contains_key(k), "{k}");
    }
    let finding = run.file()["findings"][0].as_object().unwrap();
    let mut fk: Vec<&str> = finding.keys().map(String::as_str).collect();
    fk.sort_unstable();
    assert_eq!(fk, ["cell", "code", "facts", "message", "severity", "sheet"]);
    // Facts are typed: text as strings, days as a number.
    assert_eq!(finding["code"], "report-late");
    let facts = &finding["facts"];
    assert!(facts["value"].is_string() && facts["last_day"].is_string() && facts["days"].is_u64(), "{facts}");
    assert_eq!(run.file()["warnings"], 1);
}

#[test]
fn an_ods_with_a_stray_cell_far_away_is_read_without_it() {
    use std::io::Write;
    // A value at row 100000, column 1000: calamine would expand 100 million cells. The far
    // rows and cells are cut from content.xml before calamine sees it, with a warning there.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Thông tin"><table:table-row table:number-rows-repeated="99999"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="999"/><table:table-cell office:value-type="string"><text:p> </text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xa.ods");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
    let run = check_path(&path, "vi");
    let (sev, place, _) = run.only("sheet-cut");
    assert_eq!((sev.as_str(), place.as_str()), ("warning", "Thông tin!ALL100000"));
    assert!(!run.codes().contains(&"sheet-too-large".to_string()));
}

#[test]
fn an_xls_with_a_value_in_its_last_cell_is_read_without_that_cell() {
    // IV65536 filled: calamine would expand 65536 × 256 cells (about a gigabyte). The far cell
    // is trimmed before calamine sees it, so the report reads, with a warning at that cell.
    let run = check_path(&fixture("xa-hcl-6-thang-2024.xls"), "vi");
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (sev, place, _) = run.only("sheet-cut");
    assert_eq!((sev.as_str(), place.as_str()), ("warning", "Chỉ tiêu!IV65536"));
}

#[test]
fn mutated_workbooks_never_panic_and_every_rejection_has_a_finding() {
    let plan = plan();
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("goc.xlsx");
    clean().write(&xlsx);
    let originals = [
        ("xlsx", std::fs::read(&xlsx).unwrap()),
        ("xls", std::fs::read(fixture("clean-hcl-6-thang-2024.xls")).unwrap()),
        ("ods", std::fs::read(fixture("clean-hcl-6-thang-2024.ods")).unwrap()),
    ];
    // A fixed xorshift sequence: the same mutations on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (ext, original) in &originals {
        for round in 0..60 {
            let mut bytes = original.clone();
            match round % 3 {
                0 => {
                    for _ in 0..=(next() % 8) {
                        let i = (next() as usize) % bytes.len();
                        bytes[i] = next() as u8;
                    }
                }
                1 => bytes.truncate((next() as usize) % bytes.len()),
                _ => {
                    let i = (next() as usize) % bytes.len();
                    let n = ((next() as usize) % 64).min(bytes.len() - i);
                    bytes.drain(i..i + n);
                }
            }
            let path = dir.path().join(format!("m{round}.{ext}"));
            std::fs::write(&path, &bytes).unwrap();
            let checked = baocao::input::check_file(&plan, &path, as_of);
            if checked.kind == baocao::validation::FileKind::Unreadable {
                assert!(checked.has_errors(), "{ext} round {round}: rejected without a finding");
            }
        }
    }
}

/// The whole text output of one file, pinned: the table and the verdict are the product.
#[test]
fn the_text_report_of_a_file_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xls");
    std::fs::copy(fixture("loi-hcl-6-thang-2024.xls"), &path).unwrap();
    let (code, out) = run_files(&[path], "vi", &[]);
    assert_eq!(code, 1);
    let out = out.replace(&format!("{}/", dir.path().display()), "<dir>/");
    let expected = r#"<dir>/a.xls
┌──────────┬──────────────────┬──────────────┬──────────────────────────────────────────────────────────────────────┐
│ Mức độ   ┆ Mã lỗi           ┆ Vị trí       ┆ Nội dung                                                             │
╞══════════╪══════════════════╪══════════════╪══════════════════════════════════════════════════════════════════════╡
│ cảnh báo ┆ report-late      ┆ Thông tin!B8 ┆ Báo cáo đề ngày 10/06/2024, trễ 6 ngày so với hạn cuối 04/06/2024.   │
│ lỗi      ┆ value-not-number ┆ Chỉ tiêu!D14 ┆ Số liệu của TCD_LUOT là "mười", không phải số. Ghi một số, ví dụ 12, │
│          ┆                  ┆              ┆ 1.234 hoặc 12,5.                                                     │
└──────────┴──────────────────┴──────────────┴──────────────────────────────────────────────────────────────────────┘
✘ HCL — 6 tháng năm 2024: 1 lỗi, 1 cảnh báo"#;
    assert_eq!(out.trim_end(), expected);
}

#[test]
fn a_plan_rule_speaks_english_when_the_plan_gives_english() {
    let dir = tempfile::tempdir().unwrap();
    let plan_text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan.toml")).unwrap();
    let vi = "thong_bao = \"Số đơn đã giải quyết không được lớn hơn số đơn thuộc thẩm quyền.\"";
    assert!(plan_text.contains(vi));
    let plan_path = dir.path().join("plan.toml");
    let en = "thong_bao_en = \"Settled petitions cannot exceed those within competence.\"";
    std::fs::write(&plan_path, plan_text.replace(vi, &format!("{vi}\n{en}"))).unwrap();
    let mut book = clean();
    book.sheet("Chỉ tiêu").set(&format!("D{}", indicator_row("DON_GIAIQUYET")), V::N(12.0));
    let report = dir.path().join("r.xlsx");
    book.write(&report);
    let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--plan")
        .arg(&plan_path)
        .args(["--lang", "en", "validate", "--format", "json", "--as-of", "20/06/2024"])
        .arg(&report)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let msg = json["files"][0]["findings"][0]["message"].as_str().unwrap();
    assert!(msg.ends_with("): Settled petitions cannot exceed those within competence."), "{msg}");
}

/// A shared formula index of four billion made calamine's expanding cell reader allocate a
/// table that large (an abort, not a panic); the reader must not expand shared formulas.
#[test]
fn a_huge_shared_formula_index_does_not_exhaust_memory() {
    let mut book = clean();
    let at = format!("D{}", indicator_row("TCD_NGUOI"));
    book.sheet("Chỉ tiêu").set(&at, V::F("=5+5".into(), Some(10.0)));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("si.xlsx");
    book.write(&path);
    let patched =
        patch_sheets(&path, &[("<f>5+5</f>", &format!("<f t=\"shared\" si=\"4000000000\" ref=\"{at}:{at}\">5+5</f>"))]);
    assert_eq!(patched, 1);
    check_path(&path, "vi").assert_clean();
}

// ---------------------------------------------------------------------------------------------
// More hostile files: password-protected xls, a Word file renamed, a parser panic, a link loop
// ---------------------------------------------------------------------------------------------

/// The BIFF records of an xls fixture, walked from its first BOF: `(offset in the file, type,
/// length)`. The fixtures (saved by `LibreOffice`) keep their Workbook stream in consecutive sectors, so a
/// walk over the file's bytes follows the stream (asserted by the callers' expectations).
fn biff_records(bytes: &[u8]) -> Vec<(usize, u16, usize)> {
    let mut at = bytes.windows(8).position(|w| w == [9, 8, 16, 0, 0, 6, 5, 0]).expect("BOF");
    let mut out = Vec::new();
    while at + 4 <= bytes.len() {
        let kind = u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        let len = usize::from(u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]));
        if kind == 0 && len == 0 {
            break;
        }
        out.push((at, kind, len));
        at += 4 + len;
    }
    out
}

#[test]
fn a_password_protected_xls_is_password_protected() {
    // Excel puts FILEPASS (RC4) right after the BOF of the workbook globals and encrypts every
    // record body after it. Here it takes the place of the four records that follow the BOF
    // (INTERFACEHDR, MMS, INTERFACEEND, WRITEACCESS: 132 bytes), with a filler record after it.
    // The file is the one with a value in IV65536: encrypted cell records are garbage to any
    // measuring scan, and that must not hide that the file has a password.
    let mut bytes = std::fs::read(fixture("xa-hcl-6-thang-2024.xls")).unwrap();
    let records = biff_records(&bytes);
    let kinds: Vec<u16> = records.iter().take(5).map(|r| r.1).collect();
    assert_eq!(kinds, [0x0809, 0x00E1, 0x00C1, 0x00E2, 0x005C]);
    let start = records[1].0;
    let span = records[5].0 - start;
    assert_eq!(span, 132);
    let mut filepass = vec![0x2F, 0x00, 54, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00];
    filepass.extend((0..48u8).map(|i| i.wrapping_mul(37)));
    let filler_len = span - filepass.len() - 4;
    filepass.extend([0x5C, 0x00, filler_len as u8, 0x00]);
    filepass.resize(span, b' ');
    bytes[start..start + span].copy_from_slice(&filepass);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mat-khau.xls");
    std::fs::write(&path, &bytes).unwrap();
    let run = check_path(&path, "vi");
    assert_eq!(run.code, 1);
    assert_eq!(run.codes(), ["file-password"], "{:#?}", run.findings());
    let run = check_path(&path, "en");
    assert!(run.only("file-password").2.starts_with("The file is password-protected"));
}

#[test]
fn a_word_document_renamed_xlsx_is_named_as_word() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bao-cao.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
    )
    .unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(
        "<w:document><w:body><w:p><w:r><w:t>Báo cáo kết quả</w:t></w:r></w:p></w:body></w:document>".as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
    let run = check_path(&path, "vi");
    assert_eq!(run.code, 1);
    let (sev, place, msg) = run.only("file-not-spreadsheet");
    assert_eq!((sev.as_str(), place.as_str()), ("error", "!"));
    assert!(msg.starts_with("Tệp không phải bảng tính mà là tệp Word (.docx)."), "{msg}");
}

/// The clean xls fixture with the formula length (`cce`) of its first FORMULA record set far
/// beyond the record: calamine 0.38's `parse_formula` slices `rgce[2..2 + cce]` and panics.
fn xls_that_panics_calamine() -> Vec<u8> {
    let mut bytes = std::fs::read(fixture("clean-hcl-6-thang-2024.xls")).unwrap();
    let (at, _, len) = *biff_records(&bytes).iter().find(|r| r.1 == 0x0006).expect("a FORMULA record");
    assert!(len > 22);
    bytes[at + 4 + 20..at + 4 + 22].copy_from_slice(&0x7FFFu16.to_le_bytes());
    bytes
}

#[test]
fn a_panic_inside_calamine_is_a_finding_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hoang.xls");
    std::fs::write(&bad, xls_that_panics_calamine()).unwrap();
    let good = dir.path().join("tot.xls");
    std::fs::copy(fixture("clean-hcl-6-thang-2024.xls"), &good).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg("--plan")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan.toml"))
        .args(["validate", "--format", "json", "--as-of", "20/06/2024"])
        .arg(&bad)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The caught panic is a finding, not noise from Rust's panic hook.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "file-reader-panic");
    let msg = findings[0]["message"].as_str().unwrap();
    assert!(msg.starts_with("Bộ đọc bảng tính gặp lỗi nội bộ khi đọc tệp này."), "{msg}");
    // The parser's own words only as a fact of the JSON output, never in the message.
    assert!(findings[0]["facts"]["detail"].as_str().unwrap().starts_with("range end index"), "{findings:#?}");
    // The next file is read as usual.
    assert_eq!(json["files"][1]["errors"], 0);
    assert_eq!(json["files"][1]["unit"], "HCL");
}

/// Run in a child process by the test below: a caught parser panic, then a real bug.
#[test]
#[ignore = "a helper: run as a child process by a_panic_outside_the_reader_still_reports"]
fn panic_hook_child() {
    if std::env::var_os("BAOCAO_PANIC_HOOK_CHILD").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hoang.xls");
    std::fs::write(&bad, xls_that_panics_calamine()).unwrap();
    assert_eq!(baocao::report::read(&bad).findings[0].code(), "file-reader-panic");
    panic!("a real bug outside the reader");
}

#[test]
fn a_panic_outside_the_reader_still_reports() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "validate::panic_hook_child", "--ignored", "--nocapture", "--test-threads=1"])
        .env("BAOCAO_PANIC_HOOK_CHILD", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("panicked at") && stderr.contains("a real bug outside the reader"), "{stderr}");
    assert!(!stderr.contains("range end index"), "the caught panic was printed: {stderr}");
}

#[test]
fn a_symlink_loop_is_a_finding_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let run = check_path(&a, "vi");
    assert_eq!(run.code, 1);
    let (sev, _, msg) = run.only("file-unreadable");
    assert_eq!(sev, "error");
    assert!(msg.starts_with("Không mở được tệp: "), "{msg}");
}

#[test]
fn ten_thousand_recommendation_rows_are_all_read() {
    let mut book = clean();
    let rec = book.sheet("Kiến nghị");
    // Pushed directly: `set` looks for an existing cell first, which is quadratic here.
    for i in 0..10_000u32 {
        let r = i + 3;
        rec.cells.push((format!("A{r}"), V::N(f64::from(i + 2))));
        rec.cells.push((format!("B{r}"), s(&format!("Kiến nghị số {} \u{200f}🙂", i + 2))));
        rec.cells.push((format!("C{r}"), s("Sở Tài chính")));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nhieu.xlsx");
    book.write(&path);
    check_path(&path, "vi").assert_clean();
    let checked = baocao::input::check_file(&plan(), &path, chrono::NaiveDate::from_ymd_opt(2024, 6, 20).unwrap());
    let recs = &checked.report.recommendations;
    assert_eq!(recs.len(), 10_001);
    assert_eq!(recs[10_000].text, "Kiến nghị số 10001 \u{200f}🙂");
    assert_eq!(recs[10_000].addressee, "Sở Tài chính");
}

/// Found by the fuzzer: an xls that calamine opens with no sheets at all gave only
/// "sheet missing … the file has the sheets: —" instead of saying the file is damaged.
#[test]
fn an_xls_that_opens_with_no_sheets_is_damaged() {
    let run = check_path(&fixture("fuzz-khong-co-sheet.xls"), "vi");
    assert_eq!(run.code, 1);
    assert_eq!(run.codes(), ["file-no-sheets"], "{:#?}", run.findings());
    assert!(run.only("file-no-sheets").2.starts_with("Tệp mở được nhưng không có sheet nào"));
}

#[allow(dead_code)] // its `main` is for `cargo run --example worst_files`
#[path = "../../examples/worst_files.rs"]
mod worst_files;

/// The files of `bench/worst-files.sh` (with a smaller bomb), each with its one expected
/// outcome, so the benchmark measures what it claims to.
#[test]
fn the_worst_files_of_the_benchmark_give_their_findings() {
    let dir = tempfile::tempdir().unwrap();
    worst_files::write_all(dir.path(), 12).unwrap();
    let expect: [(&str, i32, &[&str]); 6] = [
        ("0-binh-thuong.xlsx", 0, &[]),
        ("zip-bomb.xlsx", 1, &["file-zip-bomb"]),
        ("o-xa-XFD1048576.xlsx", 0, &["sheet-cut"]),
        ("o-goc-IV65536.xls", 0, &["sheet-cut"]),
        ("kien-nghi-10000-dong.xlsx", 0, &[]),
        ("o-30000-ky-tu.xlsx", 0, &[]),
    ];
    for (name, code, codes) in expect {
        let run = check_path(&dir.path().join(name), "vi");
        assert_eq!((run.code, run.codes()), (code, codes.iter().map(ToString::to_string).collect()), "{name}");
    }
}

/// Found by the fuzzer: a DIMENSIONS record declaring four billion rows made calamine reserve
/// room for that many cells before reading any, and the process aborted (an allocation
/// failure is not a panic, so no guard could catch it). DIMENSIONS records are now rewritten
/// to one cell before calamine reads the file: only real cells count, and the report reads.
#[test]
fn an_xls_declaring_billions_of_rows_is_read_by_its_cells_not_allocated() {
    let mut bytes = std::fs::read(fixture("clean-hcl-6-thang-2024.xls")).unwrap();
    let dims: Vec<usize> = biff_records(&bytes).iter().filter(|r| r.1 == 0x0200 && r.2 == 14).map(|r| r.0).collect();
    assert_eq!(dims.len(), 5, "one DIMENSIONS record per sheet");
    // The third sheet, "Chỉ tiêu": last row + 1 = 0xFFFFFFFF.
    bytes[dims[2] + 8..dims[2] + 12].copy_from_slice(&u32::MAX.to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kich-thuoc.xls");
    std::fs::write(&path, &bytes).unwrap();
    let run = check_path(&path, "vi");
    assert_eq!((run.code, run.codes()), (0, Vec::<String>::new()), "{}", run.stdout);
}

/// Validates one file as a process under a 2 GB address-space limit, so that a file making a
/// parser reserve gigabytes fails the test instead of taking the machine down; expects exit 1
/// and returns its findings.
fn validate_under_2gb(path: &Path) -> Vec<Value> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2000000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_baocao"))
        .arg("--plan")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("plan.toml"))
        .args(["validate", "--format", "json", "--as-of", "20/06/2024"])
        .arg(path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["files"][0]["findings"].as_array().unwrap().clone()
}

/// Found by the fuzzer: a 14 KB xls whose OLE sector chain pointed back at itself made
/// calamine (which follows chains without a loop check) grow a buffer until the machine ran
/// out of memory (24 GB, then the OOM killer). Run under a 2 GB address-space limit, so that a
/// regression fails this test instead of taking the machine down.
#[test]
fn an_ole_file_whose_sector_chain_loops_is_refused_not_read_forever() {
    let mut bytes = std::fs::read(fixture("clean-hcl-6-thang-2024.xls")).unwrap();
    let le32 = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize;
    let size = 1usize << u16::from_le_bytes([bytes[0x1E], bytes[0x1F]]);
    let (dir_start, first_fat) = (le32(&bytes, 0x30), le32(&bytes, 0x4C));
    assert!(dir_start < size / 4, "the directory's FAT entry is in the first FAT sector");
    // FAT[dir_start] = dir_start: the directory chain never ends.
    let at = (first_fat + 1) * size + 4 * dir_start;
    bytes[at..at + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vong.xls");
    std::fs::write(&path, &bytes).unwrap();
    let findings = validate_under_2gb(&path);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "file-broken");
    assert_eq!(findings[0]["facts"]["detail"], "OLE: sector chain loops");
}

/// Found by the fuzzer: the file ends inside the last sector of its OLE directory. calamine
/// reads the short sector; the measuring scan gave up on it, so a sheet declaring 858,993,440
/// × 13,107 cells went unmeasured and calamine aborted reserving room for them.
#[test]
fn an_xls_cut_inside_its_last_sector_is_still_measured() {
    // Its DIMENSIONS record is now rewritten to one cell before calamine reads it: the file
    // reads (as a report missing its facts) under the limit.
    let findings = validate_under_2gb(&fixture("fuzz-sector-cuoi-ngan.xls"));
    assert!(findings.iter().any(|f| f["code"] == "period-missing"), "{findings:#?}");
}

/// Found by the fuzzer: the sheets were measured by walking the xls stream from its start,
/// which a damaged record put out of step, so a DIMENSIONS record of 21 million × 37,024
/// cells went unseen and calamine (reading each sheet from its BOUNDSHEET offset) reserved
/// room for them and aborted. Under a 2 GB limit so that a regression fails fast.
#[test]
fn a_damaged_xls_cannot_hide_huge_dimensions_from_the_measuring_scan() {
    // Its DIMENSIONS record is now rewritten to one cell before calamine reads it, which then
    // stops at the damaged record.
    let findings = validate_under_2gb(&fixture("fuzz-kich-thuoc-gia.xls"));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "file-broken");
}

/// Found by the fuzzer: the directory chain of this xls runs into a sector that starts past
/// the end of the file. calamine reads such a sector as empty and goes on; the measuring scan
/// gave up there, never saw an RK cell at row 22,022, column 24,386, and calamine reserved 537
/// million cells (17 GB) and aborted. Under a 2 GB limit so that a regression fails fast.
#[test]
fn a_directory_sector_past_the_end_of_the_file_does_not_hide_a_far_cell() {
    let findings = validate_under_2gb(&fixture("fuzz-sector-ngoai-tep.xls"));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "sheet-too-large");
    assert!(findings[0]["message"].as_str().unwrap().starts_with("Sheet trải trên 22023 dòng × 24387 cột"));
}

/// Found while reading calamine for what the fuzzer hit: `uniqueCount="100000000000"` in the
/// shared strings made calamine reserve room for that many strings before reading one (2.4 TB),
/// and the process aborted. Under a 2 GB limit so that a regression fails fast.
#[test]
fn a_shared_strings_count_beyond_the_part_size_is_refused_not_reserved() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sst.xlsx");
    clean().write(&path);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(&path).unwrap())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut patched = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut text = Vec::new();
        entry.read_to_end(&mut text).unwrap();
        if name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(text).unwrap();
            let at = xml.find("uniqueCount=\"").unwrap() + 13;
            let end = at + xml[at..].find('"').unwrap();
            text = format!("{}100000000000{}", &xml[..at], &xml[end..]).into_bytes();
            patched += 1;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&text).unwrap();
    }
    assert_eq!(patched, 1);
    std::fs::write(&path, out.finish().unwrap().into_inner()).unwrap();
    let findings = validate_under_2gb(&path);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["code"], "file-broken");
    assert_eq!(findings[0]["facts"]["detail"], "xl/sharedStrings.xml: uniqueCount=\"100000000000\"");
}
