//! `baocao tong-ket`: the shipped example reports are consolidated by the real binary for two
//! cycles (6 tháng 2024, and Năm 2023 from the one yearly report the examples hold, TPSD's),
//! the term's summary is made from those workbooks, and what a user reads in it is checked:
//! the cover naming every missing cycle and every file not used, a unit's record, an
//! indicator's rows per year, the recommendations with their cycle, the JSON.

use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::common::baocao;

use crate::common::copy_examples;

/// Consolidates the examples for `period`/`year` into `out`; the consolidation's JSON.
fn consolidate(dir: &Path, period: &str, year: &str, as_of: &str, out: &str) -> Value {
    let run = baocao(dir)
        .args(["consolidate", "reports", "--period", period, "--year", year, "--as-of", as_of, "-o", out])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

/// The two example cycles consolidated: (temp dir, JSON of 6 tháng 2024, JSON of Năm 2023).
fn two_cycles() -> (tempfile::TempDir, Value, Value) {
    let tmp = tempfile::tempdir().unwrap();
    copy_examples(tmp.path());
    let half = consolidate(tmp.path(), "6-thang", "2024", "2024-06-20", "tong-hop-6-thang-2024.xlsx");
    let year = consolidate(tmp.path(), "nam", "2023", "2023-11-15", "tong-hop-nam-2023.xlsx");
    (tmp, half, year)
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// Every cell's text of a sheet.
fn texts(range: &calamine::Range<Data>) -> Vec<String> {
    range.cells().filter_map(|(_, _, c)| c.as_string()).collect()
}

/// The column whose header (row 3) is `header`.
fn col(range: &calamine::Range<Data>, header: &str) -> usize {
    let row = range.rows().nth(2).unwrap();
    row.iter().position(|c| c.as_string().as_deref() == Some(header)).unwrap_or_else(|| panic!("no column {header}"))
}

/// The index of the row whose column `col` holds `key`.
fn row_index(range: &calamine::Range<Data>, col: usize, key: &str) -> usize {
    range
        .rows()
        .position(|r| r.get(col).is_some_and(|c| c.as_string().as_deref() == Some(key)))
        .unwrap_or_else(|| panic!("no row with {key}"))
}

fn total_of(json: &Value, code: &str) -> Option<f64> {
    json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap()["total"].as_f64()
}

#[test]
fn the_term_summary_of_two_example_cycles_holds_what_each_cycle_said() {
    let (tmp, half, year) = two_cycles();
    let dir = tmp.path();
    let run = baocao(dir)
        .args(["tong-ket", "tong-hop-nam-2023.xlsx", "tong-hop-6-thang-2024.xlsx", "-o", "tong-ket.xlsx"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&run.stderr));
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let out = dir.join("tong-ket.xlsx");

    // Cover: the term, the eight cycles, the missing ones named.
    let cover = sheet(&out, "Tổng kết");
    let cover_text = texts(&cover).join("\n");
    assert!(cover_text.contains("giai đoạn 2022–2025"), "{cover_text}");
    // A report Sở Nội vụ signs and sends: agency and Quốc hiệu, number, "Kính gửi" the 2025
    // recipients, "Nơi nhận" and the signer (the review found none of them).
    for part in [
        "UBND TỈNH ĐỒNG THÁP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "/BC-SNV",
        "BÁO CÁO",
        "Kính gửi:",
        "- Ban Tuyên giáo và Dân vận Tỉnh ủy.",
        "Nơi nhận:",
    ] {
        assert!(cover_text.contains(part), "{part}: {cover_text}");
    }
    assert!(cover_text.contains("- 6 tháng 2023: không có bảng tổng hợp"), "{cover_text}");
    assert!(cover_text.contains("- Năm 2025: không có bảng tổng hợp"), "{cover_text}");
    assert!(!cover_text.contains("- Năm 2023: không có"), "{cover_text}");
    let r = row_index(&cover, 1, "6 tháng 2024");
    assert_eq!(cover.get((r, 2)).and_then(DataType::as_string).as_deref(), Some("tong-hop-6-thang-2024.xlsx"));

    // A unit's record: late with its days, missing, counted per status.
    let units = sheet(&out, "Đơn vị");
    let (half_col, year_col) = (col(&units, "6 tháng 2024"), col(&units, "Năm 2023"));
    let cell = |code: &str, c: usize| {
        let r = row_index(&units, 1, code);
        units.get((r, c)).and_then(DataType::as_string).unwrap_or_default()
    };
    assert_eq!(cell("SKHCN", half_col), "trễ 3 ngày");
    assert_eq!(cell("TPHN", half_col), "trễ 11 ngày");
    assert_eq!(cell("HTN", half_col), "chưa nộp");
    assert_eq!(cell("STNMT", half_col), "có lỗi");
    assert_eq!(cell("HTN", year_col), "chưa nộp");
    assert_eq!(cell("SKHCN", col(&units, "6 tháng 2022")), "", "no workbook: blank");
    let r = row_index(&units, 1, "HTN");
    assert_eq!(units.get((r, col(&units, "Chưa nộp"))).and_then(DataType::as_f64), Some(2.0));
    let tpsd_year = json["units"].as_array().unwrap().iter().find(|u| u["code"] == "TPSD").unwrap()["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["period"] == "nam" && c["year"] == 2023)
        .unwrap()["status"]
        .clone();
    assert!(matches!(tpsd_year.as_str(), Some("on_time" | "late")), "TPSD reported for Năm 2023: {tpsd_year}");

    // An indicator's rows per year: each cycle's province total, blank where there is none.
    let inds = sheet(&out, "Chỉ tiêu");
    let code = "TTHC_TIEPNHAN";
    // Titled by the plan's numbering and name, not the code.
    let plan = baocao::plan::parse(baocao::plan::BUILTIN, baocao::plan::BUILTIN_NAME).unwrap();
    let (number, ind) = plan.indicators.iter().enumerate().find(|(_, i)| i.code == code).unwrap();
    let heading = format!("{}. {} (", number + 1, ind.name);
    let title = row_index(&inds, 0, &texts(&inds).into_iter().find(|t| t.starts_with(&heading)).unwrap());
    let row =
        |y: f64| (title + 1..title + 5).find(|r| inds.get((*r, 0)).and_then(DataType::as_f64) == Some(y)).unwrap();
    let (c6, cy) = (col(&inds, "6 tháng"), col(&inds, "Năm"));
    let value = |r: usize, c: usize| inds.get((r, c)).and_then(DataType::as_f64);
    assert_eq!(value(row(2024.0), c6), total_of(&half, code));
    assert!(total_of(&half, code).is_some());
    assert_eq!(value(row(2023.0), cy), total_of(&year, code));
    assert!(total_of(&year, code).is_some(), "TPSD's yearly figure");
    assert_eq!(value(row(2024.0), cy), None, "Năm 2024 has no workbook: blank, not 0");
    assert_eq!(value(row(2022.0), c6), None);
    // How many units each total stands for: Năm 2023 is TPSD's report alone.
    let coverage = |r: usize, c: usize| inds.get((r, c)).map(ToString::to_string).unwrap_or_default();
    let (units_half, units_year) = (col(&inds, "Đơn vị (6 tháng)"), col(&inds, "Đơn vị (Năm)"));
    assert!(coverage(row(2023.0), units_year).starts_with("1/"), "{}", coverage(row(2023.0), units_year));
    let half_ind = half["indicators"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap();
    assert_eq!(
        coverage(row(2024.0), units_half),
        format!("{}/{}", half_ind["reported_units"], half_ind["expected_units"]),
        "as the cycle's consolidation counted"
    );
    assert_eq!(coverage(row(2024.0), units_year), "", "no workbook: no coverage");

    // Every indicator's total of each cycle equals that cycle's consolidation (JSON).
    let mut compared = 0;
    for (given, period, year) in [(&half, "6-thang", 2024), (&year, "nam", 2023)] {
        for ind in given["indicators"].as_array().unwrap() {
            let code = ind["code"].as_str().unwrap();
            let term = json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap();
            let v = term["values"].as_array().unwrap().iter().find(|v| v["period"] == period && v["year"] == year);
            let v = v.unwrap();
            let expected = if ind["due"] == true { ind["total"].as_f64() } else { None };
            match (v["total"].as_f64(), expected) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{code} {period} {year}: {a} against {b}"),
                (a, b) => assert_eq!(a, b, "{code} {period} {year}"),
            }
            compared += usize::from(expected.is_some());
        }
    }
    assert!(compared > 30, "only {compared} totals compared");

    // Recommendations with their cycle.
    let recs = sheet(&out, "Kiến nghị");
    let first = &half["recommendations"][0];
    let r = row_index(&recs, col(&recs, "Kiến nghị"), first["text"].as_str().unwrap());
    assert_eq!(recs.get((r, col(&recs, "Kỳ báo cáo"))).and_then(DataType::as_string).as_deref(), Some("6 tháng 2024"));
    assert_eq!(recs.get((r, col(&recs, "Mã"))).and_then(DataType::as_string).as_deref(), first["unit"].as_str());

    // Print-ready: A4, page numbers from the second page on every sheet; a trend chart per main
    // indicator, drawn from its rows on "Chỉ tiêu".
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    for name in names.iter().filter(|n| n.starts_with("xl/worksheets/sheet")) {
        let xml = read(&mut zip, name);
        assert!(xml.contains("paperSize=\"9\""), "{name} not A4");
        assert!(xml.contains("<headerFooter differentFirst=\"1\""), "{name} numbers its first page");
    }
    let main = json["indicators"].as_array().unwrap().iter().filter(|i| i["main"] == true).count();
    let charts: Vec<&String> = names.iter().filter(|n| n.starts_with("xl/charts/chart")).collect();
    assert_eq!(charts.len(), main);
    let chart = read(&mut zip, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:lineChart>"), "a line chart");
    assert!(chart.contains("'Chỉ tiêu'!$B$"), "drawn from Chỉ tiêu");

    // JSON, stable names.
    assert_eq!(json["plan"], "15/KH-UBND");
    assert_eq!((json["first_year"].as_i64(), json["last_year"].as_i64()), (Some(2022), Some(2025)));
    assert_eq!(json["cycles"].as_array().unwrap().len(), 8);
    let missing: Vec<&str> = json["missing"].as_array().unwrap().iter().map(|m| m["label"].as_str().unwrap()).collect();
    assert_eq!(missing, ["6 tháng 2022", "Năm 2022", "6 tháng 2023", "Năm 2024", "6 tháng 2025", "Năm 2025"]);
    assert!(json["rejected"].as_array().unwrap().is_empty());
    let ind = json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap();
    let v = ind["values"].as_array().unwrap().iter().find(|v| v["period"] == "6-thang" && v["year"] == 2024).unwrap();
    assert_eq!(v["total"].as_f64(), total_of(&half, code));
    let v = ind["values"].as_array().unwrap().iter().find(|v| v["period"] == "nam" && v["year"] == 2024).unwrap();
    assert_eq!((v["present"].as_bool(), v["total"].is_null()), (Some(false), true));
    let skhcn = json["units"].as_array().unwrap().iter().find(|u| u["code"] == "SKHCN").unwrap();
    let c = skhcn["cycles"].as_array().unwrap().iter().find(|c| c["period"] == "6-thang" && c["year"] == 2024).unwrap();
    assert_eq!(
        (c["status"].as_str(), c["days_late"].as_i64(), c["text"].as_str()),
        (Some("late"), Some(3), Some("trễ 3 ngày"))
    );
    assert_eq!(skhcn["counts"]["late"], 1);
    let rec = &json["recommendations"].as_array().unwrap().iter().find(|x| x["text"] == first["text"]).unwrap();
    assert_eq!((rec["period"].as_str(), rec["year"].as_i64()), (Some("6-thang"), Some(2024)));
    assert_eq!(
        json["recommendations"].as_array().unwrap().len(),
        half["recommendations"].as_array().unwrap().len() + year["recommendations"].as_array().unwrap().len()
    );
    assert_eq!(json["models"].as_array().unwrap().len(), 63 + year["models"].as_array().unwrap().len());
    let nv1 = &json["tasks"].as_array().unwrap().iter().find(|t| t["code"] == "NV1").unwrap()["cycles"];
    let c = nv1.as_array().unwrap().iter().find(|c| c["period"] == "6-thang" && c["year"] == 2024).unwrap();
    let given = half["tasks"].as_array().unwrap().iter().find(|t| t["code"] == "NV1").unwrap();
    for (label, n) in c["counts"].as_object().unwrap() {
        assert_eq!(n.as_u64().unwrap(), given["counts"][label].as_u64().unwrap_or(0), "{label}");
    }
}

#[test]
fn bad_files_are_named_and_the_others_are_summed_up() {
    let (tmp, _half, _year) = two_cycles();
    let dir = tmp.path();
    std::fs::copy(dir.join("tong-hop-6-thang-2024.xlsx"), dir.join("ban-sao.xlsx")).unwrap();
    let unit_report = "reports/so-nganh/bao-cao_SNV_6-thang_2024.xlsx";
    let before = std::fs::read(dir.join(unit_report)).unwrap();
    let run = baocao(dir)
        .args(["summary", "tong-hop-6-thang-2024.xlsx", unit_report, "ban-sao.xlsx", "khong-co.xlsx"])
        // The same file named twice is read once, not refused as its own duplicate.
        .args(["tong-hop-nam-2023.xlsx", "./tong-hop-6-thang-2024.xlsx", "-o", "tong-ket.xlsx", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(std::fs::read(dir.join(unit_report)).unwrap(), before, "inputs are never modified");
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let rejected: Vec<(&str, &str)> = json["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rejected,
        [
            (unit_report, "summary-unit-report"),
            ("khong-co.xlsx", "summary-not-found"),
            ("ban-sao.xlsx", "summary-duplicate"),
        ]
    );
    assert_eq!(json["cycles"].as_array().unwrap().iter().filter(|c| c["present"] == true).count(), 2);
    let cover = texts(&sheet(&dir.join("tong-ket.xlsx"), "Tổng kết")).join("\n");
    assert!(
        cover.contains(
            "ban-sao.xlsx và tong-hop-6-thang-2024.xlsx đều là bảng tổng hợp 6 tháng 2024; dùng tong-hop-6-thang-2024.xlsx"
        ),
        "{cover}"
    );
    assert!(cover.contains(&format!("{unit_report} là báo cáo của một đơn vị, không phải bảng tổng hợp")), "{cover}");

    // English terminal output with --lang en.
    let run = baocao(dir)
        .args(["tong-ket", "tong-hop-6-thang-2024.xlsx", unit_report, "reports/ghi-chu.txt"])
        .args(["-o", "tong-ket-en.xlsx", "--lang", "en"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let text = String::from_utf8(run.stdout).unwrap();
    assert!(text.contains("Summary of the term 2022–2025: 1 of 8 periods"), "{text}");
    assert!(text.contains(&format!("{unit_report} is a unit's report, not a consolidated workbook")), "{text}");
    // What the reader found in a file it cannot read is said in English too.
    let line = text.lines().find(|l| l.starts_with("- Cannot read reports/ghi-chu.txt: ")).expect(&text);
    assert!(line.is_ascii() || !line.contains("Tệp"), "{line}");
    assert!(line.ends_with("Pass the consolidated .xlsx workbook that \"baocao consolidate\" wrote (-o)."), "{line}");
    assert!(!line.contains(".."), "{line}");
}

#[test]
fn a_folder_of_workbooks_is_summed_up_again_and_again_with_the_summary_written_inside_it() {
    let (tmp, _half, _year) = two_cycles();
    let dir = tmp.path();
    let folder = dir.join("tong-hop");
    std::fs::create_dir(&folder).unwrap();
    for name in ["tong-hop-6-thang-2024.xlsx", "tong-hop-nam-2023.xlsx"] {
        std::fs::rename(dir.join(name), folder.join(name)).unwrap();
    }
    std::fs::write(folder.join("~$tong-hop-nam-2023.xlsx"), "lock").unwrap();
    // Each run's workbook, byte for byte: the same workbooks must give the same file (the
    // creation date was the clock's).
    let mut written = Vec::new();
    for _ in 0..2 {
        let run = baocao(dir)
            .args(["tong-ket", "tong-hop", "-o", "tong-hop/tong-ket.xlsx", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&run.stderr));
        let json: Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(json["cycles"].as_array().unwrap().iter().filter(|c| c["present"] == true).count(), 2);
        assert!(json["rejected"].as_array().unwrap().is_empty(), "{}", json["rejected"]);
        written.push(std::fs::read(folder.join("tong-ket.xlsx")).unwrap());
        // Over a second apart, so that a date taken from the clock would differ.
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    assert!(written[0] == written[1], "two runs over the same workbooks wrote different bytes");
}

#[test]
fn the_output_named_as_an_input_is_refused_before_anything_is_written() {
    let (tmp, _half, _year) = two_cycles();
    let dir = tmp.path();
    let before = std::fs::read(dir.join("tong-hop-nam-2023.xlsx")).unwrap();
    let run =
        baocao(dir).args(["tong-ket", "tong-hop-nam-2023.xlsx", "-o", "tong-hop-nam-2023.xlsx"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("cũng là một bảng tổng hợp đầu vào"));
    assert_eq!(std::fs::read(dir.join("tong-hop-nam-2023.xlsx")).unwrap(), before);
}

/// The README's tổng kết step, run as written (from the repository's examples).
#[test]
fn the_readme_summary_commands_run() {
    // The workbooks the README makes before its tổng kết (steps 1 and 4, the 2025 section),
    // then its two tổng kết commands, each as the README writes it.
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let commands = [
        "consolidate examples/reports-2023 --period 6-thang --year 2023 --as-of 2023-06-20 -o tong-hop-6-thang-2023.xlsx",
        "consolidate examples/reports --period 6-thang --year 2024 --as-of 2024-06-20 -o tong-hop-6-thang-2024.xlsx",
        "consolidate examples/reports-2025/6-thang-2025 --period 6-thang --year 2025 --as-of 2025-06-20 -o tong-hop-6-thang-2025.xlsx",
        "consolidate examples/reports-2025/nam-2025 --period nam --year 2025 --as-of 2025-11-10 -o tong-hop-nam-2025.xlsx",
        "consolidate examples/reports --period nam --year 2023 --as-of 2023-11-15 -o tong-hop-nam-2023.xlsx",
        "tong-ket tong-hop-6-thang-2023.xlsx tong-hop-nam-2023.xlsx tong-hop-6-thang-2024.xlsx tong-hop-6-thang-2025.xlsx tong-hop-nam-2025.xlsx -o tong-ket-2022-2025.xlsx",
    ];
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for command in commands {
        assert!(readme.contains(command), "README no longer shows: {command}");
        let args: Vec<String> = command
            .split_whitespace()
            .map(|a| if a.starts_with("examples/") { root.join(a).display().to_string() } else { a.to_string() })
            .collect();
        let run = baocao(tmp.path()).args(&args).output().unwrap();
        assert_eq!(run.status.code(), Some(0), "{command}: {}", String::from_utf8_lossy(&run.stderr));
    }
    let text = texts(&sheet(&tmp.path().join("tong-ket-2022-2025.xlsx"), "Tổng kết")).join("\n");
    // Five cycles of eight given; the three others named, never skipped silently.
    for missing in ["6 tháng 2022", "Năm 2022", "Năm 2024"] {
        assert!(text.contains(&format!("- {missing}: không có bảng tổng hợp")), "{missing}: {text}");
    }
    assert!(!text.contains("- 6 tháng 2025: không có bảng tổng hợp"), "{text}");
}
