//! The consolidated workbook as a printed document (Nghị định 30/2020/NĐ-CP): page setup,
//! appendix headings, page numbers, the signer, column widths and row heights measured with
//! Times New Roman's metrics, chart axes, and the rendered pictures in docs/ kept current.
//! Everything is read back from the file the README's first command writes.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

use baocao::workbook::consolidated::SHEETS;
use baocao::workbook::measure::{column_units, row_points, wrapped_lines};
use calamine::{Data, Reader, Xlsx, open_workbook};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README's first command on `examples/reports`, run from the repository root (so file
/// paths in the workbook read `examples/reports/…`, as in `docs/render.sh`); `plan` replaces
/// the shipped plan when given.
fn consolidate(plan: Option<&str>) -> (tempfile::TempDir, PathBuf, Output) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tong-hop.xlsx");
    let mut cmd = assert_cmd::Command::cargo_bin("baocao").unwrap();
    cmd.current_dir(root()).env_remove("BAOCAO_PLAN").env_remove("BAOCAO_LANG");
    if let Some(text) = plan {
        let path = tmp.path().join("plan.toml");
        std::fs::write(&path, text).unwrap();
        cmd.env("BAOCAO_PLAN", &path);
    }
    let run = cmd
        .args(["consolidate", "examples/reports", "--period", "6-thang", "--year", "2024", "--as-of", "2024-06-20"])
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    (tmp, out, run)
}

fn example() -> (tempfile::TempDir, PathBuf) {
    let (tmp, out, run) = consolidate(None);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    (tmp, out)
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

fn parts_named(path: &Path, prefix: &str) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut names: Vec<String> =
        zip.file_names().map(|n| n.unwrap().to_string()).filter(|n| n.starts_with(prefix)).collect();
    names.sort();
    names
}

/// The worksheet XML of sheet `name`.
fn sheet_xml(path: &Path, name: &str) -> String {
    let i = SHEETS.iter().position(|s| *s == name).unwrap();
    part(path, &format!("xl/worksheets/sheet{}.xml", i + 1))
}

/// The value of attribute `attr` in an XML start tag `tag`.
fn attr<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {attr}=\""))? + attr.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The start tags `<name …>` in `xml`.
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    xml.match_indices(&open).map(|(i, _)| &xml[i..i + xml[i..].find('>').unwrap()]).collect()
}

/// Column widths (0-based column → Excel units) as written in `<cols>`.
fn column_widths(xml: &str) -> BTreeMap<u32, f64> {
    let mut widths = BTreeMap::new();
    for col in tags(xml, "col") {
        let (min, max): (u32, u32) =
            (attr(col, "min").unwrap().parse().unwrap(), attr(col, "max").unwrap().parse().unwrap());
        let width: f64 = attr(col, "width").unwrap().parse().unwrap();
        for c in min..=max {
            widths.insert(c - 1, width);
        }
    }
    widths
}

/// Row heights (0-based row → points) for rows with a height of their own.
fn row_heights(xml: &str) -> BTreeMap<u32, f64> {
    tags(xml, "row")
        .into_iter()
        .filter_map(|row| Some((attr(row, "r")?.parse::<u32>().ok()? - 1, attr(row, "ht")?.parse().ok()?)))
        .collect()
}

fn range(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// Cells of `name` as (row, column, text), absolute positions.
fn texts(path: &Path, name: &str) -> Vec<(u32, u32, String)> {
    let r = range(path, name);
    let (r0, c0) = r.start().unwrap();
    r.cells()
        .filter_map(|(i, j, v)| match v {
            Data::String(s) => Some((r0 + i as u32, c0 + j as u32, s.clone())),
            _ => None,
        })
        .collect()
}

fn defined_names(path: &Path) -> Vec<(String, String)> {
    let xml = part(path, "xl/workbook.xml");
    xml.match_indices("<definedName ")
        .map(|(i, _)| {
            let tag_end = i + xml[i..].find('>').unwrap();
            let close = tag_end + xml[tag_end..].find("</definedName>").unwrap();
            (attr(&xml[i..tag_end], "name").unwrap().to_string(), xml[tag_end + 1..close].to_string())
        })
        .collect()
}

// ----------------------------------------------------------------------------------------------

#[test]
fn every_sheet_numbers_its_pages_in_the_top_margin_from_the_second_page() {
    let (_tmp, out) = example();
    for name in SHEETS {
        let xml = sheet_xml(&out, name);
        let hf = &xml[xml.find("<headerFooter").unwrap()..xml.find("</headerFooter>").unwrap()];
        assert!(hf.starts_with("<headerFooter differentFirst=\"1\""), "{name}: {hf}");
        assert!(
            hf.contains("<oddHeader>&amp;C&amp;\"Times New Roman,Regular\"&amp;13&amp;P</oddHeader>"),
            "{name}: {hf}"
        );
        // No "Trang n/N" footer, no first-page header.
        assert!(!hf.contains("oddFooter") && !hf.contains("firstHeader"), "{name}: {hf}");
        let setup = tags(&xml, "pageSetup")[0];
        assert_eq!(attr(setup, "paperSize"), Some("9"), "{name}: A4");
        // Each sheet counts from 1 (1 is the default of firstPageNumber, so only the flag shows).
        assert_eq!(attr(setup, "useFirstPageNumber"), Some("1"), "{name}");
        assert!(attr(setup, "firstPageNumber").is_none_or(|n| n == "1"), "{name}");
    }
}

#[test]
fn print_titles_and_print_areas_per_sheet() {
    let (_tmp, out) = example();
    let names = defined_names(&out);
    let titles = |sheet: &str| {
        names
            .iter()
            .find(|(n, v)| n == "_xlnm.Print_Titles" && v.starts_with(&format!("'{sheet}'!")))
            .map(|(_, v)| v.clone())
    };
    let area = |sheet: &str| {
        names
            .iter()
            .find(|(n, v)| n == "_xlnm.Print_Area" && v.starts_with(&format!("'{sheet}'!")))
            .map(|(_, v)| v.clone())
    };
    for sheet in ["Tình hình nộp", "Chỉ tiêu", "Kết quả", "Kiến nghị", "Mô hình", "Kiểm tra", "Dữ liệu"]
    {
        assert_eq!(titles(sheet), Some(format!("'{sheet}'!$3:$3")), "{sheet}");
    }
    assert_eq!(
        titles("Chỉ tiêu theo đơn vị"),
        Some("'Chỉ tiêu theo đơn vị'!$A:$C,'Chỉ tiêu theo đơn vị'!$3:$3".into())
    );
    // Two tables with different columns: no sheet-wide repeated header (see the next test).
    assert_eq!(titles("Nhiệm vụ"), None);
    // File paths (column M) stay on screen; each unit's story (column L) prints.
    assert_eq!(area("Tình hình nộp"), Some("'Tình hình nộp'!$A:$L".into()));
    // The data part prints its heading alone.
    assert_eq!(area("Kiểm tra"), Some("'Kiểm tra'!$A$1:$I$2".into()));
    assert_eq!(area("Dữ liệu"), Some("'Dữ liệu'!$A$1:$J$2".into()));
}

// Symptom: the unit × task matrix printed under the first table's header ("Nhiệm vụ" over
// unit names, "Kỳ này" over NV1), NV7–NV9 without a heading.
#[test]
fn task_matrix_prints_under_its_own_header_on_every_page() {
    let (_tmp, out) = example();
    let xml = sheet_xml(&out, "Nhiệm vụ");
    let breaks: Vec<u32> = tags(&xml, "brk").iter().map(|b| attr(b, "id").unwrap().parse().unwrap()).collect();
    assert!(breaks.len() >= 2, "the matrix starts a page and spans more: {breaks:?}");
    let cells = texts(&out, "Nhiệm vụ");
    let at = |row: u32, col: u32| cells.iter().find(|(r, c, _)| *r == row && *c == col).map(|(_, _, t)| t.as_str());
    // The counts table's header, then the matrix's title on the first page break, then the
    // matrix header at the top of every later page.
    assert_eq!((at(2, 2), at(2, 3)), (Some("Nhiệm vụ"), Some("Kỳ này")));
    assert_eq!(at(breaks[0], 0), Some("TÌNH TRẠNG TỪNG NHIỆM VỤ THEO ĐƠN VỊ"));
    assert_eq!((at(breaks[0] + 1, 2), at(breaks[0] + 1, 3)), (Some("Tên đơn vị"), Some("NV1")));
    for b in &breaks[1..] {
        assert_eq!((at(*b, 2), at(*b, 3), at(*b, 11)), (Some("Tên đơn vị"), Some("NV1"), Some("NV9")), "row {b}");
    }
    assert!(cells.iter().any(|(_, _, t)| t == "NV8 (chưa đến hạn)"));
    // A fixed scale (not fit-to-page), so the pagination above is what prints.
    let setup = tags(&xml, "pageSetup")[0];
    assert!(attr(setup, "scale").is_some() && !xml.contains("fitToPage"), "{setup}");
}

#[test]
fn appendices_carry_number_title_and_attached_line() {
    let (_tmp, out) = example();
    let appendices = [
        ("Tình hình nộp", "I", "TÌNH HÌNH NỘP BÁO CÁO"),
        ("Nhiệm vụ", "II", "TÌNH TRẠNG THỰC HIỆN NHIỆM VỤ"),
        ("Chỉ tiêu", "III", "TỔNG HỢP CHỈ TIÊU"),
        ("Chỉ tiêu theo đơn vị", "IV", "CHỈ TIÊU THEO ĐƠN VỊ"),
        ("Kết quả", "V", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ"),
        ("Kiến nghị", "VI", "KIẾN NGHỊ, ĐỀ XUẤT"),
        ("Mô hình", "VII", "MÔ HÌNH, ĐIỂN HÌNH"),
        ("Biểu đồ", "VIII", "BIỂU ĐỒ"),
    ];
    for (sheet, numeral, title) in appendices {
        let a1 = texts(&out, sheet).into_iter().find(|(r, c, _)| (*r, *c) == (0, 0)).unwrap().2;
        let lines: Vec<&str> = a1.lines().collect();
        assert_eq!(lines[0], format!("Phụ lục {numeral}"), "{sheet}");
        assert!(lines[1].starts_with(title), "{sheet}: {a1}");
        assert_eq!(lines[2], "(Kèm theo Báo cáo số        /BC-SNV ngày 20/6/2024 của Sở Nội vụ)", "{sheet}");
    }
    for sheet in ["Kiểm tra", "Dữ liệu"] {
        let a1 = texts(&out, sheet).into_iter().find(|(r, c, _)| (*r, *c) == (0, 0)).unwrap().2;
        assert!(!a1.contains("Phụ lục"), "{sheet} is data, not an appendix");
    }
}

#[test]
fn signature_block_and_number_come_from_the_plan() {
    let (_tmp, out) = example();
    let cover = texts(&out, "Tổng hợp");
    let has = |t: &str| cover.iter().any(|(_, _, x)| x == t);
    assert!(has("Số:        /BC-SNV"));
    let authority = cover.iter().find(|(_, _, x)| x == "KT. GIÁM ĐỐC").expect("authority");
    let title = cover.iter().find(|(_, _, x)| x == "PHÓ GIÁM ĐỐC").expect("title");
    assert_eq!((title.0, title.1), (authority.0 + 1, authority.1), "title under the authority");
    // No name in the plan: a line to write it, below room to sign.
    let name = cover.iter().find(|(_, _, x)| x.starts_with('…')).expect("a line for the name");
    assert!(name.0 >= title.0 + 4, "room to sign");

    let plan = std::fs::read_to_string(root().join("plan.toml"))
        .unwrap()
        .replace("ho_ten = \"\"", "ho_ten = \"Nguyễn Văn A\"");
    let (_tmp2, named, run) = consolidate(Some(&plan));
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(texts(&named, "Tổng hợp").iter().any(|(_, _, x)| x == "Nguyễn Văn A"));
}

#[test]
fn plan_check_rejects_a_signer_out_of_form() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(root().join("plan.toml"))
        .unwrap()
        .replace("quyen_han = \"KT. GIÁM ĐỐC\"", "quyen_han = \"Ký thay Giám đốc\"")
        .replace("so_van_ban = \"{so}/BC-SNV\"", "so_van_ban = \"BC-SNV\"");
    let path = dir.path().join("plan.toml");
    std::fs::write(&path, &plan).unwrap();
    let run = assert_cmd::Command::cargo_bin("baocao")
        .unwrap()
        .env_remove("BAOCAO_LANG")
        .args(["plan", "check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let line = |needle: &str| plan.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    assert!(
        stderr.contains(&format!("plan.toml:{}: quyen_han = \"Ký thay Giám đốc\": thẩm quyền ký", line("quyen_han"))),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("plan.toml:{}: so_van_ban = \"BC-SNV\"", line("so_van_ban"))), "{stderr}");
}

#[test]
fn times_new_roman_is_the_default_font() {
    let (_tmp, out) = example();
    let styles = part(&out, "xl/styles.xml");
    let fonts = &styles[styles.find("<fonts").unwrap()..styles.find("</fonts>").unwrap()];
    let first = &fonts[fonts.find("<font>").unwrap()..fonts.find("</font>").unwrap()];
    assert!(first.contains("<sz val=\"13\"/>") && first.contains("<name val=\"Times New Roman\"/>"), "{first}");
    assert!(!styles.contains("Calibri"), "no Calibri left anywhere");
    // The Normal style's column unit: a 9-pixel digit, default width 80 pixels.
    let xml = sheet_xml(&out, "Tổng hợp");
    assert!(tags(&xml, "sheetFormatPr")[0].contains("defaultRowHeight=\"17.25\""), "{xml:.400}");
}

/// Unwrapped values must fit their column: (sheet, 0-based columns).
const ONE_LINE: [(&str, &[u32]); 4] = [
    ("Tình hình nộp", &[1, 4, 9]),
    ("Chỉ tiêu", &[1, 3]),
    ("Chỉ tiêu theo đơn vị", &[1, 4]),
    ("Kiểm tra", &[2, 5, 6, 7]),
];

// Symptom: "214/BC-VPUBNI" cut in "Tình hình nộp", codes clipped in narrow columns.
#[test]
fn columns_are_as_wide_as_their_longest_unwrapped_value() {
    let (_tmp, out) = example();
    for (sheet, cols) in ONE_LINE {
        let widths = column_widths(&sheet_xml(&out, sheet));
        let cells = texts(&out, sheet);
        for col in cols {
            let values: Vec<&str> =
                cells.iter().filter(|(r, c, _)| *c == *col && *r > 2).map(|(_, _, t)| t.as_str()).collect();
            assert!(!values.is_empty(), "{sheet} column {col} has values");
            for v in values {
                let need = column_units(v, 13.0, false);
                assert!(widths[col] >= need, "{sheet} column {col}: \"{v}\" needs {need:.1}, width {}", widths[col]);
            }
        }
    }
}

// Symptom: paths of three lines in rows two lines high; "Kiến nghị" rows where a unit name wraps
// clipped; the formula text on "Chỉ tiêu" overprinting the rows around it.
#[test]
fn wrapped_rows_are_high_enough_for_all_their_lines() {
    let (_tmp, out) = example();
    let wrapped: [(&str, &[u32]); 6] = [
        ("Tình hình nộp", &[2, 3, 11]),
        ("Chỉ tiêu", &[2, 4]),
        ("Kết quả", &[2, 4, 5]),
        ("Kiến nghị", &[2, 3, 4]),
        ("Mô hình", &[2, 3, 4, 5]),
        ("Kiểm tra", &[1, 3, 4, 8]),
    ];
    for (sheet, cols) in wrapped {
        let xml = sheet_xml(&out, sheet);
        let (widths, heights) = (column_widths(&xml), row_heights(&xml));
        let mut checked = 0;
        for (row, col, text) in texts(&out, sheet) {
            if row < 3 || !cols.contains(&col) {
                continue;
            }
            let lines = wrapped_lines(&text, widths[&col], 13.0, false);
            // Excel's tallest row (409 pt) holds 26 lines; a longer text would be cut in print.
            assert!(lines <= 26, "{sheet} row {}: {lines} lines, more than a row can show", row + 1);
            // One line fits the default row (17.25 pt); more need a height of their own.
            let height = heights.get(&row).copied().unwrap_or(17.25);
            let need = if lines == 1 { 17.25 } else { row_points(lines) };
            // Heights are stored in whole pixels (0.75 pt).
            assert!(height >= need - 0.75, "{sheet} row {}: {lines} lines of \"{text:.40}\" in {height} pt", row + 1);
            checked += 1;
        }
        assert!(checked > 0, "{sheet}");
    }
}

#[test]
fn technical_notes_stay_off_the_printed_pages() {
    let (_tmp, out) = example();
    let cover = texts(&out, "Tổng hợp");
    assert!(!cover.iter().any(|(_, _, t)| t.contains("sheet")), "no \"xem các sheet\"");
    assert!(cover.iter().any(|(_, _, t)| t.contains("tại các phụ lục kèm theo")));
    // Indicator headers without "[CODE]".
    for (r, _, t) in texts(&out, "Chỉ tiêu theo đơn vị") {
        assert!(r != 2 || !t.contains('['), "{t}");
    }
    // The method in words, no "Σ CODE".
    let totals = texts(&out, "Chỉ tiêu");
    let how: Vec<&str> = totals.iter().filter(|(r, c, _)| *r > 2 && *c == 4).map(|(_, _, t)| t.as_str()).collect();
    assert!(
        how.contains(
            &"Tổng hồ sơ thủ tục hành chính giải quyết đúng hạn / tổng hồ sơ thủ tục hành chính tiếp nhận × 100"
        ),
        "{how:?}"
    );
    assert!(how.iter().all(|t| !t.contains('Σ') && !t.contains('_')), "{how:?}");
}

#[test]
fn rate_charts_run_0_to_100_and_count_axes_have_thousands_separators() {
    let (_tmp, out) = example();
    let charts = parts_named(&out, "xl/charts/chart");
    assert!(charts.len() > 3);
    let (mut rates, mut counts) = (0, 0);
    for name in charts.iter().skip(1) {
        let xml = part(&out, name);
        let val_ax = &xml[xml.find("<c:valAx>").unwrap()..xml.find("</c:valAx>").unwrap()];
        if xml.contains("Tỷ lệ") {
            assert!(val_ax.contains("<c:max val=\"100\"/>") && val_ax.contains("<c:min val=\"0\"/>"), "{name}");
            rates += 1;
        } else {
            assert!(val_ax.contains("formatCode=\"#,##0\""), "{name}");
            counts += 1;
        }
    }
    assert!(rates >= 2 && counts >= 2, "{rates} rate charts, {counts} count charts");
}

// "Biểu đồ" printed nine pages holding only a page number and the top edge of a chart box: the
// rows between two page breaks were more than a landscape page holds (32 rows of 23 px).
#[test]
fn each_chart_page_holds_one_whole_chart() {
    let (_tmp, out) = example();
    let xml = sheet_xml(&out, "Biểu đồ");
    let breaks: Vec<u32> = tags(&xml, "brk").iter().filter_map(|t| attr(t, "id")).map(|v| v.parse().unwrap()).collect();
    let charts = parts_named(&out, "xl/charts/chart").len();
    // One break before each indicator chart; the first page holds the status table and chart.
    assert_eq!(breaks.len(), charts - 1, "{breaks:?}");
    // A4 landscape holds 170 mm between the margins: 27 rows of 17.25 pt; a chart page is 26.
    assert!(breaks[0] <= 26, "{breaks:?}");
    assert!(breaks.windows(2).all(|w| w[1] - w[0] <= 26), "{breaks:?}");
    // Each chart is no taller than its page: 26 rows of 23 px.
    let drawing = parts_named(&out, "xl/drawings/drawing")
        .into_iter()
        .find(|n| std::path::Path::new(n).extension().is_some_and(|e| e == "xml"))
        .unwrap();
    let drawing = part(&out, &drawing);
    for ext in tags(&drawing, "xdr:ext") {
        let cy: u64 = attr(ext, "cy").unwrap().parse().unwrap();
        assert!(cy <= 26 * 23 * 9525, "chart {cy} EMU high");
    }
}

// The pictures in docs/img/ were rendered (docs/render.sh) from a workbook whose SHA-256 is in
// docs/img/SOURCE.sha256; when the workbook changes they are stale: rerun docs/render.sh.
#[test]
fn rendered_pictures_match_the_workbook_of_today() {
    use sha2::Digest;
    let (_tmp, out) = example();
    let fresh = format!("{:x}", sha2::Sha256::digest(std::fs::read(&out).unwrap()));
    let recorded = std::fs::read_to_string(root().join("docs/img/SOURCE.sha256")).unwrap();
    assert_eq!(recorded.split_whitespace().next(), Some(fresh.as_str()), "docs/img is stale: run docs/render.sh");
    for kind in [
        "bao-cao",
        "tinh-hinh-nop",
        "nhiem-vu",
        "nhiem-vu-don-vi",
        "chi-tieu",
        "chi-tieu-don-vi",
        "ket-qua",
        "bieu-do",
        "du-lieu",
    ] {
        assert!(root().join(format!("docs/img/{kind}.png")).is_file(), "docs/img/{kind}.png");
    }
}

// The print design moved no figure: headings live in rows 1–2 as before, tables start in row 4
// at the same columns (the formulas and other tools read these cells).
#[test]
fn figures_and_texts_stay_in_their_cells() {
    let (_tmp, out) = example();
    let cell = |sheet: &str, row: u32, col: u32| {
        let r = range(&out, sheet);
        r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    };
    let s = |t: &str| Data::String(t.to_string());
    assert_eq!(cell("Tình hình nộp", 2, 4), s("Số văn bản"));
    assert_eq!((cell("Tình hình nộp", 3, 1), cell("Tình hình nộp", 3, 4)), (s("VPUBND"), s("214/BC-VPUBND")));
    assert_eq!(cell("Tình hình nộp", 3, 9), s("Đúng hạn"));
    assert_eq!((cell("Nhiệm vụ", 3, 1), cell("Nhiệm vụ", 9, 3)), (s("NV1"), s("Chưa đến hạn")));
    assert_eq!(cell("Chỉ tiêu", 3, 1), s("KH_NAM"));
    assert_eq!(cell("Chỉ tiêu", 3, 5), Data::Float(28.0));
    assert_eq!((cell("Chỉ tiêu theo đơn vị", 3, 1), cell("Chỉ tiêu theo đơn vị", 3, 4)), (s("VPUBND"), s("Đúng hạn")));
    assert_eq!((cell("Kết quả", 3, 0), cell("Kết quả", 4, 1)), (s("NV1"), s("VPUBND")));
    assert_eq!((cell("Dữ liệu", 3, 0), cell("Dữ liệu", 3, 3)), (s("VPUBND"), s("KH_NAM")));
    assert_eq!(cell("Biểu đồ", 2, 0), s("Nhóm đơn vị"));
    assert_eq!(cell("Biểu đồ", 3, 0), s("Sở, ngành Tỉnh"));
}
