//! The consolidated workbook that goes to UBND Tỉnh and Ban Dân vận Tỉnh ủy: eleven sheets,
//! print-ready per Nghị định 30/2020 (Times New Roman 13, A4, margins, repeated header rows,
//! page numbers). Totals are Excel formulas with their computed values stored, so the workbook
//! audits itself and reads right in viewers that do not recalculate.
//!
//! Output is byte-identical for the same consolidation: the document date is the as-of date,
//! and everything is written in plan or path order.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartSolidFill, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, FormatUnderline, Formula, Workbook, Worksheet, XlsxError,
    utility::{column_number_to_name, row_col_to_cell},
};

use crate::consolidation::{Consolidation, FileRole, Total, UnitOutcome, UnitStatus, date_line};
use crate::messages::{self, Lang};
use crate::plan::{Group, Indicator, Kind, Plan};
use crate::workbook::FONT;

/// Sheet names, in workbook order. "Tình hình nộp" without a "Thông tin" sheet is how the
/// reader recognises baocao's own output.
pub const SHEETS: [&str; 11] = [
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
    "Biểu đồ",
];

/// The custom document property marking the workbook as baocao's own output.
pub const MARKER: (&str, &str) = ("baocao-output", "consolidated");

/// Excel's limit on the text of one cell.
const CELL_LIMIT: usize = 32_767;

/// First data row (0-based) of every table sheet: title in row 1, a note in row 2, the header
/// in row 3.
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;

/// Vietnamese is the language of the document; terminal output follows `--lang` elsewhere.
const VI: Lang = Lang::Vi;

struct Formats {
    text: Format,
    wrap: Format,
    center: Format,
    header: Format,
    title: Format,
    note: Format,
    bold: Format,
    bold_center: Format,
    italic_center: Format,
    count: Format,
    amount: Format,
    rate: Format,
    yes_no: Format,
    date: Format,
    group_row: Format,
    group_heading: Format,
    total_row: Format,
    total_count: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(13);
        let cell = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        Formats {
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            center: cell.clone().set_align(FormatAlign::Center),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(0x00D9_E1F2),
            title: base.clone().set_bold().set_font_size(14),
            note: base.clone().set_italic(),
            bold: base.clone().set_bold(),
            bold_center: base.clone().set_bold().set_align(FormatAlign::Center),
            italic_center: base.clone().set_italic().set_align(FormatAlign::Center),
            count: cell.clone().set_num_format("#,##0"),
            amount: cell.clone().set_num_format("#,##0.00"),
            rate: cell.clone().set_num_format("0.0"),
            yes_no: cell.clone().set_num_format("[=1]\"Có\";[=0]\"Không\";General").set_align(FormatAlign::Center),
            date: cell.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center),
            group_row: cell.clone().set_bold().set_background_color(0x00F2_F2F2),
            group_heading: cell.clone().set_bold().set_background_color(0x00F2_F2F2).set_text_wrap(),
            total_row: cell.clone().set_bold(),
            total_count: cell.set_bold().set_num_format("#,##0"),
        }
    }

    /// Every format, in a fixed order: registered with the workbook before the sheets are
    /// written in parallel, so that each format's index in the file does not depend on which
    /// thread used it first and reruns stay byte-identical.
    fn all(&self) -> [&Format; 18] {
        [
            &self.text,
            &self.wrap,
            &self.center,
            &self.header,
            &self.title,
            &self.note,
            &self.bold,
            &self.bold_center,
            &self.italic_center,
            &self.count,
            &self.amount,
            &self.rate,
            &self.yes_no,
            &self.date,
            &self.group_row,
            &self.group_heading,
            &self.total_row,
            &self.total_count,
        ]
    }

    /// Totals: a yes/no total is a number of units, not a yes/no.
    fn total(&self, kind: &Kind) -> &Format {
        if *kind == Kind::YesNo { &self.count } else { self.number(kind) }
    }

    fn number(&self, kind: &Kind) -> &Format {
        match kind {
            Kind::Count => &self.count,
            Kind::Amount => &self.amount,
            Kind::YesNo => &self.yes_no,
            Kind::Rate { .. } => &self.rate,
        }
    }
}

/// The consolidated workbook, built and ready to be saved.
///
/// The sheets with a row per unit (or per unit and task, per value, per finding) are written in
/// `rust_xlsxwriter`'s constant-memory mode: each row goes to a temporary file as soon as the
/// next one starts, with its strings inline, so thousands of reports cost neither the memory of
/// every cell held at once nor the hashing of every narrative into the shared-string table.
/// Their rows are therefore written strictly in order, each row's height set before the next
/// row starts. "Chỉ tiêu theo đơn vị" stays in memory: the charts draw from it, and their cached
/// values are read from the sheet's cells when the file is saved.
pub struct Consolidated(Workbook);

impl Consolidated {
    /// Saves the workbook to `path` atomically, written straight into the temporary file
    /// rather than assembled in memory first.
    ///
    /// # Errors
    /// See [`crate::workbook::save_atomically_with`].
    pub fn save(mut self, path: &std::path::Path) -> Result<(), super::SaveError> {
        super::save_atomically_with(path, |file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            self.0.save_to_writer(&mut out).map_err(|e| match e {
                XlsxError::IoError(e) => e,
                other => std::io::Error::other(other.to_string()),
            })?;
            std::io::Write::flush(&mut out)
        })
    }

    /// The workbook as bytes (tests, and callers that do not write a file).
    ///
    /// # Errors
    /// Only when `rust_xlsxwriter` rejects something.
    pub fn to_bytes(mut self) -> anyhow::Result<Vec<u8>> {
        Ok(self.0.save_to_buffer()?)
    }
}

/// The consolidated workbook as bytes.
///
/// # Errors
/// See [`consolidated_workbook`].
pub fn consolidated_bytes(plan: &Plan, c: &Consolidation) -> anyhow::Result<Vec<u8>> {
    consolidated_workbook(plan, c)?.to_bytes()
}

/// Builds the consolidated workbook.
///
/// # Errors
/// Only when `rust_xlsxwriter` rejects something (it should not for checked input), or the
/// temporary files of the constant-memory sheets cannot be created.
pub fn consolidated_workbook(plan: &Plan, c: &Consolidation) -> anyhow::Result<Consolidated> {
    let mut wb = Workbook::new();
    let as_of = excel_date(c.as_of)?;
    let props = DocProperties::new()
        .set_title(format!("Tổng hợp báo cáo công tác dân vận chính quyền {}", period_phrase(plan, c)))
        .set_author(plan.consolidator.as_str())
        .set_company(plan.issuer.as_str())
        .set_creation_datetime(&as_of)
        .set_custom_property(MARKER.0, MARKER.1);
    wb.set_properties(&props);
    let f = Formats::new();
    let layout = Layout::new(plan, c);

    // The sheets in workbook order: in memory (`false`) or in constant-memory mode (`true`).
    for constant_memory in [false, true, true, false, false, true, true, true, true, true, false] {
        if constant_memory {
            wb.add_worksheet_with_constant_memory()?;
        } else {
            wb.add_worksheet();
        }
    }
    for format in f.all() {
        wb.register_format(format);
    }
    // Each sheet is its own object, so the sheets are written on two threads, the two big
    // per-unit sheets ("Kết quả" and "Dữ liệu") on different ones; the reading threads are idle
    // by now.
    let [s_summary, s_sub, s_tasks, s_totals, s_by_unit, s_results, s_rec, s_models, s_checks, s_data, s_charts] =
        wb.worksheets_mut().as_mut_slice()
    else {
        unreachable!("eleven sheets were added above")
    };
    let (first, second) = rayon::join(
        || -> anyhow::Result<()> {
            results(s_results, plan, c, &f)?;
            submissions(s_sub, plan, c, &f)?;
            tasks(s_tasks, plan, c, &f)?;
            recommendations(s_rec, c, &f)?;
            models(s_models, c, &f)
        },
        || -> anyhow::Result<()> {
            data(s_data, plan, c, &f)?;
            checks(s_checks, c, &f)?;
            by_unit(s_by_unit, plan, c, &f, &layout)?;
            summary(s_summary, plan, c, &f, &layout)?;
            indicator_totals(s_totals, plan, c, &f, &layout)?;
            charts(s_charts, plan, c, &f, &layout)
        },
    );
    first?;
    second?;
    Ok(Consolidated(wb))
}

/// Where things sit, shared by the sheets whose formulas point at each other.
struct Layout {
    /// Rows of units on "Chỉ tiêu theo đơn vị" and "Tình hình nộp": first and last (0-based).
    unit_rows: (u32, u32),
    /// Column of each indicator on "Chỉ tiêu theo đơn vị", in plan order.
    indicator_cols: Vec<(String, u16)>,
    /// Row of each indicator on "Chỉ tiêu", in plan order.
    indicator_rows: Vec<(String, u32)>,
}

/// Columns of "Chỉ tiêu theo đơn vị" before the indicators.
const BY_UNIT_GROUP_COL: u16 = 3;
const BY_UNIT_FIRST_INDICATOR: u16 = 5;
/// Columns of "Tình hình nộp".
const SUB_GROUP_COL: u16 = 3;
const SUB_STATUS_COL: u16 = 9;

impl Layout {
    fn new(plan: &Plan, c: &Consolidation) -> Self {
        let n = c.units.len().max(1) as u32;
        Layout {
            unit_rows: (FIRST_ROW, FIRST_ROW + n - 1),
            indicator_cols: plan
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| (ind.code.clone(), BY_UNIT_FIRST_INDICATOR + i as u16))
                .collect(),
            indicator_rows: plan
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| (ind.code.clone(), FIRST_ROW + i as u32))
                .collect(),
        }
    }

    fn col(&self, code: &str) -> Option<u16> {
        self.indicator_cols.iter().find(|(c, _)| c == code).map(|(_, col)| *col)
    }

    fn row(&self, code: &str) -> Option<u32> {
        self.indicator_rows.iter().find(|(c, _)| c == code).map(|(_, r)| *r)
    }

    /// `'Sheet'!$F$4:$F$36` for a column of the unit rows of a sheet.
    fn range(&self, sheet: &str, col: u16) -> String {
        let name = column_number_to_name(col);
        format!("'{sheet}'!${name}${}:${name}${}", self.unit_rows.0 + 1, self.unit_rows.1 + 1)
    }
}

// =============================================================================================
// Sheets
// =============================================================================================

/// 1. "Tổng hợp": the document page: national header, title, recipients, date line, key figures.
fn summary(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats, layout: &Layout) -> anyhow::Result<()> {
    ws.set_name(SHEETS[0])?;
    page(ws, false, true);
    ws.set_print_gridlines(false);
    // Portrait A4 leaves about 89 character widths between the margins.
    let widths = [5.0, 30.0, 9.0, 9.0, 9.0, 9.0, 9.0, 9.0];
    for (col, width) in widths.into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    let mut fit = Fit::new(&widths);
    let parent = format!("UBND TỈNH {}", plan.place.to_uppercase());
    let underlined = f.bold_center.clone().set_underline(FormatUnderline::Single);
    ws.merge_range(
        0,
        0,
        0,
        2,
        &parent,
        &Format::new().set_font_name(FONT).set_font_size(13).set_align(FormatAlign::Center),
    )?;
    ws.merge_range(0, 3, 0, 7, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &f.bold_center)?;
    ws.merge_range(1, 0, 1, 2, &plan.consolidator.to_uppercase(), &underlined)?;
    ws.merge_range(1, 3, 1, 7, "Độc lập - Tự do - Hạnh phúc", &underlined)?;
    // "Số: …/BC-SNV": the number is given by the office's register when the report is issued.
    if let Some(unit) = plan.units.iter().find(|u| crate::text::fold(&u.name) == crate::text::fold(&plan.consolidator))
    {
        let number = format!("Số:          /BC-{}", unit.code);
        ws.merge_range(
            3,
            0,
            3,
            2,
            &number,
            &Format::new().set_font_name(FONT).set_font_size(13).set_align(FormatAlign::Center),
        )?;
    }
    ws.merge_range(3, 3, 3, 7, &date_line(&plan.place, c.as_of), &f.italic_center)?;

    ws.merge_range(5, 0, 5, 7, "BÁO CÁO", &f.bold_center.clone().set_font_size(14))?;
    let title = format!("Tổng hợp kết quả thực hiện công tác dân vận chính quyền {}", period_phrase(plan, c));
    ws.merge_range(6, 0, 6, 7, &title, &f.bold_center.clone().set_text_wrap())?;
    ws.set_row_height(6, 36)?;
    let basis =
        format!("(theo Kế hoạch số {} ngày {} của {})", plan.id, crate::commands::dmy(plan.issued), plan.issuer);
    ws.merge_range(7, 0, 7, 7, &basis, &f.italic_center.clone().set_text_wrap())?;
    ws.set_row_height(7, 36)?;

    let mut row = 9;
    ws.write_string_with_format(row, 1, "Kính gửi:", &f.bold.clone().set_align(FormatAlign::Right))?;
    for (i, r) in plan.recipients.iter().enumerate() {
        let end = if i + 1 == plan.recipients.len() { "." } else { ";" };
        ws.write_string_with_format(
            row,
            2,
            format!("- {r}{end}"),
            &Format::new().set_font_name(FONT).set_font_size(13),
        )?;
        row += 1;
    }
    row += 1;
    let deadline = c.last_day.map_or_else(String::new, crate::commands::dmy);
    let deadline_text = plan.period(&c.period).map_or_else(String::new, |p| p.deadline_text.clone());
    let note = format!(
        "Hạn cuối nộp báo cáo: ngày {deadline} ({deadline_text}). Số liệu tính đến ngày {}.",
        crate::commands::dmy(c.as_of)
    );
    ws.merge_range(row, 0, row, 7, &note, &f.note.clone().set_text_wrap())?;
    ws.set_row_height(row, 36)?;
    row += 2;

    // I. Submissions, by group, as formulas over "Tình hình nộp".
    ws.merge_range(row, 0, row, 7, "I. TÌNH HÌNH NỘP BÁO CÁO", &f.bold)?;
    row += 1;
    let statuses = [UnitStatus::OnTime, UnitStatus::Late, UnitStatus::Missing, UnitStatus::NotDue, UnitStatus::Invalid];
    let mut headers = vec!["Nhóm đơn vị".to_string(), "Phải báo cáo".to_string()];
    headers.extend(statuses.iter().map(|s| s.label(VI)));
    fit.bold(ws, row, 0, "STT", &f.header)?;
    for (i, h) in headers.iter().enumerate() {
        fit.bold(ws, row, 1 + i as u16, h, &f.header)?;
    }
    row += 1;
    let sub = SHEETS[1];
    let group_range = layout.range(sub, SUB_GROUP_COL);
    let status_range = layout.range(sub, SUB_STATUS_COL);
    let first_group_row = row;
    for (i, g) in Group::ALL.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, g.label(VI), &f.text)?;
        let expected = c.units.iter().filter(|u| u.group == *g).count();
        let formula = format!("=COUNTIF({group_range},\"{}\")", g.label(VI));
        ws.write_formula_with_format(row, 2, Formula::new(formula).set_result(expected.to_string()), &f.count)?;
        for (j, s) in statuses.iter().enumerate() {
            let formula = format!("=COUNTIFS({group_range},\"{}\",{status_range},\"{}\")", g.label(VI), s.label(VI));
            let value = c.count_in(*g, *s);
            ws.write_formula_with_format(
                row,
                3 + j as u16,
                Formula::new(formula).set_result(value.to_string()),
                &f.count,
            )?;
        }
        row += 1;
    }
    ws.write_blank(row, 0, &f.total_row)?;
    ws.write_string_with_format(row, 1, "Tổng cộng", &f.total_row)?;
    for col in 2..=7u16 {
        let name = column_number_to_name(col);
        let value: usize = if col == 2 { c.units.len() } else { c.count(statuses[(col - 3) as usize]) };
        let formula = format!("=SUM({name}{}:{name}{})", first_group_row + 1, row);
        ws.write_formula_with_format(row, col, Formula::new(formula).set_result(value.to_string()), &f.total_count)?;
    }
    row += 2;

    // II. Main indicators, as references to "Chỉ tiêu".
    ws.merge_range(row, 0, row, 7, "II. MỘT SỐ CHỈ TIÊU CHÍNH", &f.bold)?;
    row += 1;
    let headers = [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Toàn tỉnh",
        "Sở, ngành Tỉnh",
        "UBND huyện, thành phố",
        "Đơn vị đã báo cáo",
        "Đơn vị phải báo cáo",
    ];
    for (i, h) in headers.iter().enumerate() {
        fit.bold(ws, row, i as u16, h, &f.header)?;
    }
    row += 1;
    let mut n = 0;
    for ind in plan.indicators.iter().filter(|i| i.main) {
        let (Some(total), Some(src_row)) = (c.indicator(&ind.code), layout.row(&ind.code)) else { continue };
        n += 1;
        ws.write_number_with_format(row, 0, f64::from(n), &f.center)?;
        fit.text(ws, row, 1, &ind.name, &f.wrap)?;
        ws.write_string_with_format(row, 2, total_measure(ind), &f.center)?;
        if !total.due {
            ws.merge_range(row, 3, row, 7, NOT_DUE, &f.center)?;
            row += 1;
            continue;
        }
        let values = [
            (total.total.value, 5u16),
            (group_total(total, Group::Department).value, 6),
            (group_total(total, Group::District).value, 7),
        ];
        for (i, (value, src_col)) in values.into_iter().enumerate() {
            let formula = format!("='{}'!{}", SHEETS[3], row_col_to_cell(src_row, src_col));
            ws.write_formula_with_format(
                row,
                3 + i as u16,
                Formula::new(formula).set_result(result(value)),
                f.total(&ind.kind),
            )?;
        }
        let formula = format!("='{}'!{}", SHEETS[3], row_col_to_cell(src_row, 8));
        ws.write_formula_with_format(
            row,
            6,
            Formula::new(formula).set_result(total.total.reported_units.to_string()),
            &f.count,
        )?;
        ws.write_number_with_format(row, 7, total.expected_units as f64, &f.count)?;
        row += 1;
    }
    row += 1;
    ws.merge_range(
        row,
        0,
        row,
        7,
        "Chi tiết từng đơn vị, nhiệm vụ và chỉ tiêu xem các sheet kèm theo; tỷ lệ (%) = tổng tử số / tổng mẫu số × 100 của các đơn vị báo cáo đủ cả hai số liệu.",
        &f.note.clone().set_text_wrap(),
    )?;
    ws.set_row_height(row, 36)?;
    row += 2;
    ws.write_string_with_format(row, 0, "Nơi nhận:", &f.bold.clone().set_italic().set_font_size(12))?;
    ws.merge_range(row, 4, row, 7, &plan.consolidator.to_uppercase(), &f.bold_center)?;
    let small = Format::new().set_font_name(FONT).set_font_size(11);
    for (i, r) in ["- Như trên;", "- Lưu: VT."].iter().enumerate() {
        ws.write_string_with_format(row + 1 + i as u32, 0, *r, &small)?;
    }
    fit.apply(ws)?;
    Ok(())
}

/// 2. "Tình hình nộp": one row per expected unit.
fn submissions(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[1])?;
    let title = format!("TÌNH HÌNH NỘP BÁO CÁO {}", period_phrase(plan, c).to_uppercase());
    let note = format!(
        "Hạn cuối: {}; tính đến ngày {}. Ngày nộp là ngày nhận ở sổ văn bản đến nếu có, nếu không là \"Ngày báo cáo\".",
        c.last_day.map_or_else(String::new, crate::commands::dmy),
        crate::commands::dmy(c.as_of)
    );
    let headers = [
        ("STT", 5.0),
        ("Mã", 10.0),
        ("Tên đơn vị", 26.0),
        ("Nhóm", 14.0),
        ("Số văn bản", 13.0),
        ("Ngày báo cáo", 12.0),
        ("Ngày nhận (sổ văn bản đến)", 12.0),
        ("Hạn cuối", 12.0),
        ("Ngày nộp được tính", 12.0),
        ("Tình trạng", 13.0),
        ("Số ngày trễ", 8.0),
        ("Tệp báo cáo", 24.0),
    ];
    let mut fit = table_sheet(ws, &title, &note, &headers, f, true)?;
    let mut row = FIRST_ROW;
    for (i, u) in c.units.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, &u.code, &f.text)?;
        fit.text(ws, row, 2, &u.name, &f.wrap)?;
        fit.text(ws, row, 3, u.group.label(VI), &f.wrap)?;
        opt_text(ws, row, 4, u.doc_number.as_deref(), &f.text)?;
        opt_date(ws, row, 5, u.report_date, f)?;
        opt_date(ws, row, 6, u.received, f)?;
        opt_date(ws, row, 7, c.last_day, f)?;
        opt_date(ws, row, 8, if u.report.is_some() { u.submitted() } else { None }, f)?;
        ws.write_string_with_format(row, 9, u.status.label(VI), &f.text)?;
        match u.days_late {
            Some(d) => ws.write_number_with_format(row, 10, d as f64, &f.count)?,
            None => ws.write_blank(row, 10, &f.text)?,
        };
        fit.text(ws, row, 11, u.file.as_ref().map(|p| p.display().to_string()).unwrap_or_default(), &f.wrap)?;
        fit.end_row(ws, row)?;
        row += 1;
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    let legend = "Số ngày trễ: với đơn vị trễ hạn là số ngày nộp sau hạn cuối; với đơn vị chưa nộp là số ngày đã quá hạn tính đến ngày tổng hợp.";
    ws.write_string_with_format(row + 1, 0, legend, &f.note)?;
    Ok(())
}

/// 3. "Nhiệm vụ": status counts per task, then the unit × task matrix.
fn tasks(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[2])?;
    page(ws, true, true);
    let title = format!("TÌNH TRẠNG THỰC HIỆN NHIỆM VỤ {}", period_phrase(plan, c).to_uppercase());
    ws.write_string_with_format(0, 0, &title, &f.title)?;
    let counted = c.units.iter().filter(|u| u.report.is_some()).count();
    ws.write_string_with_format(
        1,
        0,
        format!("Số đơn vị theo từng tình trạng, trên {counted} báo cáo được tổng hợp."),
        &f.note,
    )?;
    let mut headers: Vec<String> = vec!["STT".into(), "Mã".into(), "Nhiệm vụ".into(), "Kỳ này".into()];
    headers.extend(plan.statuses.iter().map(|s| s.label.clone()));
    headers.push("Không ghi".into());
    let widths: Vec<f64> =
        (0..headers.len().max(3 + c.tasks.len())).map(|i| [6.0, 11.0, 60.0].get(i).copied().unwrap_or(14.0)).collect();
    let mut fit = Fit::new(&widths);
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    for (i, h) in headers.iter().enumerate() {
        fit.bold(ws, HEADER_ROW, i as u16, h, &f.header)?;
    }
    fit.end_row(ws, HEADER_ROW)?;
    let mut row = FIRST_ROW;
    for (i, t) in c.tasks.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, &t.code, &f.text)?;
        fit.text(ws, row, 2, &t.title, &f.wrap)?;
        ws.write_string_with_format(row, 3, if t.due { "Đến hạn" } else { "Chưa đến hạn" }, &f.center)?;
        for (j, s) in plan.statuses.iter().enumerate() {
            let n = t.counts.get(&s.label).copied().unwrap_or(0);
            ws.write_number_with_format(row, 4 + j as u16, n as f64, &f.count)?;
        }
        ws.write_number_with_format(row, 4 + plan.statuses.len() as u16, t.blank as f64, &f.count)?;
        fit.end_row(ws, row)?;
        row += 1;
    }
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;

    // The matrix: which status each counted unit gave each task.
    row += 2;
    ws.write_string_with_format(row, 0, "Tình trạng từng nhiệm vụ theo đơn vị", &f.bold)?;
    fit.end_row(ws, row)?;
    row += 1;
    let matrix_header = row;
    ws.write_string_with_format(row, 0, "STT", &f.header)?;
    ws.write_string_with_format(row, 1, "Mã đơn vị", &f.header)?;
    ws.write_string_with_format(row, 2, "Tên đơn vị", &f.header)?;
    for (j, t) in c.tasks.iter().enumerate() {
        let h = if t.due { t.code.clone() } else { format!("{} (chưa đến hạn)", t.code) };
        fit.bold(ws, row, 3 + j as u16, h, &f.header)?;
    }
    fit.end_row(ws, row)?;
    row += 1;
    let mut n = 0;
    for u in &c.units {
        let Some(report) = &u.report else { continue };
        n += 1;
        ws.write_number_with_format(row, 0, f64::from(n), &f.center)?;
        ws.write_string_with_format(row, 1, &u.code, &f.text)?;
        fit.text(ws, row, 2, &u.name, &f.wrap)?;
        for (j, t) in c.tasks.iter().enumerate() {
            let label = report.task(&t.code).and_then(|e| e.status.clone()).unwrap_or_default();
            ws.write_string_with_format(row, 3 + j as u16, label, &f.text)?;
        }
        fit.end_row(ws, row)?;
        row += 1;
    }
    fit.apply(ws)?;
    let last_col = 2 + c.tasks.len() as u16;
    ws.autofilter(matrix_header, 0, row.saturating_sub(1).max(matrix_header), last_col)?;
    Ok(())
}

/// 4. "Chỉ tiêu": per indicator, province total and group subtotals as formulas.
fn indicator_totals(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidation,
    f: &Formats,
    layout: &Layout,
) -> anyhow::Result<()> {
    ws.set_name(SHEETS[3])?;
    let title = format!("TỔNG HỢP CHỈ TIÊU {}", period_phrase(plan, c).to_uppercase());
    let note = "Tổng là công thức trên sheet \"Chỉ tiêu theo đơn vị\". Tỷ lệ (%) = tổng tử số / tổng mẫu số × 100 của các đơn vị báo cáo đủ cả hai số liệu, không cộng hay lấy trung bình tỷ lệ; trống khi mẫu số bằng 0 hoặc chưa có số liệu.";
    let headers = [
        ("STT", 6.0),
        ("Mã", 19.0),
        ("Chỉ tiêu", 40.0),
        ("Đơn vị tính", 12.0),
        ("Cách tính", 26.0),
        ("Toàn tỉnh", 14.0),
        ("Sở, ngành Tỉnh", 14.0),
        ("UBND huyện, thành phố", 14.0),
        ("Đơn vị đã báo cáo", 12.0),
        ("Đơn vị phải báo cáo", 12.0),
    ];
    let mut fit = table_sheet(ws, &title, note, &headers, f, true)?;
    let src = SHEETS[4];
    let group_range = layout.range(src, BY_UNIT_GROUP_COL);
    let mut row = FIRST_ROW;
    for (i, ind) in plan.indicators.iter().enumerate() {
        let Some(t) = c.indicator(&ind.code) else { continue };
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, &ind.code, &f.text)?;
        fit.text(ws, row, 2, &ind.name, &f.wrap)?;
        ws.write_string_with_format(row, 3, total_measure(ind), &f.center)?;
        let due = plan.task(&ind.task).is_none_or(|t| t.is_due_in(&c.period));
        let how = if due {
            how(plan, ind)
        } else {
            format!("{}; nhiệm vụ {} chưa đến hạn kỳ này", how(plan, ind), ind.task)
        };
        fit.text(ws, row, 4, how, &f.wrap)?;
        if !t.due {
            // Not due this period: no totals, never "29 of 0 units reported".
            ws.merge_range(row, 5, row, 9, NOT_DUE, &f.center)?;
            row += 1;
            continue;
        }
        let groups = [None, Some(Group::Department), Some(Group::District)];
        for (j, g) in groups.into_iter().enumerate() {
            let total = g.map_or(t.total, |g| group_total(t, g));
            let criteria = g.map(|g| format!("{group_range},\"{}\"", g.label(VI)));
            let formula = total_formula(ind, layout, src, criteria.as_deref());
            ws.write_formula_with_format(
                row,
                5 + j as u16,
                Formula::new(formula).set_result(result(total.value)),
                f.total(&ind.kind),
            )?;
        }
        let reported = reported_formula(ind, layout, src);
        ws.write_formula_with_format(
            row,
            8,
            Formula::new(reported).set_result(t.total.reported_units.to_string()),
            &f.count,
        )?;
        ws.write_number_with_format(row, 9, t.expected_units as f64, &f.count)?;
        row += 1;
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    Ok(())
}

/// 5. "Chỉ tiêu theo đơn vị": units × indicators; rates per unit as formulas of its parts.
fn by_unit(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats, layout: &Layout) -> anyhow::Result<()> {
    ws.set_name(SHEETS[4])?;
    let title = format!("CHỈ TIÊU THEO ĐƠN VỊ {}", period_phrase(plan, c).to_uppercase());
    let note = "Chỉ có số liệu của báo cáo được tổng hợp. Ô trống: đơn vị chưa báo cáo chỉ tiêu (khác với 0).";
    let mut headers: Vec<(String, f64)> = vec![
        ("STT".into(), 6.0),
        ("Mã".into(), 11.0),
        ("Tên đơn vị".into(), 26.0),
        ("Nhóm".into(), 14.0),
        ("Tình trạng".into(), 14.0),
    ];
    headers.extend(plan.indicators.iter().map(|i| (format!("{} ({})\n[{}]", i.name, i.measure, i.code), 12.0)));
    let refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    // Too wide for one page: printed across pages, with the unit columns repeated.
    let mut fit = table_sheet(ws, &title, note, &refs, f, false)?;
    ws.set_landscape();
    ws.set_repeat_columns(0, 2)?;
    // About five landscape pages across at full size, rather than dozens of slivers.
    ws.set_print_fit_to_pages(5, 0);
    ws.set_freeze_panes(FIRST_ROW, 3)?;
    let mut row = FIRST_ROW;
    for (i, u) in c.units.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, &u.code, &f.text)?;
        fit.text(ws, row, 2, &u.name, &f.wrap)?;
        fit.text(ws, row, 3, u.group.label(VI), &f.wrap)?;
        ws.write_string_with_format(row, 4, u.status.label(VI), &f.text)?;
        for ind in &plan.indicators {
            let Some(col) = layout.col(&ind.code) else { continue };
            unit_value(ws, row, col, ind, u, layout, f)?;
        }
        row += 1;
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    Ok(())
}

fn unit_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    ind: &Indicator,
    u: &UnitOutcome,
    layout: &Layout,
    f: &Formats,
) -> Result<(), XlsxError> {
    let value = |code: &str| u.report.as_ref().and_then(|r| r.value(code)).map(|v| v.value);
    if let Kind::Rate { numerator, denominator } = &ind.kind {
        let (Some(nc), Some(dc)) = (layout.col(numerator), layout.col(denominator)) else {
            ws.write_blank(row, col, &f.rate)?;
            return Ok(());
        };
        if u.report.is_none() {
            ws.write_blank(row, col, &f.rate)?;
            return Ok(());
        }
        let (n, d) = (row_col_to_cell(row, nc), row_col_to_cell(row, dc));
        let formula = format!("=IF(AND(ISNUMBER({n}),ISNUMBER({d})),IF({d}=0,\"\",{n}/{d}*100),\"\")");
        let cached = match (value(numerator), value(denominator)) {
            (Some(n), Some(d)) if d != 0.0 => Some(n / d * 100.0),
            _ => None,
        };
        ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result(cached)), &f.rate)?;
    } else if let Some(v) = value(&ind.code) {
        ws.write_number_with_format(row, col, v, f.number(&ind.kind))?;
    } else {
        ws.write_blank(row, col, &f.text)?;
    }
    Ok(())
}

/// 6. "Kết quả": every unit's result and limitation text, grouped by task.
fn results(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[5])?;
    let title = format!("KẾT QUẢ THỰC HIỆN NHIỆM VỤ {}", period_phrase(plan, c).to_uppercase());
    let note = "Nguyên văn báo cáo của các đơn vị được tổng hợp, theo từng nhiệm vụ.";
    let headers = [
        ("Mã NV", 9.0),
        ("Mã ĐV", 11.0),
        ("Đơn vị", 24.0),
        ("Tình trạng", 15.0),
        ("Kết quả thực hiện", 70.0),
        ("Hạn chế, khó khăn", 45.0),
    ];
    let mut fit = table_sheet(ws, &title, note, &headers, f, true)?;
    let mut row = FIRST_ROW;
    for t in &c.tasks {
        ws.write_string_with_format(row, 0, &t.code, &f.group_row)?;
        let heading = if t.due {
            format!("{}. {}", t.code, t.title)
        } else {
            format!("{}. {} (chưa đến hạn kỳ này)", t.code, t.title)
        };
        ws.merge_range(row, 1, row, 5, &heading, &f.group_heading)?;
        ws.set_row_height(row, 18.0 * (1 + heading.chars().count() / 150) as f64)?;
        fit.end_row(ws, row)?;
        row += 1;
        for u in &c.units {
            let Some(entry) = u.report.as_ref().and_then(|r| r.task(&t.code)) else { continue };
            let result_parts = split_for_cells(&entry.result);
            let limit_parts = split_for_cells(&entry.limits);
            for k in 0..result_parts.len().max(limit_parts.len()) {
                ws.write_string_with_format(row, 0, &t.code, &f.text)?;
                ws.write_string_with_format(row, 1, &u.code, &f.text)?;
                fit.text(ws, row, 2, &u.name, &f.wrap)?;
                ws.write_string_with_format(row, 3, entry.status.as_deref().unwrap_or(""), &f.text)?;
                fit.text(ws, row, 4, result_parts.get(k).copied().unwrap_or(""), &f.wrap)?;
                fit.text(ws, row, 5, limit_parts.get(k).copied().unwrap_or(""), &f.wrap)?;
                fit.end_row(ws, row)?;
                row += 1;
            }
        }
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    Ok(())
}

/// What the totals of an indicator not yet due in the period show.
const NOT_DUE: &str = "chưa đến kỳ";

/// 7. "Kiến nghị".
fn recommendations(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[6])?;
    let headers = [("Nội dung kiến nghị, đề xuất", 80.0), ("Cơ quan tiếp nhận", 28.0)];
    unit_list_sheet(ws, c, f, "KIẾN NGHỊ, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ", 28.0, &headers, |r| {
        r.recommendations.iter().map(|x| vec![x.text.as_str(), x.addressee.as_str()]).collect()
    })
}

/// 8. "Mô hình": "Dân vận khéo" models.
fn models(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[7])?;
    let headers = [("Tên mô hình", 40.0), ("Lĩnh vực", 20.0), ("Kết quả, hiệu quả", 60.0)];
    unit_list_sheet(ws, c, f, "MÔ HÌNH, ĐIỂN HÌNH \u{201c}DÂN VẬN KHÉO\u{201d}", 26.0, &headers, |r| {
        r.models.iter().map(|m| vec![m.name.as_str(), m.field.as_str(), m.result.as_str()]).collect()
    })
}

/// A sheet of free-text rows that units send in lists (recommendations, models): STT, unit
/// code and name, then `columns` taken from each unit's report by `rows`, in unit order.
fn unit_list_sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    f: &Formats,
    title: &str,
    unit_width: f64,
    columns: &[(&str, f64)],
    rows: impl Fn(&crate::validation::Report) -> Vec<Vec<&str>>,
) -> anyhow::Result<()> {
    let mut headers = vec![("STT", 6.0), ("Mã ĐV", 11.0), ("Đơn vị", unit_width)];
    headers.extend_from_slice(columns);
    let mut fit = table_sheet(ws, title, "", &headers, f, true)?;
    let mut row = FIRST_ROW;
    for u in &c.units {
        for cells in u.report.iter().flat_map(&rows) {
            ws.write_number_with_format(row, 0, f64::from(row - FIRST_ROW + 1), &f.center)?;
            ws.write_string_with_format(row, 1, &u.code, &f.text)?;
            fit.text(ws, row, 2, &u.name, &f.wrap)?;
            for (i, text) in cells.into_iter().enumerate() {
                fit.text(ws, row, 3 + i as u16, first_cell(text), &f.wrap)?;
            }
            fit.end_row(ws, row)?;
            row += 1;
        }
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    Ok(())
}

/// 9. "Kiểm tra": every file read, its role, and every finding.
fn checks(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[8])?;
    let headers = [
        ("STT", 6.0),
        ("Tệp", 36.0),
        ("Đơn vị", 11.0),
        ("Xử lý", 16.0),
        ("Ghi chú", 30.0),
        ("Mức độ", 11.0),
        ("Mã lỗi", 20.0),
        ("Vị trí", 14.0),
        ("Nội dung", 60.0),
    ];
    let note = "Mọi tệp đã đọc và mọi lỗi, cảnh báo tìm thấy, kể cả cảnh báo của báo cáo được tổng hợp.";
    let mut fit = table_sheet(ws, "KẾT QUẢ KIỂM TRA CÁC TỆP", note, &headers, f, true)?;
    let mut row = FIRST_ROW;
    let mut n = 0;
    for file in &c.files {
        n += 1;
        let remark = match (file.role, &file.skip, &file.replaced_by) {
            (FileRole::Superseded, _, Some(by)) => {
                messages::render("consolidation-replaced-by", VI, &[("file", by.display().to_string())])
            }
            (_, Some(reason), _) => reason.text(VI),
            _ => String::new(),
        };
        let rows = file.findings.len().max(1);
        for k in 0..rows {
            ws.write_number_with_format(row, 0, f64::from(n), &f.center)?;
            fit.text(ws, row, 1, file.path.display().to_string(), &f.wrap)?;
            ws.write_string_with_format(row, 2, file.unit.as_deref().unwrap_or(""), &f.text)?;
            fit.text(ws, row, 3, file.role.label(VI), &f.wrap)?;
            fit.text(ws, row, 4, &remark, &f.wrap)?;
            if let Some(finding) = file.findings.get(k) {
                ws.write_string_with_format(row, 5, finding.severity.label(VI), &f.text)?;
                ws.write_string_with_format(row, 6, finding.code, &f.text)?;
                ws.write_string_with_format(row, 7, super::xml_safe(&finding.place()), &f.text)?;
                fit.text(ws, row, 8, first_cell(&finding.message(VI)), &f.wrap)?;
            } else {
                for col in 5..=8 {
                    ws.write_blank(row, col, &f.text)?;
                }
            }
            fit.end_row(ws, row)?;
            row += 1;
        }
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    Ok(())
}

/// 10. "Dữ liệu": long format, one row per unit × indicator value, traceable to its cell.
fn data(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[9])?;
    let headers = [
        ("Mã ĐV", 11.0),
        ("Đơn vị", 28.0),
        ("Nhóm", 20.0),
        ("Mã chỉ tiêu", 18.0),
        ("Chỉ tiêu", 40.0),
        ("Đơn vị tính", 12.0),
        ("Số liệu", 12.0),
        ("Ghi chú", 24.0),
        ("Tệp nguồn", 34.0),
        ("Ô", 14.0),
    ];
    let note =
        "Số liệu của các báo cáo được tổng hợp, mỗi dòng một số liệu, kèm tệp và ô gốc (dùng để lọc, PivotTable).";
    let mut fit = table_sheet(ws, "DỮ LIỆU GỐC", note, &headers, f, true)?;
    let mut row = FIRST_ROW;
    for u in &c.units {
        let Some(report) = &u.report else { continue };
        let file = u.file.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let file = super::xml_safe(&file);
        // Plan order of indicators, so the sheet is the same whatever order the file had.
        for ind in &plan.indicators {
            let Some(v) = report.value(&ind.code) else { continue };
            ws.write_string_with_format(row, 0, &u.code, &f.text)?;
            ws.write_string_with_format(row, 1, &u.name, &f.text)?;
            ws.write_string_with_format(row, 2, u.group.label(VI), &f.text)?;
            ws.write_string_with_format(row, 3, &ind.code, &f.text)?;
            ws.write_string_with_format(row, 4, &ind.name, &f.text)?;
            ws.write_string_with_format(row, 5, &ind.measure, &f.text)?;
            ws.write_number_with_format(row, 6, v.value, f.number(&ind.kind))?;
            ws.write_string_with_format(row, 7, first_cell(&super::xml_safe(&v.note)), &f.text)?;
            ws.write_string_with_format(row, 8, &*file, &f.text)?;
            ws.write_string_with_format(row, 9, &v.cell, &f.text)?;
            fit.end_row(ws, row)?;
            row += 1;
        }
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    Ok(())
}

/// 11. "Biểu đồ": status by group, and each main numeric indicator by unit.
fn charts(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats, layout: &Layout) -> anyhow::Result<()> {
    ws.set_name(SHEETS[10])?;
    page(ws, true, true);
    ws.write_string_with_format(0, 0, "BIỂU ĐỒ", &f.title)?;
    // The status table the first chart draws from.
    ws.set_column_width(0, 26.0)?;
    for col in 1..=5u16 {
        ws.set_column_width(col, 13.0)?;
    }
    ws.write_string_with_format(HEADER_ROW, 0, "Nhóm đơn vị", &f.header)?;
    for (j, s) in UnitStatus::ALL.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, 1 + j as u16, s.label(VI), &f.header)?;
    }
    let mut fit = Fit::new(&[26.0]);
    for (i, g) in Group::ALL.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        fit.text(ws, row, 0, g.label(VI), &f.wrap)?;
        for (j, s) in UnitStatus::ALL.iter().enumerate() {
            ws.write_number_with_format(row, 1 + j as u16, c.count_in(*g, *s) as f64, &f.count)?;
        }
    }
    fit.apply(ws)?;
    let sheet = SHEETS[10];
    let groups_last = FIRST_ROW + Group::ALL.len() as u32 - 1;
    let mut font = ChartFont::new();
    font.set_name(FONT);
    let mut small = font.clone();
    small.set_size(8);
    let mut medium = font.clone();
    medium.set_size(11);
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (j, status) in UnitStatus::ALL.iter().enumerate() {
        let col = 1 + j as u16;
        // Green on time, amber late, red missing, grey not yet due, purple invalid.
        let color = match status {
            UnitStatus::OnTime => 0x0070_AD47,
            UnitStatus::Late => 0x00FF_C000,
            UnitStatus::Missing => 0x00C0_0000,
            UnitStatus::NotDue => 0x00A6_A6A6,
            UnitStatus::Invalid => 0x0070_30A0,
        };
        chart
            .add_series()
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)))
            .set_name((sheet, HEADER_ROW, col))
            .set_categories((sheet, FIRST_ROW, 0, groups_last, 0))
            .set_values((sheet, FIRST_ROW, col, groups_last, col));
    }
    chart.title().set_name("Tình hình nộp báo cáo theo nhóm đơn vị").set_font(&font);
    chart.x_axis().set_font(&font);
    chart.y_axis().set_font(&font).set_name("Số đơn vị");
    chart.legend().set_font(&font);
    chart.set_width(720).set_height(360);
    ws.insert_chart(FIRST_ROW + 3, 0, &chart)?;

    // One bar chart per main numeric indicator (and rate), units as categories.
    let src = SHEETS[4];
    let (first, last) = layout.unit_rows;
    // One chart per printed page: each starts after a page break, sized to the page.
    let mut anchor = FIRST_ROW + 25;
    let mut breaks = Vec::new();
    let height = (80 + 14 * c.units.len() as u32).min(580);
    for ind in plan.indicators.iter().filter(|i| i.main && i.kind != Kind::YesNo) {
        let Some(col) = layout.col(&ind.code) else { continue };
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name(ind.name.as_str())
            .set_gap(40)
            .set_categories((src, first, 2, last, 2))
            .set_values((src, first, col, last, col));
        chart.title().set_name(format!("{} ({})", ind.name, ind.measure).as_str()).set_font(&medium);
        chart.x_axis().set_font(&font);
        chart.y_axis().set_font(&small).set_reverse();
        chart.legend().set_hidden();
        chart.set_width(900).set_height(height);
        breaks.push(anchor);
        ws.insert_chart(anchor, 0, &chart)?;
        anchor += 32;
    }
    ws.set_page_breaks(&breaks)?;
    Ok(())
}

// =============================================================================================
// Formulas
// =============================================================================================

/// The total of an indicator over "Chỉ tiêu theo đơn vị", optionally within a group
/// (`criteria` = `range,"label"`). Blank when no unit reported it; a rate divides summed parts
/// over the units reporting both.
fn total_formula(ind: &Indicator, layout: &Layout, src: &str, criteria: Option<&str>) -> String {
    let extra = criteria.map(|c| format!(",{c}")).unwrap_or_default();
    if let Kind::Rate { numerator, denominator } = &ind.kind {
        let (Some(nc), Some(dc)) = (layout.col(numerator), layout.col(denominator)) else {
            return "=\"\"".to_string();
        };
        let (n, d) = (layout.range(src, nc), layout.range(src, dc));
        let both = format!("{n},\"<>\",{d},\"<>\"{extra}");
        return format!("=IF(SUMIFS({d},{both})=0,\"\",SUMIFS({n},{both})/SUMIFS({d},{both})*100)");
    }
    let Some(col) = layout.col(&ind.code) else { return "=\"\"".to_string() };
    let r = layout.range(src, col);
    match criteria {
        None => format!("=IF(COUNT({r})=0,\"\",SUM({r}))"),
        Some(c) => format!("=IF(COUNTIFS({c},{r},\"<>\")=0,\"\",SUMIFS({r},{c}))"),
    }
}

/// How many units reported an indicator (for a rate: both of its parts).
fn reported_formula(ind: &Indicator, layout: &Layout, src: &str) -> String {
    match &ind.kind {
        Kind::Rate { numerator, denominator } => match (layout.col(numerator), layout.col(denominator)) {
            (Some(nc), Some(dc)) => {
                format!("=COUNTIFS({},\"<>\",{},\"<>\")", layout.range(src, nc), layout.range(src, dc))
            }
            _ => "=0".to_string(),
        },
        _ => {
            layout.col(&ind.code).map_or_else(|| "=0".to_string(), |col| format!("=COUNT({})", layout.range(src, col)))
        }
    }
}

/// The stored result of a formula: the number, or "" for a blank total.
fn result(value: Option<f64>) -> String {
    value.map(|v| format!("{v}")).unwrap_or_default()
}

fn how(plan: &Plan, ind: &Indicator) -> String {
    match &ind.kind {
        Kind::Count | Kind::Amount => "Cộng các đơn vị".to_string(),
        Kind::YesNo => "Số đơn vị trả lời \"Có\"".to_string(),
        Kind::Rate { numerator, denominator } => {
            let name = |c: &str| plan.indicator(c).map_or_else(|| c.to_string(), |i| i.code.clone());
            format!("Σ {} / Σ {} × 100", name(numerator), name(denominator))
        }
    }
}

/// The unit of a total: a yes/no total counts the units that answered "Có".
fn total_measure(ind: &Indicator) -> &str {
    if ind.kind == Kind::YesNo { "đơn vị \u{201c}Có\u{201d}" } else { &ind.measure }
}

fn group_total(t: &crate::consolidation::IndicatorTotal, g: Group) -> Total {
    t.by_group.iter().find(|(x, _)| *x == g).map(|(_, t)| *t).unwrap_or_default()
}

// =============================================================================================
// Page setup and helpers
// =============================================================================================

/// A4, Nghị định 30/2020 margins (top/bottom 20 mm, left 30 mm, right 15 mm), fit to the page
/// width, "Trang n/N" in the footer.
fn page(ws: &mut Worksheet, landscape: bool, fit_width: bool) {
    const MM: f64 = 1.0 / 25.4;
    // A blank total must be cached as empty text, not the default 0 (LibreOffice shows the
    // cached value without recalculating).
    ws.set_formula_result_default("");
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_margins(30.0 * MM, 15.0 * MM, 20.0 * MM, 20.0 * MM, 8.0 * MM, 8.0 * MM);
    if fit_width {
        ws.set_print_fit_to_pages(1, 0);
    }
    ws.set_footer(format!("&C&\"{FONT},Regular\"&11Trang &P/&N"));
}

/// A table sheet: landscape page fitted to the page width (`fit` false: portrait settings
/// left to the caller), title and note, header row repeated on every printed page and
/// frozen on screen, explicit column widths.
fn table_sheet(
    ws: &mut Worksheet,
    title: &str,
    note: &str,
    headers: &[(&str, f64)],
    f: &Formats,
    landscape: bool,
) -> Result<Fit, XlsxError> {
    page(ws, landscape, landscape);
    ws.write_string_with_format(0, 0, title, &f.title)?;
    if !note.is_empty() {
        ws.write_string_with_format(1, 0, note, &f.note)?;
    }
    let widths: Vec<f64> = headers.iter().map(|(_, w)| *w).collect();
    let mut fit = Fit::new(&widths);
    for (i, (h, w)) in headers.iter().enumerate() {
        fit.bold(ws, HEADER_ROW, i as u16, h, &f.header)?;
        ws.set_column_width(i as u16, *w)?;
    }
    fit.end_row(ws, HEADER_ROW)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    Ok(fit)
}

/// Autofilter over the header and the rows written.
fn finish_table(ws: &mut Worksheet, end_row: u32, columns: usize) -> Result<(), XlsxError> {
    let last = end_row.saturating_sub(1).max(HEADER_ROW);
    ws.autofilter(HEADER_ROW, 0, last, columns.saturating_sub(1) as u16)?;
    Ok(())
}

fn opt_text(ws: &mut Worksheet, row: u32, col: u16, text: Option<&str>, format: &Format) -> Result<(), XlsxError> {
    match text {
        Some(t) => ws.write_string_with_format(row, col, first_cell(&super::xml_safe(t)), format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

fn opt_date(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    date: Option<chrono::NaiveDate>,
    f: &Formats,
) -> anyhow::Result<()> {
    match date {
        Some(d) => ws.write_datetime_with_format(row, col, &excel_date(d)?, &f.date)?,
        None => ws.write_blank(row, col, &f.date)?,
    };
    Ok(())
}

fn excel_date(d: chrono::NaiveDate) -> anyhow::Result<ExcelDateTime> {
    use chrono::Datelike;
    Ok(ExcelDateTime::from_ymd(u16::try_from(d.year())?, d.month() as u8, d.day() as u8)?)
}

fn period_phrase(plan: &Plan, c: &Consolidation) -> String {
    crate::consolidation::period_phrase(plan, &c.period, c.year)
}

/// Row heights for wrapped text. Neither Excel nor `LibreOffice` grows a row to fit wrapped text
/// written by a program until the cell is edited, so the writer estimates the lines itself.
struct Fit {
    widths: Vec<f64>,
    lines: std::collections::BTreeMap<u32, usize>,
}

impl Fit {
    fn new(widths: &[f64]) -> Self {
        Fit { widths: widths.to_vec(), lines: std::collections::BTreeMap::new() }
    }

    /// Writes wrapped text and remembers how many lines its row needs.
    fn text(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.write(ws, (row, col), text.as_ref(), format, 1.0)
    }

    /// Like [`Fit::text`] for bold text, which runs about 15 % wider.
    fn bold(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.write(ws, (row, col), text.as_ref(), format, 1.15)
    }

    fn write(
        &mut self,
        ws: &mut Worksheet,
        (row, col): (u32, u16),
        text: &str,
        format: &Format,
        wider: f64,
    ) -> Result<(), XlsxError> {
        // Text from unit files may carry control characters (pasted from other software);
        // they have no place in a printed document, and U+FFFE/U+FFFF would make the XML
        // invalid.
        let text = &*super::xml_safe(text);
        ws.write_string_with_format(row, col, text, format)?;
        let width = self.widths.get(col as usize).copied().unwrap_or(10.0) / wider;
        let n = lines(text, width);
        let e = self.lines.entry(row).or_insert(1);
        *e = (*e).max(n);
        Ok(())
    }

    /// Sets the height of `row` if it needs more than one line. In a constant-memory sheet this
    /// must come before the next row is started, when the row is written out.
    fn end_row(&mut self, ws: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
        match self.lines.remove(&row) {
            Some(n) if n > 1 => ws.set_row_height(row, row_height(n)).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Sets the height of every row not yet ended that needs more than one line.
    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (&row, &n) in &self.lines {
            if n > 1 {
                ws.set_row_height(row, row_height(n))?;
            }
        }
        Ok(())
    }
}

/// Lines a text takes in a column `width` units wide (measured on rendered pages: Vietnamese
/// text in Times New Roman 13 fits about 1.3 characters per unit, which are Calibri 11 digits).
fn lines(text: &str, width: f64) -> usize {
    let per_line = ((width - 1.0) * 1.3).max(1.0);
    text.split('\n').map(|l| ((l.chars().count() as f64) / per_line).ceil().max(1.0) as usize).sum::<usize>().min(400)
}

/// Points for `n` lines of 13-point text (about 15.5 points a line as rendered), within Excel's 409-point row limit.
fn row_height(n: usize) -> f64 {
    (n as f64 * 15.5 + 3.0).min(409.0)
}

/// Text cut into pieces that each fit one cell, at character boundaries.
fn split_for_cells(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while rest.chars().count() > CELL_LIMIT {
        let cut = rest.char_indices().nth(CELL_LIMIT).map_or(rest.len(), |(i, _)| i);
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    parts.push(rest);
    parts
}

/// Text that fits one cell (short fields cannot really pass the limit; this keeps a hostile
/// file from failing the whole workbook).
fn first_cell(text: &str) -> &str {
    split_for_cells(text)[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidation::consolidate;
    use crate::plan::StatusMeaning;
    use crate::validation::{CheckedFile, FileKind, Header, IndicatorValue, Model, Recommendation, Report, TaskEntry};
    use calamine::{Data, DataType, Reader, Xlsx};
    use chrono::NaiveDate;
    use std::collections::HashMap;
    use std::path::PathBuf;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    fn file(unit: &str, date: NaiveDate, values: &[(&str, f64)]) -> CheckedFile {
        CheckedFile {
            path: PathBuf::from(format!("bao-cao/{unit}.xlsx")),
            modified: None,
            kind: FileKind::Report,
            header: Header {
                unit: Some(unit.into()),
                period: Some("6-thang".into()),
                year: Some(2024),
                doc_number: Some(format!("12/BC-{unit}")),
                report_date: Some(date),
                ..Header::default()
            },
            report: Report {
                tasks: vec![TaskEntry {
                    code: "NV1".into(),
                    status: Some("Hoàn thành".into()),
                    meaning: Some(StatusMeaning::Done),
                    result: "=SUM(A1:A3) là chữ, không phải công thức".into(),
                    limits: "Kinh phí còn hạn chế".into(),
                }],
                values: values
                    .iter()
                    .map(|(c, v)| IndicatorValue {
                        code: (*c).into(),
                        value: *v,
                        cell: "Chỉ tiêu!D6".into(),
                        note: String::new(),
                    })
                    .collect(),
                recommendations: vec![Recommendation {
                    text: "Bố trí thêm kinh phí".into(),
                    addressee: "UBND Tỉnh".into(),
                }],
                models: vec![Model {
                    name: "Hội quán nông dân".into(),
                    field: "Nông nghiệp".into(),
                    result: "Tăng thu nhập".into(),
                }],
            },
            findings: Vec::new(),
        }
    }

    fn workbook() -> Vec<u8> {
        let plan = crate::plan::parse(crate::plan::BUILTIN, "test").unwrap();
        let files = vec![
            file(
                "SNV",
                d(6, 3),
                &[("TTHC_DUNGHAN", 90.0), ("TTHC_TIEPNHAN", 100.0), ("KH_NAM", 1.0), ("VB_CHIDAO", 3.0)],
            ),
            file(
                "TPCL",
                d(6, 7),
                &[("TTHC_DUNGHAN", 10.0), ("TTHC_TIEPNHAN", 900.0), ("KH_NAM", 0.0), ("VB_CHIDAO", 4.0)],
            ),
        ];
        let c = consolidate(&plan, "6-thang", 2024, d(6, 20), files, &HashMap::<String, NaiveDate>::new());
        let bytes = consolidated_bytes(&plan, &c).unwrap();
        if let Ok(path) = std::env::var("BAOCAO_DUMP_CONSOLIDATED") {
            std::fs::write(path, &bytes).unwrap();
        }
        bytes
    }

    #[test]
    fn workbook_reads_back_with_totals_formulas_and_text() {
        let bytes = workbook();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());
        let totals = wb.worksheet_range("Chỉ tiêu").unwrap();
        let row = totals.rows().find(|r| r.get(1) == Some(&Data::String("TL_DUNGHAN".into()))).unwrap();
        // 100 / 1000, not the average of 90 % and 1.1 %.
        assert_eq!(row[5].as_f64(), Some(10.0));
        let formulas = wb.worksheet_formula("Chỉ tiêu").unwrap();
        let f = formulas.rows().flatten().find(|f| f.contains("TTHC_DUNGHAN") || f.contains("SUMIFS")).unwrap();
        assert!(f.contains("SUMIFS"), "{f}");
        let results = wb.worksheet_range("Kết quả").unwrap();
        assert!(
            results.rows().any(|r| r.get(4) == Some(&Data::String("=SUM(A1:A3) là chữ, không phải công thức".into())))
        );
        let status = wb.worksheet_range("Tình hình nộp").unwrap();
        let tpcl = status.rows().find(|r| r.get(1) == Some(&Data::String("TPCL".into()))).unwrap();
        assert_eq!((tpcl[9].to_string(), tpcl[10].as_f64()), ("Trễ hạn".to_string(), Some(3.0)));
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        assert_eq!(workbook(), workbook());
    }

    #[test]
    fn long_text_is_split_at_the_cell_limit() {
        let text = "ă".repeat(CELL_LIMIT + 5);
        let parts = split_for_cells(&text);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].chars().count(), CELL_LIMIT);
        assert_eq!(parts[1].chars().count(), 5);
        assert_eq!(split_for_cells("ngắn"), vec!["ngắn"]);
    }
}
