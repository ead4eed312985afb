//! `baocao plan`: the shipped plan, broken plans, JSON names, the calendar.

use std::path::{Path, PathBuf};
use std::process::Output;

const PLAN: &str = include_str!("../../plan.toml");

use crate::common::bin as baocao;

/// Writes `text` as `plan.toml` in a fresh folder.
fn plan_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"));
    text[..at].matches('\n').count() + 1
}

fn check(path: &Path, lang: &str) -> Output {
    baocao().args(["--lang", lang, "plan", "check"]).arg(path).output().unwrap()
}

/// Replaces exactly one occurrence.
fn edit(from: &str, to: &str) -> String {
    assert_eq!(PLAN.matches(from).count(), 1, "{from} must occur once");
    PLAN.replacen(from, to, 1)
}

/// Asserts exit 2 and a stderr line `plan.toml:LINE: ...fragment...`.
fn assert_problem(text: &str, line: usize, fragment_vi: &str, fragment_en: &str) {
    let (_dir, path) = plan_file(text);
    for (lang, fragment) in [("vi", fragment_vi), ("en", fragment_en)] {
        let out = check(&path, lang);
        assert_eq!(out.status.code(), Some(2), "exit code");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let wanted = format!("plan.toml:{line}: ");
        let hit = stderr.lines().find(|l| l.contains(&wanted));
        let hit = hit.unwrap_or_else(|| panic!("no problem at line {line}:\n{stderr}"));
        assert!(hit.contains(fragment), "line {line} says {hit:?}, expected {fragment:?}");
    }
}

#[test]
fn shipped_plan_checks_ok() {
    let out = baocao().args(["plan", "check", "plan.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("ok\n"), "{stdout}");
    // 33 units of 2022, SNNMT and the merged Báo và PT-TH of 2025, 102 xã and phường (off).
    assert!(stdout.contains("9 nhiệm vụ, 2 kỳ, 137 đơn vị"), "{stdout}");
}

#[test]
fn duplicate_unit_code() {
    let text = edit("code = \"SCT\"", "code = \"STC\"");
    let line = line_of(&text, "code = \"STC\"\nten = \"Sở Công Thương\"");
    let first = line_of(&text, "code = \"STC\"");
    assert_problem(
        &text,
        line,
        &format!("Mã \"STC\" bị trùng trong [[don_vi]] (đã dùng ở dòng {first})"),
        "Code \"STC\" is used twice",
    );
}

#[test]
fn rule_naming_an_unknown_indicator() {
    let text = edit("trai = \"DON_GIAIQUYET\"", "trai = \"DON_DAGIAIQUYET\"");
    let line = line_of(&text, "trai = \"DON_DAGIAIQUYET\"");
    assert_problem(
        &text,
        line,
        "trai = \"DON_DAGIAIQUYET\": không có chỉ tiêu nào mang mã này",
        "trai = \"DON_DAGIAIQUYET\": no indicator has this code",
    );
}

#[test]
fn rate_naming_an_unknown_indicator() {
    let text = edit("tu_so = \"KS_HAILONG\"", "tu_so = \"KS_HAI_LONG\"");
    let line = line_of(&text, "tu_so = \"KS_HAI_LONG\"");
    assert_problem(&text, line, "tu_so = \"KS_HAI_LONG\": không có chỉ tiêu", "tu_so = \"KS_HAI_LONG\": no indicator");
}

#[test]
fn rate_whose_part_is_not_a_number() {
    let text = edit("mau_so = \"KS_PHIEU\"", "mau_so = \"KH_NAM\"");
    let line = line_of(&text, "mau_so = \"KH_NAM\"");
    assert_problem(
        &text,
        line,
        "Tỷ lệ TL_HAILONG: mau_so = \"KH_NAM\" là chỉ tiêu loại \"yesno\"",
        "is of kind \"yesno\", not a number",
    );
}

#[test]
fn indicator_of_an_unknown_task() {
    let text = edit(
        "code = \"GIAMSAT\"\nten = \"Cuộc giám sát, phản biện xã hội của Mặt trận Tổ quốc và các đoàn thể\"\ndvt = \"cuộc\"\nnhiem_vu = \"NV9\"",
        "code = \"GIAMSAT\"\nten = \"Cuộc giám sát, phản biện xã hội của Mặt trận Tổ quốc và các đoàn thể\"\ndvt = \"cuộc\"\nnhiem_vu = \"NV10\"",
    );
    let line = line_of(&text, "nhiem_vu = \"NV10\"");
    assert_problem(
        &text,
        line,
        "nhiem_vu = \"NV10\": không có nhiệm vụ nào mang mã này. Dùng một trong: NV1",
        "no task has this code",
    );
}

#[test]
fn impossible_date() {
    let text = edit("ngay_ban_hanh = \"14/01/2022\"", "ngay_ban_hanh = \"31/02/2022\"");
    let line = line_of(&text, "ngay_ban_hanh");
    assert_problem(&text, line, "Ngày \"31/02/2022\" không có thật", "Date \"31/02/2022\" does not exist");
}

#[test]
fn impossible_deadline_day() {
    let text = edit("han_ngay = \"31/10\"", "han_ngay = \"31/11\"");
    let line = line_of(&text, "han_ngay = \"31/11\"");
    assert_problem(&text, line, "han_ngay = \"31/11\" không phải ngày/tháng có thật", "is not a real day/month");
}

#[test]
fn no_units() {
    // Drop every [[don_vi]] table: from the first one to the indicators section.
    let start = PLAN.find("[[don_vi]]").unwrap();
    let end = PLAN
        .find("# -----------------------------------------------------------------------------\n# 6. CHỈ TIÊU")
        .unwrap();
    let text = format!("{}{}", &PLAN[..start], &PLAN[end..]);
    let (_dir, path) = plan_file(&text);
    let out = check(&path, "vi");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Kế hoạch chưa có đơn vị báo cáo nào. Thêm ít nhất một mục [[don_vi]]."), "{stderr}");
}

#[test]
fn alias_shared_by_two_units() {
    let text = edit("cach_viet = [\"UBND huyện Cao Lãnh\",", "cach_viet = [\"TP. Cao Lãnh\", \"UBND huyện Cao Lãnh\",");
    let line = line_of(&text, "cach_viet = [\"TP. Cao Lãnh\", \"UBND huyện Cao Lãnh\"");
    let other_line = line_of(&text, "[[don_vi]]\ncode = \"TPCL\"");
    assert_problem(
        &text,
        line,
        &format!("Cách viết \"TP. Cao Lãnh\" của HCL trùng với TPCL (Thành phố Cao Lãnh) (dòng {other_line})"),
        "Alias \"TP. Cao Lãnh\" of HCL is also used by TPCL",
    );
}

#[test]
fn unknown_key_is_a_syntax_problem_with_its_line() {
    let text = edit(
        "chinh = true\n\n[[chi_tieu]]\ncode = \"VB_CHIDAO\"",
        "chính = true\n\n[[chi_tieu]]\ncode = \"VB_CHIDAO\"",
    );
    let line = line_of(&text, "chính = true");
    assert_problem(&text, line, "Sai cú pháp TOML", "TOML syntax error");
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let text = edit("ngay_ban_hanh = \"14/01/2022\"", "ngay_ban_hanh = \"32/01/2022\"").replacen(
        "code = \"SCT\"",
        "code = \"STC\"",
        1,
    );
    let (_dir, path) = plan_file(&text);
    let out = check(&path, "en");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("has 2 problem(s)"), "{stderr}");
}

#[test]
fn a_broken_plan_stops_every_command_with_exit_2() {
    let text = edit("ngay_ban_hanh = \"14/01/2022\"", "ngay_ban_hanh = \"hôm nay\"");
    let (_dir, path) = plan_file(&text);
    let out = baocao().arg("--plan").arg(&path).arg("plan").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("plan.toml:"));
}

#[test]
fn json_has_the_stable_names() {
    let out = baocao().args(["plan", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "15/KH-UBND");
    assert_eq!(v["years"], serde_json::json!([2022, 2025]));
    assert_eq!(v["tasks"].as_array().unwrap().len(), 9);
    assert_eq!(v["tasks"][6]["code"], "NV7");
    assert_eq!(v["tasks"][6]["due_in"], serde_json::json!(["nam"]));
    assert!(v["tasks"][0]["title"].as_str().unwrap().starts_with("Triển khai, quán triệt"));
    assert_eq!(v["periods"][0]["id"], "6-thang");
    assert_eq!(v["periods"][0]["last_day"], "06-04");
    assert_eq!(v["periods"][1]["last_day"], "10-31");
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), 137);
    let tpcl = units.iter().find(|u| u["code"] == "TPCL").unwrap();
    assert_eq!(tpcl["group"], "huyen-tp");
    assert!(tpcl["aliases"].as_array().unwrap().iter().any(|a| a == "UBND TP. Cao Lãnh"));
    let inds = v["indicators"].as_array().unwrap();
    let rate = inds.iter().find(|i| i["code"] == "TL_DUNGHAN").unwrap();
    assert_eq!(
        (rate["kind"].as_str(), rate["numerator"].as_str(), rate["denominator"].as_str()),
        (Some("rate"), Some("TTHC_DUNGHAN"), Some("TTHC_TIEPNHAN"))
    );
    let tin = inds.iter().find(|i| i["code"] == "TIN_BAI").unwrap();
    assert_eq!(tin["units"], serde_json::json!(["DPTTH", "BDT", "BPTTH"]));
    assert!(inds.iter().find(|i| i["code"] == "VB_CHIDAO").unwrap().get("units").is_none());
    for i in inds {
        for key in ["code", "name", "unit", "task", "kind"] {
            assert!(i.get(key).is_some(), "{key} missing in {i}");
        }
    }
    let rule = &v["rules"][0];
    for key in ["id", "left", "op", "right", "severity", "message"] {
        assert!(rule.get(key).is_some(), "{key} missing in rule");
    }
    assert_eq!(rule["op"], "<=");
    assert_eq!(rule["severity"], "error");
    assert_eq!(v["statuses"], serde_json::json!(["Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không áp dụng"]));
}

#[test]
fn calendar_prints_the_last_days() {
    let out = baocao().args(["plan", "calendar", "--year", "2024", "--as-of", "20/05/2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("04/06/2024") && stdout.contains("Thứ Ba") && stdout.contains("còn 15 ngày"), "{stdout}");
    assert!(stdout.contains("31/10/2024") && stdout.contains("Thứ Năm"), "{stdout}");
}

#[test]
fn calendar_warns_when_a_deadline_falls_on_a_weekend() {
    // 04/06/2022 is a Saturday; 31/10/2021 a Sunday.
    let out = baocao()
        .args(["--lang", "en", "plan", "calendar", "--year", "2022", "--as-of", "2022-06-10"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Warning: the last day of period 6 tháng (04/06/2022) falls on a Saturday, a weekend day."),
        "{stdout}"
    );
    assert!(stdout.contains("passed 6 days ago"), "{stdout}");
}

#[test]
fn calendar_rolls_over_when_the_plan_says_so() {
    let text = edit("lui_ngay_nghi = false", "lui_ngay_nghi = true");
    let (_dir, path) = plan_file(&text);
    let out = baocao()
        .arg("--plan")
        .arg(&path)
        .args(["plan", "calendar", "--year", "2022", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["periods"][0]["last_day"], "2022-06-06");
    assert_eq!(v["periods"][0]["rolled_over"], true);
}

#[test]
fn plan_works_from_an_empty_folder_with_the_builtin_copy() {
    let dir = tempfile::tempdir().unwrap();
    let out = baocao().current_dir(dir.path()).arg("plan").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("15/KH-UBND") && stdout.contains("tích hợp sẵn"), "{stdout}");
    assert!(stdout.contains("UBND huyện, thành phố (12)"), "{stdout}");
}

#[test]
fn a_local_plan_toml_is_preferred_over_the_builtin() {
    let (dir, _path) = plan_file(&edit("so = \"15/KH-UBND\"", "so = \"99/KH-UBND\""));
    let out = baocao().current_dir(dir.path()).args(["plan", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "99/KH-UBND");
}

#[test]
fn vietnamese_aliases_of_subcommands() {
    let out = baocao().args(["kehoach", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = baocao().arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for alias in ["kehoach", "mau", "kiemtra", "tonghop", "tinhhinh"] {
        assert!(help.contains(alias), "{alias} missing in help");
    }
}

fn expected_json(period: &str, year: &str) -> serde_json::Value {
    let out = baocao().args(["plan", "--period", period, "--year", year, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap().to_string()).collect()
}

// Who owes the 6-month report of 2025: the departments as merged in March (the six merged ones
// gone, SNNMT new) and the 12 districts and cities, which still exist until 01/07/2025.
#[test]
fn who_reports_for_six_months_of_2025() {
    let v = expected_json("6-thang", "2025");
    assert_eq!(v["expected_units"], 28);
    let expected = codes(&v["units"]);
    for gone in ["SKHDT", "SGTVT", "STTTT", "SNNPTNT", "STNMT", "SLDTBXH"] {
        assert!(!expected.contains(&gone.to_string()), "{gone} merged in March 2025");
    }
    for present in ["SNNMT", "STC", "SNGV", "BDT", "DPTTH", "HTM", "TPCL"] {
        assert!(expected.contains(&present.to_string()), "{present}");
    }
    let snnmt = v["units"].as_array().unwrap().iter().find(|u| u["code"] == "SNNMT").unwrap();
    assert_eq!(snnmt["succeeds"], serde_json::json!(["SNNPTNT", "STNMT"]));
    assert_eq!(snnmt["first_period"], "6-thang/2025");
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.iter().map(|g| g["expected"].as_u64().unwrap()).collect::<Vec<_>>(), [16, 12, 0]);
    assert_eq!(v["recipients"], serde_json::json!(["Ủy ban nhân dân Tỉnh", "Ban Tuyên giáo và Dân vận Tỉnh ủy"]));
    let skhdt = v["not_expected"].as_array().unwrap().iter().find(|u| u["code"] == "SKHDT").unwrap();
    assert_eq!((skhdt["reason"].as_str(), skhdt["last_period"].as_str()), (Some("ended"), Some("nam/2024")));
    assert_eq!(skhdt["succeeded_by"], serde_json::json!(["STC"]));
}

// The yearly report of 2025 comes after 01/07/2025: the new province's 12 agencies, the Ban
// Quản lý Khu kinh tế and the merged Báo và Phát thanh, Truyền hình; no district; the 102 xã
// and phường are on file but their group is off.
#[test]
fn who_reports_for_the_year_2025_and_the_json_names() {
    let v = expected_json("nam", "2025");
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>().join(",");
    assert_eq!(keys(&v), "expected_units,groups,last_day,not_expected,period,plan,recipients,units,year");
    assert_eq!(keys(&v["units"][0]), "code,first_period,group,last_period,name,succeeds");
    assert_eq!(keys(&v["not_expected"][0]), "code,first_period,group,last_period,name,reason,succeeded_by");
    assert_eq!(keys(&v["groups"][0]), "code,expected,name,name_en,reports");
    assert_eq!(
        (v["period"].as_str(), v["year"].as_i64(), v["last_day"].as_str()),
        (Some("nam"), Some(2025), Some("2025-10-31"))
    );
    let mut expected = codes(&v["units"]);
    expected.sort();
    assert_eq!(
        expected,
        [
            "BPTTH", "BQLKKT", "SCT", "SGDDT", "SKHCN", "SNNMT", "SNV", "STC", "STP", "SVHTTDL", "SXD", "SYT", "TTT",
            "VPUBND"
        ]
    );
    let not_expected = v["not_expected"].as_array().unwrap();
    let htm = not_expected.iter().find(|u| u["code"] == "HTM").unwrap();
    assert_eq!((htm["reason"].as_str(), htm["last_period"].as_str()), (Some("ended"), Some("6-thang/2025")));
    let communes: Vec<&serde_json::Value> = not_expected.iter().filter(|u| u["group"] == "xa-phuong").collect();
    assert_eq!(communes.len(), 102);
    assert!(communes.iter().all(|u| u["reason"] == "group_off"));
    assert_eq!(communes.iter().filter(|u| u["name"].as_str().unwrap().starts_with("Phường ")).count(), 20);
    let xa = v["groups"].as_array().unwrap().iter().find(|g| g["code"] == "xa-phuong").unwrap();
    assert_eq!((xa["reports"].as_bool(), xa["expected"].as_u64()), (Some(false), Some(0)));
}

#[test]
fn who_reports_is_said_in_vietnamese_and_english() {
    let out = baocao().args(["plan", "--period", "nam", "--year", "2025"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ĐƠN VỊ PHẢI BÁO CÁO NĂM 2025 (kỳ nam/2025): 14 đơn vị"), "{text}");
    assert!(text.contains("UBND xã, phường: 102 đơn vị"), "{text}");
    assert!(
        text.contains("Nơi nhận báo cáo tổng hợp kỳ này: Ủy ban nhân dân Tỉnh; Ban Tuyên giáo và Dân vận Tỉnh ủy.")
    );
    let out = baocao().args(["--lang", "en", "plan", "--period", "cả năm", "--year", "2025"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("UNITS REPORTING FOR NĂM 2025 (period nam/2025): 14 units"), "{text}");
    assert!(text.contains("Commune and ward People's Committees: 102 units"), "{text}");
}

// The calendar of 2025 names who stops and who starts reporting in each period.
#[test]
fn calendar_of_2025_names_the_reorganisation() {
    let out = baocao().args(["plan", "calendar", "--year", "2025", "--as-of", "2025-05-01"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("6 tháng 2025: thôi báo cáo (đã sắp xếp lại): SKHDT → STC;"), "{text}");
    assert!(text.contains("6 tháng 2025: bắt đầu báo cáo: SNNMT (kế thừa SNNPTNT, STNMT)."), "{text}");
    assert!(text.contains("Năm 2025: bắt đầu báo cáo: BPTTH (kế thừa BDT, DPTTH)."), "{text}");
    let out = baocao().args(["plan", "calendar", "--year", "2025", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["periods"][0]["expected_units"], 28);
    assert_eq!(v["periods"][0]["expected_by_group"], serde_json::json!({"so-nganh": 16, "huyen-tp": 12}));
    assert_eq!(v["periods"][1]["expected_units"], 14);
    assert!(v["periods"][1]["ended"].as_array().unwrap().iter().any(|c| c == "HTM"));
}

// A name limited to periods resolves by the period asked: "Tháp Mười" is the district up to
// 6-thang/2025 and names nothing after it (a xã carries the name from 01/07/2025).
#[test]
fn thap_muoi_resolves_by_the_period_asked() {
    let dir = tempfile::tempdir().unwrap();
    let ok = baocao()
        .current_dir(dir.path())
        .args(["template", "--unit", "Tháp Mười", "--period", "6-thang", "--year", "2025", "-o", "htm.xlsx"])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    let refused = baocao()
        .current_dir(dir.path())
        .args(["template", "--unit", "Tháp Mười", "--period", "nam", "--year", "2025", "-o", "x.xlsx"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(
        stderr.contains("\"Tháp Mười\" là cách viết của HTM (Huyện Tháp Mười) chỉ dùng đến hết kỳ 6 tháng 2025, không dùng cho kỳ Năm 2025"),
        "{stderr}"
    );
    assert!(!dir.path().join("x.xlsx").exists());
}

// The province may switch the xã and phường on: the shipped names then still check (no name
// of theirs clashes with an old district's in the same period) and they are expected.
#[test]
fn communes_switched_on_check_ok_and_are_expected() {
    let text = edit(
        "ten_en = \"Commune and ward People's Committees\"\nbao_cao = false",
        "ten_en = \"Commune and ward People's Committees\"\nbao_cao = true\ntu_ky = \"nam/2025\"",
    );
    let (_dir, path) = plan_file(&text);
    let out = check(&path, "vi");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = baocao()
        .arg("--plan")
        .arg(&path)
        .args(["plan", "--period", "nam", "--year", "2025", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["expected_units"], 14 + 102);
}

#[test]
fn a_limited_alias_with_a_bad_period_is_reported_on_its_line() {
    let text = edit(
        "\"H. Tháp Mười\", { ten = \"Tháp Mười\", den_ky = \"6-thang/2025\" }",
        "\"H. Tháp Mười\", { ten = \"Tháp Mười\", den_ky = \"quy-2/2025\" }",
    );
    let line = line_of(&text, "quy-2/2025");
    assert_problem(
        &text,
        line,
        "cach_viet.den_ky = \"quy-2/2025\": không có kỳ báo cáo \"quy-2\"",
        "there is no period \"quy-2\"",
    );
}

#[test]
fn an_alias_shared_in_the_same_period_is_refused_but_not_across_periods() {
    // SNNMT's bare "Sở Nông nghiệp" starts when SNNPTNT's ends: accepted as shipped. Made to
    // start a year earlier, both units would answer to it in 2024.
    let text = edit(
        "{ ten = \"Sở Nông nghiệp\", tu_ky = \"6-thang/2025\" }",
        "{ ten = \"Sở Nông nghiệp\", tu_ky = \"6-thang/2024\" }",
    )
    .replacen("tu_ky = \"6-thang/2025\"  # ngày hợp nhất", "tu_ky = \"6-thang/2024\"  # ngày hợp nhất", 1);
    let line = line_of(&text, "cach_viet = [\"Sở NN&MT\"");
    assert_problem(
        &text,
        line,
        "Cách viết \"Sở Nông nghiệp\" của SNNMT trùng với SNNPTNT",
        "Alias \"Sở Nông nghiệp\" of SNNMT is also used by SNNPTNT",
    );
}

#[test]
fn a_successor_naming_an_unknown_or_unending_unit() {
    let text = edit("ke_thua = [\"SKHDT\"]", "ke_thua = [\"SKHDTT\"]");
    let line = line_of(&text, "ke_thua = [\"SKHDTT\"]");
    assert_problem(
        &text,
        line,
        "ke_thua của STC: \"SKHDTT\" không phải mã",
        "ke_thua of STC: \"SKHDTT\" is not the code",
    );
    let text = edit("ke_thua = [\"SKHDT\"]", "ke_thua = [\"SCT\"]");
    let line = line_of(&text, "ke_thua = [\"SCT\"]");
    assert_problem(
        &text,
        line,
        "STC kế thừa SCT, nhưng SCT không có den_ky",
        "STC succeeds SCT, but SCT has no den_ky",
    );
}

#[test]
fn a_unit_of_an_undeclared_group() {
    let text = edit(
        "code = \"SYT\"\nten = \"Sở Y tế\"\nnhom = \"so-nganh\"",
        "code = \"SYT\"\nten = \"Sở Y tế\"\nnhom = \"so-y-te\"",
    );
    let line = line_of(&text, "nhom = \"so-y-te\"");
    assert_problem(&text, line, "\"so-y-te\"", "\"so-y-te\"");
}

// An unknown key inside a limited name was reported as "data did not match any variant of
// untagged enum RawLimited": a Rust type name, and not the key that was wrong.
#[test]
fn unknown_key_in_a_limited_name_is_named_not_a_rust_type() {
    let text = edit(
        "\"H. Tháp Mười\", { ten = \"Tháp Mười\", den_ky = \"6-thang/2025\" }",
        "\"H. Tháp Mười\", { ten = \"Tháp Mười\", den = \"6-thang/2025\" }",
    );
    let line = line_of(&text, "den = \"6-thang/2025\"");
    assert_problem(&text, line, "unknown field `den`, expected one of `ten`, `tu_ky`, `den_ky`", "unknown field `den`");
    let (_dir, path) = plan_file(&text);
    assert!(!String::from_utf8(check(&path, "vi").stderr).unwrap().contains("untagged"));
}

#[test]
fn a_period_year_outside_the_plan_is_a_typo() {
    let text = edit(
        "code = \"SNGV\"\nten = \"Sở Ngoại vụ\"\nnhom = \"so-nganh\"\ncach_viet = [\"Sở Ngoại vụ Đồng Tháp\"]\nden_ky = \"6-thang/2025\"",
        "code = \"SNGV\"\nten = \"Sở Ngoại vụ\"\nnhom = \"so-nganh\"\ncach_viet = [\"Sở Ngoại vụ Đồng Tháp\"]\nden_ky = \"6-thang/2052\"",
    );
    let line = line_of(&text, "den_ky = \"6-thang/2052\"");
    assert_problem(
        &text,
        line,
        "den_ky = \"6-thang/2052\": năm nằm ngoài các năm của kế hoạch (2022–2025)",
        "the year is outside the plan's years",
    );
}

// `plan calendar --period nam` dropped the other periods from a copy of the plan, so validity
// ranges (which point at periods by their place) were read against the wrong period.
#[test]
fn calendar_of_one_period_reads_validity_against_the_whole_plan() {
    let out =
        baocao().args(["plan", "calendar", "--year", "2025", "--period", "Năm", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["periods"].as_array().unwrap().len(), 1);
    assert_eq!(v["periods"][0]["id"], "nam");
    assert_eq!(v["periods"][0]["expected_units"], 14);
    assert_eq!(v["periods"][0]["starting"], serde_json::json!(["BPTTH"]));
}
