//! The blank report workbook a unit's clerk fills in: the layout contract between the units and
//! Sở Nội vụ (sheet names, header texts, "Thông tin" labels), written pre-filled for one unit,
//! period and year, print-ready under Nghị định 30/2020/NĐ-CP.
//!
//! The reader never assumes a file came from here, so everything beyond the contract (titles,
//! hint columns, the rate block, the instructions sheet) is for the clerk only.

use anyhow::Context as _;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Formula, IgnoreError, ProtectionOptions, Workbook, Worksheet,
};

use crate::messages::Lang;
use crate::plan::{Kind, Period, Plan, StatusMeaning, Unit, weekday_name};
use crate::workbook::FONT;

// The contract (sheet names, headers, labels) is declared once, in `contract.rs`.
pub use crate::contract::{
    INDICATOR_HEADERS, INFO_LABELS, MODEL_HEADERS, RECOMMENDATION_HEADERS as PROPOSAL_HEADERS, SHEET_GUIDE,
    SHEET_INDICATORS, SHEET_INFO, SHEET_MODELS, SHEET_RECOMMENDATIONS as SHEET_PROPOSALS, SHEET_TASKS, TASK_HEADERS,
};

/// Heading of the block of rates below the entered indicators (its "Mã" cell stays empty).
pub const RATE_HEADING: &str = "Tỷ lệ (tự tính, không nhập)";

/// Empty, ready-formatted rows offered on the free-form sheets; clerks may insert more.
const FREE_ROWS: u32 = 10;
/// Row (0-based) of the header on every table sheet: a title and a subtitle sit above it.
const HEADER_ROW: u32 = 3;
/// Column widths (in digit widths), chosen so each sheet prints one page wide on A4 at
/// close to full size: about 68 digits fit across a portrait page and 104 across a landscape
/// one, inside the Nghị định 30 margins.
const INFO_WIDTHS: [f64; 3] = [17.0, 31.0, 21.0];
const TASK_WIDTHS: [f64; 6] = [6.0, 40.0, 14.0, 34.0, 17.0, 11.0];
const INDICATOR_WIDTHS: [f64; 6] = [20.0, 48.0, 11.0, 11.0, 20.0, 9.0];
const PROPOSAL_WIDTHS: [f64; 3] = [6.0, 72.0, 30.0];
const MODEL_WIDTHS: [f64; 4] = [6.0, 36.0, 20.0, 48.0];
const GUIDE_WIDTHS: [f64; 2] = [4.0, 66.0];

/// Font size of body text (Nghị định 30: 13–14 pt).
const FONT_SIZE: f64 = 13.0;

/// Light yellow: the cells a clerk types into.
const INPUT_FILL: u32 = 0x00FF_F2CC;
/// Light grey: table headers.
const HEADER_FILL: u32 = 0x00D9_D9D9;
/// Very light grey: computed cells.
const COMPUTED_FILL: u32 = 0x00F2_F2F2;

/// mm to inches, for page margins.
fn mm(v: f64) -> f64 {
    v / 25.4
}

/// The file name `baocao template` writes by default: `bao-cao_<CODE>_<period-id>_<year>.xlsx`.
#[must_use]
pub fn default_file_name(unit: &Unit, period: &Period, year: i32) -> String {
    format!("bao-cao_{}_{}_{year}.xlsx", unit.code, period.id)
}

/// The formats of the workbook, built once.
struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    label: Format,
    locked_text: Format,
    value: Format,
    locked_center: Format,
    code: Format,
    input_text: Format,
    input_center: Format,
    input_date: Format,
    input_count: Format,
    input_amount: Format,
    computed_rate: Format,
    rate_heading: Format,
    hint: Format,
    /// An indicator not due in the period: grey and locked.
    not_due: Format,
    guide: Format,
    guide_bold: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(FONT_SIZE).set_align(FormatAlign::VerticalCenter);
        let cell = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        let input = cell.clone().set_background_color(Color::RGB(INPUT_FILL)).set_unlocked();
        Formats {
            title: base.clone().set_bold().set_font_size(14).set_align(FormatAlign::Center).set_text_wrap(),
            subtitle: base.clone().set_italic().set_align(FormatAlign::Center).set_text_wrap(),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(HEADER_FILL)),
            label: cell.clone().set_bold(),
            locked_text: cell.clone().set_align(FormatAlign::Top),
            locked_center: cell.clone().set_align(FormatAlign::Center),
            value: cell.clone(),
            code: cell.clone().set_align(FormatAlign::Center).set_align(FormatAlign::Top),
            input_text: input.clone().set_align(FormatAlign::Top).set_num_format("@"),
            input_center: input.clone().set_align(FormatAlign::Center),
            input_date: input.clone().set_align(FormatAlign::Left).set_num_format("dd/mm/yyyy"),
            input_count: input.clone().set_align(FormatAlign::Right).set_num_format("#,##0"),
            input_amount: input.set_align(FormatAlign::Right).set_num_format("General"),
            computed_rate: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("0.0")
                .set_background_color(Color::RGB(COMPUTED_FILL)),
            rate_heading: base.clone().set_bold().set_italic(),
            hint: base.clone().set_italic().set_font_size(11).set_text_wrap().set_font_color(Color::RGB(0x0059_5959)),
            not_due: cell
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x0080_8080))
                .set_background_color(Color::RGB(COMPUTED_FILL)),
            guide: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            guide_bold: base.set_bold().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// What every sheet's text refers to: the unit, period and year.
struct Subject<'a> {
    plan: &'a Plan,
    unit: &'a Unit,
    period: &'a Period,
    year: i32,
}

impl Subject<'_> {
    /// "6 tháng năm 2024" / "năm 2025".
    fn period_text(&self) -> String {
        crate::text::period_of_year(&self.period.name, self.year)
    }

    /// The title line of every sheet.
    fn title(&self) -> String {
        format!("BÁO CÁO CÔNG TÁC DÂN VẬN CHÍNH QUYỀN {}", self.period_text().to_uppercase())
    }

    /// "Sở Y tế (SYT) — theo Kế hoạch số 15/KH-UBND ngày 14/01/2022 của Ủy ban nhân dân tỉnh Đồng Tháp".
    fn subtitle(&self) -> String {
        format!(
            "{} ({}) — theo Kế hoạch số {} ngày {} của {}",
            self.unit.name,
            self.unit.code,
            self.plan.id,
            self.plan.issued.format("%d/%m/%Y"),
            self.plan.issuer
        )
    }
}

/// The report workbook pre-filled for `unit`, `period` and `year`, as xlsx bytes. The same
/// inputs always give the same bytes (the creation date is pinned to 1 January of `year`).
///
/// # Errors
/// Only when `rust_xlsxwriter` rejects something (a plan with a status list or period names
/// longer than Excel's 255-character dropdown limit, for instance).
pub fn template_bytes(plan: &Plan, unit: &Unit, period: &Period, year: i32) -> anyhow::Result<Vec<u8>> {
    let subject = Subject { plan, unit, period, year };
    let f = Formats::new();
    let mut workbook = Workbook::new();
    workbook
        .set_default_format(&Format::new().set_font_name(FONT).set_font_size(FONT_SIZE), 22, 80)
        .context("default format")?;
    let created = ExcelDateTime::from_ymd(u16::try_from(year).unwrap_or(2000), 1, 1)?;
    let properties = DocProperties::new()
        .set_title(format!("Báo cáo công tác dân vận chính quyền {} — {}", subject.period_text(), unit.name))
        .set_subject(format!("{} — {}", plan.id, plan.title))
        .set_company(unit.name.clone())
        .set_author(unit.name.clone())
        .set_manager(plan.consolidator.clone())
        .set_keywords(format!("{}, {}, {year}, {}", unit.code, period.id, plan.id))
        .set_comment("Tạo bằng baocao template")
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    info_sheet(workbook.add_worksheet(), &subject, &f)?;
    tasks_sheet(workbook.add_worksheet(), &subject, &f)?;
    indicators_sheet(workbook.add_worksheet(), &subject, &f)?;
    free_sheet(workbook.add_worksheet(), &subject, &f, SHEET_PROPOSALS, &PROPOSAL_HEADERS, &PROPOSAL_WIDTHS)?;
    free_sheet(workbook.add_worksheet(), &subject, &f, SHEET_MODELS, &MODEL_HEADERS, &MODEL_WIDTHS)?;
    guide_sheet(workbook.add_worksheet(), &subject, &f)?;
    Ok(workbook.save_to_buffer()?)
}

/// A4, Nghị định 30 margins, fit to one page wide, footer with the page number.
fn page_setup(sheet: &mut Worksheet, subject: &Subject, landscape: bool) {
    sheet.set_paper_size(9);
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_margins(mm(30.0), mm(15.0), mm(20.0), mm(20.0), mm(8.0), mm(8.0));
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_footer(format!(
        "&L&\"{FONT},Italic\"&10{} — {}&R&\"{FONT},Regular\"&10Trang &P/&N",
        subject.unit.code,
        subject.period_text()
    ));
}

/// Locks every cell not explicitly unlocked, without a password, still letting clerks resize
/// rows and columns (and, where `rows` is true, insert and delete rows).
fn protect(sheet: &mut Worksheet, rows: bool) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: rows,
        delete_rows: rows,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
}

/// `title` and `subtitle` merged across the sheet's columns, rows 1 and 2, tall enough for
/// their text (merged cells are never grown by any app).
fn title_rows(sheet: &mut Worksheet, f: &Formats, title: &str, subtitle: &str, widths: &[f64]) -> anyhow::Result<()> {
    let last_col = widths.len() as u16 - 1;
    let total: f64 = widths.iter().sum();
    sheet.merge_range(0, 0, 0, last_col, title, &f.title)?;
    sheet.merge_range(1, 0, 1, last_col, subtitle, &f.subtitle)?;
    // Bold 14 pt capitals are about a third wider than body text.
    fit_row(sheet, 0, &[(title, total * 0.7)], 1)?;
    fit_row(sheet, 1, &[(subtitle, total)], 1)?;
    Ok(())
}

fn header_row(sheet: &mut Worksheet, f: &Formats, headers: &[&str]) -> anyhow::Result<()> {
    for (col, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *text, &f.header)?;
    }
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_row_height(HEADER_ROW, 2.0 * LINE_HEIGHT + 4.0)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    Ok(())
}

/// Points per line of 13 pt Times New Roman in a row, with the cell's padding.
const LINE_HEIGHT: f64 = 16.0;

/// How many lines `text` takes in a wrapped column `width` digits wide (Excel's unit). In
/// Times New Roman a space is half a digit, a lower-case letter a little less than one (`LibreOffice`
/// fits 50 letters and spaces in a 40-digit column), a capital about a third more; the
/// estimate rounds up and wraps whole words, so it errs on the tall side.
fn wrapped_lines(text: &str, width: f64) -> u32 {
    fn advance(c: char) -> f64 {
        if c.is_whitespace() {
            0.5
        } else if c.is_uppercase() || c == '_' || c == '—' {
            1.35
        } else {
            0.92
        }
    }
    let capacity = (width - 1.0).max(1.0);
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut used = 0.0;
        lines += 1;
        for word in paragraph.split_whitespace() {
            let len: f64 = word.chars().map(advance).sum();
            if used > 0.0 && used + 0.5 + len > capacity {
                lines += 1;
                used = len;
            } else {
                used += len + if used > 0.0 { 0.5 } else { 0.0 };
            }
        }
    }
    lines.max(1)
}

/// Sets a row's height to fit the tallest of its wrapped `cells` (text, column width), at
/// least `min_lines` lines. Apps do not all grow rows on open (`LibreOffice` keeps the default
/// height), so printed pages would cut text off without this.
fn fit_row(sheet: &mut Worksheet, row: u32, cells: &[(&str, f64)], min_lines: u32) -> anyhow::Result<()> {
    let lines = cells.iter().map(|(text, width)| wrapped_lines(text, *width)).max().unwrap_or(1).max(min_lines);
    sheet.set_row_height(row, f64::from(lines) * LINE_HEIGHT + 4.0)?;
    Ok(())
}

fn widths(sheet: &mut Worksheet, widths: &[f64]) -> anyhow::Result<()> {
    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *w)?;
    }
    Ok(())
}

/// A dropdown validation with an input hint.
fn list_validation(items: &[String], title: &str, message: &str) -> anyhow::Result<DataValidation> {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    Ok(DataValidation::new()
        .allow_list_strings(&items)?
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title(title)?
        .set_error_message(format!("Chọn một giá trị trong danh sách: {}.", items.join(", ")))?)
}

fn info_sheet(sheet: &mut Worksheet, s: &Subject, f: &Formats) -> anyhow::Result<()> {
    sheet.set_name(SHEET_INFO)?;
    page_setup(sheet, s, false);
    widths(sheet, &INFO_WIDTHS)?;
    title_rows(sheet, f, &s.title(), &s.subtitle(), &INFO_WIDTHS)?;

    // Labels start on row 4 (0-based 3), like the header row of the other sheets.
    let first = HEADER_ROW;
    for (i, label) in INFO_LABELS.iter().enumerate() {
        sheet.write_string_with_format(first + i as u32, 0, *label, &f.label)?;
        sheet.set_row_height(first + i as u32, 24)?;
    }
    let row = |label: &str| first + INFO_LABELS.iter().position(|l| *l == label).unwrap_or(0) as u32;

    // Pre-filled identity: locked, the unit is what the template was made for.
    sheet.write_string_with_format(row("Mã đơn vị"), 1, &s.unit.code, &f.value)?;
    sheet.write_string_with_format(row("Tên đơn vị"), 1, &s.unit.name, &f.value)?;
    // Period and year are choices, so a template can be reused for another period.
    sheet.write_string_with_format(row("Kỳ báo cáo"), 1, &s.period.name, &f.input_center)?;
    sheet.write_number_with_format(row("Năm"), 1, f64::from(s.year), &f.input_center)?;
    for label in ["Số văn bản", "Người lập", "Điện thoại", "Email"] {
        sheet.write_blank(row(label), 1, &f.input_text)?;
    }
    sheet.write_blank(row("Ngày báo cáo"), 1, &f.input_date)?;
    // Text cells keep a phone number's leading 0; Excel need not flag it as a number.
    sheet.ignore_error(row("Điện thoại"), 1, IgnoreError::NumberStoredAsText)?;

    let periods: Vec<String> = s.plan.periods.iter().map(|p| p.name.clone()).collect();
    let period_dv = list_validation(&periods, "Kỳ báo cáo", "Chọn kỳ báo cáo trong danh sách.")?;
    sheet.add_data_validation(row("Kỳ báo cáo"), 1, row("Kỳ báo cáo"), 1, &period_dv)?;
    let (first_year, last_year) = s.plan.years;
    let year_dv = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(first_year, last_year))
        .set_input_title("Năm báo cáo")?
        .set_input_message(format!("Năm từ {first_year} đến {last_year}."))?
        .set_error_message(format!("Năm báo cáo phải từ {first_year} đến {last_year}."))?;
    sheet.add_data_validation(row("Năm"), 1, row("Năm"), 1, &year_dv)?;
    let from = ExcelDateTime::from_ymd(u16::try_from(first_year).unwrap_or(2000), 1, 1)?;
    let to = ExcelDateTime::from_ymd(u16::try_from(last_year + 1).unwrap_or(2100), 12, 31)?;
    let date_dv = DataValidation::new()
        .allow_date(DataValidationRule::Between(from, to))
        .set_input_title("Ngày báo cáo")?
        .set_input_message("Ngày ký văn bản báo cáo, dạng ngày/tháng/năm, ví dụ 04/06/2024.")?
        .set_error_message(format!(
            "Nhập ngày có thật, dạng ngày/tháng/năm (dd/mm/yyyy), trong các năm {first_year}–{}.",
            last_year + 1
        ))?;
    sheet.add_data_validation(row("Ngày báo cáo"), 1, row("Ngày báo cáo"), 1, &date_dv)?;

    let example_number = format!("Ví dụ: 123/BC-{}", s.unit.code);
    let hints = [
        ("Mã đơn vị", "Không sửa."),
        ("Tên đơn vị", "Không sửa."),
        ("Kỳ báo cáo", "Chọn trong danh sách."),
        ("Số văn bản", &example_number),
        ("Ngày báo cáo", "Ngày/tháng/năm, ví dụ 04/06/2024"),
        ("Điện thoại", "Số điện thoại liên hệ của người lập"),
    ];
    for (label, hint) in hints {
        sheet.write_string_with_format(row(label), 2, hint, &f.hint)?;
    }
    fit_row(sheet, row("Tên đơn vị"), &[(&s.unit.name, INFO_WIDTHS[1])], 1)?;
    let note = first + INFO_LABELS.len() as u32 + 1;
    let text =
        format!("Điền các ô nền vàng. Hạn gửi báo cáo: {}. Cách điền: xem sheet \"{SHEET_GUIDE}\".", deadline_text(s));
    sheet.merge_range(note, 0, note, 2, &text, &f.hint)?;
    // The hint font is 11 pt, so more of it fits on a line.
    fit_row(sheet, note, &[(&text, INFO_WIDTHS.iter().sum::<f64>() * 1.15)], 1)?;
    sheet.set_selection(row("Số văn bản"), 1, row("Số văn bản"), 1)?;
    protect(sheet, false);
    Ok(())
}

fn tasks_sheet(sheet: &mut Worksheet, s: &Subject, f: &Formats) -> anyhow::Result<()> {
    sheet.set_name(SHEET_TASKS)?;
    page_setup(sheet, s, true);
    // The sixth column tells the clerk when a task is due; the reader ignores extra columns.
    widths(sheet, &TASK_WIDTHS)?;
    title_rows(sheet, f, &s.title(), &s.subtitle(), &TASK_WIDTHS)?;
    header_row(sheet, f, &TASK_HEADERS)?;
    sheet.write_string_with_format(HEADER_ROW, 5, "Thời gian thực hiện", &f.header)?;

    let labels: Vec<String> = s.plan.statuses.iter().map(|st| st.label.clone()).collect();
    let status_dv = list_validation(&labels, "Tình trạng", "Chọn tình trạng thực hiện nhiệm vụ trong danh sách.")?;
    let first = HEADER_ROW + 1;
    for (i, task) in s.plan.tasks.iter().enumerate() {
        let row = first + i as u32;
        sheet.write_string_with_format(row, 0, &task.code, &f.code)?;
        sheet.write_string_with_format(row, 1, &task.title, &f.locked_text)?;
        sheet.write_blank(row, 2, &f.input_center)?;
        sheet.write_blank(row, 3, &f.input_text)?;
        sheet.write_blank(row, 4, &f.input_text)?;
        let when = if task.is_due_in(&s.period.id) {
            task.schedule.clone()
        } else {
            format!("{} (chưa đến kỳ báo cáo)", task.schedule)
        };
        sheet.write_string_with_format(row, 5, &when, &f.locked_text)?;
        // At least three lines, so there is visible room to write the result.
        fit_row(sheet, row, &[(&task.title, TASK_WIDTHS[1]), (&when, TASK_WIDTHS[5])], 3)?;
    }
    if !s.plan.tasks.is_empty() {
        let last = first + s.plan.tasks.len() as u32 - 1;
        sheet.add_data_validation(first, 2, last, 2, &status_dv)?;
    }
    protect(sheet, false);
    Ok(())
}

fn indicators_sheet(sheet: &mut Worksheet, s: &Subject, f: &Formats) -> anyhow::Result<()> {
    sheet.set_name(SHEET_INDICATORS)?;
    page_setup(sheet, s, true);
    widths(sheet, &INDICATOR_WIDTHS)?;
    title_rows(sheet, f, &s.title(), &s.subtitle(), &INDICATOR_WIDTHS)?;
    header_row(sheet, f, &INDICATOR_HEADERS)?;
    sheet.write_string_with_format(HEADER_ROW, 5, "Nhiệm vụ", &f.header)?;

    let count_dv = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_input_title("Số nguyên, từ 0 trở lên")?
        .set_input_message("Để trống = không báo cáo; 0 = không phát sinh.")?
        .set_error_title("Số liệu không hợp lệ")?
        .set_error_message("Chỉ tiêu này nhận số nguyên từ 0 trở lên (không ghi chữ, không ghi đơn vị tính).")?;
    let amount_dv = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Số, từ 0 trở lên")?
        .set_input_message("Có thể có phần thập phân. Để trống = không báo cáo; 0 = không phát sinh.")?
        .set_error_title("Số liệu không hợp lệ")?
        .set_error_message("Chỉ tiêu này nhận số từ 0 trở lên (không ghi chữ, không ghi đơn vị tính).")?;
    let yes_no_dv = list_validation(&["Có".to_string(), "Không".to_string()], "Có hoặc Không", "Chọn Có hoặc Không.")?;

    let owed = s.plan.owed_indicators(&s.unit.code);
    let first = HEADER_ROW + 1;
    let mut value_cell = std::collections::HashMap::new();
    for (i, ind) in owed.iter().enumerate() {
        let row = first + i as u32;
        sheet.write_string_with_format(row, 0, &ind.code, &f.value)?;
        sheet.write_string_with_format(row, 1, &ind.name, &f.value)?;
        sheet.write_string_with_format(row, 2, &ind.measure, &f.locked_center)?;
        let (format, dv) = match ind.kind {
            Kind::Count => (&f.input_count, &count_dv),
            Kind::Amount => (&f.input_amount, &amount_dv),
            Kind::YesNo => (&f.input_center, &yes_no_dv),
            // Rates are never owed; `owed_indicators` leaves them out.
            Kind::Rate { .. } => continue,
        };
        let task = s.plan.task(&ind.task);
        if let Some(task) = task.filter(|t| !t.is_due_in(&s.period.id)) {
            // Not due this period (NV7, NV8 in the 6-month report): grey, locked, and a note
            // saying why, so nobody types a figure that would not be consolidated.
            sheet.write_blank(row, 3, &f.not_due)?;
            let note = format!("Chưa đến kỳ (nhiệm vụ {}: {})", task.code, task.schedule);
            sheet.write_string_with_format(row, 4, &note, &f.not_due)?;
            sheet.write_string_with_format(row, 5, &ind.task, &f.locked_center)?;
            fit_row(sheet, row, &[(&ind.name, INDICATOR_WIDTHS[1]), (&note, INDICATOR_WIDTHS[4])], 1)?;
            continue;
        }
        sheet.write_blank(row, 3, format)?;
        sheet.add_data_validation(row, 3, row, 3, dv)?;
        sheet.write_blank(row, 4, &f.input_text)?;
        sheet.write_string_with_format(row, 5, &ind.task, &f.locked_center)?;
        value_cell.insert(ind.code.as_str(), format!("D{}", row + 1));
        fit_row(sheet, row, &[(&ind.name, INDICATOR_WIDTHS[1]), (&ind.measure, INDICATOR_WIDTHS[2])], 1)?;
    }

    // Rates whose two parts this unit enters, as formulas for the clerk's own view. The rate
    // code stays in "Mã": the reader skips rate codes, and Sở Nội vụ recomputes every rate from
    // the summed parts anyway.
    let rates: Vec<_> = s
        .plan
        .indicators
        .iter()
        .filter_map(|ind| match &ind.kind {
            Kind::Rate { numerator, denominator } => {
                Some((ind, value_cell.get(numerator.as_str())?, value_cell.get(denominator.as_str())?))
            }
            _ => None,
        })
        .collect();
    if !rates.is_empty() {
        // An empty cached result, like the blank parts a rate is computed from: LibreOffice
        // then computes the formula on opening instead of showing a false 0.0.
        sheet.set_formula_result_default("");
        let heading = first + owed.len() as u32 + 1;
        sheet.write_string_with_format(heading, 1, RATE_HEADING, &f.rate_heading)?;
        for (i, (ind, num, den)) in rates.iter().enumerate() {
            let row = heading + 1 + i as u32;
            let Kind::Rate { numerator, denominator } = &ind.kind else { continue };
            sheet.write_string_with_format(row, 0, &ind.code, &f.value)?;
            let name = format!("{} (= {numerator} / {denominator} × 100)", ind.name);
            sheet.write_string_with_format(row, 1, &name, &f.value)?;
            sheet.write_string_with_format(row, 2, &ind.measure, &f.locked_center)?;
            let formula = Formula::new(format!(
                "=IF(AND(ISNUMBER({num}),ISNUMBER({den}),{den}>0),ROUND({num}/{den}*100,1),\"\")"
            ));
            sheet.write_formula_with_format(row, 3, formula, &f.computed_rate)?;
            sheet.write_string_with_format(row, 4, "Tự tính, không nhập", &f.value)?;
            sheet.write_string_with_format(row, 5, &ind.task, &f.locked_center)?;
            fit_row(sheet, row, &[(&name, INDICATOR_WIDTHS[1])], 1)?;
        }
    }
    protect(sheet, false);
    Ok(())
}

/// "Kiến nghị" and "Mô hình": a header and empty input rows; rows may be inserted.
fn free_sheet(
    sheet: &mut Worksheet,
    s: &Subject,
    f: &Formats,
    name: &str,
    headers: &[&str],
    col_widths: &[f64],
) -> anyhow::Result<()> {
    sheet.set_name(name)?;
    page_setup(sheet, s, true);
    widths(sheet, col_widths)?;
    title_rows(sheet, f, &s.title(), &s.subtitle(), col_widths)?;
    header_row(sheet, f, headers)?;
    for row in HEADER_ROW + 1..=HEADER_ROW + FREE_ROWS {
        sheet.write_blank(row, 0, &f.input_center)?;
        for col in 1..headers.len() as u16 {
            sheet.write_blank(row, col, &f.input_text)?;
        }
        sheet.set_row_height(row, 2.0 * LINE_HEIGHT + 4.0)?;
    }
    protect(sheet, true);
    Ok(())
}

/// "ngày 04/06/2024 (Thứ Ba), theo Kế hoạch: trước ngày 5 tháng 6".
fn deadline_text(s: &Subject) -> String {
    match s.plan.last_day(&s.period.id, s.year) {
        Some(day) => format!(
            "chậm nhất ngày {} ({}), theo Kế hoạch: {}",
            day.format("%d/%m/%Y"),
            weekday_name(day, Lang::Vi),
            s.period.deadline_text
        ),
        None => s.period.deadline_text.clone(),
    }
}

fn guide_sheet(sheet: &mut Worksheet, s: &Subject, f: &Formats) -> anyhow::Result<()> {
    sheet.set_name(SHEET_GUIDE)?;
    page_setup(sheet, s, false);
    widths(sheet, &GUIDE_WIDTHS)?;
    title_rows(sheet, f, "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO", &s.subtitle(), &GUIDE_WIDTHS)?;

    let items = guide_items(s);

    for (row, (number, text)) in (HEADER_ROW..).zip(&items) {
        sheet.write_string_with_format(row, 0, number, &f.guide_bold)?;
        sheet.write_string_with_format(row, 1, text, &f.guide)?;
        fit_row(sheet, row, &[(text, GUIDE_WIDTHS[1])], 1)?;
    }
    protect(sheet, false);
    Ok(())
}

/// The numbered lines of the "Hướng dẫn" sheet for one unit and period: (number, text), the
/// number empty on a continuation line; the tasks not yet due get a line of their own.
fn guide_items(s: &Subject) -> Vec<(String, String)> {
    let label = |meaning: StatusMeaning| {
        s.plan.statuses.iter().find(|st| st.meaning == meaning).map_or_else(String::new, |st| st.label.clone())
    };
    let statuses: Vec<String> = s.plan.statuses.iter().map(|st| format!("\"{}\"", st.label)).collect();
    let need_result: Vec<String> =
        s.plan.statuses.iter().filter(|st| st.requires_result).map(|st| format!("\"{}\"", st.label)).collect();
    let not_due: Vec<&str> =
        s.plan.tasks.iter().filter(|t| !t.is_due_in(&s.period.id)).map(|t| t.code.as_str()).collect();
    let recipients = s.plan.recipients_at(&s.period.id, s.year).join(", ");
    let example = default_file_name(s.unit, s.period, s.year);

    let mut items: Vec<(String, String)> = vec![
        (
            String::new(),
            format!(
                "Mẫu báo cáo công tác dân vận chính quyền {} của {} (mã {}).",
                s.period_text(),
                s.unit.name,
                s.unit.code
            ),
        ),
        (
            String::new(),
            format!("Hạn gửi: {}. Gửi {} để tổng hợp, báo cáo {}.", deadline_text(s), s.plan.consolidator, recipients),
        ),
        (
            "1.".into(),
            "Chỉ điền vào các ô nền vàng. Các ô khác được khóa để tránh sửa nhầm (khóa không đặt mật khẩu). \
             Có thể kéo rộng cột, kéo cao dòng; khi ghi kết quả dài, nhấp đúp vào đường kẻ dưới số thứ tự \
             dòng để dòng tự giãn vừa nội dung."
                .into(),
        ),
        (
            "2.".into(),
            format!(
                "Sheet \"{SHEET_INFO}\": kiểm tra mã, tên đơn vị, kỳ và năm báo cáo; điền số văn bản, ngày báo cáo, \
                 người lập, điện thoại, email."
            ),
        ),
        (
            "3.".into(),
            "Ngày viết theo thứ tự ngày/tháng/năm (dd/mm/yyyy), ví dụ 04/06/2024 là ngày 4 tháng 6 năm 2024.".into(),
        ),
        (
            "4.".into(),
            format!(
                "Sheet \"{SHEET_TASKS}\": mỗi nhiệm vụ chọn tình trạng trong danh sách ({}). Khi chọn {}, phải ghi \
                 kết quả thực hiện; hạn chế, khó khăn (nếu có) ghi ở cột cuối.",
                statuses.join(", "),
                need_result.join(" hoặc ")
            ),
        ),
    ];
    if !not_due.is_empty() {
        items.push((
            String::new(),
            format!(
                "Nhiệm vụ {} chưa đến kỳ báo cáo {}: không chọn \"{}\"; nếu chưa triển khai, chọn \"{}\". Các chỉ tiêu của các nhiệm vụ này tô xám, ghi \"Chưa đến kỳ\" và không cần nhập số liệu.",
                not_due.join(", "),
                s.period.name.to_lowercase(),
                label(StatusMeaning::Done),
                label(StatusMeaning::NotStarted)
            ),
        ));
    }
    items.extend([
        (
            "5.".into(),
            format!(
                "Sheet \"{SHEET_INDICATORS}\": ghi số liệu vào cột \"Số liệu\", chỉ ghi chữ số, không ghi đơn vị tính. \
                 Số lượng là số nguyên; kinh phí có thể có phần thập phân. Chỉ tiêu Có/Không: chọn \"Có\" hoặc \"Không\"."
            ),
        ),
        (
            String::new(),
            "Để TRỐNG nghĩa là KHÔNG BÁO CÁO chỉ tiêu đó; ghi 0 nghĩa là KHÔNG PHÁT SINH (có theo dõi nhưng không có). \
             Khi số liệu bằng 0, phải ghi 0, không để trống."
                .into(),
        ),
        (
            String::new(),
            format!(
                "Các dòng dưới mục \"{RATE_HEADING}\" do bảng tính tự tính để đơn vị tham khảo; không nhập. \
                 {} tính lại tỷ lệ từ số liệu khi tổng hợp.",
                s.plan.consolidator
            ),
        ),
        (
            "6.".into(),
            format!(
                "Sheet \"{SHEET_PROPOSALS}\" và \"{SHEET_MODELS}\" (mô hình \"Dân vận khéo\"): mỗi kiến nghị, mỗi mô \
                 hình ghi một dòng; không có thì để trống. Cần thêm dòng thì chèn dòng."
            ),
        ),
        (
            "7.".into(),
            "Không đổi tên sheet, không sửa tiêu đề cột và cột \"Mã\", không xóa dòng nhiệm vụ, chỉ tiêu.".into(),
        ),
        (
            "8.".into(),
            format!(
                "Trước khi gửi, kiểm tra tệp bằng lệnh: baocao validate <tệp>, ví dụ: baocao validate {example}. \
                 Sửa hết các lỗi được báo rồi mới gửi tệp."
            ),
        ),
    ]);
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_takes_one_line_and_paragraphs_add_lines() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("hồ sơ", 11.0), 1);
        assert_eq!(wrapped_lines("một\nhai\nba", 40.0), 3);
        assert!(wrapped_lines(&"chữ ".repeat(100), 40.0) >= 9);
    }

    #[test]
    fn an_indicator_name_just_over_the_width_gets_two_lines() {
        // LibreOffice wrapped this name in the 48-digit "Chỉ tiêu" column while the row was
        // one line high, cutting the second line off the printed page.
        let name = "Ngày tiếp công dân định kỳ của người đứng đầu đã thực hiện";
        assert_eq!(wrapped_lines(name, INDICATOR_WIDTHS[1]), 2);
    }

    #[test]
    fn capitals_count_wider_than_lower_case() {
        assert!(wrapped_lines(&"ABCDE ".repeat(20), 40.0) > wrapped_lines(&"abcde ".repeat(20), 40.0));
    }
}
