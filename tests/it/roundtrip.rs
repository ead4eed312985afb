//! A template from `baocao template`, filled in by other software, validates clean; left
//! blank, it gives exactly the findings for the blanks.
//!
//! The filling edits the workbook's XML directly, as any office program saving the file would:
//! nothing in it comes from baocao's own writer.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};

use crate::common::bin as baocao;

fn template(dir: &Path, unit: &str) -> PathBuf {
    let path = dir.join(format!("{unit}.xlsx"));
    baocao()
        .current_dir(dir)
        .args(["template", "--unit", unit, "--period", "6-thang", "--year", "2024", "-o"])
        .arg(&path)
        .assert()
        .success();
    path
}

/// Values to put into cells, per sheet XML part: "A1" → value.
enum V {
    Text(String),
    Number(f64),
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Rewrites the empty styled cells `<c r="X" s="N"/>` of the template with values.
fn fill(path: &Path, out: &Path, edits: &BTreeMap<&str, BTreeMap<String, V>>) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if let Some(cells) = edits.get(name.as_str()) {
            let mut xml = String::from_utf8(bytes).unwrap();
            for (cell, value) in cells {
                let open = format!("<c r=\"{cell}\" ");
                let start = xml.find(&open).unwrap_or_else(|| panic!("{cell} not in {name}"));
                let end = start + xml[start..].find("/>").unwrap() + 2;
                let element = &xml[start..end];
                let style = element.split("s=\"").nth(1).map(|s| s.split('"').next().unwrap().to_string());
                let s_attr = style.map(|s| format!(" s=\"{s}\"")).unwrap_or_default();
                let new = match value {
                    V::Text(t) => {
                        format!("<c r=\"{cell}\"{s_attr} t=\"inlineStr\"><is><t>{}</t></is></c>", xml_escape(t))
                    }
                    V::Number(n) => format!("<c r=\"{cell}\"{s_attr}><v>{n}</v></c>"),
                };
                xml.replace_range(start..end, &new);
            }
            bytes = xml.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// The rows of column A holding entered indicator codes on "Chỉ tiêu" (rates excluded).
fn indicator_rows(path: &Path) -> Vec<(u32, String)> {
    let plan = baocao::plan::load(None).unwrap();
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range("Chỉ tiêu").unwrap();
    let mut rows = Vec::new();
    for (r, row) in range.rows().enumerate() {
        let Some(Data::String(code)) = row.first() else { continue };
        if let Some(ind) = plan.indicator(code)
            && !matches!(ind.kind, baocao::plan::Kind::Rate { .. })
        {
            rows.push((r as u32 + range.start().unwrap().0, code.clone()));
        }
    }
    rows
}

fn value_for(code: &str) -> V {
    let n = match code {
        "KH_NAM" => return V::Text("Có".into()),
        "HN_QUANTRIET" => 5.0,
        "HN_LUOTNGUOI" => 150.0,
        "TTHC_TIEPNHAN" => 1200.0,
        "TTHC_DUNGHAN" => 1150.0,
        "TTHC_TRUCTUYEN" => 640.0,
        "KS_PHIEU" => 300.0,
        "KS_HAILONG" => 285.0,
        "TCD_LUOT" => 24.0,
        "TCD_NGUOI" => 31.0,
        "TCD_DINHKY_TH" => 6.0,
        "TCD_DINHKY_QD" => 8.0,
        "DON_TIEPNHAN" => 18.0,
        "DON_THAMQUYEN" => 11.0,
        "DON_GIAIQUYET" => 10.0,
        "PBGDPL_CUOC" => 14.0,
        "PBGDPL_NGUOI" => 1260.0,
        "DVK_MOHINH" => 3.0,
        "DVK_DIENHINH" => 2.0,
        _ => 4.0,
    };
    V::Number(n)
}

fn filled_edits(path: &Path) -> BTreeMap<&'static str, BTreeMap<String, V>> {
    let mut info = BTreeMap::new();
    info.insert("B8".to_string(), V::Text("45/BC-UBND".into()));
    // 04/06/2024 as an Excel date serial, as office programs store a typed date.
    info.insert("B9".to_string(), V::Number(45_447.0));
    info.insert("B10".to_string(), V::Text("Nguyễn Thị Hoa".into()));
    info.insert("B11".to_string(), V::Text("0277 3851 234".into()));
    info.insert("B12".to_string(), V::Text("vanphong@thapmuoi.dongthap.gov.vn".into()));
    let mut tasks = BTreeMap::new();
    for (i, code) in ["NV1", "NV2", "NV3", "NV4", "NV5", "NV6", "NV7", "NV8", "NV9"].iter().enumerate() {
        let row = 5 + i;
        let due = !matches!(*code, "NV7" | "NV8");
        let status = if due { "Hoàn thành" } else { "Chưa thực hiện" };
        tasks.insert(format!("C{row}"), V::Text(status.into()));
        if due {
            tasks.insert(
                format!("D{row}"),
                V::Text(format!("Đã triển khai {code} đến 100% cơ quan, đơn vị trên địa bàn huyện.")),
            );
        }
    }
    let mut indicators = BTreeMap::new();
    for (row, code) in indicator_rows(path) {
        indicators.insert(format!("D{}", row + 1), value_for(&code));
    }
    let mut recs = BTreeMap::new();
    recs.insert(
        "B5".to_string(),
        V::Text("Đề nghị Tỉnh bố trí kinh phí tập huấn cho cán bộ tiếp công dân cấp xã.".into()),
    );
    recs.insert("C5".to_string(), V::Text("UBND Tỉnh".into()));
    let mut models = BTreeMap::new();
    models.insert("B5".to_string(), V::Text("Hội quán nông dân ấp Mỹ Thị".into()));
    models.insert("C5".to_string(), V::Text("Kinh tế".into()));
    models.insert("D5".to_string(), V::Text("Liên kết 42 hộ trồng sen, tăng thu nhập 15%.".into()));
    BTreeMap::from([
        ("xl/worksheets/sheet1.xml", info),
        ("xl/worksheets/sheet2.xml", tasks),
        ("xl/worksheets/sheet3.xml", indicators),
        ("xl/worksheets/sheet4.xml", recs),
        ("xl/worksheets/sheet5.xml", models),
    ])
}

fn validate_json(path: &Path) -> serde_json::Value {
    let out = baocao().args(["validate", "--format", "json", "--as-of", "2024-06-10"]).arg(path).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_filled_template_validates_clean() {
    let dir = tempfile::tempdir().unwrap();
    let blank = template(dir.path(), "HTM");
    let filled = dir.path().join("HTM-filled.xlsx");
    fill(&blank, &filled, &filled_edits(&blank));
    let out = baocao().args(["validate", "--as-of", "2024-06-10"]).arg(&filled).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let v = validate_json(&filled);
    let file = &v["files"][0];
    assert_eq!(file["findings"], serde_json::json!([]), "{file}");
    assert_eq!(
        (file["unit"].as_str(), file["period"].as_str(), file["year"].as_i64()),
        (Some("HTM"), Some("6-thang"), Some(2024))
    );
}

#[test]
fn a_filled_template_with_a_broken_rule_names_both_cells() {
    let dir = tempfile::tempdir().unwrap();
    let blank = template(dir.path(), "HTM");
    let mut edits = filled_edits(&blank);
    let rows: BTreeMap<String, u32> = indicator_rows(&blank).into_iter().map(|(r, c)| (c, r + 1)).collect();
    edits.get_mut("xl/worksheets/sheet3.xml").unwrap().insert(format!("D{}", rows["DON_GIAIQUYET"]), V::Number(12.0));
    let filled = dir.path().join("HTM-filled.xlsx");
    fill(&blank, &filled, &edits);
    let v = validate_json(&filled);
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "rule-failed");
    assert_eq!(findings[0]["cell"], format!("D{}", rows["DON_GIAIQUYET"]));
    let message = findings[0]["message"].as_str().unwrap();
    assert!(message.contains(&format!("D{}", rows["DON_THAMQUYEN"])), "{message}");
}

#[test]
fn a_blank_template_gives_exactly_the_findings_for_the_blanks() {
    let dir = tempfile::tempdir().unwrap();
    let blank = template(dir.path(), "HTM");
    let v = validate_json(&blank);
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let got: Vec<(String, String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["sheet"].as_str().unwrap_or("").into(),
                f["cell"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let mut expected = vec![("date-missing".to_string(), "Thông tin".to_string(), "B9".to_string())];
    // Every task due in the 6-month report lacks its status; NV7 and NV8 are not due yet.
    for (i, code) in ["NV1", "NV2", "NV3", "NV4", "NV5", "NV6", "NV7", "NV8", "NV9"].iter().enumerate() {
        if !matches!(*code, "NV7" | "NV8") {
            expected.push(("status-missing".into(), "Nhiệm vụ".into(), format!("C{}", 5 + i)));
        }
    }
    // Every owed indicator of a due task is blank (a warning: blank is not 0).
    let plan = baocao::plan::load(None).unwrap();
    for (row, code) in indicator_rows(&blank) {
        if plan.task(&plan.indicator(&code).unwrap().task).unwrap().is_due_in("6-thang") {
            let yes_no = plan.indicator(&code).unwrap().kind == baocao::plan::Kind::YesNo;
            let code = if yes_no { "indicator-blank-yesno" } else { "indicator-blank" };
            expected.push((code.into(), "Chỉ tiêu".into(), format!("D{}", row + 1)));
        }
    }
    let mut got_sorted = got.clone();
    got_sorted.sort();
    expected.sort();
    assert_eq!(got_sorted, expected);
    assert_eq!(v["files"][0]["errors"], 8);
}

// A clerk who typed "-" in the greyed rows of tasks not due yet (NV7, NV8) had a good report
// rejected with four errors; a dash in a due row must still ask for 0.
#[test]
fn dashes_in_the_greyed_not_due_rows_are_blank_and_in_a_due_row_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let blank = template(dir.path(), "HTM");
    let plan = baocao::plan::load(None).unwrap();
    let mut edits = filled_edits(&blank);
    let mut not_due = Vec::new();
    for (row, code) in indicator_rows(&blank) {
        if !plan.task(&plan.indicator(&code).unwrap().task).unwrap().is_due_in("6-thang") {
            edits.get_mut("xl/worksheets/sheet3.xml").unwrap().insert(format!("D{}", row + 1), V::Text("-".into()));
            not_due.push(code);
        }
    }
    assert_eq!(not_due, ["KIEMTRA", "TAPHUAN", "KT_TAPTHE", "KT_CANHAN"]);
    let filled = dir.path().join("HTM-filled.xlsx");
    fill(&blank, &filled, &edits);
    let v = validate_json(&filled);
    assert_eq!(v["files"][0]["findings"], serde_json::json!([]), "{v}");

    let rows: BTreeMap<String, u32> = indicator_rows(&blank).into_iter().map(|(r, c)| (c, r + 1)).collect();
    edits.get_mut("xl/worksheets/sheet3.xml").unwrap().insert(format!("D{}", rows["TCD_LUOT"]), V::Text("–".into()));
    fill(&blank, &filled, &edits);
    let v = validate_json(&filled);
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        (findings[0]["code"].as_str(), findings[0]["cell"].as_str()),
        (Some("value-placeholder"), Some(format!("D{}", rows["TCD_LUOT"]).as_str()))
    );
}
