//! The term's summary workbook ("tổng kết", `baocao tong-ket`), print-ready like the cycle's
//! consolidated workbook: A4, Nghị định 30/2020 margins, Times New Roman 13, page numbers from
//! the second page (the page setup and row-height helpers of [`super::consolidated`]).
//!
//! Sheets, in order:
//! - "Tổng kết": the term, every cycle with the workbook used or "không có bảng tổng hợp", the
//!   files not used with the reason, and what reading a workbook found doubtful;
//! - "Chỉ tiêu": per indicator a row per year, a column per period (6 tháng, Năm): the province
//!   totals as each cycle's workbook printed them, blank (never 0) where there is none;
//! - "Biểu đồ": a line chart per main indicator over the years, one line per period;
//! - "Đơn vị": per unit its status in every cycle ("trễ 5 ngày") and the count per status;
//! - "Nhiệm vụ": per task a row per cycle with the number of units per status;
//! - "Kiến nghị", "Mô hình": every recommendation and model of the term, with cycle and unit.
//!
//! The document is Vietnamese whatever `--lang` says, as the consolidated workbook is.

use rust_xlsxwriter::{
    Chart, ChartFont, ChartMarker, ChartMarkerType, ChartType, DocProperties, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

use super::FONT;
use super::consolidated::{Fit, page};
use crate::consolidation::term::{IndicatorRecord, STATUSES, Term, TermItem};
use crate::history::Submission;
use crate::messages::{Lang, render};
use crate::plan::{Kind, Plan};

/// The sheets, in order.
pub const SHEETS: [&str; 7] = ["Tổng kết", "Chỉ tiêu", "Biểu đồ", "Đơn vị", "Nhiệm vụ", "Kiến nghị", "Mô hình"];

/// The header row of the tables (0-based), below the title and the note.
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;
/// The most characters a cell holds (Excel's limit).
const CELL_LIMIT: usize = 32_767;
/// Rows from one chart's page break to the next (one landscape page, as in the cycle's).
const CHART_ROWS: u32 = 26;

/// The cycle's workbook formats, plus the two the summary adds: its sheet titles and the year
/// column.
struct Formats {
    cycle: super::consolidated::Formats,
    title: Format,
    year: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(13);
        Formats {
            cycle: super::consolidated::Formats::new(),
            title: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            year: base
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
                .set_align(FormatAlign::Center)
                .set_num_format("0"),
        }
    }
}

impl std::ops::Deref for Formats {
    type Target = super::consolidated::Formats;

    fn deref(&self) -> &Self::Target {
        &self.cycle
    }
}

/// The term's summary workbook, built and ready to be saved.
pub struct Summary(Workbook);

impl Summary {
    /// Saves the workbook to `path` atomically (a temporary file beside it, renamed into place).
    ///
    /// # Errors
    /// See [`crate::workbook::save_atomically`].
    pub fn save(self, path: &std::path::Path) -> Result<(), super::SaveError> {
        let bytes = self.to_bytes().map_err(|e| super::SaveError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        super::save_atomically(&bytes, path)
    }

    /// The workbook as bytes, page numbers from the second page.
    ///
    /// # Errors
    /// Only when `rust_xlsxwriter` rejects something.
    pub fn to_bytes(mut self) -> anyhow::Result<Vec<u8>> {
        let raw = self.0.save_to_buffer()?;
        let out = super::number_from_second_page(std::io::Cursor::new(raw), std::io::Cursor::new(Vec::new()))?;
        Ok(out.into_inner())
    }
}

/// Builds the term's summary workbook.
///
/// # Errors
/// Only when `rust_xlsxwriter` rejects something (it should not for checked input).
pub fn summary_workbook(plan: &Plan, term: &Term) -> anyhow::Result<Summary> {
    let mut wb = Workbook::new();
    wb.set_default_format(&Format::new().set_font_name(FONT).set_font_size(13), 23, 80)?;
    // The document's creation date is the term's last day, not the clock, so the same
    // workbooks always give the same bytes (batch runs compare outputs).
    let term_end = rust_xlsxwriter::ExcelDateTime::from_ymd(u16::try_from(term.last_year).unwrap_or(2025), 12, 31)?;
    let props = DocProperties::new()
        .set_title(format!("{} giai đoạn {}–{}", TITLE, term.first_year, term.last_year))
        .set_author(plan.consolidator.as_str())
        .set_company(plan.issuer.as_str())
        .set_creation_datetime(&term_end);
    wb.set_properties(&props);
    let f = Formats::new();
    cover(wb.add_worksheet(), plan, term, &f)?;
    let rows = indicators(wb.add_worksheet(), term, &f)?;
    charts(wb.add_worksheet(), term, &f, &rows)?;
    units(wb.add_worksheet(), term, &f)?;
    tasks(wb.add_worksheet(), term, &f)?;
    let recs = ["Kiến nghị", "Gửi đến"];
    items(
        wb.add_worksheet(),
        term,
        &f,
        (SHEETS[5], "KIẾN NGHỊ CỦA CÁC ĐƠN VỊ TRONG GIAI ĐOẠN"),
        &recs,
        &term.recommendations,
    )?;
    let models = ["Tên mô hình", "Lĩnh vực", "Kết quả"];
    items(
        wb.add_worksheet(),
        term,
        &f,
        (SHEETS[6], "MÔ HÌNH \"DÂN VẬN KHÉO\" TRONG GIAI ĐOẠN"),
        &models,
        &term.models,
    )?;
    Ok(Summary(wb))
}

const TITLE: &str = "Tổng kết công tác dân vận chính quyền";

/// The title (row 1, merged over `widths`) and the note (row 2), each as high as its text.
fn heading(ws: &mut Worksheet, f: &Formats, widths: &[f64], title: &str, note: &str) -> Result<(), XlsxError> {
    let last = (widths.len().max(1) - 1) as u16;
    let total: f64 = widths.iter().sum();
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    if last > 0 {
        ws.merge_range(0, 0, 0, last, title, &f.title)?;
    } else {
        ws.write_string_with_format(0, 0, title, &f.title)?;
    }
    ws.set_row_height(0, super::measure::row_points(super::measure::wrapped_lines(title, total, 13.0, true)))?;
    if !note.is_empty() {
        if last > 0 {
            ws.merge_range(1, 0, 1, last, note, &f.note_wrap)?;
        } else {
            ws.write_string_with_format(1, 0, note, &f.note_wrap)?;
        }
        ws.set_row_height(1, super::measure::row_points(super::measure::wrapped_lines(note, total, 13.0, false)))?;
    }
    Ok(())
}

/// A bold grey row merged over every column (an indicator's or a task's title above its rows),
/// as high as its text wrapped over the merged width.
fn merged_row(ws: &mut Worksheet, f: &Formats, row: u32, widths: &[f64], text: &str) -> Result<(), XlsxError> {
    let text = super::xml_safe(text);
    let last = (widths.len().max(1) - 1) as u16;
    ws.merge_range(row, 0, row, last, &text, &f.group_heading)?;
    let lines = super::measure::wrapped_lines(&text, widths.iter().sum(), 13.0, true);
    if lines > 1 {
        ws.set_row_height(row, super::measure::row_points(lines))?;
    }
    Ok(())
}

/// The header row of a table: repeated on every printed page, frozen on screen.
fn header(ws: &mut Worksheet, f: &Formats, fit: &mut Fit, headers: &[String]) -> Result<(), XlsxError> {
    for (col, h) in headers.iter().enumerate() {
        fit.bold(ws, HEADER_ROW, col as u16, h, &f.header)?;
    }
    fit.end_row(ws, HEADER_ROW)?;
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    Ok(())
}

/// A number, or a blank bordered cell: a missing figure is never written as 0.
fn opt_number(ws: &mut Worksheet, row: u32, col: u16, value: Option<f64>, format: &Format) -> Result<(), XlsxError> {
    match value {
        Some(v) => ws.write_number_with_format(row, col, v, format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// Text cut to what one cell holds, at a character boundary; the rest goes on in the cells
/// below ([`cell_pieces`]).
fn cell_pieces(text: &str) -> Vec<String> {
    let text = super::xml_safe(text);
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars.chunks(CELL_LIMIT).map(|c| c.iter().collect()).collect()
}

fn cover(ws: &mut Worksheet, plan: &Plan, term: &Term, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[0])?;
    page(ws, false, true);
    let widths = [7.0, 20.0, 42.0, 28.0];
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    let total: f64 = widths.iter().sum();
    let mut row = document_head(ws, plan, term, f, total)?;
    let present = term.cycles.len();
    let note = format!(
        "Tổng kết từ {present}/{} bảng tổng hợp của các kỳ báo cáo (do lệnh \"baocao tong-ket\" lập). Số liệu là tổng toàn tỉnh đã in trong bảng tổng hợp của từng kỳ; kỳ không có bảng tổng hợp để trống, không ghi 0.",
        term.slots.len()
    );
    ws.merge_range(row, 0, row, 3, &note, &f.note_wrap)?;
    ws.set_row_height(row, super::measure::row_points(super::measure::wrapped_lines(&note, total, 13.0, false)))?;
    row += 2;
    let mut fit = Fit::new(&widths);
    for (col, h) in ["STT", "Kỳ báo cáo", "Bảng tổng hợp", "Ghi chú"].iter().enumerate() {
        fit.bold(ws, row, col as u16, h, &f.header)?;
    }
    fit.end_row(ws, row)?;
    row += 1;
    for (i, slot) in term.slots.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        fit.text(ws, row, 1, &slot.label, &f.wrap)?;
        if let Some(cycle) = slot.cycle.map(|c| &term.cycles[c]) {
            let name = cycle
                .path
                .file_name()
                .map_or_else(|| cycle.path.display().to_string(), |n| n.to_string_lossy().into_owned());
            fit.text(ws, row, 2, name, &f.wrap)?;
            let warnings = cycle.findings.len();
            let note = if warnings == 0 {
                String::new()
            } else {
                format!("{warnings} điểm cần xem lại (bên dưới)")
            };
            fit.text(ws, row, 3, note, &f.wrap)?;
        } else {
            ws.write_blank(row, 2, &f.wrap)?;
            fit.text(ws, row, 3, "không có bảng tổng hợp", &f.wrap)?;
        }
        row += 1;
    }
    row += 1;
    let paragraph = |ws: &mut Worksheet, row: &mut u32, text: &str, bold: bool| -> Result<(), XlsxError> {
        let total: f64 = widths.iter().sum();
        let format = if bold { &f.bold } else { &f.note_wrap };
        let format = &format.clone().set_text_wrap().set_align(FormatAlign::Top);
        ws.merge_range(*row, 0, *row, 3, text, format)?;
        let lines = super::measure::wrapped_lines(text, total, 13.0, bold);
        if lines > 1 {
            ws.set_row_height(*row, super::measure::row_points(lines))?;
        }
        *row += 1;
        Ok(())
    };
    let missing: Vec<&str> = term.missing().map(|s| s.label.as_str()).collect();
    if missing.is_empty() {
        paragraph(ws, &mut row, "Có đủ bảng tổng hợp của mọi kỳ báo cáo trong giai đoạn.", true)?;
    } else {
        paragraph(ws, &mut row, "Các kỳ không có bảng tổng hợp:", true)?;
        for label in missing {
            let text = render("summary-no-workbook", Lang::Vi, &[("cycle", label.to_string())]);
            paragraph(ws, &mut row, &format!("- {text}"), false)?;
        }
    }
    if !term.rejected.is_empty() {
        row += 1;
        paragraph(ws, &mut row, "Các tệp không được tổng kết:", true)?;
        for r in &term.rejected {
            paragraph(ws, &mut row, &format!("- {}", r.message(Lang::Vi)), false)?;
        }
    }
    let doubtful: Vec<String> = term
        .cycles
        .iter()
        .flat_map(|c| {
            let label = crate::consolidation::term::cycle_label(plan, &c.identity.period, c.identity.year);
            c.findings.iter().map(move |x| format!("- {label}, {}: {}", x.place(), x.message(Lang::Vi)))
        })
        .collect();
    if !doubtful.is_empty() {
        row += 1;
        paragraph(ws, &mut row, "Điểm cần xem lại khi đọc các bảng tổng hợp:", true)?;
        for text in &doubtful {
            paragraph(ws, &mut row, text, false)?;
        }
    }
    fit.apply(ws)?;
    super::consolidated::signature_block(ws, plan, row + 1, (2, 3), &f.bold.clone().set_align(FormatAlign::Center))?;
    Ok(())
}

/// The head of the tổng kết as a report Sở Nội vụ signs and sends (Nghị định 30/2020): agency
/// and Quốc hiệu, number and place with a date left for the day it is issued, "BÁO CÁO", its
/// title and basis, and "Kính gửi" the recipients of the term's last period. Returns the first
/// free row below it.
fn document_head(ws: &mut Worksheet, plan: &Plan, term: &Term, f: &Formats, width: f64) -> anyhow::Result<u32> {
    let centered = Format::new().set_font_name(FONT).set_font_size(13).set_align(FormatAlign::Center);
    let bold = f.bold.clone().set_align(FormatAlign::Center);
    let underlined = bold.clone().set_underline(rust_xlsxwriter::FormatUnderline::Single);
    ws.merge_range(0, 0, 0, 1, &format!("UBND TỈNH {}", plan.place.to_uppercase()), &centered)?;
    ws.merge_range(0, 2, 0, 3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &bold)?;
    ws.merge_range(1, 0, 1, 1, &plan.consolidator.to_uppercase(), &underlined)?;
    ws.merge_range(1, 2, 1, 3, "Độc lập - Tự do - Hạnh phúc", &underlined)?;
    if let Some(number) = super::consolidated::document_number(plan) {
        ws.merge_range(3, 0, 3, 1, &number, &centered)?;
    }
    // The day it is signed is not known when the file is made: left blank to be written in.
    let date = format!("{}, ngày      tháng      năm {}", plan.place, term.last_year + 1);
    ws.merge_range(3, 2, 3, 3, &date, &centered.clone().set_italic())?;
    ws.merge_range(5, 0, 5, 3, "BÁO CÁO", &bold.clone().set_font_size(14))?;
    let title = format!("{} giai đoạn {}–{}", TITLE, term.first_year, term.last_year);
    ws.merge_range(6, 0, 6, 3, &title, &bold.clone().set_text_wrap())?;
    ws.set_row_height(6, super::measure::row_points(super::measure::wrapped_lines(&title, width, 13.0, true)))?;
    let basis = format!("(theo {})", plan_reference(plan));
    ws.merge_range(7, 0, 7, 3, &basis, &centered.clone().set_italic().set_text_wrap())?;
    ws.set_row_height(7, super::measure::row_points(super::measure::wrapped_lines(&basis, width, 13.0, false)))?;
    let mut row = 9;
    ws.write_string_with_format(row, 1, "Kính gửi:", &f.bold.clone().set_align(FormatAlign::Right))?;
    let last_period = plan.periods.last().map(|p| p.id.as_str()).unwrap_or_default();
    let recipients = plan.recipients_at(last_period, term.last_year);
    for (i, r) in recipients.iter().enumerate() {
        let end = if i + 1 == recipients.len() { "." } else { ";" };
        ws.merge_range(row, 2, row, 3, &format!("- {r}{end}"), &Format::new().set_font_name(FONT).set_font_size(13))?;
        row += 1;
    }
    Ok(row + 1)
}

/// "Kế hoạch số 15/KH-UBND ngày 14/01/2022 của Ủy ban nhân dân tỉnh Đồng Tháp về thực hiện
/// công tác dân vận chính quyền đến năm 2025": a document cited as Vietnamese papers cite it
/// (kind, number, date, issuer, subject).
fn plan_reference(plan: &Plan) -> String {
    let date = plan.issued.format("%d/%m/%Y");
    match plan.title.strip_prefix("Kế hoạch ") {
        Some(subject) => format!("Kế hoạch số {} ngày {date} của {} về {subject}", plan.id, plan.issuer),
        None => format!("{} số {} ngày {date} của {}", plan.title, plan.id, plan.issuer),
    }
}

/// What an indicator's term totals count: its unit of measure, or for a yes/no the units that
/// answered "Có".
fn measure(ind: &IndicatorRecord) -> &str {
    if ind.kind == Kind::YesNo { "số đơn vị \"Có\"" } else { &ind.measure }
}

/// Where each indicator's year rows are on "Chỉ tiêu": (indicator index, first row, last row).
type IndicatorRows = Vec<(usize, u32, u32)>;

fn indicators(ws: &mut Worksheet, term: &Term, f: &Formats) -> anyhow::Result<IndicatorRows> {
    ws.set_name(SHEETS[1])?;
    page(ws, false, true);
    let periods = periods(term);
    let mut widths = vec![46.0];
    widths.extend(periods.iter().map(|_| 18.0));
    // Then, per period, how many units the total stands for ("29/33").
    widths.extend(periods.iter().map(|_| 12.0));
    heading(
        ws,
        f,
        &widths,
        &format!("CHỈ TIÊU CỦA TOÀN TỈNH QUA CÁC NĂM {}–{}", term.first_year, term.last_year),
        "Tổng toàn tỉnh của mỗi chỉ tiêu theo từng kỳ, như bảng tổng hợp của kỳ đó đã in. Ô trống: kỳ không có bảng tổng hợp, chỉ tiêu chưa đến kỳ, hoặc không đơn vị nào báo cáo. Chỉ tiêu có/không: số đơn vị trả lời \"Có\". Cột \"Đơn vị\": số đơn vị đã báo cáo / phải báo cáo chỉ tiêu trong kỳ đó, vì tổng của một kỳ chỉ có một vài đơn vị báo cáo không so được với tổng của cả tỉnh.",
    )?;
    let mut fit = Fit::new(&widths);
    let mut headers = vec!["Chỉ tiêu / Năm".to_string()];
    headers.extend(periods.iter().map(|(_, name)| name.clone()));
    headers.extend(periods.iter().map(|(_, name)| format!("Đơn vị ({name})")));
    header(ws, f, &mut fit, &headers)?;
    let mut row = FIRST_ROW;
    let mut out = Vec::new();
    for (i, ind) in term.indicators.iter().enumerate() {
        // Numbered as the plan lists them: the codes are for scripts, not for the document.
        let title = format!("{}. {} ({})", i + 1, ind.name, measure(ind));
        merged_row(ws, f, row, &widths, &title)?;
        row += 1;
        let first = row;
        for year in term.first_year..=term.last_year {
            ws.write_number_with_format(row, 0, f64::from(year), &f.year)?;
            for (j, (period, _)) in periods.iter().enumerate() {
                let at = term.slots.iter().position(|s| s.year == year && s.period == *period);
                let value = at.and_then(|at| ind.values[at].total);
                opt_number(ws, row, 1 + j as u16, value, f.total(&ind.kind))?;
                if let Some(v) = at.map(|at| ind.values[at])
                    && let (Some(r), Some(e)) = (v.reported, v.expected)
                {
                    let col = 1 + (periods.len() + j) as u16;
                    ws.write_string_with_format(row, col, format!("{r}/{e}"), &f.center)?;
                }
            }
            row += 1;
        }
        out.push((i, first, row - 1));
    }
    fit.apply(ws)?;
    Ok(out)
}

/// The plan's periods as the term has them: (id, name), in order.
fn periods(term: &Term) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for s in &term.slots {
        if !out.iter().any(|(id, _)| *id == s.period) {
            let name = s.label.trim_end_matches(&format!(" {}", s.year)).to_string();
            out.push((s.period.clone(), name));
        }
    }
    out
}

fn charts(ws: &mut Worksheet, term: &Term, f: &Formats, rows: &IndicatorRows) -> anyhow::Result<()> {
    ws.set_name(SHEETS[2])?;
    page(ws, true, true);
    heading(
        ws,
        f,
        &[26.0; 6],
        &format!("XU HƯỚNG CÁC CHỈ TIÊU CHÍNH {}–{}", term.first_year, term.last_year),
        "Mỗi đường là một kỳ báo cáo (6 tháng, năm); điểm trống là kỳ không có số liệu.",
    )?;
    let src = SHEETS[1];
    let periods = periods(term);
    let mut font = ChartFont::new();
    font.set_name(FONT);
    let mut medium = font.clone();
    medium.set_size(11);
    let mut anchor = FIRST_ROW;
    let mut breaks = Vec::new();
    for &(i, first, last) in rows {
        let ind = &term.indicators[i];
        if !ind.main {
            continue;
        }
        let mut chart = Chart::new(ChartType::Line);
        let mut marker = ChartMarker::new();
        marker.set_type(ChartMarkerType::Circle);
        for (j, (_, name)) in periods.iter().enumerate() {
            let col = 1 + j as u16;
            chart
                .add_series()
                .set_name(name.as_str())
                .set_marker(&marker)
                .set_categories((src, first, 0, last, 0))
                .set_values((src, first, col, last, col));
        }
        // A yes/no is drawn as the number of units that answered "Có", and says so.
        chart.title().set_name(format!("{} ({})", ind.name, measure(ind)).as_str()).set_font(&medium);
        chart.x_axis().set_font(&font).set_num_format("0");
        let format = match ind.kind {
            Kind::Rate { .. } => "0",
            Kind::Amount => "#,##0.00",
            _ => "#,##0",
        };
        chart.y_axis().set_font(&font).set_min(0).set_num_format(format);
        chart.legend().set_font(&font);
        chart.set_width(900).set_height(CHART_ROWS * 23 - 60);
        if anchor > FIRST_ROW {
            breaks.push(anchor);
        }
        ws.insert_chart(anchor, 0, &chart)?;
        anchor += CHART_ROWS;
    }
    if !breaks.is_empty() {
        ws.set_page_breaks(&breaks)?;
    }
    Ok(())
}

fn units(ws: &mut Worksheet, term: &Term, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[3])?;
    page(ws, true, true);
    let mut widths = vec![6.0, 10.0, 30.0];
    widths.extend(term.slots.iter().map(|_| 13.0));
    widths.extend(STATUSES.iter().map(|_| 10.0));
    heading(
        ws,
        f,
        &widths,
        &format!("TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ {}–{}", term.first_year, term.last_year),
        "Mỗi kỳ: đúng hạn, trễ (số ngày sau hạn), chưa nộp, có lỗi, chưa đến hạn, như bảng tổng hợp của kỳ đó ghi; \"không thuộc kỳ\": đơn vị không phải báo cáo kỳ đó; ô trống: kỳ không có bảng tổng hợp. Các cột cuối đếm số kỳ theo từng tình trạng.",
    )?;
    let mut fit = Fit::new(&widths);
    let mut headers: Vec<String> = ["STT", "Mã", "Đơn vị"].iter().map(|s| (*s).to_string()).collect();
    headers.extend(term.slots.iter().map(|s| s.label.clone()));
    headers.extend(STATUSES.iter().map(|s| status_label(*s)));
    header(ws, f, &mut fit, &headers)?;
    let mut row = FIRST_ROW;
    for (i, u) in term.units.iter().enumerate() {
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        ws.write_string_with_format(row, 1, &u.code, &f.text)?;
        fit.text(ws, row, 2, &u.name, &f.wrap)?;
        for (j, cell) in u.cells.iter().enumerate() {
            fit.text(ws, row, 3 + j as u16, cell.text(), &f.wrap)?;
        }
        let base = 3 + u.cells.len() as u16;
        for (j, s) in STATUSES.iter().enumerate() {
            ws.write_number_with_format(row, base + j as u16, u.count(*s) as f64, &f.count)?;
        }
        fit.end_row(ws, row)?;
        row += 1;
    }
    if row > FIRST_ROW {
        ws.autofilter(HEADER_ROW, 0, row - 1, (headers.len() - 1) as u16)?;
    }
    fit.apply(ws)?;
    Ok(())
}

/// A status as the consolidated workbook writes it ("Trễ hạn").
fn status_label(s: Submission) -> String {
    crate::messages::t(&format!("consolidation-status-{}", s.id()), Lang::Vi)
}

fn tasks(ws: &mut Worksheet, term: &Term, f: &Formats) -> anyhow::Result<()> {
    ws.set_name(SHEETS[4])?;
    page(ws, true, true);
    let mut widths = vec![34.0];
    widths.extend(term.task_statuses.iter().map(|_| 14.0));
    widths.extend([12.0, 26.0]);
    heading(
        ws,
        f,
        &widths,
        &format!("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ {}–{}", term.first_year, term.last_year),
        "Mỗi nhiệm vụ, mỗi kỳ: số đơn vị báo cáo theo từng mức thực hiện (các báo cáo được tính trong bảng tổng hợp của kỳ đó).",
    )?;
    let mut fit = Fit::new(&widths);
    let mut headers = vec!["Nhiệm vụ / Kỳ".to_string()];
    headers.extend(term.task_statuses.iter().cloned());
    headers.extend(["Không ghi".to_string(), "Ghi chú".to_string()]);
    header(ws, f, &mut fit, &headers)?;
    let last_col = (headers.len() - 1) as u16;
    let note_col = last_col;
    let mut row = FIRST_ROW;
    for task in &term.tasks {
        merged_row(ws, f, row, &widths, &format!("{}. {}", task.code, task.title))?;
        row += 1;
        for (slot, cycle) in term.slots.iter().zip(&task.cycles) {
            fit.text(ws, row, 0, &slot.label, &f.wrap)?;
            let n = term.task_statuses.len() as u16;
            if let Some(c) = cycle {
                for (j, count) in c.counts.iter().enumerate() {
                    ws.write_number_with_format(row, 1 + j as u16, *count as f64, &f.count)?;
                }
                ws.write_number_with_format(row, 1 + n, c.blank as f64, &f.count)?;
                fit.text(ws, row, note_col, if c.due { "" } else { "chưa đến hạn" }, &f.wrap)?;
            } else {
                for col in 1..=n + 1 {
                    ws.write_blank(row, col, &f.count)?;
                }
                let note = if slot.cycle.is_some() {
                    "không có trong bảng tổng hợp"
                } else {
                    "không có bảng tổng hợp"
                };
                fit.text(ws, row, note_col, note, &f.wrap)?;
            }
            fit.end_row(ws, row)?;
            row += 1;
        }
    }
    fit.apply(ws)?;
    Ok(())
}

fn items(
    ws: &mut Worksheet,
    term: &Term,
    f: &Formats,
    (name, title): (&str, &str),
    columns: &[&str],
    list: &[TermItem],
) -> anyhow::Result<()> {
    ws.set_name(name)?;
    page(ws, true, true);
    let mut widths = vec![6.0, 16.0, 10.0, 24.0];
    widths.extend(columns.iter().enumerate().map(|(i, _)| if i == 0 { 60.0 } else { 30.0 }));
    heading(
        ws,
        f,
        &widths,
        &format!("{title} {}–{}", term.first_year, term.last_year),
        "Như bảng tổng hợp của từng kỳ đã ghi, theo thứ tự thời gian.",
    )?;
    let mut fit = Fit::new(&widths);
    let mut headers: Vec<String> = ["STT", "Kỳ báo cáo", "Mã", "Đơn vị"].iter().map(|s| (*s).to_string()).collect();
    headers.extend(columns.iter().map(|s| (*s).to_string()));
    header(ws, f, &mut fit, &headers)?;
    let mut row = FIRST_ROW;
    for (i, item) in list.iter().enumerate() {
        let pieces: Vec<Vec<String>> = item.texts.iter().map(|t| cell_pieces(t)).collect();
        let height = pieces.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            if k == 0 {
                ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
                fit.text(ws, row, 1, &term.slots[item.slot].label, &f.wrap)?;
                ws.write_string_with_format(row, 2, &item.unit, &f.text)?;
                fit.text(ws, row, 3, &item.unit_name, &f.wrap)?;
            } else {
                // A text longer than a cell goes on in the row below, unnumbered (as the
                // cycle's workbook writes it, and `history` reads it back).
                ws.write_blank(row, 0, &f.center)?;
                ws.write_blank(row, 1, &f.wrap)?;
                ws.write_string_with_format(row, 2, &item.unit, &f.text)?;
                ws.write_blank(row, 3, &f.wrap)?;
            }
            for (j, p) in pieces.iter().enumerate() {
                let text = p.get(k).map_or("", String::as_str);
                fit.text(ws, row, 4 + j as u16, text, &f.wrap)?;
            }
            fit.end_row(ws, row)?;
            row += 1;
        }
    }
    if row > FIRST_ROW {
        ws.autofilter(HEADER_ROW, 0, row - 1, (headers.len() - 1) as u16)?;
    }
    fit.apply(ws)?;
    Ok(())
}
