//! `baocao consolidate` and `baocao status` driven through the real binary: unit reports are
//! written with `rust_xlsxwriter` the way another office program would, then the consolidated
//! workbook is read back with calamine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

/// One unit report, in the layout of the report contract ("Thông tin", "Nhiệm vụ", "Chỉ tiêu",
/// "Kiến nghị", "Mô hình").
struct Report {
    unit: &'static str,
    name: &'static str,
    period: &'static str,
    year: f64,
    doc: &'static str,
    date: (u16, u8, u8),
    /// Indicator code and the cell as typed: a number, or text.
    values: Vec<(&'static str, Cell)>,
    nv1_result: &'static str,
    /// The first line of "Thông tin".
    title: &'static str,
}

enum Cell {
    N(f64),
    S(&'static str),
}

impl Report {
    fn new(unit: &'static str, name: &'static str, date: (u16, u8, u8)) -> Self {
        Report {
            unit,
            name,
            period: "6 tháng",
            year: 2024.0,
            doc: "12/BC",
            date,
            values: Vec::new(),
            nv1_result: "Đã ban hành kế hoạch và quán triệt đến toàn thể cán bộ, công chức.",
            title: "THÔNG TIN BÁO CÁO",
        }
    }

    fn value(mut self, code: &'static str, v: f64) -> Self {
        self.values.push((code, Cell::N(v)));
        self
    }

    fn write(&self, path: &Path) {
        let plan = baocao::plan::parse(baocao::plan::BUILTIN, "test").unwrap();
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("dd/mm/yyyy");

        let ws = wb.add_worksheet().set_name("Thông tin").unwrap();
        ws.write_string(0, 0, self.title).unwrap();
        let rows: [(&str, Option<&str>); 5] = [
            ("Mã đơn vị", Some(self.unit)),
            ("Tên đơn vị", Some(self.name)),
            ("Kỳ báo cáo", Some(self.period)),
            ("Năm", None),
            ("Số văn bản", Some(self.doc)),
        ];
        for (i, (label, value)) in rows.iter().enumerate() {
            let r = 2 + i as u32;
            ws.write_string(r, 0, *label).unwrap();
            match value {
                Some(v) => ws.write_string(r, 1, *v).unwrap(),
                None => ws.write_number(r, 1, self.year).unwrap(),
            };
        }
        ws.write_string(7, 0, "Ngày báo cáo:").unwrap();
        let (year, month, day) = self.date;
        ws.write_datetime_with_format(7, 1, ExcelDateTime::from_ymd(year, month, day).unwrap(), &date).unwrap();
        ws.write_string(8, 0, "Người lập").unwrap();
        ws.write_string(8, 1, "Nguyễn Thị B").unwrap();

        let ws = wb.add_worksheet().set_name("Nhiệm vụ").unwrap();
        for (c, h) in ["Mã", "Nhiệm vụ", "Tình trạng", "Kết quả thực hiện", "Hạn chế, khó khăn"].iter().enumerate()
        {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        for (i, t) in plan.tasks.iter().enumerate() {
            let r = 3 + i as u32;
            ws.write_string(r, 0, &t.code).unwrap();
            ws.write_string(r, 1, &t.title).unwrap();
            if t.is_due_in("6-thang") {
                ws.write_string(r, 2, "Hoàn thành").unwrap();
                let text = if t.code == "NV1" { self.nv1_result } else { "Thực hiện đúng tiến độ." };
                ws.write_string(r, 3, text).unwrap();
                ws.write_string(r, 4, "Kinh phí còn hạn chế.").unwrap();
            } else {
                ws.write_string(r, 2, "Chưa thực hiện").unwrap();
            }
        }

        let ws = wb.add_worksheet().set_name("Chỉ tiêu").unwrap();
        for (c, h) in ["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"].iter().enumerate() {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        for (i, (code, v)) in self.values.iter().enumerate() {
            let r = 3 + i as u32;
            let ind = plan.indicator(code).unwrap();
            ws.write_string(r, 0, *code).unwrap();
            ws.write_string(r, 1, &ind.name).unwrap();
            ws.write_string(r, 2, &ind.measure).unwrap();
            match v {
                Cell::N(n) if ind.kind == baocao::plan::Kind::YesNo => {
                    ws.write_string(r, 3, if *n > 0.5 { "Có" } else { "Không" }).unwrap();
                }
                Cell::N(n) => {
                    ws.write_number(r, 3, *n).unwrap();
                }
                Cell::S(s) => {
                    ws.write_string(r, 3, *s).unwrap();
                }
            }
        }

        let ws = wb.add_worksheet().set_name("Kiến nghị").unwrap();
        for (c, h) in ["STT", "Nội dung kiến nghị, đề xuất", "Cơ quan tiếp nhận"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 1.0).unwrap();
        ws.write_string(1, 1, format!("Kiến nghị của {}: bố trí kinh phí tập huấn.", self.name)).unwrap();
        ws.write_string(1, 2, "Sở Tài chính").unwrap();

        let ws = wb.add_worksheet().set_name("Mô hình").unwrap();
        for (c, h) in ["STT", "Tên mô hình", "Lĩnh vực", "Kết quả, hiệu quả"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 1.0).unwrap();
        ws.write_string(1, 1, format!("Mô hình dân vận khéo của {}", self.name)).unwrap();
        ws.write_string(1, 2, "Cải cách hành chính").unwrap();
        ws.write_string(1, 3, "Giảm thời gian giải quyết hồ sơ.").unwrap();

        wb.save(path).unwrap();
    }
}

/// The folder of received reports used by most tests (6-thang/2024; last on-time day 04/06):
/// - SNV on time (03/06), with a narrative starting with "=";
/// - TPCL late by 3 days (07/06);
/// - STP twice: 01/06 superseded by 04/06;
/// - SYT with an error (a count typed as words): invalid;
/// - HTH only for the yearly period of 2023: skipped, so missing;
/// - an Office lock file and a text note: skipped.
///
/// Rates: SNV 90/100 (90 %), TPCL 10/900 (1.1 %). Averaging gives 45.6 %; the rate of the
/// summed parts is 100/1000 = 10 %.
fn reports(dir: &Path) {
    let mut snv = Report::new("SNV", "Sở Nội vụ", (2024, 6, 3))
        .value("TTHC_DUNGHAN", 90.0)
        .value("TTHC_TIEPNHAN", 100.0)
        .value("VB_CHIDAO", 3.0)
        .value("KH_NAM", 1.0);
    snv.nv1_result = "=SUM(A1:A9) là chữ người viết gõ vào, không phải công thức";
    snv.doc = "15/BC-SNV";
    snv.write(&dir.join("SNV.xlsx"));
    let mut tpcl = Report::new("TPCL", "Thành phố Cao Lãnh", (2024, 6, 7))
        .value("TTHC_DUNGHAN", 10.0)
        .value("TTHC_TIEPNHAN", 900.0)
        .value("VB_CHIDAO", 4.0)
        .value("KH_NAM", 0.0);
    tpcl.doc = "88/BC-UBND";
    tpcl.write(&dir.join("TPCL.xlsx"));
    std::fs::create_dir_all(dir.join("cu")).unwrap();
    Report::new("STP", "Sở Tư pháp", (2024, 6, 1)).value("VB_CHIDAO", 100.0).write(&dir.join("cu/STP-lan-1.xlsx"));
    Report::new("STP", "Sở Tư pháp", (2024, 6, 4)).value("VB_CHIDAO", 5.0).write(&dir.join("STP-lan-2.xlsx"));
    let mut syt = Report::new("SYT", "Sở Y tế", (2024, 6, 2));
    syt.values.push(("VB_CHIDAO", Cell::S("ba văn bản")));
    syt.write(&dir.join("SYT.xlsx"));
    let mut hth = Report::new("HTH", "Huyện Tân Hồng", (2023, 10, 20)).value("VB_CHIDAO", 50.0);
    hth.period = "Năm";
    hth.year = 2023.0;
    hth.write(&dir.join("HTH-nam-2023.xlsx"));
    std::fs::write(dir.join("~$SNV.xlsx"), b"lock").unwrap();
    std::fs::write(dir.join("ghi-chu.txt"), "Danh sách đơn vị đã nộp").unwrap();
}

fn baocao(args: &[&str]) -> std::process::Output {
    crate::common::bin().args(args).output().unwrap()
}

fn consolidate(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "consolidate",
        input.to_str().unwrap(),
        "--period",
        "6-thang",
        "--year",
        "2024",
        "--as-of",
        "20/06/2024",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    baocao(&args)
}

fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("bao-cao");
    std::fs::create_dir(&input).unwrap();
    reports(&input);
    let out = tmp.path().join("tong-hop.xlsx");
    (tmp, input, out)
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// The row whose column `col` holds `key`.
fn row_of(range: &calamine::Range<Data>, col: usize, key: &str) -> Vec<Data> {
    range
        .rows()
        .find(|r| r.get(col).is_some_and(|c| c.as_string().as_deref() == Some(key)))
        .unwrap_or_else(|| panic!("no row with {key}"))
        .to_vec()
}

#[test]
fn totals_subtotals_and_rates_from_summed_parts() {
    let (_tmp, input, out) = setup();
    let run = consolidate(&input, &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let totals = sheet(&out, "Chỉ tiêu");
    // Columns: STT, Mã, Chỉ tiêu, ĐVT, Cách tính, Toàn tỉnh, Sở ngành, Huyện/TP, đã báo cáo, phải báo cáo.
    let vb = row_of(&totals, 1, "VB_CHIDAO");
    // STP's superseded 100 and SYT's invalid report never count; HTH's other period neither.
    assert_eq!((vb[5].as_f64(), vb[6].as_f64(), vb[7].as_f64()), (Some(12.0), Some(8.0), Some(4.0)));
    assert_eq!((vb[8].as_f64(), vb[9].as_f64()), (Some(3.0), Some(33.0)));
    let rate = row_of(&totals, 1, "TL_DUNGHAN");
    assert_eq!(rate[5].as_f64(), Some(10.0), "Σ numerators / Σ denominators, not 45.6 (the average)");
    assert_eq!((rate[6].as_f64(), rate[7].as_f64()), (Some(90.0), Some(10.0 / 900.0 * 100.0)));
    let yes = row_of(&totals, 1, "KH_NAM");
    assert_eq!((yes[5].as_f64(), yes[8].as_f64()), (Some(1.0), Some(2.0)));
    // Nobody reported it: blank, not 0.
    let blank = row_of(&totals, 1, "DVK_MOHINH");
    assert!(blank[5].is_empty() || blank[5] == Data::String(String::new()), "{:?}", blank[5]);

    // Totals are formulas over "Chỉ tiêu theo đơn vị", their values stored.
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let formulas = wb.worksheet_formula("Chỉ tiêu").unwrap();
    let texts: Vec<String> = formulas.rows().flatten().cloned().collect();
    assert!(texts.iter().any(|f| f.starts_with("IF(SUMIFS(") && f.contains("Chỉ tiêu theo đơn vị")), "{texts:?}");
    assert!(!texts.iter().any(|f| f.contains("AVERAGE")));
    let by_unit = wb.worksheet_range("Chỉ tiêu theo đơn vị").unwrap();
    let snv = row_of(&by_unit, 1, "SNV");
    assert!(snv.iter().any(|c| c.as_f64() == Some(90.0)));

    // Every figure traces back to its file and cell.
    let data = wb.worksheet_range("Dữ liệu").unwrap();
    let traced = data
        .rows()
        .find(|r| r[0] == Data::String("SNV".into()) && r[3] == Data::String("TTHC_DUNGHAN".into()))
        .expect("SNV's TTHC_DUNGHAN in Dữ liệu");
    assert_eq!(traced[6].as_f64(), Some(90.0));
    assert!(traced[8].to_string().ends_with("SNV.xlsx"));
    assert_eq!(traced[9].to_string(), "Chỉ tiêu!D4");

    // Tasks not due in the period are marked as such.
    let tasks = wb.worksheet_range("Nhiệm vụ").unwrap();
    assert_eq!(row_of(&tasks, 1, "NV7")[3].to_string(), "Chưa đến hạn");
    assert!(tasks.rows().flatten().any(|c| c.as_string().as_deref() == Some("NV8 (chưa đến hạn)")));
}

#[test]
fn workbook_is_marked_as_baocao_output_and_has_the_eleven_sheets() {
    let (_tmp, input, out) = setup();
    assert_eq!(consolidate(&input, &out, &[]).status.code(), Some(0));
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Tổng hợp",
            "Tình hình nộp",
            "Nhiệm vụ",
            "Chỉ tiêu",
            "Chỉ tiêu theo đơn vị",
            "Kết quả",
            "Kiến nghị",
            "Mô hình",
            "Kiểm tra",
            "Dữ liệu",
            "Biểu đồ"
        ]
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut custom = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/custom.xml").unwrap(), &mut custom).unwrap();
    assert!(custom.contains("baocao-output") && custom.contains("consolidated"), "{custom}");
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
    assert!(core.contains("2024-06-20T00:00:00Z"), "the document date is the as-of date: {core}");
    // Native charts on "Biểu đồ".
    assert!(zip.file_names().any(|n| n.is_ok_and(|n| n.starts_with("xl/charts/chart"))));
    // The date line of the Tổng hợp page.
    let summary = sheet(&out, "Tổng hợp");
    assert!(summary.rows().flatten().any(|c| c.as_string().as_deref() == Some("Đồng Tháp, ngày 20 tháng 6 năm 2024")));
}

#[test]
fn statuses_days_late_superseded_and_skipped_files() {
    let (_tmp, input, out) = setup();
    let run = consolidate(&input, &out, &["--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    // The stable names of the issue, no more and no fewer.
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>().join(",");
    assert_eq!(
        keys(&json),
        "as_of,files,groups,indicators,last_day,models,output,period,plan,recommendations,tasks,units,year"
    );
    assert_eq!(
        keys(&json["units"][0]),
        "code,conflict,days_late,decided_by,errors,file,files,group,latest_invalid,name,note,received,report_date,status,submitted,succeeds,warnings"
    );
    assert_eq!(keys(&json["indicators"][0]), "by_group,code,due,expected_units,kind,note,reported_units,total");
    assert_eq!(keys(&json["tasks"][0]), "code,counts,due");
    assert_eq!(keys(&json["files"][0]), "path,reason,role,unit");
    assert_eq!(
        (json["plan"].as_str(), json["period"].as_str(), json["year"].as_i64()),
        (Some("15/KH-UBND"), Some("6-thang"), Some(2024))
    );
    assert!(json["output"].as_str().unwrap().ends_with("tong-hop.xlsx"));
    assert_eq!(json["last_day"], "2024-06-04");
    assert_eq!(json["as_of"], "2024-06-20");
    let units: BTreeMap<String, &Value> =
        json["units"].as_array().unwrap().iter().map(|u| (u["code"].as_str().unwrap().to_string(), u)).collect();
    assert_eq!(units.len(), 33);
    let st = |c: &str| (units[c]["status"].as_str().unwrap().to_string(), units[c]["days_late"].as_i64());
    assert_eq!(st("SNV"), ("on_time".into(), None));
    assert_eq!(st("TPCL"), ("late".into(), Some(3)));
    assert_eq!(st("STP"), ("on_time".into(), None));
    assert_eq!(st("SYT"), ("invalid".into(), None));
    assert_eq!(st("HTH"), ("missing".into(), Some(16)));
    assert!(units["SYT"]["errors"].as_u64().unwrap() >= 1);
    assert_eq!(units["TPCL"]["report_date"], "2024-06-07");
    assert!(units["STP"]["file"].as_str().unwrap().ends_with("STP-lan-2.xlsx"));

    let roles: BTreeMap<String, String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = f["path"].as_str().unwrap();
            (Path::new(p).file_name().unwrap().to_string_lossy().to_string(), f["role"].as_str().unwrap().to_string())
        })
        .collect();
    let expect = [
        ("HTH-nam-2023.xlsx", "skipped"),
        ("SNV.xlsx", "used"),
        ("STP-lan-1.xlsx", "superseded"),
        ("STP-lan-2.xlsx", "used"),
        ("SYT.xlsx", "invalid"),
        ("TPCL.xlsx", "used"),
        ("ghi-chu.txt", "skipped"),
        ("~$SNV.xlsx", "skipped"),
    ];
    assert_eq!(roles, expect.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect());

    let tl = json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "TL_DUNGHAN").unwrap();
    assert_eq!(
        (tl["kind"].as_str(), tl["total"].as_f64(), tl["reported_units"].as_u64()),
        (Some("rate"), Some(10.0), Some(2))
    );
    let nv7 = json["tasks"].as_array().unwrap().iter().find(|t| t["code"] == "NV7").unwrap();
    assert_eq!(nv7["due"], false);
    assert_eq!(nv7["counts"]["Chưa thực hiện"], 3);

    // The same in the workbook.
    let status = sheet(&out, "Tình hình nộp");
    let tpcl = row_of(&status, 1, "TPCL");
    assert_eq!((tpcl[9].to_string(), tpcl[10].as_f64()), ("Trễ hạn".to_string(), Some(3.0)));
    assert_eq!(row_of(&status, 1, "SYT")[9].to_string(), "Báo cáo có lỗi");
    assert_eq!(row_of(&status, 1, "HTH")[9].to_string(), "Chưa nộp");
    assert_eq!(row_of(&status, 1, "SNV")[4].to_string(), "15/BC-SNV");
    let checks = sheet(&out, "Kiểm tra");
    let old = checks.rows().find(|r| r[1].to_string().ends_with("STP-lan-1.xlsx")).unwrap();
    assert_eq!(old[3].to_string(), "Bị thay thế");
    assert!(old[4].to_string().ends_with("STP-lan-2.xlsx"), "{:?}", old[4]);
    let lock = checks.rows().find(|r| r[1].to_string().ends_with("~$SNV.xlsx")).unwrap();
    assert_eq!(lock[3].to_string(), "Bỏ qua");
    let syt = checks.rows().find(|r| r[1].to_string().ends_with("SYT.xlsx")).unwrap();
    assert_eq!(syt[5].to_string(), "lỗi");
}

#[test]
fn narrative_starting_with_equals_stays_text() {
    let (_tmp, input, out) = setup();
    assert_eq!(consolidate(&input, &out, &[]).status.code(), Some(0));
    let text = "=SUM(A1:A9) là chữ người viết gõ vào, không phải công thức";
    let results = sheet(&out, "Kết quả");
    let (row, _) = results.rows().enumerate().find(|(_, r)| r.get(4) == Some(&Data::String(text.into()))).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let formulas = wb.worksheet_formula("Kết quả").unwrap();
    let start = formulas.start().unwrap_or((0, 0));
    let at = formulas.get_value((row as u32 + results.start().unwrap().0, 4));
    assert!(at.is_none_or(String::is_empty), "written as a formula: {at:?} (formula range starts at {start:?})");
}

#[test]
fn reruns_are_byte_identical_and_inputs_untouched() {
    let (tmp, input, out) = setup();
    let before = hashes(&input);
    assert_eq!(consolidate(&input, &out, &[]).status.code(), Some(0));
    let second = tmp.path().join("lan-2.xlsx");
    assert_eq!(consolidate(&input, &second, &[]).status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&second).unwrap());
    // For looking at the output by hand (rendering it to PDF).
    if let Ok(keep) = std::env::var("BAOCAO_KEEP_CONSOLIDATED") {
        std::fs::copy(&out, keep).unwrap();
    }
    assert_eq!(hashes(&input), before, "an input file was changed, added or removed");
}

#[test]
fn output_inside_the_input_folder_replaces_only_baocao_output() {
    let (_tmp, input, _) = setup();
    let out = input.join("tong-hop.xlsx");
    assert_eq!(consolidate(&input, &out, &[]).status.code(), Some(0));
    let first = std::fs::read(&out).unwrap();
    assert_eq!(consolidate(&input, &out, &[]).status.code(), Some(0));
    assert_eq!(std::fs::read(&out).unwrap(), first);
    // A unit report in the folder is an input: never overwritten.
    let report = input.join("SNV.xlsx");
    let before = std::fs::read(&report).unwrap();
    let run = consolidate(&input, &report, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("SNV.xlsx"));
    assert_eq!(std::fs::read(&report).unwrap(), before);
    let note = input.join("ghi-chu.txt");
    assert_eq!(consolidate(&input, &note, &[]).status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&note).unwrap(), "Danh sách đơn vị đã nộp");
    // Named as an input, it is refused outright.
    let run = baocao(&[
        "consolidate",
        out.to_str().unwrap(),
        "--period",
        "6-thang",
        "--year",
        "2024",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read(&out).unwrap(), first);
}

#[test]
fn baocao_output_found_in_a_folder_is_skipped_not_read_as_a_report() {
    let (tmp, input, out) = setup();
    assert_eq!(consolidate(&input, &out, &[]).status.code(), Some(0));
    std::fs::copy(&out, input.join("tong-hop-cu.xlsx")).unwrap();
    let fresh = tmp.path().join("moi.xlsx");
    let run = consolidate(&input, &fresh, &["--format", "json"]);
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let f =
        json["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with("tong-hop-cu.xlsx"));
    assert_eq!(f.unwrap()["role"], "skipped");
    // Recognised as baocao's own output, not merely as some other spreadsheet.
    let checks = sheet(&fresh, "Kiểm tra");
    let row = checks.rows().find(|r| r[1].to_string().ends_with("tong-hop-cu.xlsx")).unwrap();
    assert_eq!(row[4].to_string(), "tệp tổng hợp do baocao tạo, không phải báo cáo đơn vị");
}

#[test]
fn a_failed_write_leaves_the_previous_output_intact() {
    let (tmp, input, out) = setup();
    assert_eq!(consolidate(&input, &out, &[]).status.code(), Some(0));
    let previous = std::fs::read(&out).unwrap();
    // A register that cannot be read: the run stops before writing.
    let register = tmp.path().join("khong-co-so-den.csv");
    let run = consolidate(&input, &out, &["--received", register.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("khong-co-so-den.csv"));
    assert_eq!(std::fs::read(&out).unwrap(), previous);

    // The output path is a folder: the rename fails, the folder and its contents survive, and
    // no temporary file is left behind.
    let folder = tmp.path().join("la-thu-muc.xlsx");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("giu-nguyen.txt"), "x").unwrap();
    let run = consolidate(&input, &folder, &[]);
    assert_eq!(run.status.code(), Some(2), "{}", String::from_utf8_lossy(&run.stdout));
    assert!(folder.is_dir() && folder.join("giu-nguyen.txt").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".baocao-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn received_register_overrides_report_dates() {
    let (tmp, input, out) = setup();
    let register = tmp.path().join("so-den.csv");
    // TPCL's letter arrived on time although dated later; SNV's arrived late.
    std::fs::write(&register, "Mã đơn vị;Ngày nhận\nTPCL;04/06/2024\nSNV;10/06/2024\n").unwrap();
    let run = consolidate(&input, &out, &["--received", register.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let unit = |c: &str| json["units"].as_array().unwrap().iter().find(|u| u["code"] == c).unwrap().clone();
    assert_eq!(unit("TPCL")["status"], "on_time");
    assert_eq!((unit("SNV")["status"].as_str(), unit("SNV")["days_late"].as_i64()), (Some("late"), Some(6)));
}

#[test]
fn strict_exits_1_when_units_are_late_missing_or_invalid() {
    let (_tmp, input, out) = setup();
    assert_eq!(consolidate(&input, &out, &["--strict"]).status.code(), Some(1));
    assert!(out.is_file());
}

#[test]
fn text_summary_in_both_languages() {
    let (_tmp, input, out) = setup();
    let vi = consolidate(&input, &out, &[]);
    let text = String::from_utf8(vi.stdout).unwrap();
    println!("{text}");
    assert!(text.contains("hạn cuối 04/06/2024, tính đến ngày 20/06/2024"), "{text}");
    assert!(text.contains("Trễ hạn") && text.contains("Chưa nộp") && text.contains("Tỷ lệ hồ sơ giải quyết đúng hạn"));
    assert!(text.contains("10,0"), "rates print with a decimal comma: {text}");
    assert!(text.contains("8 tệp: 3 được tổng hợp, 1 bị thay thế, 1 có lỗi, 3 bỏ qua."), "{text}");
    let en = consolidate(&input, &out, &["--lang", "en"]);
    let text = String::from_utf8(en.stdout).unwrap();
    assert!(text.contains("last on-time day 04/06/2024") && text.contains("Late") && text.contains("10.0"), "{text}");
}

#[test]
fn status_shows_the_same_judgement_without_a_workbook() {
    let (tmp, input, _) = setup();
    let run = baocao(&[
        "status",
        input.to_str().unwrap(),
        "--period",
        "6-thang",
        "--year",
        "2024",
        "--as-of",
        "2024-06-04",
        "--format",
        "json",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let unit = |c: &str| json["units"].as_array().unwrap().iter().find(|u| u["code"] == c).unwrap().clone();
    // On the last day, units without a report are not due yet; TPCL's report is dated after
    // the as-of date, which the checks reject as a date in the future.
    assert_eq!(unit("HTH")["status"], "not_due");
    assert_eq!(unit("SNV")["status"], "on_time");
    assert_eq!(unit("TPCL")["status"], "invalid");
    assert!(json.get("output").is_none());
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 1, "status wrote something: {names:?}");

    let text =
        baocao(&["status", input.to_str().unwrap(), "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Huyện Tân Hồng") && text.contains("Chưa nộp"), "{text}");
}

#[test]
fn bad_period_or_year_exits_2() {
    let (_tmp, input, out) = setup();
    let run = baocao(&[
        "consolidate",
        input.to_str().unwrap(),
        "--period",
        "quy-1",
        "--year",
        "2024",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("6-thang, nam"));
    let run = baocao(&[
        "consolidate",
        input.to_str().unwrap(),
        "--period",
        "nam",
        "--year",
        "2030",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(!out.exists());
}

/// Every file under `dir` with its bytes' hash, so a test sees any change, addition or removal.
fn hashes(dir: &Path) -> BTreeMap<PathBuf, u64> {
    use std::hash::{Hash, Hasher};
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(&p).unwrap().hash(&mut h);
                out.insert(p, h.finish());
            }
        }
    }
    out
}

#[test]
fn xls_and_ods_reports_count_and_the_later_file_wins_a_tie() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("nhan");
    std::fs::create_dir(&input).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // The same report of Huyện Cao Lãnh, same date, saved twice: the later file counts.
    let older = input.join("HCL.xls");
    let newer = input.join("HCL.ods");
    std::fs::copy(fixtures.join("clean-hcl-6-thang-2024.xls"), &older).unwrap();
    std::fs::copy(fixtures.join("clean-hcl-6-thang-2024.ods"), &newer).unwrap();
    let t0 = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_717_400_000);
    std::fs::File::options().write(true).open(&older).unwrap().set_modified(t0).unwrap();
    let t1 = t0 + std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&newer).unwrap().set_modified(t1).unwrap();
    let out = tmp.path().join("tong-hop.xlsx");
    let run = consolidate(&input, &out, &["--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let unit = json["units"].as_array().unwrap().iter().find(|u| u["code"] == "HCL").unwrap();
    assert_eq!(unit["status"], "on_time");
    assert!(unit["file"].as_str().unwrap().ends_with("HCL.ods"));
    let role = |name: &str| {
        json["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with(name)).unwrap()["role"]
            .clone()
    };
    assert_eq!((role("HCL.ods"), role("HCL.xls")), (Value::from("used"), Value::from("superseded")));
    let luot = json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "TCD_LUOT").unwrap();
    assert_eq!((luot["total"].as_f64(), luot["reported_units"].as_u64()), (Some(10.0), Some(1)));
}

// ---------------------------------------------------------------------------------------------
// Hostile inputs and output safety
// ---------------------------------------------------------------------------------------------

/// The role of each file in the JSON output, by file name.
fn roles(json: &Value) -> BTreeMap<String, String> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = Path::new(f["path"].as_str().unwrap());
            (p.file_name().unwrap().to_string_lossy().to_string(), f["role"].as_str().unwrap().to_string())
        })
        .collect()
}

#[test]
fn a_symlink_loop_in_the_input_folder_is_a_finding_and_the_run_completes() {
    let (_tmp, input, out) = setup();
    // Two links pointing at each other, and a link to the folder itself.
    std::os::unix::fs::symlink(input.join("vong-b.xlsx"), input.join("vong-a.xlsx")).unwrap();
    std::os::unix::fs::symlink(input.join("vong-a.xlsx"), input.join("vong-b.xlsx")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("lap-lai")).unwrap();
    let run = consolidate(&input, &out, &["--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let roles = roles(&json);
    assert_eq!(roles["vong-a.xlsx"], "skipped");
    assert_eq!(roles["vong-b.xlsx"], "skipped");
    assert_eq!(roles["SNV.xlsx"], "used");
    // Each loop link is listed with its finding in "Kiểm tra".
    let checks = sheet(&out, "Kiểm tra");
    for name in ["vong-a.xlsx", "vong-b.xlsx"] {
        let row = checks.rows().find(|r| r[1].to_string().ends_with(name)).unwrap();
        assert_eq!((row[5].to_string(), row[6].to_string()), ("lỗi".to_string(), "file-unreadable".to_string()));
        assert!(row[8].to_string().starts_with("Không mở được tệp: "), "{:?}", row[8]);
    }
}

#[test]
fn an_output_open_in_excel_is_refused_before_reading() {
    let (tmp, input, out) = setup();
    std::fs::write(&out, b"previous").unwrap();
    std::fs::write(tmp.path().join("~$tong-hop.xlsx"), b"owner").unwrap();
    let run = consolidate(&input, &out, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "Lỗi: Không ghi được tệp {}: tệp đang được mở trong Excel hoặc LibreOffice (có tệp khóa {}). Đóng tệp đó rồi chạy lại lệnh.\n",
            out.display(),
            tmp.path().join("~$tong-hop.xlsx").display()
        )
    );
    // Refused before any work: nothing printed on stdout, the previous file untouched.
    assert!(run.stdout.is_empty());
    assert_eq!(std::fs::read(&out).unwrap(), b"previous");
}

#[test]
fn a_full_disk_keeps_the_previous_consolidated_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("bao-cao");
    std::fs::create_dir(&input).unwrap();
    reports(&input);
    let target = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(target.path())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let out = target.path().join("tong-hop.xlsx");
    let run = if mounted {
        // A real full disk: the previous output and a filler take the whole tmpfs.
        std::fs::write(&out, b"previous").unwrap();
        let mut filler = std::fs::File::create(target.path().join("filler")).unwrap();
        while std::io::Write::write_all(&mut filler, &[0u8; 1024]).is_ok() {}
        drop(filler);
        let run = consolidate(&input, &out, &[]);
        let left: Vec<_> = std::fs::read_dir(target.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(".baocao-"))
            .collect();
        let previous = std::fs::read(&out).unwrap();
        let _ = Command::new("umount").arg(target.path()).status();
        assert!(left.is_empty(), "{left:?}");
        assert_eq!(previous, b"previous");
        run
    } else {
        // Not allowed to mount: a file size limit fails the write half-way the same way.
        println!("note: cannot mount a tmpfs here; simulating a full disk with ulimit -f");
        std::fs::write(&out, b"previous").unwrap();
        let run = Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 16; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_baocao"))
            .args(["consolidate", input.to_str().unwrap(), "--period", "6-thang", "--year", "2024", "-o"])
            .arg(&out)
            .env_remove("BAOCAO_PLAN")
            .env_remove("BAOCAO_LANG")
            .output()
            .unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"previous");
        run
    };
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "Lỗi: Không ghi được tệp {}: ổ đĩa đã đầy. Giải phóng dung lượng rồi chạy lại; tệp cũ (nếu có) vẫn còn nguyên.\n",
            out.display()
        )
    );
}

#[test]
fn control_characters_are_dropped_from_the_workbook_and_rtl_marks_and_emoji_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("bao-cao");
    std::fs::create_dir(&input).unwrap();
    let mut snv = Report::new("SNV", "Sở Nội vụ", (2024, 6, 3)).value("VB_CHIDAO", 3.0);
    snv.nv1_result = "Đã triển khai\u{1}\u{7}\u{b} \u{200f}تم\u{200e} 🙂 xong\u{FFFF}.";
    snv.write(&input.join("SNV.xlsx"));
    let out = tmp.path().join("tong-hop.xlsx");
    let run = consolidate(&input, &out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let results = sheet(&out, "Kết quả");
    let row = results.rows().find(|r| r[0] == "NV1" && r[1] == "SNV").unwrap();
    assert_eq!(row[4].to_string(), "Đã triển khai \u{200f}تم\u{200e} 🙂 xong.");
    // Nothing XML 1.0 cannot hold, and no control character escaped as _xHHHH_ either.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut xml = String::new();
        if std::io::Read::read_to_string(&mut entry, &mut xml).is_ok() {
            assert!(
                !xml.contains('\u{FFFF}') && !xml.contains("_x0001_") && !xml.contains("_x0007_"),
                "{}",
                entry.name().unwrap()
            );
        }
    }
}

/// The clean xls fixture with the formula length of its first FORMULA record set far beyond
/// the record, which makes calamine 0.38 panic (`rgce[2..2 + cce]` in `parse_formula`).
fn xls_that_panics_calamine() -> Vec<u8> {
    let mut bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean-hcl-6-thang-2024.xls")).unwrap();
    let mut at = bytes.windows(8).position(|w| w == [9, 8, 16, 0, 0, 6, 5, 0]).expect("BOF");
    loop {
        let kind = u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        let len = usize::from(u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]));
        if kind == 0x0006 {
            bytes[at + 24..at + 26].copy_from_slice(&0x7FFFu16.to_le_bytes());
            return bytes;
        }
        at += 4 + len;
    }
}

#[test]
fn a_parser_panic_in_one_file_is_its_finding_and_the_run_completes_silently() {
    let (_tmp, input, out) = setup();
    std::fs::write(input.join("hoang.xls"), xls_that_panics_calamine()).unwrap();
    let run = consolidate(&input, &out, &["--format", "json"]);
    assert_eq!(run.status.code(), Some(0));
    // No panic message from Rust on stderr: the panic is caught and becomes a finding.
    assert_eq!(String::from_utf8_lossy(&run.stderr), "");
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(roles(&json)["hoang.xls"], "skipped");
    assert_eq!(roles(&json)["SNV.xlsx"], "used");
    let checks = sheet(&out, "Kiểm tra");
    let row = checks.rows().find(|r| r[1].to_string().ends_with("hoang.xls")).unwrap();
    assert_eq!(row[6].to_string(), "file-reader-panic");
}

// ---------------------------------------------------------------------------------------------
// Which report counts, and every file's fate (docs/consolidation.md, "Which report counts")
// ---------------------------------------------------------------------------------------------

/// Sets a file's modification time to `secs` after 2024-06-03 00:00 UTC.
fn set_mtime(path: &Path, secs: u64) {
    let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_717_372_800 + secs);
    std::fs::File::options().write(true).open(path).unwrap().set_modified(t).unwrap();
}

/// Runs `consolidate --format json` on `input` and returns the JSON (exit code checked).
fn consolidate_json(input: &Path, out: &Path, extra: &[&str], code: i32) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let run = consolidate(input, out, &args);
    assert_eq!(run.status.code(), Some(code), "{}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn unit<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["units"].as_array().unwrap().iter().find(|u| u["code"] == code).unwrap()
}

/// A unit's files as (file name, role), in the order of the JSON.
fn unit_files(json: &Value, code: &str) -> Vec<(String, String)> {
    unit(json, code)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = Path::new(f["path"].as_str().unwrap());
            (p.file_name().unwrap().to_string_lossy().to_string(), f["role"].as_str().unwrap().to_string())
        })
        .collect()
}

fn status_text(input: &Path) -> String {
    let run =
        baocao(&["status", input.to_str().unwrap(), "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn mangled_attachment_names_are_read_by_content() {
    // Mail clients saved attachments as noname, ATT00001.bin, tcmime.….bin: skipped as "not a
    // spreadsheet", so HTH, HLV and STC showed as missing.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("thu-den");
    std::fs::create_dir(&input).unwrap();
    Report::new("HTH", "Huyện Tân Hồng", (2024, 5, 25)).write(&input.join("noname"));
    Report::new("HLV", "Huyện Lấp Vò", (2024, 5, 25)).write(&input.join("ATT00001.bin"));
    Report::new("STC", "Sở Tài chính", (2024, 6, 3)).write(&input.join("tcmime.1234.5678.9012.bin"));
    Report::new("HTB", "Huyện Thanh Bình", (2024, 6, 4)).write(&input.join("bao-cao_HTB_6-thang_2024.xlsx"));
    let out = tmp.path().join("tong-hop.xlsx");
    let json = consolidate_json(&input, &out, &[], 0);
    for code in ["HTH", "HLV", "STC", "HTB"] {
        assert_eq!(unit(&json, code)["status"], "on_time", "{code}");
    }
    assert!(unit(&json, "HLV")["file"].as_str().unwrap().ends_with("ATT00001.bin"));
    assert!(roles(&json).values().all(|r| r == "used"), "{json}");
    // validate takes the folder and finds the same four reports.
    let run = baocao(&["validate", input.to_str().unwrap(), "--as-of", "2024-06-20", "--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stdout));
    let checked: Value = serde_json::from_slice(&run.stdout).unwrap();
    let mut units: Vec<&str> =
        checked["files"].as_array().unwrap().iter().map(|f| f["unit"].as_str().unwrap()).collect();
    units.sort_unstable();
    assert_eq!(units, ["HLV", "HTB", "HTH", "STC"]);
}

/// HTH's report 43/BC of 27/05, and a later correction "ban cuoi" 47/BC of 04/06 with an error.
fn invalid_correction(input: &Path) {
    let mut first = Report::new("HTH", "Huyện Tân Hồng", (2024, 5, 27)).value("VB_CHIDAO", 4.0);
    first.doc = "43/BC-UBND";
    first.write(&input.join("bao-cao_HTH_6-thang_2024.xlsx"));
    let mut fix = Report::new("HTH", "Huyện Tân Hồng", (2024, 6, 4)).value("VB_CHIDAO", 6.0);
    fix.doc = "47/BC-UBND";
    fix.values.push(("TCD_LUOT", Cell::S("mười hai")));
    fix.write(&input.join("Bao_cao_HTH_6 thang 2024 - ban cuoi.xlsx"));
}

#[test]
fn a_newer_correction_with_an_error_is_never_passed_over_silently() {
    // The old report counted, "Đúng hạn", stale figures, and the newer file appeared only on
    // "Kiểm tra".
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("nhan");
    std::fs::create_dir(&input).unwrap();
    invalid_correction(&input);
    let out = tmp.path().join("tong-hop.xlsx");
    let json = consolidate_json(&input, &out, &[], 0);
    let hth = unit(&json, "HTH");
    // Policy: the latest valid report counts; the unit says its latest file has errors.
    assert_eq!(hth["status"], "on_time");
    assert!(hth["file"].as_str().unwrap().ends_with("bao-cao_HTH_6-thang_2024.xlsx"));
    assert!(hth["latest_invalid"].as_str().unwrap().ends_with("ban cuoi.xlsx"));
    assert_eq!(
        unit_files(&json, "HTH"),
        [
            ("bao-cao_HTH_6-thang_2024.xlsx".to_string(), "used".to_string()),
            ("Bao_cao_HTH_6 thang 2024 - ban cuoi.xlsx".to_string(), "invalid".to_string()),
        ]
    );
    let note = "tệp mới nhất Bao_cao_HTH_6 thang 2024 - ban cuoi.xlsx có 1 lỗi (Chỉ tiêu!D5) nên không được tổng hợp; \
                dùng bao-cao_HTH_6-thang_2024.xlsx thay thế";
    assert_eq!(hth["note"], note);
    let row = row_of(&sheet(&out, "Tình hình nộp"), 1, "HTH");
    assert_eq!((row[9].to_string(), row[11].to_string()), ("Đúng hạn".to_string(), note.to_string()));
    assert!(status_text(&input).contains(&format!("HTH (Huyện Tân Hồng): {note}")));
    // --strict fails on it although no unit is late, missing or invalid (on the last day, the
    // units without a report are not due yet).
    assert_eq!(strict_on_the_last_day(&input, &out), Some(1));
    std::fs::remove_file(input.join("Bao_cao_HTH_6 thang 2024 - ban cuoi.xlsx")).unwrap();
    assert_eq!(strict_on_the_last_day(&input, &out), Some(0));
}

/// `consolidate --strict` judged on 04/06/2024, the last on-time day: nobody is missing yet.
fn strict_on_the_last_day(input: &Path, out: &Path) -> Option<i32> {
    let (input, out) = (input.to_str().unwrap(), out.to_str().unwrap());
    let args =
        ["consolidate", input, "--period", "6-thang", "--year", "2024", "--as-of", "04/06/2024", "-o", out, "--strict"];
    baocao(&args).status.code()
}

#[test]
fn same_date_resend_is_a_conflict_decided_by_evidence_in_the_files_not_file_time() {
    // The older e-mail's attachment, saved to disk last, won on file time with no warning.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("nhan");
    std::fs::create_dir(&input).unwrap();
    let mut plain = Report::new("HTH", "Huyện Tân Hồng", (2024, 5, 25)).value("VB_CHIDAO", 4.0);
    plain.doc = "43/BC-UBND";
    let plain_path = input.join("Bao_cao_HTH_6 thang 2024.xlsx");
    plain.write(&plain_path);
    let mut fixed = Report::new("HTH", "Huyện Tân Hồng", (2024, 5, 25)).value("VB_CHIDAO", 7.0);
    fixed.doc = "43/BC-UBND";
    let fixed_path = input.join("Bao_cao_HTH_6 thang 2024 - ban cuoi.xlsx");
    fixed.write(&fixed_path);
    set_mtime(&fixed_path, 0);
    set_mtime(&plain_path, 3600);
    let out = tmp.path().join("tong-hop.xlsx");
    let json = consolidate_json(&input, &out, &[], 0);
    let hth = unit(&json, "HTH");
    assert!(hth["file"].as_str().unwrap().ends_with("ban cuoi.xlsx"));
    assert_eq!(hth["decided_by"], "correction_mark");
    assert!(hth["conflict"].as_str().unwrap().ends_with("Bao_cao_HTH_6 thang 2024.xlsx"));
    let plain_file = &hth["files"][1];
    assert_eq!((plain_file["role"].as_str(), plain_file["conflict"].as_bool()), (Some("superseded"), Some(true)));
    assert_eq!(plain_file["evidence"], "correction_mark");
    let vb = json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "VB_CHIDAO").unwrap();
    assert_eq!(vb["total"].as_f64(), Some(7.0));
    let note = hth["note"].as_str().unwrap();
    assert!(
        note.starts_with("XUNG ĐỘT: Bao_cao_HTH_6 thang 2024.xlsx cùng ngày báo cáo 25/05/2024 với Bao_cao_HTH_6 thang 2024 - ban cuoi.xlsx nhưng số liệu khác"),
        "{note}"
    );
    assert!(note.contains("căn cứ: ghi \"bản sửa\", \"bản cuối\" hoặc \"lần 2\" ở tên tệp hoặc tiêu đề"), "{note}");
    let row = row_of(&sheet(&out, "Tình hình nộp"), 1, "HTH");
    assert_eq!(row[11].to_string(), note);
    assert_eq!(strict_on_the_last_day(&input, &out), Some(1));

    // The mark in the title counts like the mark in the name; the same figures are no conflict.
    std::fs::remove_file(&fixed_path).unwrap();
    let mut titled = Report::new("HTH", "Huyện Tân Hồng", (2024, 5, 25)).value("VB_CHIDAO", 4.0);
    titled.doc = "43/BC-UBND";
    titled.title = "BÁO CÁO 6 THÁNG NĂM 2024 (BẢN SỬA)";
    let titled_path = input.join("A-gui-lai.xlsx");
    titled.write(&titled_path);
    set_mtime(&titled_path, 0);
    let json = consolidate_json(&input, &out, &[], 0);
    let hth = unit(&json, "HTH");
    assert!(hth["file"].as_str().unwrap().ends_with("A-gui-lai.xlsx"), "{hth}");
    assert_eq!((hth["decided_by"].as_str(), hth["conflict"].is_null()), (Some("correction_mark"), true));
    assert_eq!(strict_on_the_last_day(&input, &out), Some(0));
}

#[test]
fn a_file_for_another_period_or_year_leaves_the_unit_missing_and_says_so() {
    // HCL's yearly report and TPCL's copy of last year made both units look missing, and
    // status ended with "2 bỏ qua" without names or reasons.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("nhan");
    std::fs::create_dir(&input).unwrap();
    let mut hcl = Report::new("HCL", "Huyện Cao Lãnh", (2024, 6, 3));
    hcl.period = "Năm";
    hcl.write(&input.join("HCL-bao-cao.xlsx"));
    let mut tpcl = Report::new("TPCL", "Thành phố Cao Lãnh", (2023, 6, 2));
    tpcl.year = 2023.0;
    tpcl.write(&input.join("TPCL-6-thang.xlsx"));
    let out = tmp.path().join("tong-hop.xlsx");
    let json = consolidate_json(&input, &out, &[], 0);
    assert_eq!(unit(&json, "HCL")["status"], "missing");
    assert_eq!(unit(&json, "HCL")["note"], "đã nhận tệp của kỳ khác: HCL-bao-cao.xlsx (Năm 2024)");
    assert_eq!(unit(&json, "TPCL")["note"], "đã nhận tệp của kỳ khác: TPCL-6-thang.xlsx (6 tháng 2023)");
    assert_eq!(unit_files(&json, "HCL"), [("HCL-bao-cao.xlsx".to_string(), "skipped".to_string())]);
    assert_eq!(unit(&json, "HCL")["files"][0]["reason"], "báo cáo của kỳ khác (Năm 2024)");
    let row = row_of(&sheet(&out, "Tình hình nộp"), 1, "HCL");
    assert_eq!(
        (row[9].to_string(), row[11].to_string()),
        ("Chưa nộp".to_string(), "đã nhận tệp của kỳ khác: HCL-bao-cao.xlsx (Năm 2024)".to_string())
    );
    let text = status_text(&input);
    assert!(text.contains("HCL (Huyện Cao Lãnh): đã nhận tệp của kỳ khác: HCL-bao-cao.xlsx (Năm 2024)"), "{text}");
    assert!(text.contains("Tệp bỏ qua (2):\n  - HCL-bao-cao.xlsx: báo cáo của kỳ khác (Năm 2024)\n"), "{text}");
    assert!(text.contains("  - TPCL-6-thang.xlsx: báo cáo của kỳ khác (6 tháng 2023)\n"), "{text}");
}

#[test]
fn an_unreadable_subfolder_is_a_finding_and_the_workbook_is_still_written() {
    // "Lỗi: in/b: Permission denied (os error 13)", exit 2, no workbook. Root reads every
    // folder, so the test uses a folder whose path is longer than the system allows: listing
    // it fails for any user.
    let (tmp, input, out) = setup();
    let name = "t".repeat(200);
    let script =
        format!("cd '{}' && for i in $(seq 1 24); do mkdir {name} && cd {name} || exit 1; done", input.display());
    let made = Command::new("bash").arg("-c").arg(&script).status().unwrap();
    assert!(made.success());
    let json = consolidate_json(&input, &out, &[], 0);
    assert!(out.is_file());
    let failed: Vec<&Value> =
        json["files"].as_array().unwrap().iter().filter(|f| f["path"].as_str().unwrap().contains(&name)).collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["role"], "skipped");
    assert!(failed[0]["reason"].as_str().unwrap().starts_with("Không mở được tệp: "), "{}", failed[0]);
    assert_eq!(unit(&json, "SNV")["status"], "on_time");
    let checks = sheet(&out, "Kiểm tra");
    assert!(checks.rows().any(|r| r[1].to_string().contains(&name) && r[6] == "file-unreadable"));
    drop(tmp);
}

#[test]
fn register_lines_naming_no_unit_or_a_bad_date_are_warnings_and_the_run_completes() {
    // A quoted comma split the name and the line was dropped as a header (judged on time);
    // a non-unit sender, an unknown code or "32/05/2024" stopped the run with exit 2.
    let (_tmp, input, out) = setup();
    Report::new("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", (2024, 6, 3)).write(&input.join("SVHTTDL.xlsx"));
    // Kept in the folder it registers: listed once, as the register, never as "not a spreadsheet".
    let register = input.join("so-van-ban-den.csv");
    let text = "\"Sở Văn hóa, Thể thao và Du lịch\";05/06/2024\n\
                Công an Tỉnh;01/06/2024\n\
                XYZ;03/06/2024\n\
                TPCL;32/05/2024\n";
    std::fs::write(&register, text).unwrap();
    let json = consolidate_json(&input, &out, &["--received", register.to_str().unwrap()], 0);
    let svh = unit(&json, "SVHTTDL");
    assert_eq!((svh["status"].as_str(), svh["days_late"].as_i64()), (Some("late"), Some(1)));
    assert_eq!(unit(&json, "TPCL")["days_late"], 3);
    let checks = sheet(&out, "Kiểm tra");
    let warned: Vec<(String, String)> = checks
        .rows()
        .filter(|r| r[1].to_string().ends_with("so-van-ban-den.csv"))
        .map(|r| (r[6].to_string(), r[8].to_string()))
        .collect();
    assert_eq!(warned.len(), 3, "{warned:?}");
    assert_eq!(roles(&json)["so-van-ban-den.csv"], "skipped");
    let listed = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("so-van-ban-den.csv"))
        .count();
    assert_eq!(listed, 1);
    assert_eq!(warned[0].0, "received-not-a-unit");
    assert!(warned[0].1.starts_with("Sổ văn bản đến, dòng 2: \"Công an Tỉnh\""), "{}", warned[0].1);
    assert!(warned[2].1.starts_with("Sổ văn bản đến, dòng 4: ngày nhận \"32/05/2024\" của TPCL"), "{}", warned[2].1);

    // Saved by Excel on Vietnamese Windows (Windows-1258), tab-separated, with a header: the
    // name with diacritics matches. "Sở Văn hóa, Thể thao và Du lịch" in Windows-1258:
    let mut cp1258 = b"C\xf5 quan g\xfd\xd2i\tNga\xccy \xf0\xea\xecn\r\n".to_vec();
    cp1258.extend_from_slice(b"S\xf5\xd2 V\xe3n ho\xeca, Th\xea\xd2 thao va\xcc Du li\xf2ch\t06/06/2024\r\n");
    std::fs::write(&register, &cp1258).unwrap();
    let json = consolidate_json(&input, &out, &["--received", register.to_str().unwrap()], 0);
    assert_eq!(unit(&json, "SVHTTDL")["days_late"], 2);
}

#[test]
fn the_summary_names_every_file_not_counted_and_what_was_gathered() {
    // The summary said "3 bỏ qua" without names, and nothing of recommendations and models.
    let (_tmp, input, out) = setup();
    let run = consolidate(&input, &out, &[]);
    let text = String::from_utf8(run.stdout).unwrap();
    for line in [
        "Tệp bị thay thế (1):\n  - STP-lan-1.xlsx: bị thay thế bởi STP-lan-2.xlsx (căn cứ: ghi \"bản sửa\", \"bản cuối\" hoặc \"lần 2\" ở tên tệp hoặc tiêu đề)\n",
        "Tệp có lỗi, không tổng hợp (1):\n  - SYT.xlsx: có 1 lỗi, không tổng hợp\n",
        "  - HTH-nam-2023.xlsx: báo cáo của kỳ khác (Năm 2023)\n",
        "  - ghi-chu.txt: không phải bảng tính",
        "  - ~$SNV.xlsx: tệp khóa",
        "Đã tập hợp từ các báo cáo được tổng hợp: 21 nội dung kết quả thực hiện, 3 kiến nghị, 3 mô hình.",
    ] {
        assert!(text.contains(line), "{line}\n---\n{text}");
    }
    let en = String::from_utf8(consolidate(&input, &out, &["--lang", "en"]).stdout).unwrap();
    assert!(en.contains("Gathered from the counted reports: 21 task narratives, 3 recommendations, 3 models."), "{en}");
}

// Groups are plan data: a plan with a third group gets a third row in every status table and
// a third subtotal column, in the plan's order.
#[test]
fn a_plan_with_three_groups_has_three_rows_and_three_subtotals() {
    let (tmp, input, out) = setup();
    let third = "[[nhom]]\ncode = \"khac\"\nten = \"Cơ quan khác\"\nten_en = \"Other bodies\"\n\n";
    let text = baocao::plan::BUILTIN
        .replacen("[[nhom]]\ncode = \"xa-phuong\"", &format!("{third}[[nhom]]\ncode = \"xa-phuong\""), 1)
        .replacen(
            "code = \"STP\"\nten = \"Sở Tư pháp\"\nnhom = \"so-nganh\"",
            "code = \"STP\"\nten = \"Sở Tư pháp\"\nnhom = \"khac\"",
            1,
        );
    let plan_path = tmp.path().join("plan-ba-nhom.toml");
    std::fs::write(&plan_path, &text).unwrap();
    let json = consolidate_json(&input, &out, &["--plan", plan_path.to_str().unwrap()], 0);
    assert_eq!(unit(&json, "STP")["group"], "khac");
    let groups: Vec<&str> = json["groups"].as_array().unwrap().iter().map(|g| g["code"].as_str().unwrap()).collect();
    assert_eq!(groups, ["so-nganh", "huyen-tp", "khac"]);
    assert_eq!(json["groups"][2]["expected_units"], 1);
    let vb = json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "VB_CHIDAO").unwrap();
    assert_eq!(vb["by_group"], serde_json::json!({"so-nganh": 3.0, "huyen-tp": 4.0, "khac": 5.0}));

    // "Tổng hợp", part I: one row per group, then the total.
    let summary = sheet(&out, "Tổng hợp");
    let labels: Vec<String> = ["Sở, ngành Tỉnh", "UBND huyện, thành phố", "Cơ quan khác"]
        .iter()
        .map(|l| row_of(&summary, 1, l)[1].as_string().unwrap())
        .collect();
    assert_eq!(labels.len(), 3);
    assert_eq!(row_of(&summary, 1, "Cơ quan khác")[2].as_f64(), Some(1.0), "STP is the group's one unit");
    assert_eq!(row_of(&summary, 1, "Tổng cộng")[2].as_f64(), Some(33.0));

    // "Chỉ tiêu": Toàn tỉnh, then a column per group, then reported and expected.
    let totals = sheet(&out, "Chỉ tiêu");
    let header = totals.rows().find(|r| r.iter().any(|c| c.as_string().as_deref() == Some("Toàn tỉnh"))).unwrap();
    let header: Vec<String> = header.iter().map(|c| c.as_string().unwrap_or_default()).collect();
    assert_eq!(
        header[5..],
        [
            "Toàn tỉnh",
            "Sở, ngành Tỉnh",
            "UBND huyện, thành phố",
            "Cơ quan khác",
            "Đơn vị đã báo cáo",
            "Đơn vị phải báo cáo"
        ]
    );
    let vb = row_of(&totals, 1, "VB_CHIDAO");
    let figures: Vec<Option<f64>> = vb[5..10].iter().map(DataType::as_f64).collect();
    // SNV 3, TPCL 4, STP 5 (its latest report): 12 in all, 3 units reported.
    assert_eq!(figures, [Some(12.0), Some(3.0), Some(4.0), Some(5.0), Some(3.0)]);

    // "Biểu đồ": the status table the chart draws from has the three groups.
    let charts = sheet(&out, "Biểu đồ");
    for label in ["Sở, ngành Tỉnh", "UBND huyện, thành phố", "Cơ quan khác"] {
        row_of(&charts, 0, label);
    }
}
