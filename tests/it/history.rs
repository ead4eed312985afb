//! Reading a consolidated workbook back (`baocao::history`): the shipped example reports are
//! consolidated by the real binary (the README's first command, with `--format json`), the
//! workbook is read back, and what it gives equals what the consolidation itself said.

use std::path::{Path, PathBuf};

use baocao::history::{self, ReadError, Submission};
use baocao::messages::Lang;
use baocao::plan::{BUILTIN, BUILTIN_NAME, Plan, parse};
use serde_json::Value;

fn plan() -> Plan {
    parse(BUILTIN, BUILTIN_NAME).expect("shipped plan loads")
}

use crate::common::copy_examples;

/// The README's first command, with `--format json`: (JSON, workbook path, temp dir).
fn consolidate_examples() -> (Value, PathBuf, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    copy_examples(tmp.path());
    let out = assert_cmd::Command::cargo_bin("baocao")
        .unwrap()
        .current_dir(tmp.path())
        .env_remove("BAOCAO_PLAN")
        .env_remove("BAOCAO_LANG")
        .args(["consolidate", "reports", "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"])
        .args(["-o", "tong-hop-6-thang-2024.xlsx", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (json, tmp.path().join("tong-hop-6-thang-2024.xlsx"), tmp)
}

#[test]
fn the_consolidated_examples_read_back_as_the_consolidation_gave_them() {
    let plan = plan();
    let (json, workbook, _tmp) = consolidate_examples();
    let cycle = history::read(&plan, &workbook).unwrap_or_else(|e| panic!("{}", e.render(Lang::En)));

    // Identity, from the document properties.
    assert_eq!(cycle.identity.plan_id, plan.id);
    assert_eq!(cycle.identity.plan_name, plan.title);
    assert_eq!((cycle.identity.period.as_str(), cycle.identity.year), ("6-thang", 2024));
    assert_eq!(cycle.identity.version, env!("CARGO_PKG_VERSION"));
    assert!(cycle.findings.is_empty(), "{:?}", cycle.findings);

    // Named facts of the examples (examples/reports/README.md).
    let skhcn = cycle.unit("SKHCN").unwrap();
    assert_eq!((skhcn.status, skhcn.days_late, skhcn.group.as_str()), (Some(Submission::Late), Some(3), "so-nganh"));
    assert_eq!(skhcn.submitted, chrono::NaiveDate::from_ymd_opt(2024, 6, 7));
    assert_eq!(cycle.unit("HTN").unwrap().status, Some(Submission::Missing));
    assert_eq!(cycle.unit("STNMT").unwrap().status, Some(Submission::Invalid));
    assert_eq!(cycle.unit("HCL").unwrap().doc_number.as_deref(), Some("58/BC-UBND"));
    assert_eq!(cycle.models.len(), 63);
    assert_eq!(cycle.recommendations.len(), 58);

    // Every unit as the consolidation gave it.
    let units = json["units"].as_array().unwrap();
    assert_eq!(cycle.units.len(), units.len());
    for (read, given) in cycle.units.iter().zip(units) {
        assert_eq!(read.code, given["code"].as_str().unwrap());
        assert_eq!(read.name, given["name"].as_str().unwrap());
        assert_eq!(read.group, given["group"].as_str().unwrap());
        assert_eq!(read.status.map(Submission::id), given["status"].as_str(), "{}", read.code);
        assert_eq!(read.days_late, given["days_late"].as_i64(), "{}", read.code);
        assert_eq!(read.submitted.map(|d| d.to_string()).as_deref(), given["submitted"].as_str(), "{}", read.code);
    }

    // Every indicator's province total, a rate included.
    let mut compared = 0;
    for given in json["indicators"].as_array().unwrap() {
        let code = given["code"].as_str().unwrap();
        let read = cycle.indicator(code).unwrap();
        assert_eq!(read.due, given["due"].as_bool().unwrap(), "{code}");
        if read.due {
            assert_eq!(read.expected_units, given["expected_units"].as_u64().map(|n| n as usize), "{code}");
        }
        match (read.total, given["total"].as_f64()) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{code}: {a} read, {b} given"),
            (a, b) => assert_eq!(a, b, "{code}"),
        }
        if read.total.is_some() {
            compared += 1;
            assert_eq!(read.reported_units, given["reported_units"].as_u64().map(|n| n as usize), "{code}");
        }
    }
    assert!(compared > 20, "only {compared} totals compared");
    let rate = cycle.indicator("TL_DUNGHAN").unwrap();
    let recomputed =
        cycle.figure(&plan, &cycle.units.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(), "TL_DUNGHAN");
    assert!((rate.total.unwrap() - recomputed.unwrap()).abs() < 1e-9, "a rate from the summed parts of Dữ liệu");
    assert_eq!(rate.by_group.iter().map(|(g, _)| g.as_str()).collect::<Vec<_>>(), ["so-nganh", "huyen-tp"]);

    // Task counts.
    for given in json["tasks"].as_array().unwrap() {
        let code = given["code"].as_str().unwrap();
        let read = cycle.tasks.iter().find(|t| t.code == code).unwrap();
        assert_eq!(read.due, given["due"].as_bool().unwrap(), "{code}");
        for (label, n) in &read.counts {
            assert_eq!(Some(*n as u64), given["counts"][label].as_u64(), "{code} {label}");
        }
    }
    let nv1 = &cycle.tasks[0];
    let counted = units.iter().filter(|u| matches!(u["status"].as_str(), Some("on_time" | "late"))).count();
    assert_eq!(nv1.by_unit.len(), counted, "one status per counted report in the matrix");

    // Every recommendation and model, text and unit.
    let texts = |v: &Value, keys: &[&str]| -> Vec<Vec<String>> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| keys.iter().map(|k| x[*k].as_str().unwrap_or_default().to_string()).collect())
            .collect()
    };
    let recs: Vec<Vec<String>> =
        cycle.recommendations.iter().map(|r| vec![r.unit.clone(), r.text.clone(), r.addressee.clone()]).collect();
    assert_eq!(recs, texts(&json["recommendations"], &["unit", "text", "addressee"]));
    let models: Vec<Vec<String>> =
        cycle.models.iter().map(|m| vec![m.unit.clone(), m.name.clone(), m.field.clone(), m.result.clone()]).collect();
    assert_eq!(models, texts(&json["models"], &["unit", "name", "field", "result"]));
}

#[test]
fn a_unit_report_or_an_old_workbook_is_refused_saying_what_it_is() {
    let plan = plan();
    let tmp = tempfile::tempdir().unwrap();
    let reports = copy_examples(tmp.path());
    let report = reports.join("so-nganh/bao-cao_SNV_6-thang_2024.xlsx");
    let err = history::read(&plan, &report).unwrap_err();
    assert!(matches!(err, ReadError::UnitReport { .. }), "{err:?}");
    assert!(err.render(Lang::Vi).contains("là báo cáo của một đơn vị, không phải bảng tổng hợp"));
    let err = history::read(&plan, &reports.join("ghi-chu.txt")).unwrap_err();
    assert!(matches!(err, ReadError::Unreadable { .. }), "{err:?}");
}

// A workbook of an older baocao (no cycle in its properties) must be refused, not read as any
// year.
#[test]
fn a_consolidated_workbook_without_its_cycle_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("tong-hop-cu.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Tình hình nộp").unwrap();
    wb.save(&path).unwrap();
    let err = history::read(&plan(), &path).unwrap_err();
    assert!(matches!(err, ReadError::NoIdentity { .. }), "{err:?}");
    assert!(err.render(Lang::Vi).contains("phiên bản baocao cũ"));
    assert!(err.render(Lang::En).contains("older baocao"));
}

/// The cells of a sheet of `path` by row.
fn sheet(path: &Path, name: &str) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap().rows().map(<[calamine::Data]>::to_vec).collect()
}

/// Whether a cell holds exactly this text.
fn is(d: &calamine::Data, text: &str) -> bool {
    matches!(d, calamine::Data::String(s) if s == text)
}

fn position(rows: &[Vec<calamine::Data>], text: &str) -> (usize, usize) {
    for (r, row) in rows.iter().enumerate() {
        if let Some(c) = row.iter().position(|d| is(d, text)) {
            return (r, c);
        }
    }
    panic!("no cell {text}");
}

#[test]
fn the_comparison_is_on_the_sheets_and_a_unit_without_last_year_is_blank() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("baocao")
            .unwrap()
            .current_dir(tmp.path())
            .env_remove("BAOCAO_PLAN")
            .env_remove("BAOCAO_LANG")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let r2023 = root.join("examples/reports-2023").display().to_string();
    let r2024 = root.join("examples/reports").display().to_string();
    run(&["consolidate", &r2023, "--period", "6-thang", "--year", "2023", "--as-of", "2023-06-20", "-o", "2023.xlsx"]);
    let args = ["consolidate", &r2024, "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"];
    let text = run(&[&args[..], &["-o", "2024.xlsx", "--so-sanh", "2023.xlsx"]].concat());
    // The terminal table: last year's column, a rate's change in points, the warnings.
    assert!(text.contains("Cùng kỳ 2023") && text.contains("Tăng, giảm (%)"), "{text}");
    assert!(text.contains(" điểm % "), "{text}");
    assert!(
        text.contains("  - SNV Chỉ tiêu!D8: Hồ sơ thủ tục hành chính tiếp nhận (TTHC_TIEPNHAN): 9.549, so với 955")
    );
    let out = tmp.path().join("2024.xlsx");
    // Last year's workbook given as the output too: refused, and left as it was.
    let before = std::fs::read(tmp.path().join("2023.xlsx")).unwrap();
    let refused = assert_cmd::Command::cargo_bin("baocao")
        .unwrap()
        .current_dir(tmp.path())
        .env_remove("BAOCAO_LANG")
        .args([&args[..], &["-o", "2023.xlsx", "--so-sanh", "2023.xlsx"]].concat())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("bảng năm trước sẽ bị ghi đè"));
    assert_eq!(std::fs::read(tmp.path().join("2023.xlsx")).unwrap(), before);

    let totals = sheet(&out, "Chỉ tiêu");
    let (header, previous_col) = position(&totals, "Cùng kỳ năm 2023: toàn tỉnh");
    let (row, _) = position(&totals, "TTHC_TIEPNHAN");
    assert_eq!(totals[row][previous_col].to_string(), "347495");
    assert_eq!(totals[row][previous_col + 1].to_string(), "37570");
    assert_eq!(totals[header][previous_col + 2].to_string(), "Tăng, giảm (%)");

    // HHN sent nothing in 2023: its previous figure is blank, never 0; SNV's is its own.
    let by_unit = sheet(&out, "Chỉ tiêu theo đơn vị");
    let (block, _) = position(&by_unit, "SỐ LIỆU CÙNG KỲ NĂM 2023 (ô trống: đơn vị không có số liệu năm 2023)");
    let col = by_unit[2].iter().position(|d| is(d, "Hồ sơ thủ tục hành chính tiếp nhận (hồ sơ)")).unwrap();
    let row_of = |code: &str| block + by_unit[block..].iter().position(|r| is(&r[1], code)).unwrap();
    assert_eq!(by_unit[row_of("HHN")][col], calamine::Data::Empty);
    assert_eq!(by_unit[row_of("SNV")][col].to_string(), "955");

    let cover = sheet(&out, "Tổng hợp");
    position(&cover, "III. SO VỚI CÙNG KỲ NĂM 2023");
    // The warning is listed with SNV's file on "Kiểm tra".
    let checks = sheet(&out, "Kiểm tra");
    assert!(checks.iter().any(|r| r.iter().any(|d| is(d, "compare-beyond-bound")) && r.iter().any(|d| is(d, "SNV"))));
}

// Last year's workbook opened and saved again in LibreOffice (formulas recalculated, the file
// rewritten) is still last year's cycle.
#[test]
fn a_consolidated_workbook_saved_again_by_libreoffice_still_reads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tong-hop-6-thang-2023-libreoffice.xlsx");
    let cycle = history::read(&plan(), &path).unwrap_or_else(|e| panic!("{}", e.render(Lang::En)));
    assert_eq!((cycle.identity.period.as_str(), cycle.identity.year), ("6-thang", 2023));
    assert_eq!(cycle.units.len(), 33);
    assert_eq!(cycle.unit("HHN").unwrap().status, Some(Submission::Missing));
    let sgtvt = cycle.unit("SGTVT").unwrap();
    assert_eq!((sgtvt.status, sgtvt.days_late), (Some(Submission::Late), Some(4)));
    assert_eq!(cycle.indicator("TTHC_TIEPNHAN").unwrap().total, Some(347_495.0));
    assert_eq!(cycle.value("SNV", "TTHC_TIEPNHAN"), Some(955.0));
    assert!(cycle.findings.is_empty(), "{:?}", cycle.findings);
}

/// A successor (`ke_thua`) is compared as the merged whole: SNV taking over SLDTBXH, its 2023
/// figure is the two units' sum, said in a note on its cell and in JSON.
#[test]
fn a_successor_is_compared_with_its_predecessors_summed_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The shipped plan has SNV succeed SLDTBXH from 2025; the merger moved a year earlier, so
    // that 6-thang/2024 compares SNV with both 2023 figures summed.
    let plan_text = BUILTIN.replacen(
        "Sở Lao động Thương binh và Xã hội\"]\nden_ky = \"nam/2024\"",
        "Sở Lao động Thương binh và Xã hội\"]\nden_ky = \"nam/2023\"",
        1,
    );
    assert_ne!(plan_text, BUILTIN, "the SLDTBXH entry changed: update this test");
    std::fs::write(tmp.path().join("plan.toml"), plan_text).unwrap();
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("baocao")
            .unwrap()
            .current_dir(tmp.path())
            .env_remove("BAOCAO_PLAN")
            .env_remove("BAOCAO_LANG")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let r2023 = root.join("examples/reports-2023").display().to_string();
    let r2024 = root.join("examples/reports").display().to_string();
    run(&["consolidate", &r2023, "--period", "6-thang", "--year", "2023", "--as-of", "2023-06-20", "-o", "2023.xlsx"]);
    let cycle = history::read(&plan(), &tmp.path().join("2023.xlsx")).unwrap();
    let summed = cycle.value("SNV", "VB_CHIDAO").unwrap() + cycle.value("SLDTBXH", "VB_CHIDAO").unwrap();
    let json: Value = serde_json::from_slice(&run(&[
        "consolidate",
        &r2024,
        "--period",
        "6-thang",
        "--year",
        "2024",
        "--as-of",
        "2024-06-20",
        "-o",
        "2024.xlsx",
        "--so-sanh",
        "2023.xlsx",
        "--format",
        "json",
    ]))
    .unwrap();
    let vb = json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == "VB_CHIDAO").unwrap();
    let snv = vb["units"].as_array().unwrap().iter().find(|u| u["unit"] == "SNV").unwrap();
    assert_eq!(snv["figures"]["previous"].as_f64(), Some(summed));
    assert_eq!(snv["merged"], serde_json::json!(["SLDTBXH"]));
    // The note on SNV's cell of last year's figures.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(tmp.path().join("2024.xlsx")).unwrap()).unwrap();
    let names: Vec<String> =
        zip.file_names().flatten().filter(|n| n.contains("comments")).map(|n| n.to_string()).collect();
    let mut notes = String::new();
    for name in names {
        std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut notes).unwrap();
    }
    assert!(notes.contains("Cộng số liệu năm 2023 của SNV và SLDTBXH"), "{notes}");
}
