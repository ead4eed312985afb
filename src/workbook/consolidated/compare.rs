//! "So với cùng kỳ" in the consolidated workbook (`consolidate --so-sanh`): the previous
//! figure, the change and the change in percent beside each total on "Chỉ tiêu", per unit on
//! "Chỉ tiêu theo đơn vị" (two tables below the units: last year's figures, then the changes),
//! and a part III on the cover "Tổng hợp". Written only when the consolidation carries a
//! comparison; without one the workbook is as before.
//!
//! Changes are formulas over the cells beside them, with their values stored (like every
//! total), so the workbook audits itself. A rate's change is in percentage points and has no
//! change in percent. A successor's previous figure sums its predecessors' and carries a cell
//! note naming them.

use rust_xlsxwriter::{Formula, Note, Worksheet, utility::row_col_to_cell};

use super::{FIRST_ROW, Fit, Formats, HEADER_ROW, Layout, Sheet, VI, result, total_measure};
use crate::consolidation::Consolidation;
use crate::consolidation::compare::Change;
use crate::plan::{Indicator, Kind, Plan};
use crate::workbook::measure;

/// First column of the comparison on "Chỉ tiêu", after "Đơn vị phải báo cáo": STT, Mã, Chỉ
/// tiêu, Đơn vị tính, Cách tính, Toàn tỉnh, one column per group of the cycle, then the two
/// counts of units.
fn totals_first_col(c: &Consolidation) -> u16 {
    TOTALS_PROVINCE_COL + 1 + c.groups.len() as u16 + 2
}
/// Column of the province total on "Chỉ tiêu", and of each group's subtotal after it.
const TOTALS_PROVINCE_COL: u16 = 5;
/// Width of each comparison column on "Chỉ tiêu".
const COLUMN_WIDTH: f64 = 14.0;
/// Lines the header row of "Chỉ tiêu" needs for its own headers ("Đơn vị phải báo cáo").
const HEADER_LINES: usize = 3;
/// Widths of the unit name and group columns of "Chỉ tiêu theo đơn vị", for row heights.
const NAME_WIDTH: f64 = 26.0;
const GROUP_WIDTH: f64 = 14.0;

/// "=IF(OR(A="",B=""),"",A-B)": the change of cell `now` against cell `then`.
fn change_formula(now: &str, then: &str) -> String {
    format!("=IF(OR({now}=\"\",{then}=\"\"),\"\",{now}-{then})")
}

/// The change in percent of cell `now` against cell `then` (blank when last year's is 0).
fn pct_formula(now: &str, then: &str) -> String {
    format!("=IF(OR({now}=\"\",{then}=\"\"),\"\",IF({then}=0,\"\",({now}-{then})/ABS({then})*100))")
}

fn opt_number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    f: &rust_xlsxwriter::Format,
) -> anyhow::Result<()> {
    match value {
        Some(v) => ws.write_number_with_format(row, col, v, f)?,
        None => ws.write_blank(row, col, f)?,
    };
    Ok(())
}

/// The format of a change: a yes/no's change is a number of units; a rate's, points.
fn change_format<'a>(f: &'a Formats, kind: &Kind) -> &'a rust_xlsxwriter::Format {
    f.total(kind)
}

/// The comparison columns of "Chỉ tiêu": for the province, last year's total, the change and
/// the change in percent; for each group, last year's subtotal and the change.
pub(super) fn totals(ws: &mut Worksheet, plan: &Plan, c: &Consolidation, f: &Formats) -> anyhow::Result<()> {
    let Some(cmp) = &c.comparison else { return Ok(()) };
    let first_col = totals_first_col(c);
    let year = cmp.previous.year;
    let mut headers: Vec<String> = vec![
        format!("Cùng kỳ năm {year}: toàn tỉnh"),
        "Tăng, giảm (tỷ lệ: điểm %)".to_string(),
        "Tăng, giảm (%)".to_string(),
    ];
    for g in &c.groups {
        let label = plan.group_label(g, VI);
        headers.push(format!("Cùng kỳ năm {year}: {label}"));
        headers.push(format!("Tăng, giảm: {label}"));
    }
    let mut lines = HEADER_LINES;
    for (i, h) in headers.iter().enumerate() {
        let col = first_col + i as u16;
        ws.set_column_width(col, COLUMN_WIDTH)?;
        ws.write_string_with_format(HEADER_ROW, col, h, &f.header)?;
        lines = lines.max(measure::wrapped_lines(h, COLUMN_WIDTH, 13.0, true));
    }
    // As high as the longest of these headers needs (the sheet's own need at most three lines).
    ws.set_row_height(HEADER_ROW, measure::row_points(lines))?;
    let mut row = FIRST_ROW;
    for ind in &plan.indicators {
        let Some(t) = c.indicator(&ind.code) else { continue };
        let Some(change) = cmp.indicator(&ind.code) else {
            row += 1;
            continue;
        };
        if t.due {
            let cells = std::iter::once(change.total).chain(c.groups.iter().map(|g| change.group(g)));
            let mut col = first_col;
            for (j, ch) in cells.enumerate() {
                let now = row_col_to_cell(row, TOTALS_PROVINCE_COL + j as u16);
                let then = row_col_to_cell(row, col);
                opt_number(ws, row, col, ch.previous, f.total(&ind.kind))?;
                let formula = Formula::new(change_formula(&now, &then)).set_result(result(ch.change));
                ws.write_formula_with_format(row, col + 1, formula, change_format(f, &ind.kind))?;
                col += 2;
                if j == 0 {
                    // The province's change in percent; none for a rate (points already).
                    if change.rate {
                        ws.write_blank(row, col, &f.rate)?;
                    } else {
                        let formula = Formula::new(pct_formula(&now, &then)).set_result(result(ch.change_pct));
                        ws.write_formula_with_format(row, col, formula, &f.rate)?;
                    }
                    col += 1;
                }
            }
        }
        row += 1;
    }
    // Printed on two pages wide, the comparison on the second with the indicator's STT, code
    // and name repeated: fitted to one page the 19 columns printed at about 7 pt.
    ws.set_print_fit_to_pages(2, 0);
    ws.set_vertical_page_breaks(&[u32::from(first_col)])?;
    ws.set_repeat_columns(0, 2)?;
    Ok(())
}

/// Below the units of "Chỉ tiêu theo đơn vị": last year's figure of each unit and indicator,
/// then the change (percentage points for a rate). A unit without last year's figure has a
/// blank, never 0; a successor's sums its predecessors', with a note naming them.
pub(super) fn by_unit(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidation,
    f: &Formats,
    layout: &Layout,
    end_row: u32,
) -> anyhow::Result<()> {
    let Some(cmp) = &c.comparison else { return Ok(()) };
    let year = cmp.previous.year;
    let blocks = [
        format!("SỐ LIỆU CÙNG KỲ NĂM {year} (ô trống: đơn vị không có số liệu năm {year})"),
        format!("TĂNG, GIẢM SO VỚI CÙNG KỲ NĂM {year} (tỷ lệ: điểm %)"),
    ];
    let mut row = end_row + 1;
    let mut previous_first = 0;
    for (b, title) in blocks.iter().enumerate() {
        ws.write_string_with_format(row, 0, title, &f.bold)?;
        row += 1;
        if b == 0 {
            previous_first = row;
        }
        for (i, u) in c.units.iter().enumerate() {
            ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
            ws.write_string_with_format(row, 1, &u.code, &f.text)?;
            // A successor's previous figures are its merged whole's: said where it prints, not
            // only in cell notes (which do not print).
            let merged: Vec<&str> = plan
                .predecessors(&u.code)
                .iter()
                .filter(|p| cmp.indicators.iter().any(|i| i.unit(&u.code).is_some_and(|x| x.merged.contains(p))))
                .map(String::as_str)
                .collect();
            let name = if b == 0 && !merged.is_empty() {
                format!("{} (cộng số liệu của {})", u.name, merged.join(", "))
            } else {
                u.name.clone()
            };
            ws.write_string_with_format(row, 2, &name, &f.wrap)?;
            ws.write_string_with_format(row, 3, plan.group_label(&u.group, VI), &f.wrap)?;
            ws.write_blank(row, 4, &f.text)?;
            let lines = measure::wrapped_lines(&name, NAME_WIDTH, 13.0, false).max(measure::wrapped_lines(
                plan.group_label(&u.group, VI),
                GROUP_WIDTH,
                13.0,
                false,
            ));
            ws.set_row_height(row, measure::row_points(lines))?;
            for ind in &plan.indicators {
                let Some(col) = layout.col(&ind.code) else { continue };
                let change = cmp.indicator(&ind.code).and_then(|i| i.unit(&u.code));
                let ch = change.map(|x| x.change).unwrap_or_default();
                if b == 0 {
                    unit_previous(ws, row, col, ind, ch, f)?;
                    if let Some(x) = change.filter(|x| !x.merged.is_empty() && x.change.previous.is_some()) {
                        let text = format!("Cộng số liệu năm {year} của {} và {}", u.code, x.merged.join(", "));
                        ws.insert_note(row, col, &Note::new(text).set_author("baocao"))?;
                    }
                    if let Some(x) = change.filter(|x| !x.incomplete.is_empty()) {
                        let text = format!(
                            "Để trống: năm {year} thiếu số liệu của {}, không cộng được số của cả khối hợp nhất",
                            x.incomplete.join(", ")
                        );
                        ws.insert_note(row, col, &Note::new(text).set_author("baocao"))?;
                    }
                } else {
                    let now = row_col_to_cell(layout.unit_rows.0 + i as u32, col);
                    let then = row_col_to_cell(previous_first + i as u32, col);
                    let formula = Formula::new(change_formula(&now, &then)).set_result(result(ch.change));
                    ws.write_formula_with_format(row, col, formula, change_format(f, &ind.kind))?;
                }
            }
            row += 1;
        }
        row += 1;
    }
    Ok(())
}

fn unit_previous(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    ind: &Indicator,
    ch: Change,
    f: &Formats,
) -> anyhow::Result<()> {
    opt_number(ws, row, col, ch.previous, f.number(&ind.kind))
}

/// Part III of "Tổng hợp": the main indicators against the same period of last year, as
/// references to "Chỉ tiêu". Returns the first row after it.
pub(super) fn summary(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidation,
    f: &Formats,
    layout: &Layout,
    fit: &mut Fit,
    mut row: u32,
) -> anyhow::Result<u32> {
    let Some(cmp) = &c.comparison else { return Ok(row) };
    let first_col = totals_first_col(c);
    let year = cmp.previous.year;
    ws.merge_range(row, 0, row, 7, &format!("III. SO VỚI CÙNG KỲ NĂM {year}"), &f.bold)?;
    row += 1;
    let headers = [
        "STT".to_string(),
        "Chỉ tiêu".to_string(),
        "Đơn vị tính".to_string(),
        "Kỳ này".to_string(),
        format!("Cùng kỳ năm {year}"),
        "Tăng, giảm".to_string(),
        "Tăng, giảm (%)".to_string(),
        "Ghi chú".to_string(),
    ];
    for (i, h) in headers.iter().enumerate() {
        fit.bold(ws, row, i as u16, h, &f.header)?;
    }
    row += 1;
    let mut n = 0;
    for ind in plan.indicators.iter().filter(|i| i.main) {
        let (Some(total), Some(src_row), Some(change)) =
            (c.indicator(&ind.code), layout.row(&ind.code), cmp.indicator(&ind.code))
        else {
            continue;
        };
        if !total.due {
            continue;
        }
        n += 1;
        ws.write_number_with_format(row, 0, f64::from(n), &f.center)?;
        fit.text(ws, row, 1, &ind.name, &f.wrap)?;
        ws.write_string_with_format(row, 2, total_measure(ind), &f.center)?;
        let totals = Sheet::Totals.name();
        let refer = |col: u16| format!("='{totals}'!{}", row_col_to_cell(src_row, col));
        let ch = change.total;
        for (col, src_col, value, format) in [
            (3, TOTALS_PROVINCE_COL, ch.current, f.total(&ind.kind)),
            (4, first_col, ch.previous, f.total(&ind.kind)),
            (5, first_col + 1, ch.change, change_format(f, &ind.kind)),
            (6, first_col + 2, ch.change_pct, &f.rate),
        ] {
            if col == 6 && change.rate {
                ws.write_blank(row, col, &f.rate)?;
                continue;
            }
            ws.write_formula_with_format(row, col, Formula::new(refer(src_col)).set_result(result(value)), format)?;
        }
        let note = if change.rate { "điểm %" } else { "" };
        ws.write_string_with_format(row, 7, note, &f.center)?;
        row += 1;
    }
    Ok(row + 1)
}
