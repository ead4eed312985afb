//! The consolidated workbook that goes to UBND Tỉnh and Ban Dân vận Tỉnh ủy: eleven sheets,
//! printed per Nghị định 30/2020 as a report ("Tổng hợp") and its appendices ("Phụ lục I–VIII",
//! Times New Roman 13, A4, margins, repeated header rows, page numbers from the second page,
//! the signer from the plan), with "Kiểm tra" and "Dữ liệu" kept for the screen and for audit.
//! See "Bản in" in docs/consolidation.md. Totals are Excel formulas with their computed values stored, so the workbook
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
use crate::plan::{Indicator, Kind, Plan};
use crate::workbook::{FONT, measure};

mod compare;

/// The sheets of the consolidated workbook, in workbook order: the registry every writer,
/// cross-sheet formula and test names a sheet through, never by position. Adding a sheet is a
/// variant here, its row in [`Sheet::ALL`], its name, its writing mode and its writer in
/// [`Sheet::write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Summary,
    Submissions,
    Tasks,
    Totals,
    ByUnit,
    Results,
    Recommendations,
    Models,
    Checks,
    Data,
    Charts,
}

impl Sheet {
    /// Every sheet, in workbook order.
    pub const ALL: [Sheet; 11] = [
        Sheet::Summary,
        Sheet::Submissions,
        Sheet::Tasks,
        Sheet::Totals,
        Sheet::ByUnit,
        Sheet::Results,
        Sheet::Recommendations,
        Sheet::Models,
        Sheet::Checks,
        Sheet::Data,
        Sheet::Charts,
    ];

    /// The sheet's name. "Tình hình nộp" without a "Thông tin" sheet is how the reader
    /// recognises baocao's own output ([`crate::contract::SHEET_CONSOLIDATED`]).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Sheet::Summary => crate::contract::OUT_SUMMARY,
            Sheet::Submissions => crate::contract::SHEET_CONSOLIDATED,
            Sheet::Tasks => crate::contract::OUT_TASKS,
            Sheet::Totals => crate::contract::OUT_TOTALS,
            Sheet::ByUnit => crate::contract::OUT_BY_UNIT,
            Sheet::Results => "Kết quả",
            Sheet::Recommendations => crate::contract::OUT_RECOMMENDATIONS,
            Sheet::Models => crate::contract::OUT_MODELS,
            Sheet::Checks => crate::contract::OUT_CHECKS,
            Sheet::Data => crate::contract::OUT_DATA,
            Sheet::Charts => "Biểu đồ",
        }
    }

    /// Written row by row in constant-memory mode: the sheets whose size grows with the units
    /// and are never written out of row order.
    fn constant_memory(self) -> bool {
        matches!(
            self,
            Sheet::Submissions
                | Sheet::Tasks
                | Sheet::Results
                | Sheet::Recommendations
                | Sheet::Models
                | Sheet::Checks
                | Sheet::Data
        )
    }

    /// Which of the two writing threads fills it: the two big per-unit sheets ("Kết quả" and
    /// "Dữ liệu") on different ones.
    fn thread(self) -> usize {
        match self {
            Sheet::Results | Sheet::Submissions | Sheet::Tasks | Sheet::Recommendations | Sheet::Models => 0,
            _ => 1,
        }
    }

    /// Fills the sheet.
    fn write(
        self,
        ws: &mut Worksheet,
        plan: &Plan,
        c: &Consolidation,
        f: &Formats,
        layout: &Layout,
    ) -> anyhow::Result<()> {
        match self {
            Sheet::Summary => summary(ws, plan, c, f, layout),
            Sheet::Submissions => submissions(ws, plan, c, f),
            Sheet::Tasks => tasks(ws, plan, c, f),
            Sheet::Totals => indicator_totals(ws, plan, c, f, layout),
            Sheet::ByUnit => by_unit(ws, plan, c, f, layout),
            Sheet::Results => results(ws, plan, c, f),
            Sheet::Recommendations => recommendations(ws, plan, c, f),
            Sheet::Models => models(ws, plan, c, f),
            Sheet::Checks => checks(ws, c, f),
            Sheet::Data => data(ws, plan, c, f),
            Sheet::Charts => charts(ws, plan, c, f, layout),
        }
    }
}

/// Sheet names, in workbook order (the names of [`Sheet::ALL`]).
pub const SHEETS: [&str; 11] = {
    let mut names = [""; 11];
    let mut i = 0;
    while i < Sheet::ALL.len() {
        names[i] = Sheet::ALL[i].name();
        i += 1;
    }
    names
};

/// The custom document property marking the workbook as baocao's own output.
pub const MARKER: (&str, &str) = crate::contract::PROP_MARKER;

/// Lines of text one row holds at most: Excel's tallest row is 409 points, 26 lines of
/// Times New Roman 13; two spare.
const ROW_LINES: usize = 24;

/// Excel's limit on the text of one cell.
const CELL_LIMIT: usize = 32_767;

/// First data row (0-based) of every table sheet: title in row 1, a note in row 2, the header
/// in row 3.
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;

/// Vietnamese is the language of the document; terminal output follows `--lang` elsewhere.
const VI: Lang = Lang::Vi;

/// The formats of baocao's print-ready workbooks (the cycle's and, through it, the term's
/// summary): Times New Roman 13, thin borders, Vietnamese number formats.
pub(super) struct Formats {
    pub(super) text: Format,
    pub(super) wrap: Format,
    pub(super) center: Format,
    pub(super) header: Format,
    title: Format,
    note: Format,
    pub(super) bold: Format,
    bold_center: Format,
    italic_center: Format,
    pub(super) count: Format,
    pub(super) amount: Format,
    pub(super) rate: Format,
    yes_no: Format,
    date: Format,
    group_row: Format,
    pub(super) group_heading: Format,
    total_row: Format,
    total_count: Format,
    /// An appendix heading: centred, wrapped, no border.
    heading: Format,
    /// A note that wraps over its merged row.
    pub(super) note_wrap: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
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
            heading: base.clone().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter).set_text_wrap(),
            note_wrap: base.set_italic().set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// Every format, in a fixed order: registered with the workbook before the sheets are
    /// written in parallel, so that each format's index in the file does not depend on which
    /// thread used it first and reruns stay byte-identical.
    fn all(&self) -> [&Format; 20] {
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
            &self.heading,
            &self.note_wrap,
        ]
    }

    /// Totals: a yes/no total is a number of units, not a yes/no.
    /// A total of `kind`: a yes/no total is a number of units.
    pub(super) fn total(&self, kind: &Kind) -> &Format {
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
    /// Saves the workbook to `path` atomically. It is streamed through an unnamed temporary
    /// file (to add the first-page flag) into the target's temporary file, never assembled in
    /// memory.
    ///
    /// # Errors
    /// See [`crate::workbook::save_atomically_with`].
    pub fn save(mut self, path: &std::path::Path) -> Result<(), super::SaveError> {
        super::save_atomically_with(path, |file| {
            // Written first to an unnamed temporary file, then copied into the target with the
            // first-page flag added (see `number_from_second_page`).
            let mut raw = std::io::BufWriter::with_capacity(1 << 20, tempfile::tempfile()?);
            self.0.save_to_writer(&mut raw).map_err(|e| match e {
                XlsxError::IoError(e) => e,
                other => std::io::Error::other(other.to_string()),
            })?;
            let mut raw = raw.into_inner().map_err(std::io::IntoInnerError::into_error)?;
            std::io::Seek::rewind(&mut raw)?;
            let out = std::io::BufWriter::with_capacity(1 << 20, file);
            let mut out = super::number_from_second_page(std::io::BufReader::new(raw), out)?;
            std::io::Write::flush(&mut out)
        })
    }

    /// The workbook as bytes (tests, and callers that do not write a file).
    ///
    /// # Errors
    /// Only when `rust_xlsxwriter` rejects something.
    pub fn to_bytes(mut self) -> anyhow::Result<Vec<u8>> {
        let raw = self.0.save_to_buffer()?;
        let out = super::number_from_second_page(std::io::Cursor::new(raw), std::io::Cursor::new(Vec::new()))?;
        Ok(out.into_inner())
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
    // Times New Roman 13 as the workbook's own default (Normal style): it is also the font
    // Excel measures column widths in, 9 pixels a digit, 23-pixel rows.
    wb.set_default_format(&Format::new().set_font_name(FONT).set_font_size(13), 23, 80)?;
    let as_of = excel_date(c.as_of)?;
    let props = DocProperties::new()
        .set_title(format!("Tổng hợp báo cáo công tác dân vận chính quyền {}", period_phrase(plan, c)))
        .set_author(plan.consolidator.as_str())
        .set_company(plan.issuer.as_str())
        .set_creation_datetime(&as_of)
        .set_custom_property(MARKER.0, MARKER.1)
        // The cycle, for `history` to read back (`--so-sanh`, `tong-ket`); never printed.
        .set_custom_property(crate::contract::PROP_PLAN, plan.id.as_str())
        .set_custom_property(crate::contract::PROP_PLAN_NAME, plan.title.as_str())
        .set_custom_property(crate::contract::PROP_PERIOD, c.period.as_str())
        .set_custom_property(crate::contract::PROP_YEAR, c.year)
        .set_custom_property(crate::contract::PROP_VERSION, env!("CARGO_PKG_VERSION"));
    wb.set_properties(&props);
    let f = Formats::new();
    let layout = Layout::new(plan, c);

    for sheet in Sheet::ALL {
        if sheet.constant_memory() {
            wb.add_worksheet_with_constant_memory()?;
        } else {
            wb.add_worksheet();
        }
    }
    for format in f.all() {
        wb.register_format(format);
    }
    // Each sheet is its own object, so the sheets are written on two threads (`Sheet::thread`).
    // Within a thread the order is the registry's, except "Kết quả" and "Dữ liệu", the big
    // per-unit sheets, which start their threads; the reading threads are idle by now.
    let mut threads: [Vec<(Sheet, &mut Worksheet)>; 2] = [Vec::new(), Vec::new()];
    for (sheet, ws) in Sheet::ALL.into_iter().zip(wb.worksheets_mut().iter_mut()) {
        threads[sheet.thread()].push((sheet, ws));
    }
    for list in &mut threads {
        list.sort_by_key(|(sheet, _)| !matches!(sheet, Sheet::Results | Sheet::Data));
    }
    let [first, second] = threads;
    let write_all = |list: Vec<(Sheet, &mut Worksheet)>| -> anyhow::Result<()> {
        for (sheet, ws) in list {
            sheet.write(ws, plan, c, &f, &layout)?;
        }
        Ok(())
    };
    let (first, second) = rayon::join(|| write_all(first), || write_all(second));
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
/// "Chỉ tiêu": the province total's column; one column per group follows it, then the units
/// reported and expected.
const TOTALS_FIRST_COL: u16 = 5;
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
    ws.set_name(Sheet::Summary.name())?;
    page(ws, false, true);
    ws.set_print_gridlines(false);
    // Portrait A4 leaves about 89 character widths between the margins.
    let measures =
        plan.indicators.iter().filter(|i| i.main).map(|i| measure::column_units(total_measure(i), 13.0, false));
    let unit_col = measures.fold(longest_word_units("Đơn vị tính", true), f64::max);
    // Toàn tỉnh, one column per group of the cycle, reported and expected: 9 wide each.
    let mut widths = vec![5.0, 30.0, unit_col.max(9.0)];
    widths.extend(std::iter::repeat_n(9.0, 3 + c.groups.len().max(2)));
    let last_col = (widths.len() - 1) as u16;
    for (col, width) in widths.iter().copied().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    let mut fit = Fit::new(&widths);
    let page_width: f64 = widths.iter().sum();
    let row = summary_heading(ws, plan, c, f, page_width)?;
    let row = summary_submissions(ws, plan, c, f, layout, &mut fit, row)?;
    let row = summary_main_indicators(ws, plan, c, f, layout, &mut fit, row)?;
    let mut row = compare::summary(ws, plan, c, f, layout, &mut fit, row)?;
    let remark = "Chi tiết từng đơn vị, nhiệm vụ và chỉ tiêu tại các phụ lục kèm theo; tỷ lệ (%) = tổng tử số / tổng mẫu số × 100 của các đơn vị báo cáo đủ cả hai số liệu.";
    ws.merge_range(row, 0, row, last_col, remark, &f.note.clone().set_text_wrap())?;
    ws.set_row_height(row, measure::row_points(measure::wrapped_lines(remark, page_width, 13.0, false)))?;
    row += 2;
    signature(ws, plan, row, f)?;
    fit.apply(ws)?;
    Ok(())
}

/// The top of "Tổng hợp" (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuing bodies and national
/// header, document number and date line, title and basis, recipients, and the deadline note.
/// Returns the first row after it.
fn summary_heading(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidation,
    f: &Formats,
    page_width: f64,
) -> anyhow::Result<u32> {
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
    if let Some(number) = document_number(plan) {
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
    ws.set_row_height(6, measure::row_points(measure::wrapped_lines(&title, page_width, 13.0, true)))?;
    let basis = format!("(theo Kế hoạch số {} ngày {} của {})", plan.id, crate::dates::dmy(plan.issued), plan.issuer);
    ws.merge_range(7, 0, 7, 7, &basis, &f.italic_center.clone().set_text_wrap())?;
    ws.set_row_height(7, measure::row_points(measure::wrapped_lines(&basis, page_width, 13.0, false)))?;

    let mut row = 9;
    ws.write_string_with_format(row, 1, "Kính gửi:", &f.bold.clone().set_align(FormatAlign::Right))?;
    let recipients = plan.recipients_at(&c.period, c.year);
    for (i, r) in recipients.iter().enumerate() {
        let end = if i + 1 == recipients.len() { "." } else { ";" };
        ws.write_string_with_format(
            row,
            2,
            format!("- {r}{end}"),
            &Format::new().set_font_name(FONT).set_font_size(13),
        )?;
        row += 1;
    }
    row += 1;
    let deadline = c.last_day.map_or_else(String::new, crate::dates::dmy);
    let deadline_text = plan.period(&c.period).map_or_else(String::new, |p| p.deadline_text.clone());
    let note = format!(
        "Hạn cuối nộp báo cáo: ngày {deadline} ({deadline_text}). Số liệu tính đến ngày {}.",
        crate::dates::dmy(c.as_of)
    );
    ws.merge_range(row, 0, row, 7, &note, &f.note.clone().set_text_wrap())?;
    ws.set_row_height(row, measure::row_points(measure::wrapped_lines(&note, page_width, 13.0, false)))?;
    Ok(row + 2)
}

/// Part I of "Tổng hợp": submissions by group, as formulas over "Tình hình nộp", from `row`.
/// Returns the first row after it.
fn summary_submissions(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidation,
    f: &Formats,
    layout: &Layout,
    fit: &mut Fit,
    mut row: u32,
) -> anyhow::Result<u32> {
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
    let sub = Sheet::Submissions.name();
    let group_range = layout.range(sub, SUB_GROUP_COL);
    let status_range = layout.range(sub, SUB_STATUS_COL);
    let first_group_row = row;
    for (i, g) in c.groups.iter().enumerate() {
        let label = plan.group_label(g, VI);
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, label, &f.text)?;
        let expected = c.units.iter().filter(|u| &u.group == g).count();
        let formula = format!("=COUNTIF({group_range},\"{label}\")");
        ws.write_formula_with_format(row, 2, Formula::new(formula).set_result(expected.to_string()), &f.count)?;
        for (j, s) in statuses.iter().enumerate() {
            let formula = format!("=COUNTIFS({group_range},\"{label}\",{status_range},\"{}\")", s.label(VI));
            let value = c.count_in(g, *s);
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
    row += 1;
    // Reports received from units that do not report this period (ended, not yet started,
    // group switched off): never counted, and named here, in the document that is signed, not
    // only on the screen-only "Kiểm tra".
    let absent = absent_units(c);
    if !absent.is_empty() {
        let text = format!(
            "Ngoài ra đã nhận {} báo cáo của đơn vị không phải báo cáo kỳ này, không tổng hợp: {}.",
            absent.len(),
            absent.join("; ")
        );
        let width: f64 = fit.width();
        ws.merge_range(row, 0, row, 7, &text, &f.note.clone().set_text_wrap())?;
        ws.set_row_height(row, measure::row_points(measure::wrapped_lines(&text, width, 13.0, false)))?;
        row += 1;
    }
    Ok(row + 1)
}

/// The reports of units that do not report in the cycle, each as "Huyện Tháp Mười (HTM): báo
/// cáo đến kỳ 6 tháng 2025", from the finding that set them aside; every unit with its code.
fn absent_units(c: &Consolidation) -> Vec<String> {
    use crate::findings::Kind as F;
    c.files
        .iter()
        .filter_map(|file| {
            let named = |unit: &str| match &file.unit {
                Some(code) => format!("{unit} ({code})"),
                None => unit.to_string(),
            };
            file.findings.iter().find_map(|finding| match finding.kind.as_ref() {
                F::UnitEnded { unit, last, .. } => Some(format!("{}: báo cáo đến kỳ {last}", named(unit))),
                F::UnitNotExpected { unit, first, .. } => Some(format!("{}: báo cáo từ kỳ {first}", named(unit))),
                F::UnitGroupNotReporting { unit, group, .. } => {
                    Some(format!("{}: nhóm \u{201c}{group}\u{201d} không báo cáo kỳ này", named(unit)))
                }
                _ => None,
            })
        })
        .collect()
}

/// Part II of "Tổng hợp": the plan's main indicators, as references to "Chỉ tiêu", from `row`.
/// Returns the first row after it.
fn summary_main_indicators(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidation,
    f: &Formats,
    layout: &Layout,
    fit: &mut Fit,
    mut row: u32,
) -> anyhow::Result<u32> {
    // STT, name, measure, Toàn tỉnh, one column per group, reported, expected.
    let groups = c.groups.len() as u16;
    let (reported_col, expected_col) = (4 + groups, 5 + groups);
    ws.merge_range(row, 0, row, expected_col, "II. MỘT SỐ CHỈ TIÊU CHÍNH", &f.bold)?;
    row += 1;
    let mut headers = vec!["STT", "Chỉ tiêu", "Đơn vị tính", "Toàn tỉnh"];
    headers.extend(c.groups.iter().map(|g| plan.group_label(g, VI)));
    headers.extend(["Đơn vị đã báo cáo", "Đơn vị phải báo cáo"]);
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
            ws.merge_range(row, 3, row, expected_col, NOT_DUE, &f.center)?;
            row += 1;
            continue;
        }
        // The same cells of "Chỉ tiêu": province total in its column 5, the groups after it.
        let mut values = vec![(total.total.value, TOTALS_FIRST_COL)];
        values.extend(
            c.groups.iter().enumerate().map(|(k, g)| (group_total(total, g).value, TOTALS_FIRST_COL + 1 + k as u16)),
        );
        for (i, (value, src_col)) in values.into_iter().enumerate() {
            let formula = format!("='{}'!{}", Sheet::Totals.name(), row_col_to_cell(src_row, src_col));
            ws.write_formula_with_format(
                row,
                3 + i as u16,
                Formula::new(formula).set_result(result(value)),
                f.total(&ind.kind),
            )?;
        }
        let formula =
            format!("='{}'!{}", Sheet::Totals.name(), row_col_to_cell(src_row, TOTALS_FIRST_COL + 1 + groups));
        ws.write_formula_with_format(
            row,
            reported_col,
            Formula::new(formula).set_result(total.total.reported_units.to_string()),
            &f.count,
        )?;
        ws.write_number_with_format(row, expected_col, total.expected_units as f64, &f.count)?;
        row += 1;
    }
    Ok(row + 1)
}

/// The foot of the document (Nghị định 30/2020/NĐ-CP, Phụ lục I): "Nơi nhận" on the left; on
/// the right the signing authority and title (`[ky_ten]`), room to sign, and the name (blank
/// lines to write it by hand when the plan leaves it empty). Without `[ky_ten]`, the office
/// name alone.
fn signature(ws: &mut Worksheet, plan: &Plan, row: u32, f: &Formats) -> Result<(), XlsxError> {
    signature_block(ws, plan, row, (4, 7), &f.bold_center)
}

/// "Số: …/BC-SNV" of a report Sở Nội vụ issues: the number is given by the office's register
/// when the report is issued; its pattern comes from `[ky_ten] so_van_ban`, else from the
/// consolidator's unit code. `None` when neither is known.
pub(super) fn document_number(plan: &Plan) -> Option<String> {
    if plan.signer.number.is_empty() {
        plan.units
            .iter()
            .find(|u| crate::text::fold(&u.name) == crate::text::fold(&plan.consolidator))
            .map(|unit| format!("Số:          /BC-{}", unit.code))
    } else {
        Some(format!("Số: {}", plan.signer.blank_number()))
    }
}

/// "Nơi nhận" in column A from `row`, and the signer's block (authority, title, room for the
/// signature and seal, name) merged over the columns `sign` (Nghị định 30/2020, Phụ lục I).
pub(super) fn signature_block(
    ws: &mut Worksheet,
    plan: &Plan,
    row: u32,
    sign: (u16, u16),
    bold_center: &Format,
) -> Result<(), XlsxError> {
    let italic = Format::new().set_font_name(FONT).set_font_size(12).set_bold().set_italic();
    ws.write_string_with_format(row, 0, "Nơi nhận:", &italic)?;
    let small = Format::new().set_font_name(FONT).set_font_size(11);
    for (i, r) in ["- Như trên;", "- Lưu: VT."].iter().enumerate() {
        ws.write_string_with_format(row + 1 + i as u32, 0, *r, &small)?;
    }
    let s = &plan.signer;
    let mut lines: Vec<String> = Vec::new();
    if s.title.is_empty() {
        lines.push(plan.consolidator.to_uppercase());
    } else {
        if !s.authority.is_empty() {
            lines.push(s.authority.clone());
        }
        lines.push(s.title.clone());
    }
    let mut r = row;
    for line in &lines {
        ws.merge_range(r, sign.0, r, sign.1, line, bold_center)?;
        r += 1;
    }
    // Room for the signature and seal: four lines.
    r += 4;
    let name = if s.name.is_empty() && !s.title.is_empty() {
        "…………………………………".to_string()
    } else {
        s.name.clone()
    };
    if !name.is_empty() {
        ws.merge_range(r, sign.0, r, sign.1, &name, bold_center)?;
    }
    Ok(())
}

/// 2. "Tình hình nộp": one row per expected unit.
fn submissions(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(Sheet::Submissions.name())?;
    let title = format!("TÌNH HÌNH NỘP BÁO CÁO {}", period_phrase(plan, c).to_uppercase());
    let note = format!(
        "Hạn cuối: {}; tính đến ngày {}. Ngày nộp là ngày nhận ở sổ văn bản đến nếu có, nếu không là \"Ngày báo cáo\".",
        c.last_day.map_or_else(String::new, crate::dates::dmy),
        crate::dates::dmy(c.as_of)
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
        ("Các tệp đã nhận và diễn giải", 48.0),
        ("Tệp báo cáo", 24.0),
    ];
    // The file paths (last column) are for the screen: the printed appendix stops before them;
    // each unit's story (which files came, what happened to them) prints, by file name.
    let heading = Heading::appendix(plan, c, "I", title).printing(headers.len() - 1);
    let mut fit = table_sheet(ws, &heading, &note, &headers, f, true)?;
    fit.widen(ws, 1, c.units.iter().map(|u| u.code.as_str()))?;
    fit.widen(ws, 4, c.units.iter().filter_map(|u| u.doc_number.as_deref()))?;
    fit.widen(ws, 9, UnitStatus::ALL.iter().map(|s| s.label(VI)).collect::<Vec<_>>().iter().map(String::as_str))?;
    let paths: Vec<String> = c.units.iter().filter_map(|u| u.file.as_ref()).map(|p| p.display().to_string()).collect();
    fit.widen(ws, 12, paths.iter().map(String::as_str))?;
    let mut row = FIRST_ROW;
    for (i, u) in c.units.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, &u.code, &f.text)?;
        fit.text(ws, row, 2, name_with_succession(plan, u), &f.wrap)?;
        fit.text(ws, row, 3, plan.group_label(&u.group, VI), &f.wrap)?;
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
        // The unit's whole story: what decided, a latest file with errors, a conflicting
        // resend, every other file's fate, files for another period (consolidation::unit_story).
        fit.text(ws, row, 11, crate::consolidation::unit_story(u, VI), &f.wrap)?;
        fit.text(ws, row, 12, u.file.as_ref().map(|p| p.display().to_string()).unwrap_or_default(), &f.wrap)?;
        fit.end_row(ws, row)?;
        row += 1;
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    let legend = "Số ngày trễ: với đơn vị trễ hạn là số ngày nộp sau hạn cuối; với đơn vị chưa nộp là số ngày đã quá hạn tính đến ngày tổng hợp.";
    ws.write_string_with_format(row + 1, 0, legend, &f.note)?;
    Ok(())
}

/// Sheet 3, "Nhiệm vụ": status counts per task, then the unit × task matrix below it, on pages
/// of its own. A sheet repeats one set of header rows on every page, and the two tables have
/// different columns; so neither uses the repeated header: the counts fit one page, and the
/// matrix is paginated here, its header row written again at the top of each page (row
/// heights are measured, and the print scale is fixed so that a page holds a known height).
fn tasks(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(Sheet::Tasks.name())?;
    page(ws, true, false);
    let title = format!("TÌNH TRẠNG THỰC HIỆN NHIỆM VỤ {}", period_phrase(plan, c).to_uppercase());
    let counted = c.units.iter().filter(|u| u.report.is_some()).count();
    let note = format!("Số đơn vị theo từng tình trạng, trên {counted} báo cáo được tổng hợp.");
    let mut headers: Vec<String> = vec!["STT".into(), "Mã".into(), "Nhiệm vụ".into(), "Kỳ này".into()];
    headers.extend(plan.statuses.iter().map(|s| s.label.clone()));
    headers.push("Không ghi".into());
    let matrix_headers: Vec<String> = ["STT", "Mã đơn vị", "Tên đơn vị"]
        .into_iter()
        .map(String::from)
        .chain(c.tasks.iter().map(|t| if t.due { t.code.clone() } else { format!("{} (chưa đến hạn)", t.code) }))
        .collect();
    let columns = headers.len().max(matrix_headers.len());
    // Widths: what the longest word of either header needs, and what the values need.
    let mut widths: Vec<f64> = (0..columns).map(|i| [5.0, 7.0, 40.0].get(i).copied().unwrap_or(10.0)).collect();
    for (i, h) in headers.iter().enumerate().chain(matrix_headers.iter().enumerate()) {
        widths[i] = widths[i].max(longest_word_units(h, true));
    }
    for u in c.units.iter().filter(|u| u.report.is_some()) {
        widths[1] = widths[1].max(measure::column_units(&u.code, 13.0, false));
    }
    widths[3] = widths[3].max(measure::column_units("Chưa đến hạn", 13.0, false));
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let heading = Heading::appendix(plan, c, "II", title);
    heading.write(ws, f, &widths[..headers.len()], &note)?;

    // A fixed scale that fits the widest table to the page width, and the height a page holds
    // at that scale (A4 landscape less the margins, in the sheet's points).
    let table_points: f64 = widths.iter().map(|w| (w * measure::DIGIT_PX + 7.0) * 0.75).sum();
    let scale = (PRINT_WIDTH_LANDSCAPE / table_points * 100.0).floor().clamp(10.0, 100.0);
    ws.set_print_scale(scale as u16);
    let page_height = PRINT_HEIGHT_LANDSCAPE * 100.0 / scale * 0.96;

    let mut fit = Fit::new(&widths);
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
    ws.set_freeze_panes(FIRST_ROW, 0)?;

    // The matrix: which status each counted unit gave each task, from a new page.
    row += 1;
    let mut breaks = vec![row];
    ws.merge_range(row, 0, row, (matrix_headers.len() - 1) as u16, "TÌNH TRẠNG TỪNG NHIỆM VỤ THEO ĐƠN VỊ", &f.heading)?;
    ws.set_row_height(row, measure::row_points(1))?;
    let mut used = measure::row_points(1);
    row += 1;
    let header_lines = matrix_headers
        .iter()
        .enumerate()
        .map(|(j, h)| measure::wrapped_lines(h, widths[j], 13.0, true))
        .max()
        .unwrap_or(1);
    let write_header = |ws: &mut Worksheet, row: u32| -> Result<(), XlsxError> {
        for (j, h) in matrix_headers.iter().enumerate() {
            ws.write_string_with_format(row, j as u16, h, &f.header)?;
        }
        ws.set_row_height(row, measure::row_points(header_lines)).map(|_| ())
    };
    let matrix_header = row;
    write_header(ws, row)?;
    used += measure::row_points(header_lines);
    row += 1;
    let mut n = 0;
    for u in &c.units {
        let Some(report) = &u.report else { continue };
        let labels: Vec<String> =
            c.tasks.iter().map(|t| report.task(&t.code).and_then(|e| e.status.clone()).unwrap_or_default()).collect();
        let lines = labels
            .iter()
            .enumerate()
            .map(|(j, l)| measure::wrapped_lines(l, widths[3 + j], 13.0, false))
            .chain([measure::wrapped_lines(&u.name, widths[2], 13.0, false)])
            .max()
            .unwrap_or(1);
        let height = measure::row_points(lines);
        if used + height > page_height {
            breaks.push(row);
            write_header(ws, row)?;
            used = measure::row_points(header_lines);
            row += 1;
        }
        n += 1;
        ws.write_number_with_format(row, 0, f64::from(n), &f.center)?;
        ws.write_string_with_format(row, 1, &u.code, &f.text)?;
        ws.write_string_with_format(row, 2, &u.name, &f.wrap)?;
        for (j, label) in labels.iter().enumerate() {
            ws.write_string_with_format(row, 3 + j as u16, label, &f.wrap)?;
        }
        ws.set_row_height(row, height)?;
        used += height;
        row += 1;
    }
    fit.apply(ws)?;
    ws.set_page_breaks(&breaks)?;
    ws.set_print_area(0, 0, row.max(FIRST_ROW), (columns - 1) as u16)?;
    let last_col = 2 + c.tasks.len() as u16;
    ws.autofilter(matrix_header, 0, row.saturating_sub(1).max(matrix_header), last_col)?;
    Ok(())
}

/// Room for a table on an A4 landscape page within the margins of [`page`], in points:
/// 297 − 30 − 15 mm wide, 210 − 20 − 20 mm high.
const PRINT_WIDTH_LANDSCAPE: f64 = (297.0 - 45.0) / 25.4 * 72.0;
const PRINT_HEIGHT_LANDSCAPE: f64 = (210.0 - 40.0) / 25.4 * 72.0;

/// 4. "Chỉ tiêu": per indicator, province total and group subtotals as formulas.
fn indicator_totals(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidation,
    f: &Formats,
    layout: &Layout,
) -> anyhow::Result<()> {
    ws.set_name(Sheet::Totals.name())?;
    let title = format!("TỔNG HỢP CHỈ TIÊU {}", period_phrase(plan, c).to_uppercase());
    let note = "Tỷ lệ (%) = tổng tử số / tổng mẫu số × 100 của các đơn vị báo cáo đủ cả hai số liệu, không cộng hay lấy trung bình tỷ lệ; trống khi mẫu số bằng 0 hoặc chưa có số liệu.";
    let mut headers = vec![
        ("STT", 6.0),
        ("Mã", 19.0),
        ("Chỉ tiêu", 40.0),
        ("Đơn vị tính", 12.0),
        ("Cách tính", 26.0),
        ("Toàn tỉnh", 14.0),
    ];
    headers.extend(c.groups.iter().map(|g| (plan.group_label(g, VI), 14.0)));
    headers.extend([("Đơn vị đã báo cáo", 12.0), ("Đơn vị phải báo cáo", 12.0)]);
    let groups = c.groups.len() as u16;
    let (reported_col, expected_col) = (TOTALS_FIRST_COL + 1 + groups, TOTALS_FIRST_COL + 2 + groups);
    let mut fit = table_sheet(ws, &Heading::appendix(plan, c, "III", title), note, &headers, f, true)?;
    let src = Sheet::ByUnit.name();
    let group_range = layout.range(src, BY_UNIT_GROUP_COL);
    let mut row = FIRST_ROW;
    for (i, ind) in plan.indicators.iter().enumerate() {
        let Some(t) = c.indicator(&ind.code) else { continue };
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        fit.line(ws, row, 1, &ind.code, &f.text)?;
        fit.text(ws, row, 2, &ind.name, &f.wrap)?;
        fit.line(ws, row, 3, total_measure(ind), &f.center)?;
        let due = plan.task(&ind.task).is_none_or(|t| t.is_due_in(&c.period));
        let how = if due {
            how(plan, ind)
        } else {
            format!("{}; nhiệm vụ {} chưa đến hạn kỳ này", how(plan, ind), ind.task)
        };
        fit.text(ws, row, 4, how, &f.wrap)?;
        if !t.due {
            // Not due this period: no totals, never "29 of 0 units reported".
            ws.merge_range(row, TOTALS_FIRST_COL, row, expected_col, NOT_DUE, &f.center)?;
            row += 1;
            continue;
        }
        let columns = std::iter::once(None).chain(c.groups.iter().map(Some));
        for (j, g) in columns.enumerate() {
            let total = g.map_or(t.total, |g| group_total(t, g));
            let criteria = g.map(|g| format!("{group_range},\"{}\"", plan.group_label(g, VI)));
            let formula = total_formula(ind, layout, src, criteria.as_deref());
            ws.write_formula_with_format(
                row,
                TOTALS_FIRST_COL + j as u16,
                Formula::new(formula).set_result(result(total.value)),
                f.total(&ind.kind),
            )?;
        }
        let reported = reported_formula(ind, layout, src);
        ws.write_formula_with_format(
            row,
            reported_col,
            Formula::new(reported).set_result(t.total.reported_units.to_string()),
            &f.count,
        )?;
        ws.write_number_with_format(row, expected_col, t.expected_units as f64, &f.count)?;
        row += 1;
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    compare::totals(ws, plan, c, f)?;
    Ok(())
}

/// 5. "Chỉ tiêu theo đơn vị": units × indicators; rates per unit as formulas of its parts.
fn by_unit(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats, layout: &Layout) -> anyhow::Result<()> {
    ws.set_name(Sheet::ByUnit.name())?;
    let title = format!("CHỈ TIÊU THEO ĐƠN VỊ {}", period_phrase(plan, c).to_uppercase());
    let note = "Chỉ có số liệu của báo cáo được tổng hợp. Ô trống: đơn vị chưa báo cáo chỉ tiêu (khác với 0).";
    let mut headers: Vec<(String, f64)> = vec![
        ("STT".into(), 6.0),
        ("Mã".into(), 11.0),
        ("Tên đơn vị".into(), 26.0),
        ("Nhóm".into(), 14.0),
        ("Tình trạng".into(), 14.0),
    ];
    headers.extend(plan.indicators.iter().map(|i| (format!("{} ({})", i.name, i.measure), 12.0)));
    let refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    // Too wide for one page: printed across pages, with the unit columns repeated. The heading
    // and note span those repeated columns, so every page across carries them whole (spanning
    // further, the pages after the first would print a cut piece of them).
    let heading = Heading::appendix(plan, c, "IV", title).spanning(3);
    let mut fit = table_sheet(ws, &heading, note, &refs, f, false)?;
    ws.set_landscape();
    ws.set_repeat_columns(0, 2)?;
    // About five landscape pages across at full size, rather than dozens of slivers.
    ws.set_print_fit_to_pages(5, 0);
    ws.set_freeze_panes(FIRST_ROW, 3)?;
    let mut row = FIRST_ROW;
    for (i, u) in c.units.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        fit.line(ws, row, 1, &u.code, &f.text)?;
        fit.text(ws, row, 2, &u.name, &f.wrap)?;
        fit.text(ws, row, 3, plan.group_label(&u.group, VI), &f.wrap)?;
        fit.line(ws, row, 4, u.status.label(VI), &f.text)?;
        for ind in &plan.indicators {
            let Some(col) = layout.col(&ind.code) else { continue };
            unit_value(ws, row, col, ind, u, layout, f)?;
        }
        row += 1;
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    compare::by_unit(ws, plan, c, f, layout, row)?;
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
    ws.set_name(Sheet::Results.name())?;
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
    let mut fit = table_sheet(ws, &Heading::appendix(plan, c, "V", title), note, &headers, f, true)?;
    let group_width: f64 = (1..6).map(|i| fit.widths.get(i).copied().unwrap_or(0.0)).sum();
    let mut row = FIRST_ROW;
    for t in &c.tasks {
        ws.write_string_with_format(row, 0, &t.code, &f.group_row)?;
        let heading = if t.due {
            format!("{}. {}", t.code, t.title)
        } else {
            format!("{}. {} (chưa đến hạn kỳ này)", t.code, t.title)
        };
        ws.merge_range(row, 1, row, 5, &heading, &f.group_heading)?;
        ws.set_row_height(row, measure::row_points(measure::wrapped_lines(&heading, group_width, 13.0, true)))?;
        fit.end_row(ws, row)?;
        row += 1;
        for u in &c.units {
            let Some(entry) = u.report.as_ref().and_then(|r| r.task(&t.code)) else { continue };
            // A text longer than the tallest row goes on in the rows below, never cut off.
            let rows_of = |text: &'_ str, col: usize| -> Vec<String> {
                let width = fit.widths.get(col).copied().unwrap_or(10.0);
                split_for_cells(text)
                    .into_iter()
                    .flat_map(|p| measure::split_at_lines(p, width, 13.0, ROW_LINES))
                    .map(str::to_string)
                    .collect()
            };
            let result_parts = rows_of(&entry.result, 4);
            let limit_parts = rows_of(&entry.limits, 5);
            for k in 0..result_parts.len().max(limit_parts.len()) {
                ws.write_string_with_format(row, 0, &t.code, &f.text)?;
                ws.write_string_with_format(row, 1, &u.code, &f.text)?;
                fit.text(ws, row, 2, &u.name, &f.wrap)?;
                ws.write_string_with_format(row, 3, entry.status.as_deref().unwrap_or(""), &f.text)?;
                fit.text(ws, row, 4, result_parts.get(k).map_or("", String::as_str), &f.wrap)?;
                fit.text(ws, row, 5, limit_parts.get(k).map_or("", String::as_str), &f.wrap)?;
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
const NOT_DUE: &str = crate::contract::OUT_NOT_DUE;

/// 7. "Kiến nghị".
fn recommendations(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(Sheet::Recommendations.name())?;
    let headers = [("Nội dung kiến nghị, đề xuất", 80.0), ("Cơ quan tiếp nhận", 28.0)];
    let heading = Heading::appendix(plan, c, "VI", "KIẾN NGHỊ, ĐỀ XUẤT CỦA CÁC ĐƠN VỊ");
    unit_list_sheet(ws, c, f, &heading, 28.0, &headers, |r| {
        r.recommendations.iter().map(|x| vec![x.text.as_str(), x.addressee.as_str()]).collect()
    })
}

/// 8. "Mô hình": "Dân vận khéo" models.
fn models(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(Sheet::Models.name())?;
    let headers = [("Tên mô hình", 40.0), ("Lĩnh vực", 20.0), ("Kết quả, hiệu quả", 60.0)];
    let heading = Heading::appendix(plan, c, "VII", "MÔ HÌNH, ĐIỂN HÌNH \u{201c}DÂN VẬN KHÉO\u{201d}");
    unit_list_sheet(ws, c, f, &heading, 26.0, &headers, |r| {
        r.models.iter().map(|m| vec![m.name.as_str(), m.field.as_str(), m.result.as_str()]).collect()
    })
}

/// A sheet of free-text rows that units send in lists (recommendations, models): STT, unit
/// code and name, then `columns` taken from each unit's report by `rows`, in unit order.
fn unit_list_sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    f: &Formats,
    heading: &Heading,
    unit_width: f64,
    columns: &[(&str, f64)],
    rows: impl Fn(&crate::validation::Report) -> Vec<Vec<&str>>,
) -> anyhow::Result<()> {
    let mut headers = vec![("STT", 6.0), ("Mã ĐV", 11.0), ("Đơn vị", unit_width)];
    headers.extend_from_slice(columns);
    let mut fit = table_sheet(ws, heading, "", &headers, f, true)?;
    let mut row = FIRST_ROW;
    let mut n = 0;
    for u in &c.units {
        for cells in u.report.iter().flat_map(&rows) {
            // A text longer than the tallest row goes on in the rows below (numbered once).
            let pieces: Vec<Vec<&str>> = cells
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    let width = fit.widths.get(3 + i).copied().unwrap_or(10.0);
                    measure::split_at_lines(first_cell(text), width, 13.0, ROW_LINES)
                })
                .collect();
            n += 1;
            for k in 0..pieces.iter().map(Vec::len).max().unwrap_or(1) {
                if k == 0 {
                    ws.write_number_with_format(row, 0, f64::from(n), &f.center)?;
                } else {
                    ws.write_blank(row, 0, &f.center)?;
                }
                ws.write_string_with_format(row, 1, &u.code, &f.text)?;
                fit.text(ws, row, 2, &u.name, &f.wrap)?;
                for (i, parts) in pieces.iter().enumerate() {
                    fit.text(ws, row, 3 + i as u16, parts.get(k).copied().unwrap_or(""), &f.wrap)?;
                }
                fit.end_row(ws, row)?;
                row += 1;
            }
        }
    }
    fit.apply(ws)?;
    finish_table(ws, row, headers.len())?;
    Ok(())
}

/// 9. "Kiểm tra": every file read, its role, and every finding.
fn checks(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(Sheet::Checks.name())?;
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
    let mut fit = table_sheet(ws, &Heading::data("KẾT QUẢ KIỂM TRA CÁC TỆP"), note, &headers, f, true)?;
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
            fit.line(ws, row, 2, file.unit.as_deref().unwrap_or(""), &f.text)?;
            fit.text(ws, row, 3, file.role.label(VI), &f.wrap)?;
            fit.text(ws, row, 4, &remark, &f.wrap)?;
            if let Some(finding) = file.findings.get(k) {
                fit.line(ws, row, 5, finding.severity.label(VI), &f.text)?;
                fit.line(ws, row, 6, finding.code(), &f.text)?;
                fit.line(ws, row, 7, finding.place(), &f.text)?;
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
    ws.set_name(Sheet::Data.name())?;
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
    let mut fit = table_sheet(ws, &Heading::data("DỮ LIỆU GỐC"), note, &headers, f, true)?;
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
            ws.write_string_with_format(row, 2, plan.group_label(&u.group, VI), &f.text)?;
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
    ws.set_name(Sheet::Charts.name())?;
    page(ws, true, true);
    // The status table the first chart draws from.
    let widths = [26.0, 13.0, 13.0, 13.0, 13.0, 13.0];
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    Heading::appendix(plan, c, "VIII", "BIỂU ĐỒ").write(ws, f, &widths, "")?;
    ws.write_string_with_format(HEADER_ROW, 0, "Nhóm đơn vị", &f.header)?;
    for (j, s) in UnitStatus::ALL.iter().enumerate() {
        ws.write_string_with_format(HEADER_ROW, 1 + j as u16, s.label(VI), &f.header)?;
    }
    let mut fit = Fit::new(&[26.0]);
    for (i, g) in c.groups.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        fit.text(ws, row, 0, plan.group_label(g, VI), &f.wrap)?;
        for (j, s) in UnitStatus::ALL.iter().enumerate() {
            ws.write_number_with_format(row, 1 + j as u16, c.count_in(g, *s) as f64, &f.count)?;
        }
    }
    fit.apply(ws)?;
    let sheet = Sheet::Charts.name();
    let groups_last = FIRST_ROW + (c.groups.len() as u32).max(1) - 1;
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
    chart.y_axis().set_font(&font).set_name("Số đơn vị").set_num_format("#,##0");
    chart.legend().set_font(&font);
    chart.set_width(720).set_height(360);
    // Below the group rows: three rows down for the plan's two groups, as before.
    ws.insert_chart(FIRST_ROW + (c.groups.len() as u32 + 1).max(3), 0, &chart)?;

    // One bar chart per main numeric indicator (and rate), units as categories.
    let src = Sheet::ByUnit.name();
    let (first, last) = layout.unit_rows;
    // One chart per printed page: each starts after a page break, and the rows from one break
    // to the next fit one page, so no page holds only a sliver of a chart's box. An A4
    // landscape page holds 170 mm between the margins, 27 rows of 23 pixels (17.25 pt); a
    // chart takes 26 rows (598 px) at most.
    let mut anchor = FIRST_ROW + 22;
    let mut breaks = Vec::new();
    let height = (80 + 14 * c.units.len() as u32).min(CHART_ROWS * 23 - 40);
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
        // The value axis of a bar chart is its x axis. A rate runs 0–100 so that bars compare
        // as the numbers do; counts carry thousands separators.
        if matches!(ind.kind, Kind::Rate { .. }) {
            chart.x_axis().set_font(&font).set_min(0).set_max(100).set_num_format("0");
        } else {
            chart.x_axis().set_font(&font).set_min(0).set_num_format("#,##0");
        }
        chart.y_axis().set_font(&small).set_reverse();
        chart.legend().set_hidden();
        chart.set_width(900).set_height(height);
        breaks.push(anchor);
        ws.insert_chart(anchor, 0, &chart)?;
        anchor += CHART_ROWS;
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
        // In words, not codes: the appendix is read by people, the formula is in the cell.
        Kind::Rate { numerator, denominator } => {
            let name = |c: &str| plan.indicator(c).map_or_else(|| c.to_string(), |i| lower_first(&i.name));
            format!("Tổng {} / tổng {} × 100", name(numerator), name(denominator))
        }
    }
}

/// "Số phiếu" → "số phiếu", to follow "Tổng".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
}

/// The unit of a total: a yes/no total counts the units that answered "Có".
fn total_measure(ind: &Indicator) -> &str {
    if ind.kind == Kind::YesNo { "đơn vị \u{201c}Có\u{201d}" } else { &ind.measure }
}

/// "Sở Tài chính (kế thừa Sở Kế hoạch và Đầu tư)": a successor's name with the units it took
/// over, whose own reporting has ended; its status stays its own.
fn name_with_succession(plan: &Plan, u: &crate::consolidation::UnitOutcome) -> String {
    if u.succeeds.is_empty() {
        return u.name.clone();
    }
    let names: Vec<&str> = u.succeeds.iter().map(|c| plan.unit(c).map_or(c.as_str(), |p| p.name.as_str())).collect();
    format!("{} (kế thừa {})", u.name, names.join(", "))
}

fn group_total(t: &crate::consolidation::IndicatorTotal, g: &str) -> Total {
    t.by_group.iter().find(|(x, _)| x == g).map(|(_, t)| *t).unwrap_or_default()
}

// =============================================================================================
// Page setup and helpers
// =============================================================================================

/// A4, Nghị định 30/2020 margins (top/bottom 20 mm, left 30 mm, right 15 mm), fit to the page
/// width; the page number a bare Arabic number centred in the top margin, from the second
/// page on (the first-page flag is added when the file is saved, see
/// [`super::number_from_second_page`]).
pub(super) fn page(ws: &mut Worksheet, landscape: bool, fit_width: bool) {
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
    ws.set_header(PAGE_HEADER);
    // Each sheet counts its own pages, as Excel does by default; said explicitly so that
    // LibreOffice, which numbers on across the sheets, counts the same way.
    ws.set_print_first_page_number(1);
}

/// Rows from one chart's page break to the next on "Biểu đồ" (one landscape page).
const CHART_ROWS: u32 = 26;

/// The page header of every sheet: the page number, centred, Times New Roman 13.
pub const PAGE_HEADER: &str = "&C&\"Times New Roman,Regular\"&13&P";

/// The last row a whole-column print area reaches (Excel's last row).
const LAST_ROW: u32 = 1_048_575;

/// What heads a sheet: an appendix of the document ("Phụ lục I", its title, the "Kèm theo"
/// line, as Nghị định 30/2020 heads the appendices of a report), or a data sheet kept for the
/// screen and for audit (its title only; printing it gives its heading page alone).
struct Heading {
    /// "I", "II"…; empty for a data sheet.
    numeral: &'static str,
    title: String,
    /// "(Kèm theo Báo cáo số …/BC-SNV ngày 20/6/2024 của Sở Nội vụ)".
    attached: String,
    /// Columns printed (the first `n`); the rest stay on screen only.
    printed: Option<usize>,
    /// Columns the heading spans, when not all printed ones (a table printed across pages).
    span: Option<usize>,
}

impl Heading {
    fn appendix(plan: &Plan, c: &Consolidation, numeral: &'static str, title: impl Into<String>) -> Self {
        Heading { numeral, title: title.into(), attached: attached_line(plan, c), printed: None, span: None }
    }

    fn data(title: impl Into<String>) -> Self {
        Heading { numeral: "", title: title.into(), attached: String::new(), printed: None, span: None }
    }

    /// Prints only the first `n` columns.
    fn printing(mut self, n: usize) -> Self {
        self.printed = Some(n);
        self
    }

    /// Spans the heading over the first `n` columns only.
    fn spanning(mut self, n: usize) -> Self {
        self.span = Some(n);
        self
    }

    /// Writes the heading in row 1 (merged over the printed columns `0..=last`) and the note,
    /// if any, in row 2, each row as high as its wrapped text.
    fn write(&self, ws: &mut Worksheet, f: &Formats, widths: &[f64], note: &str) -> Result<(), XlsxError> {
        let last = self.span.or(self.printed).unwrap_or(widths.len()).clamp(1, widths.len().max(1)) - 1;
        let total: f64 = widths.iter().take(last + 1).sum();
        if self.numeral.is_empty() {
            ws.write_string_with_format(0, 0, &self.title, &f.title)?;
        } else {
            let number = format!("Phụ lục {}", self.numeral);
            let lines = 1
                + measure::wrapped_lines(&self.title, total, 13.0, true)
                + measure::wrapped_lines(&self.attached, total, 13.0, false);
            if last > 0 {
                ws.merge_range(0, 0, 0, last as u16, "", &f.heading)?;
            }
            let bold = Format::new().set_font_name(FONT).set_font_size(13).set_bold();
            let italic = Format::new().set_font_name(FONT).set_font_size(13).set_italic();
            let text = [
                (&bold, format!("{number}\n")),
                (&bold, format!("{}\n", self.title)),
                (&italic, self.attached.clone()),
            ];
            let parts: Vec<(&Format, &str)> = text.iter().map(|(fmt, t)| (*fmt, t.as_str())).collect();
            ws.write_rich_string_with_format(0, 0, &parts, &f.heading)?;
            ws.set_row_height(0, measure::row_points(lines))?;
        }
        // What the data part's one printed page says about itself.
        let note = if self.numeral.is_empty() {
            format!("{note} Bảng này dùng để xem, lọc và đối chiếu trên máy, không in kèm báo cáo.")
        } else {
            note.to_string()
        };
        let note = note.trim();
        if !note.is_empty() {
            if last > 0 {
                ws.merge_range(1, 0, 1, last as u16, note, &f.note_wrap)?;
            } else {
                ws.write_string_with_format(1, 0, note, &f.note_wrap)?;
            }
            let lines = measure::wrapped_lines(note, total, 13.0, false);
            if lines > 1 {
                ws.set_row_height(1, measure::row_points(lines))?;
            }
        }
        if self.numeral.is_empty() {
            // The data part prints its heading only: the table is for the screen and for audit.
            ws.set_print_area(0, 0, 1, last as u16)?;
        } else if let Some(n) = self.printed {
            ws.set_print_area(0, 0, LAST_ROW, (n.max(1) - 1) as u16)?;
        }
        Ok(())
    }
}

/// "(Kèm theo Báo cáo số …/BC-SNV ngày 20/6/2024 của Sở Nội vụ)": the line under each
/// appendix title, with the number left blank for the register and the as-of date.
fn attached_line(plan: &Plan, c: &Consolidation) -> String {
    use chrono::Datelike;
    let number = if plan.signer.number.is_empty() { "       ".to_string() } else { plan.signer.blank_number() };
    let d = c.as_of;
    format!("(Kèm theo Báo cáo số {number} ngày {}/{}/{} của {})", d.day(), d.month(), d.year(), plan.consolidator)
}

/// A table sheet: page set up (landscape pages fitted to the page width), heading and note,
/// header row repeated on every printed page and frozen on screen, explicit column widths,
/// each at least as wide as its header's longest word in bold.
fn table_sheet(
    ws: &mut Worksheet,
    heading: &Heading,
    note: &str,
    headers: &[(&str, f64)],
    f: &Formats,
    landscape: bool,
) -> Result<Fit, XlsxError> {
    page(ws, landscape, landscape);
    let widths: Vec<f64> = headers.iter().map(|(h, w)| w.max(longest_word_units(h, true))).collect();
    heading.write(ws, f, &widths, note)?;
    let mut fit = Fit::new(&widths);
    for (i, (h, _)) in headers.iter().enumerate() {
        fit.bold(ws, HEADER_ROW, i as u16, h, &f.header)?;
        ws.set_column_width(i as u16, widths[i])?;
    }
    fit.end_row(ws, HEADER_ROW)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    Ok(fit)
}

/// The width (Excel units) a wrapped text needs so that no word is broken: its longest word.
fn longest_word_units(text: &str, bold: bool) -> f64 {
    text.split([' ', '\n']).map(|w| measure::column_units(w, 13.0, bold)).fold(0.0, f64::max)
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

/// Row heights for wrapped text and widths for text that does not wrap. Neither Excel nor
/// `LibreOffice` grows a row to fit wrapped text written by a program until the cell is edited,
/// so the writer measures the text itself (Times New Roman metrics, [`measure`]).
pub(super) struct Fit {
    widths: Vec<f64>,
    lines: std::collections::BTreeMap<u32, usize>,
    /// Widest unwrapped text per column, in Excel units.
    needed: std::collections::BTreeMap<u16, f64>,
}

impl Fit {
    /// The width of all its columns together, in Excel units.
    pub(super) fn width(&self) -> f64 {
        self.widths.iter().sum()
    }

    pub(super) fn new(widths: &[f64]) -> Self {
        Fit {
            widths: widths.to_vec(),
            lines: std::collections::BTreeMap::new(),
            needed: std::collections::BTreeMap::new(),
        }
    }

    /// Writes wrapped text and remembers how many lines its row needs.
    pub(super) fn text(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.write(ws, (row, col), text.as_ref(), format, false)
    }

    /// Like [`Fit::text`] for bold text.
    pub(super) fn bold(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        self.write(ws, (row, col), text.as_ref(), format, true)
    }

    /// Writes text that does not wrap and widens its column, when the sheet is finished, to
    /// show it whole.
    pub(super) fn line(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<(), XlsxError> {
        let text = &*super::xml_safe(text.as_ref());
        ws.write_string_with_format(row, col, first_cell(text), format)?;
        self.measure_line(col, text);
        Ok(())
    }

    /// Widens column `col` now, before its rows are written, to show the longest of `values`
    /// whole on one line; wrapped text in it is then measured at the new width.
    fn widen<'a>(
        &mut self,
        ws: &mut Worksheet,
        col: u16,
        values: impl Iterator<Item = &'a str>,
    ) -> Result<(), XlsxError> {
        let Some(width) = self.widths.get_mut(col as usize) else { return Ok(()) };
        let need = values.map(|v| measure::column_units(v, 13.0, false)).fold(*width, f64::max);
        *width = (need * 10.0).ceil() / 10.0;
        ws.set_column_width(col, *width)?;
        Ok(())
    }

    /// Remembers the width a value written elsewhere needs in `col`.
    fn measure_line(&mut self, col: u16, text: &str) {
        let need = measure::column_units(text, 13.0, false);
        let e = self.needed.entry(col).or_insert(0.0);
        *e = e.max(need);
    }

    fn write(
        &mut self,
        ws: &mut Worksheet,
        (row, col): (u32, u16),
        text: &str,
        format: &Format,
        bold: bool,
    ) -> Result<(), XlsxError> {
        // Text from unit files may carry control characters (pasted from other software);
        // they have no place in a printed document, and U+FFFE/U+FFFF would make the XML
        // invalid.
        let text = &*super::xml_safe(text);
        ws.write_string_with_format(row, col, text, format)?;
        let width = self.widths.get(col as usize).copied().unwrap_or(10.0);
        let n = measure::wrapped_lines(text, width, 13.0, bold);
        let e = self.lines.entry(row).or_insert(1);
        *e = (*e).max(n);
        Ok(())
    }

    /// Sets the height of `row` if it needs more than one line. In a constant-memory sheet this
    /// must come before the next row is started, when the row is written out.
    pub(super) fn end_row(&mut self, ws: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
        match self.lines.remove(&row) {
            Some(n) if n > 1 => ws.set_row_height(row, measure::row_points(n)).map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Sets the height of every row not yet ended that needs more than one line, and widens
    /// the columns whose unwrapped text is wider than they are.
    pub(super) fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (&row, &n) in &self.lines {
            if n > 1 {
                ws.set_row_height(row, measure::row_points(n))?;
            }
        }
        for (&col, &need) in &self.needed {
            let width = self.widths.get(col as usize).copied().unwrap_or(0.0);
            if need > width {
                ws.set_column_width(col, (need * 10.0).ceil() / 10.0)?;
            }
        }
        Ok(())
    }
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

    // Symptom: a long result printed in one row of at most 409 points, its end cut off.
    #[test]
    fn long_result_goes_on_in_the_rows_below() {
        let plan = crate::plan::parse(crate::plan::BUILTIN, "test").unwrap();
        let mut f = file("SNV", d(6, 3), &[]);
        let long = "Tổ chức hội nghị quán triệt, triển khai kế hoạch đến cán bộ, công chức. ".repeat(120);
        f.report.tasks[0].result.clone_from(&long);
        let c = consolidate(&plan, "6-thang", 2024, d(6, 20), vec![f], &HashMap::<String, NaiveDate>::new());
        let bytes = consolidated_bytes(&plan, &c).unwrap();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let results = wb.worksheet_range("Kết quả").unwrap();
        let parts: Vec<String> = results
            .rows()
            .filter(|r| {
                r.first().is_some_and(|c| *c == Data::String("NV1".into()))
                    && r.get(1).is_some_and(|c| *c == Data::String("SNV".into()))
            })
            .map(|r| r[4].to_string())
            .collect();
        assert!(parts.len() > 1, "{} rows", parts.len());
        assert!(parts.iter().all(|p| measure::wrapped_lines(p, 70.0, 13.0, false) <= ROW_LINES));
        assert_eq!(parts.join(" "), long);
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
