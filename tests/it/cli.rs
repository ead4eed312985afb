//! The command line as a user meets it: output into a pipe that closes early, help and argument
//! errors in Vietnamese by default and English on request, periods and units written any way
//! plan.toml lists, and operational errors as sentences with the path and what to do.

use std::path::{Path, PathBuf};
use std::process::Stdio;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run in `dir` with the built-in plan and whatever language `--lang` says: the
/// environment's `BAOCAO_LANG` and `BAOCAO_PLAN` are removed.
use crate::common::baocao;

/// Runs `args`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = baocao(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn reports() -> String {
    root().join("examples/reports").display().to_string()
}

fn so_nganh_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples/reports/so-nganh"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

// =============================================================================================
// One output path: a closed pipe is the end of output, never a panic
// =============================================================================================

/// Spawns `args` with stdout a pipe whose reading end is closed before the command writes
/// (`cmd | true`); returns (exit code, stderr).
fn run_into_closed_pipe(dir: &Path, args: &[String]) -> (i32, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .current_dir(dir)
        .env_remove("BAOCAO_PLAN")
        .env_remove("BAOCAO_LANG")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

// Symptom: `baocao plan --format json | head -1` and `baocao validate … | true` exited 101 with
// a Rust panic ("failed printing to stdout: Broken pipe").
#[test]
fn closed_pipe_ends_every_command_quietly_with_its_normal_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let s = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<String>>();
    let out = dir.path().join("tong-hop.xlsx").display().to_string();
    let mut validate = s(&["validate"]);
    validate.extend(so_nganh_files());
    let cases: Vec<(Vec<String>, i32)> = vec![
        (s(&["plan"]), 0),
        (s(&["plan", "--format", "json"]), 0),
        (s(&["plan", "calendar", "--year", "2024", "--as-of", "2024-06-01"]), 0),
        (s(&["plan", "check"]), 0),
        (s(&["template", "--unit", "HCL", "--period", "6-thang", "--year", "2024"]), 0),
        (validate, 1),
        (
            s(&[
                "consolidate",
                &reports(),
                "--period",
                "6-thang",
                "--year",
                "2024",
                "--as-of",
                "2024-06-20",
                "-o",
                &out,
            ]),
            0,
        ),
        (s(&["status", &reports(), "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"]), 0),
        (s(&["status", &reports(), "--period", "6-thang", "--year", "2024", "--format", "json"]), 0),
        (s(&["--help"]), 0),
        (s(&["help", "consolidate"]), 0),
        (s(&["--version"]), 0),
    ];
    for (args, code) in cases {
        let (got, stderr) = run_into_closed_pipe(dir.path(), &args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!([0, 1, 2].contains(&got), "{args:?} exited {got}: {stderr}");
        assert_eq!(got, code, "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} printed on stderr: {stderr}");
    }
}

// =============================================================================================
// Help and argument errors in the user's language
// =============================================================================================

/// What clap writes in English when left alone.
const ENGLISH_CHROME: [&str; 14] = [
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Possible values",
    "possible values",
    "[default:",
    "[env:",
    "Print help",
    "Print version",
    "[aliases:",
    "[alias:",
    "[OPTIONS]",
    "<COMMAND>",
];

const COMMANDS: [&[&str]; 10] = [
    &[],
    &["plan"],
    &["plan", "check"],
    &["plan", "calendar"],
    &["template"],
    &["validate"],
    &["consolidate"],
    &["status"],
    &["tong-ket"],
    &["help"],
];

#[test]
fn help_of_every_command_is_vietnamese_by_default() {
    let dir = tempfile::tempdir().unwrap();
    for command in COMMANDS {
        for flag in ["--help", "-h"] {
            let mut args = command.to_vec();
            args.push(flag);
            let (code, stdout, stderr) = run(dir.path(), &args);
            assert_eq!(code, 0, "{args:?}: {stderr}");
            assert!(stdout.contains("Cách dùng: baocao"), "{args:?}: {stdout}");
            assert!(stdout.contains("Tùy chọn:"), "{args:?}: {stdout}");
            for english in ENGLISH_CHROME {
                assert!(!stdout.contains(english), "{args:?} shows {english:?}:\n{stdout}");
            }
        }
    }
    let (_, top, _) = run(dir.path(), &["--help"]);
    for needle in
        ["Các lệnh:", "[mặc định: vi]", "[biến môi trường: BAOCAO_LANG]", "[giá trị: vi, en]", "[tên khác: tonghop]"]
    {
        assert!(top.contains(needle), "{needle:?} missing:\n{top}");
    }
    let (_, validate, _) = run(dir.path(), &["validate", "--help"]);
    assert!(validate.contains("Đối số:") && validate.contains("<TỆP>..."), "{validate}");
}

#[test]
fn help_is_english_with_lang_en_or_baocao_lang() {
    let dir = tempfile::tempdir().unwrap();
    for command in COMMANDS {
        let mut args = vec!["--lang", "en"];
        args.extend_from_slice(command);
        args.push("--help");
        let (code, stdout, _) = run(dir.path(), &args);
        assert_eq!(code, 0, "{args:?}");
        assert!(stdout.contains("Usage: baocao") && stdout.contains("Options:"), "{args:?}: {stdout}");
        assert!(!stdout.contains("Cách dùng") && !stdout.contains("Tùy chọn:"), "{args:?}: {stdout}");
    }
    let out = baocao(dir.path()).env("BAOCAO_LANG", "en").args(["template", "--help"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Usage: baocao template [OPTIONS] --period <PERIOD> --year <YEAR>"), "{stdout}");
    // `--lang=en` after the command counts too.
    let (_, stdout, _) = run(dir.path(), &["status", "--help", "--lang=en"]);
    assert!(stdout.contains("Usage: baocao status"), "{stdout}");
}

#[test]
fn help_subcommand_shows_the_commands_help() {
    let dir = tempfile::tempdir().unwrap();
    let (code, via_help, _) = run(dir.path(), &["help", "consolidate"]);
    assert_eq!(code, 0);
    let (_, via_flag, _) = run(dir.path(), &["consolidate", "--help"]);
    assert_eq!(via_help, via_flag);
    let (_, nested, _) = run(dir.path(), &["plan", "help", "calendar"]);
    assert!(nested.contains("Cách dùng: baocao plan calendar"), "{nested}");
}

/// Runs a command line that clap refuses; checks exit 2, nothing on stdout, and the message.
fn refused(args: &[&str], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), args);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    assert!(stdout.is_empty(), "{args:?}: {stdout}");
    for needle in expected {
        assert!(stderr.contains(needle), "{args:?}: {stderr:?} lacks {needle:?}");
    }
    for english in ["error:", "For more information", "invalid digit", "Usage:", "[OPTIONS]"] {
        if !args.contains(&"en") {
            assert!(!stderr.contains(english), "{args:?} shows {english:?}: {stderr}");
        }
    }
}

#[test]
fn argument_errors_are_vietnamese_by_default() {
    refused(
        &["template", "--year", "2024"],
        &[
            "Lỗi: thiếu đối số bắt buộc: --period <KỲ>, --unit <ĐƠN_VỊ>",
            "Cách dùng: baocao template",
            "Xem thêm: baocao template --help",
        ],
    );
    refused(
        &["plan", "--format", "xml"],
        &["Lỗi: giá trị \"xml\" không dùng được cho --format <ĐỊNH_DẠNG>; dùng một trong: text, json"],
    );
    refused(&["plan", "--fromat", "json"], &["Lỗi: không có tùy chọn --fromat. Có phải là: --format?"]);
    refused(&["tempalte"], &["Lỗi: không có lệnh \"tempalte\". Có phải là: template?"]);
    refused(
        &["template", "--unit", "HCL", "--period", "6-thang", "--year", "abc"],
        &[
            "Lỗi: giá trị \"abc\" không dùng được cho --year <NĂM>: ghi năm bằng số, ví dụ 2024",
            "Xem thêm: baocao template --help",
        ],
    );
    refused(
        &["validate", "x.xlsx", "--as-of", "32/13/2024"],
        &["giá trị \"32/13/2024\" không dùng được cho --as-of <NGÀY>: ghi ngày/tháng/năm (20/06/2024)"],
    );
    refused(
        &["template", "--unit", "HCL", "--all", "--out-dir", "x", "--period", "6-thang", "--year", "2024"],
        &["--unit <ĐƠN_VỊ> không dùng cùng với --all"],
    );
    refused(
        &["--lang", "fr", "plan"],
        &["giá trị \"fr\" không dùng được cho --lang <NGÔN_NGỮ>; dùng một trong: vi, en"],
    );
}

#[test]
fn argument_errors_are_english_with_lang_en() {
    refused(
        &["--lang", "en", "template", "--year", "2024"],
        &[
            "Error: required arguments were not given: --period <PERIOD>, --unit <UNIT>",
            "Usage: baocao template",
            "For more, see: baocao template --help",
        ],
    );
    refused(
        &["--lang", "en", "plan", "--fromat", "json"],
        &["Error: there is no option --fromat. Did you mean: --format?"],
    );
    refused(
        &["--lang", "en", "template", "--unit", "HCL", "--period", "6-thang", "--year", "abc"],
        &["Error: the value \"abc\" is not accepted by --year <YEAR>: write the year in digits, e.g. 2024"],
    );
}

#[test]
fn cli_is_well_formed_in_both_languages() {
    for lang in [baocao::messages::Lang::Vi, baocao::messages::Lang::En] {
        baocao::cli::command(lang).debug_assert();
    }
}

// =============================================================================================
// One resolution: periods and units written any way the plan lists
// =============================================================================================

#[test]
fn template_takes_period_and_unit_names() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) =
        run(dir.path(), &["template", "--unit", "Huyện Cao Lãnh", "--period", "6 tháng", "--year", "2024"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("bao-cao_HCL_6-thang_2024.xlsx"), "{stdout}");
    assert!(dir.path().join("bao-cao_HCL_6-thang_2024.xlsx").is_file());
    let (code, _, stderr) = run(dir.path(), &["template", "--unit", "hcl", "--period", "Năm", "--year", "2024"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("bao-cao_HCL_nam_2024.xlsx").is_file());
}

#[test]
fn consolidate_and_status_take_period_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tong-hop.xlsx").display().to_string();
    let args =
        ["consolidate", &reports(), "--period", "6 tháng", "--year", "2024", "--as-of", "2024-06-20", "-o", &out];
    let (code, _, stderr) = run(dir.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(Path::new(&out).is_file());
    for period in ["6 tháng", "sáu tháng", "6-thang"] {
        let (code, stdout, stderr) =
            run(dir.path(), &["status", &reports(), "--period", period, "--year", "2024", "--format", "json"]);
        assert_eq!(code, 0, "{period}: {stderr}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["period"], "6-thang", "{period}");
    }
    let (code, stdout, stderr) = run(dir.path(), &["status", &reports(), "--period", "Năm", "--year", "2024"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.is_empty());
}

#[test]
fn status_takes_a_unit_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "status",
        &reports(),
        "--period",
        "6-thang",
        "--year",
        "2024",
        "--as-of",
        "2024-06-20",
        "--unit",
        "Huyện Cao Lãnh",
        "--format",
        "json",
    ];
    let (code, stdout, stderr) = run(dir.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let codes: Vec<&str> = json["units"].as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["HCL"]);
}

#[test]
fn plan_calendar_takes_a_period_name() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) =
        run(dir.path(), &["plan", "calendar", "--year", "2024", "--period", "Năm", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = json["periods"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["nam"]);
}

// Symptom: a bare "Cao Lãnh" (a city and a district) must never be guessed.
#[test]
fn an_ambiguous_unit_name_is_refused_naming_both_units() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["template", "--unit", "Cao Lãnh", "--period", "6-thang", "--year", "2024"],
        vec!["status", "examples/reports", "--period", "6-thang", "--year", "2024", "--unit", "Cao Lãnh"],
    ] {
        let mut cmd = baocao(&root());
        let out = cmd.args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("\"Cao Lãnh\" là tên của nhiều đơn vị"), "{stderr}");
        assert!(stderr.contains("TPCL (Thành phố Cao Lãnh)") && stderr.contains("HCL (Huyện Cao Lãnh)"), "{stderr}");
    }
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

// =============================================================================================
// Operational errors: a sentence with the path and what to do, never the system's text
// =============================================================================================

fn failed(dir: &Path, args: &[&str], expected: &[&str]) {
    let (code, _, stderr) = run(dir, args);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    for needle in expected {
        assert!(stderr.contains(needle), "{args:?}: {stderr:?} lacks {needle:?}");
    }
    assert!(!stderr.contains("os error") && !stderr.contains("(os"), "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one message: {stderr}");
}

// Symptom: `-o some/folder/` printed "Is a directory (os error 21)" after all the reading.
#[test]
fn an_output_that_is_a_folder_is_refused_before_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("so-lieu")).unwrap();
    let expected = ["Lỗi: so-lieu/ là một thư mục; -o cần tên tệp, ví dụ so-lieu/"];
    failed(
        dir.path(),
        &["consolidate", &reports(), "--period", "6-thang", "--year", "2024", "-o", "so-lieu/"],
        &expected,
    );
    failed(
        dir.path(),
        &["template", "--unit", "HCL", "--period", "6-thang", "--year", "2024", "-o", "so-lieu/"],
        &expected,
    );
    failed(
        dir.path(),
        &["--lang", "en", "consolidate", &reports(), "--period", "6-thang", "--year", "2024", "-o", "so-lieu"],
        &["Error: so-lieu is a folder; -o needs a file name"],
    );
}

#[test]
fn unreadable_files_are_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    failed(
        dir.path(),
        &["--plan", "khong-co.toml", "plan"],
        &["Lỗi: Không đọc được khong-co.toml: không có tệp hoặc thư mục này. Kiểm tra lại đường dẫn."],
    );
    failed(
        dir.path(),
        &["--lang", "en", "--plan", "khong-co.toml", "plan", "check"],
        &["Error: Cannot read khong-co.toml: there is no such file or folder. Check the path."],
    );
    std::fs::create_dir(dir.path().join("so-den")).unwrap();
    failed(
        dir.path(),
        &["status", &reports(), "--period", "6-thang", "--year", "2024", "--received", "so-den"],
        &["so-den", "đây là một thư mục, không phải tệp"],
    );
    std::fs::write(dir.path().join("tep"), "x").unwrap();
    failed(
        dir.path(),
        &["template", "--all", "--out-dir", "tep/mau", "--period", "6-thang", "--year", "2024"],
        &["Lỗi: Không tạo được thư mục tep/mau:"],
    );
}

#[cfg(unix)]
#[test]
fn a_folder_without_permission_is_a_sentence() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("khoa");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("so-den.csv"), "SNV;05/06/2024\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads anything: the case cannot be made there.
    if std::fs::read(locked.join("so-den.csv")).is_err() {
        failed(
            dir.path(),
            &["status", &reports(), "--period", "6-thang", "--year", "2024", "--received", "khoa/so-den.csv"],
            &["bạn không có quyền truy cập"],
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}
