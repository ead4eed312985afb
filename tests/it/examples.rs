//! Everything in `examples/` is checked here, so examples cannot rot.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use baocao::plan::{BUILTIN, BUILTIN_NAME, parse};
#[allow(dead_code, reason = "the examples and the benchmark use the rest")]
#[path = "../../examples/sample/mod.rs"]
mod sample;

use sample::{example_set, previous_year_set};

fn reports_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports")
}

/// Every file under `dir` (README.md aside), by path relative to `dir` with `/` separators.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                if rel != "README.md" {
                    out.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

// The committed example reports drifted from the generator (or the generator stopped being
// deterministic): run `cargo run --example make_examples` and commit the result.
#[test]
fn committed_examples_equal_a_fresh_generation() {
    let plan = parse(BUILTIN, BUILTIN_NAME).expect("shipped plan loads");
    let fresh: BTreeMap<String, Vec<u8>> = example_set(&plan).unwrap().into_iter().map(|f| (f.path, f.bytes)).collect();
    let committed = files_under(&reports_dir());
    let fresh_names: Vec<&String> = fresh.keys().collect();
    let committed_names: Vec<&String> = committed.keys().collect();
    assert_eq!(committed_names, fresh_names, "examples/reports has other files than the generator writes");
    for (path, bytes) in &fresh {
        assert!(
            committed[path] == *bytes,
            "{path} differs from a fresh generation: run `cargo run --example make_examples`"
        );
    }
}

/// Runs the README's first command on a copy of `examples/reports` with `--format json`.
fn consolidate_examples() -> (serde_json::Value, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("reports");
    for (rel, bytes) in files_under(&reports_dir()) {
        let path = input.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let out = assert_cmd::Command::cargo_bin("baocao")
        .unwrap()
        .current_dir(tmp.path())
        .env_remove("BAOCAO_PLAN")
        .args(["consolidate", "reports", "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"])
        .args(["-o", "tong-hop-6-thang-2024.xlsx", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(tmp.path().join("tong-hop-6-thang-2024.xlsx").is_file());
    (serde_json::from_slice(&out.stdout).unwrap(), tmp)
}

fn codes_with(json: &serde_json::Value, status: &str) -> Vec<String> {
    let mut codes: Vec<String> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["status"] == status)
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

fn role_of(json: &serde_json::Value, file_name: &str) -> String {
    let files = json["files"].as_array().unwrap();
    let file = files.iter().find(|f| f["path"].as_str().unwrap().ends_with(file_name));
    file.unwrap_or_else(|| panic!("{file_name} not listed in files"))["role"].as_str().unwrap().to_string()
}

#[test]
fn readme_first_command_judges_every_example_unit() {
    let (json, _tmp) = consolidate_examples();
    assert_eq!(json["last_day"], "2024-06-04");
    let units = json["units"].as_array().unwrap();
    assert_eq!(units.len(), 33);

    let mut missing: Vec<String> = sample::EXAMPLES_MISSING.iter().map(ToString::to_string).collect();
    missing.sort();
    assert_eq!(codes_with(&json, "missing"), missing);
    assert_eq!(codes_with(&json, "invalid"), ["STNMT"]);
    assert_eq!(codes_with(&json, "late"), ["HLVG", "SKHCN", "SXD", "TPHN"]);
    assert_eq!(codes_with(&json, "on_time").len(), 33 - 3 - 1 - 4);
    assert!(codes_with(&json, "not_due").is_empty());
    for (code, days) in sample::EXAMPLES_LATE {
        let unit = units.iter().find(|u| u["code"] == code).unwrap();
        assert_eq!(unit["days_late"], i64::from(days) - 4, "{code}");
    }
    // The unit typed by its alias, with no code, is still recognised and counted.
    let htm = units.iter().find(|u| u["code"] == "HTM").unwrap();
    assert_eq!(htm["status"], "on_time");

    // HCL's corrected report wins over its first one.
    let hcl = units.iter().find(|u| u["code"] == "HCL").unwrap();
    assert!(hcl["file"].as_str().unwrap().ends_with("bao-cao_HCL_6-thang_2024_ban-sua.xlsx"), "{hcl}");
    assert_eq!(role_of(&json, "bao-cao_HCL_6-thang_2024.xlsx"), "superseded");
    assert_eq!(role_of(&json, "bao-cao_HCL_6-thang_2024_ban-sua.xlsx"), "used");
    assert_eq!(role_of(&json, "bao-cao_STNMT_6-thang_2024.xlsx"), "invalid");
    // Another period, the lock file and the note are skipped, never read as reports.
    assert_eq!(role_of(&json, "bao-cao_TPSD_nam_2023.xlsx"), "skipped");
    assert_eq!(role_of(&json, "~$bao-cao_SYT_6-thang_2024.xlsx"), "skipped");
    assert_eq!(role_of(&json, "ghi-chu.txt"), "skipped");
    let used = json["files"].as_array().unwrap().iter().filter(|f| f["role"] == "used").count();
    assert_eq!(used, 33 - 3 - 1);
}

// The example reports are what the reader must accept: only the deliberately broken one has
// errors, and only the late ones have warnings.
#[test]
fn example_reports_validate_as_described() {
    let dir = reports_dir();
    let reports: Vec<PathBuf> = files_under(&dir)
        .into_keys()
        .filter(|p| Path::new(p).extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) && !p.contains("~$"))
        .map(|p| dir.join(p))
        .collect();
    let out = assert_cmd::Command::cargo_bin("baocao")
        .unwrap()
        .env_remove("BAOCAO_PLAN")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("validate")
        .args(&reports)
        .args(["--as-of", "2024-06-20", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one example is invalid");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let late: Vec<&str> = sample::EXAMPLES_LATE.iter().map(|(c, _)| *c).collect();
    for file in json["files"].as_array().unwrap() {
        let unit = file["unit"].as_str().unwrap_or_default();
        let codes: Vec<&str> =
            file["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
        if unit == sample::EXAMPLES_INVALID {
            assert_eq!(codes, ["status-unknown", "rule-failed"], "{file}");
        } else if late.contains(&unit) {
            assert_eq!(codes, ["report-late"], "{file}");
        } else {
            assert!(codes.is_empty(), "{file}");
        }
    }
}

// The benchmark's reports (synthetic units of a plan with more units than the shipped one)
// must be clean, or the benchmark would time error paths instead of real work.
#[test]
fn benchmark_reports_are_clean() {
    use self::sample::{SampleSpec, sample_report_bytes, synthetic_plan_text};
    let shipped = parse(BUILTIN, BUILTIN_NAME).unwrap();
    let base = shipped.expected_units("6-thang", 2024).len();
    let plan = parse(&synthetic_plan_text(BUILTIN, base, 40), "bench").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
    for (i, unit) in plan.expected_units("6-thang", 2024).into_iter().enumerate().skip(28) {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 5, 20).unwrap() + chrono::Duration::days(i as i64 % 16);
        let spec = SampleSpec::new(&unit.code, "6-thang", 2024, date, 6_2024 + i as u64);
        let path = tmp.path().join(format!("{}.xlsx", unit.code));
        std::fs::write(&path, sample_report_bytes(&plan, &spec).unwrap()).unwrap();
        let checked = baocao::input::check_file(&plan, &path, as_of);
        assert!(checked.findings.is_empty(), "{}: {:?}", unit.code, checked.findings);
        assert_eq!(checked.header.unit.as_deref(), Some(unit.code.as_str()));
        assert_eq!(checked.report.tasks.len(), 9);
        assert_eq!(checked.report.values.len(), plan.owed_indicators(&unit.code).len());
    }
}

fn reports_2023_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports-2023")
}

// The committed 2023 example reports drifted from the generator: run `cargo run --example
// make_examples` and commit the result.
#[test]
fn committed_2023_examples_equal_a_fresh_generation() {
    let plan = parse(BUILTIN, BUILTIN_NAME).expect("shipped plan loads");
    let fresh: BTreeMap<String, Vec<u8>> =
        previous_year_set(&plan).unwrap().into_iter().map(|f| (f.path, f.bytes)).collect();
    let committed = files_under(&reports_2023_dir());
    assert_eq!(committed.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    for (path, bytes) in &fresh {
        assert!(
            committed[path] == *bytes,
            "{path} differs from a fresh generation: run `cargo run --example make_examples`"
        );
    }
}

/// The README's comparison, run as documented: its two `consolidate` commands for 2023 and
/// then 2024 with `--so-sanh`, taken from the README itself, the second with `--format json`.
#[test]
fn the_readme_comparison_gives_last_years_figures_and_flags_the_jump() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let commands: Vec<Vec<&str>> = readme
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("cargo run --release -- consolidate") && !l.contains("--received"))
        .map(|l| l.trim_start_matches("cargo run --release -- ").split_whitespace().collect())
        .collect();
    let first_2023 =
        commands.iter().position(|c| c.contains(&"examples/reports-2023")).expect("README consolidates 2023");
    let compare = commands.iter().position(|c| c.contains(&"--so-sanh")).expect("README compares");
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("baocao")
            .unwrap()
            .current_dir(tmp.path())
            .env_remove("BAOCAO_PLAN")
            .env_remove("BAOCAO_LANG")
            .args(args.iter().map(|a| {
                if a.starts_with("examples/") { root.join(a).display().to_string() } else { (*a).to_string() }
            }))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    run(&commands[first_2023]);
    let mut args = commands[compare].clone();
    args.extend(["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&run(&args)).unwrap();

    let indicator =
        |code: &str| json["indicators"].as_array().unwrap().iter().find(|i| i["code"] == code).unwrap().clone();
    // The README's figures: 385.065 records against 347.495, +37.570, +10,8 %.
    let tthc = indicator("TTHC_TIEPNHAN");
    assert_eq!(
        (tthc["total"].as_f64(), tthc["previous"].as_f64(), tthc["change"].as_f64()),
        (Some(385_065.0), Some(347_495.0), Some(37_570.0))
    );
    assert!((tthc["change_pct"].as_f64().unwrap() - 37_570.0 / 347_495.0 * 100.0).abs() < 1e-9);
    // Per group and per unit; HHN sent nothing in 2023: no previous figure (null, never 0).
    assert_eq!(tthc["groups"].as_array().unwrap().len(), 2);
    let unit = |code: &str| tthc["units"].as_array().unwrap().iter().find(|u| u["unit"] == code).unwrap().clone();
    assert_eq!(unit("SNV")["figures"]["previous"].as_f64(), Some(955.0));
    assert!(unit("HHN")["figures"]["previous"].is_null() && unit("HHN")["figures"]["change"].is_null());
    assert!(unit("HHN")["figures"]["total"].as_f64().is_some());
    // A rate: the change in percentage points, no percent.
    let rate = indicator("TL_DUNGHAN");
    let points = rate["total"].as_f64().unwrap() - rate["previous"].as_f64().unwrap();
    assert!((rate["change"].as_f64().unwrap() - points).abs() < 1e-9);
    assert!(rate["change_pct"].is_null());
    // The jump at Sở Nội vụ, at its cell.
    let warnings = json["comparison"]["warnings"].as_array().unwrap();
    let snv = warnings.iter().find(|w| w["unit"] == "SNV" && w["indicator"] == "TTHC_TIEPNHAN").expect("SNV flagged");
    assert_eq!(
        (snv["place"].as_str(), snv["current"].as_f64(), snv["previous"].as_f64()),
        (Some("Chỉ tiêu!D8"), Some(9549.0), Some(955.0))
    );
    assert_eq!(snv["code"], "compare-beyond-bound");
    assert!(warnings.iter().any(|w| w["unit"] == "HTB" && w["indicator"] == "TCD_LUOT"));
    assert!(
        warnings.iter().all(|w| ["SNV", "HTB"].contains(&w["unit"].as_str().unwrap())),
        "only the deliberate jumps: {warnings:?}"
    );
    // The JSON otherwise as without --so-sanh: same statuses.
    assert_eq!(json["units"].as_array().unwrap().iter().filter(|u| u["status"] == "late").count(), 4);
}

fn reports_2025_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/reports-2025")
}

// The committed 2025 examples drifted from the generator: run `cargo run --example
// make_examples` and commit the result.
#[test]
fn committed_2025_examples_equal_a_fresh_generation() {
    let plan = parse(BUILTIN, BUILTIN_NAME).expect("shipped plan loads");
    let fresh: BTreeMap<String, Vec<u8>> =
        sample::example_set_2025(&plan).unwrap().into_iter().map(|f| (f.path, f.bytes)).collect();
    let committed = files_under(&reports_2025_dir());
    assert_eq!(committed.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    for (path, bytes) in &fresh {
        assert!(committed[path] == *bytes, "{path} differs from a fresh generation");
    }
}

/// Runs a command of `examples/reports-2025/README.md` from the project folder.
fn run_2025(args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("baocao")
        .unwrap()
        .env_remove("BAOCAO_PLAN")
        .env_remove("BAOCAO_LANG")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

/// `baocao consolidate` of one 2025 cycle as documented, into a temporary file, as JSON.
fn consolidate_2025(cycle: &str, period: &str, as_of: &str) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join(format!("tong-hop-{cycle}.xlsx"));
    let input = format!("examples/reports-2025/{cycle}");
    let (code, stdout) = run_2025(&[
        "consolidate",
        &input,
        "--period",
        period,
        "--year",
        "2025",
        "--as-of",
        as_of,
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    assert!(out.is_file());
    serde_json::from_str(&stdout).unwrap()
}

fn reason_of(json: &serde_json::Value, file_name: &str) -> String {
    let files = json["files"].as_array().unwrap();
    let file = files.iter().find(|f| f["path"].as_str().unwrap().ends_with(file_name)).unwrap();
    assert_eq!(file["role"], "invalid", "{file}");
    file["reason"].as_str().unwrap().to_string()
}

#[test]
fn the_2025_plan_commands_list_who_is_expected() {
    let (code, text) = run_2025(&["plan", "--period", "6-thang", "--year", "2025"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("ĐƠN VỊ PHẢI BÁO CÁO 6 THÁNG 2025 (kỳ 6-thang/2025): 28 đơn vị"), "{text}");
    let (code, text) = run_2025(&["plan", "--period", "nam", "--year", "2025"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("ĐƠN VỊ PHẢI BÁO CÁO NĂM 2025 (kỳ nam/2025): 14 đơn vị"), "{text}");
}

#[test]
fn the_six_months_of_2025_consolidate_with_the_merged_departments() {
    let json = consolidate_2025("6-thang-2025", "6-thang", "2025-06-20");
    assert_eq!(json["last_day"], "2025-06-04");
    assert_eq!(json["units"].as_array().unwrap().len(), 28);
    assert_eq!(codes_with(&json, "late"), ["SNNMT"]);
    assert_eq!(codes_with(&json, "missing"), ["HTB"]);
    assert_eq!(codes_with(&json, "on_time").len(), 26);
    let snnmt = json["units"].as_array().unwrap().iter().find(|u| u["code"] == "SNNMT").unwrap();
    assert_eq!(snnmt["succeeds"], serde_json::json!(["SNNPTNT", "STNMT"]));
    // The merged department's report: told at its cell, naming the successor, not counted.
    let why = reason_of(&json, "bao-cao_SKHDT_6-thang_2025.xlsx");
    assert!(why.starts_with("Thông tin!B3: Sở Kế hoạch và Đầu tư (SKHDT) báo cáo đến kỳ Năm 2024"), "{why}");
    assert!(why.contains("Đơn vị kế thừa theo kế hoạch: Sở Tài chính (STC)."), "{why}");
}

#[test]
fn the_year_2025_consolidates_the_new_provinces_agencies() {
    let json = consolidate_2025("nam-2025", "nam", "2025-11-10");
    assert_eq!(json["last_day"], "2025-10-31");
    let units = json["units"].as_array().unwrap();
    assert_eq!(units.len(), 14);
    assert!(units.iter().all(|u| u["group"] == "so-nganh"));
    assert_eq!(codes_with(&json, "late"), ["BPTTH"]);
    assert_eq!(codes_with(&json, "missing"), ["SCT"]);
    assert_eq!(codes_with(&json, "on_time").len(), 12);
    // The old district's report: the finding at its "Thông tin" cell, never counted.
    let why = reason_of(&json, "bao-cao_HTM_nam_2025.xlsx");
    assert!(why.starts_with("Thông tin!B3: Huyện Tháp Mười (HTM) báo cáo đến kỳ 6 tháng 2025"), "{why}");
    let why = reason_of(&json, "bao-cao_XTHAPMUOI_nam_2025.xlsx");
    assert!(why.starts_with("Thông tin!B3: Xã Tháp Mười thuộc nhóm \"UBND xã, phường\""), "{why}");
    // The old district's report validated on its own says the same at the same cell.
    let (code, text) = run_2025(&[
        "validate",
        "examples/reports-2025/nam-2025/bao-cao_HTM_nam_2025.xlsx",
        "--as-of",
        "2025-11-10",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let finding = &v["files"][0]["findings"][0];
    assert_eq!(
        (finding["code"].as_str(), finding["sheet"].as_str(), finding["cell"].as_str()),
        (Some("unit-ended"), Some("Thông tin"), Some("B3"))
    );
}

// A successor's row on "Tình hình nộp" names the units it took over; its status is its own.
#[test]
fn the_status_sheet_shows_whom_a_successor_succeeds() {
    use calamine::{DataType, Reader, Xlsx, open_workbook};
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("t.xlsx");
    let (code, _) = run_2025(&[
        "consolidate",
        "examples/reports-2025/6-thang-2025",
        "--period",
        "6-thang",
        "--year",
        "2025",
        "--as-of",
        "2025-06-20",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("Tình hình nộp").unwrap();
    let row = |code: &str| {
        sheet.rows().find(|r| r.get(1).and_then(DataType::as_string).as_deref() == Some(code)).unwrap().to_vec()
    };
    let snnmt = row("SNNMT");
    assert_eq!(
        snnmt[2].as_string().as_deref(),
        Some(
            "Sở Nông nghiệp và Môi trường (kế thừa Sở Nông nghiệp và Phát triển nông thôn, Sở Tài nguyên và Môi trường)"
        )
    );
    assert_eq!(snnmt[9].as_string().as_deref(), Some("Trễ hạn"));
    assert_eq!(row("STC")[2].as_string().as_deref(), Some("Sở Tài chính (kế thừa Sở Kế hoạch và Đầu tư)"));
    assert_eq!(row("SYT")[2].as_string().as_deref(), Some("Sở Y tế"));
}

// The review found the reports of units that do not report this period (the old district, the
// new xã) only on the screen-only "Kiểm tra": the signed document never named them.
#[test]
fn the_cover_names_the_reports_of_units_that_do_not_report_this_period() {
    use calamine::{Reader, Xlsx, open_workbook};
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tong-hop-nam-2025.xlsx");
    let (code, _) = run_2025(&[
        "consolidate",
        "examples/reports-2025/nam-2025",
        "--period",
        "nam",
        "--year",
        "2025",
        "--as-of",
        "2025-11-10",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let cover = wb.worksheet_range("Tổng hợp").unwrap();
    let line = cover
        .rows()
        .flat_map(|r| r.iter().map(ToString::to_string))
        .find(|t| t.starts_with("Ngoài ra đã nhận"))
        .expect("the cover names them");
    assert_eq!(
        line,
        "Ngoài ra đã nhận 2 báo cáo của đơn vị không phải báo cáo kỳ này, không tổng hợp: Huyện Tháp Mười (HTM): \
         báo cáo đến kỳ 6 tháng 2025; Xã Tháp Mười (XTHAPMUOI): nhóm \u{201c}UBND xã, phường\u{201d} không báo cáo kỳ này."
    );
}
