//! Checking a report against the plan. Pure: takes what `report.rs` read from a file and the
//! plan, returns the checked report and its findings. Never touches the file system.
//!
//! The public types here are the contract with consolidation: a [`CheckedFile`] is everything
//! consolidation knows about one input file.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use chrono::{Datelike, Duration, NaiveDate};

use crate::dates::dmy;
use crate::findings::{Finding, Kind, Localized, Severity, cell_name};
use crate::messages::Lang;
use crate::plan::{Absence, Indicator, Kind as IndicatorKind, Plan, StatusMeaning, Unit, UnitMatch};
use crate::report::{Cell, RawReport, RawSheet, format_number};
use crate::text::{NumberText, find_legacy, fold, parse_date, read_number};

/// One input file after reading and checking.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub path: PathBuf,
    /// File modification time, the tie-break between two reports of the same date.
    pub modified: Option<SystemTime>,
    /// What the file turned out to be.
    pub kind: FileKind,
    /// The "Thông tin" sheet, as far as it could be understood.
    pub header: Header,
    /// Task rows, indicator values, recommendations and models that could be read.
    pub report: Report,
    /// Every finding, in sheet and row order.
    pub findings: Vec<Finding>,
}

impl CheckedFile {
    #[must_use]
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    #[must_use]
    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Warning).count()
    }

    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }
}

/// What a file is, as far as consolidation is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A spreadsheet with a "Thông tin" sheet: a unit report (maybe with errors).
    Report,
    /// A workbook written by `baocao consolidate` (never read as a report).
    Consolidated,
    /// A spreadsheet that is not a report (no "Thông tin" sheet).
    OtherSpreadsheet,
    /// Not a readable spreadsheet at all (HTML, CSV, PDF, empty, encrypted, broken).
    Unreadable,
}

/// The "Thông tin" sheet: who reports, for which period, when.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// Plan unit code, when the unit was recognised.
    pub unit: Option<String>,
    /// Plan period id, when recognised.
    pub period: Option<String>,
    pub year: Option<i32>,
    /// "Số văn bản", e.g. "45/BC-UBND".
    pub doc_number: Option<String>,
    /// "Ngày báo cáo".
    pub report_date: Option<NaiveDate>,
    pub author: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The contents of a report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// One entry per task row read, in file order.
    pub tasks: Vec<TaskEntry>,
    /// One entry per indicator with a usable value, in file order.
    pub values: Vec<IndicatorValue>,
    pub recommendations: Vec<Recommendation>,
    pub models: Vec<Model>,
}

impl Report {
    /// The value entered for an indicator, if any.
    #[must_use]
    pub fn value(&self, code: &str) -> Option<&IndicatorValue> {
        self.values.iter().find(|v| v.code == code)
    }

    #[must_use]
    pub fn task(&self, code: &str) -> Option<&TaskEntry> {
        self.tasks.iter().find(|t| t.code == code)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskEntry {
    /// Plan task code.
    pub code: String,
    /// The status label as the plan spells it, when it is one of the plan's.
    pub status: Option<String>,
    pub meaning: Option<StatusMeaning>,
    /// "Kết quả thực hiện" (may be long; never truncated).
    pub result: String,
    /// "Hạn chế, khó khăn".
    pub limits: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorValue {
    /// Plan indicator code.
    pub code: String,
    /// The number; for yes/no indicators 1.0 is "Có" and 0.0 is "Không".
    pub value: f64,
    /// Where it came from, "Chỉ tiêu!D7".
    pub cell: String,
    /// "Ghi chú" beside it.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub text: String,
    /// "Cơ quan tiếp nhận".
    pub addressee: String,
}

/// A "Dân vận khéo" model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    /// "Lĩnh vực".
    pub field: String,
    /// "Kết quả, hiệu quả".
    pub result: String,
}

// =============================================================================================
// Checking
// =============================================================================================

// The report contract (sheet names, headers, labels) is declared once, in `contract.rs`; these
// re-exports keep `validation::SHEET_*` working for the code that names them here.
pub use crate::contract::{
    SHEET_CONSOLIDATED, SHEET_INDICATORS, SHEET_INFO, SHEET_MODELS, SHEET_RECOMMENDATIONS, SHEET_TASKS,
};

/// The longest cell text taken for a column header ("Nội dung kiến nghị, đề xuất (ghi rõ
/// lĩnh vực)" fits with room to spare), in bytes.
const MAX_HEADER_BYTES: usize = 160;

/// Rows searched for a table's header row.
const HEADER_ROWS: u32 = 15;

/// Checks what was read from a file against the plan, as of `as_of` (for lateness and dates in
/// the future). Pure: the path and modification time are filled in by
/// [`crate::input::check_file`].
#[must_use]
pub fn validate(plan: &Plan, raw: &RawReport, as_of: NaiveDate) -> CheckedFile {
    let mut checker = Checker { plan, as_of, findings: raw.findings.clone(), header: Header::default() };
    let mut report = Report::default();
    let kind = checker.classify(raw);
    if kind == FileKind::Report {
        let sheets = checker.converted_sheets(raw);
        let find = |name: &str, checker: &mut Checker| checker.pick_sheet(&sheets, name);
        let period_known = match find(SHEET_INFO, &mut checker) {
            Some(info) => checker.on_sheet(info, SHEET_INFO, |c| c.info(info)),
            None => false,
        };
        match find(SHEET_TASKS, &mut checker) {
            Some(sheet) => report.tasks = checker.on_sheet(sheet, SHEET_TASKS, |c| c.tasks(sheet, period_known)),
            None => checker.missing_sheet(SHEET_TASKS, raw),
        }
        match find(SHEET_INDICATORS, &mut checker) {
            Some(sheet) => {
                report.values = checker.on_sheet(sheet, SHEET_INDICATORS, |c| c.indicators(sheet, period_known));
            }
            None => checker.missing_sheet(SHEET_INDICATORS, raw),
        }
        if let Some(sheet) = find(SHEET_RECOMMENDATIONS, &mut checker) {
            report.recommendations = checker.on_sheet(sheet, SHEET_RECOMMENDATIONS, |c| c.recommendations(sheet));
        }
        if let Some(sheet) = find(SHEET_MODELS, &mut checker) {
            report.models = checker.on_sheet(sheet, SHEET_MODELS, |c| c.models(sheet));
        }
    }
    CheckedFile {
        path: PathBuf::new(),
        modified: None,
        kind,
        header: checker.header,
        report,
        findings: checker.findings,
    }
}

struct Checker<'a> {
    plan: &'a Plan,
    as_of: NaiveDate,
    findings: Vec<Finding>,
    header: Header,
}

use crate::contract::{Column, INDICATOR_COLUMNS, MODEL_COLUMNS, RECOMMENDATION_COLUMNS, TASK_COLUMNS, info_key};

/// Where a table's header row is and which column holds each key.
struct Table {
    header_row: u32,
    columns: Vec<(&'static str, u32)>,
}

impl Table {
    fn col(&self, key: &str) -> Option<u32> {
        self.columns.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
    }
}

/// The plan item whose code was typed: exact match first (the common case, no allocation), then
/// compared folded ("nv1", " NV1 ") with the typed code folded once.
fn find_by_code<'p, T>(items: &'p [T], typed: &str, code: impl Fn(&T) -> &String) -> Option<&'p T> {
    if let Some(hit) = items.iter().find(|i| code(i) == typed) {
        return Some(hit);
    }
    let key = fold(typed);
    items.iter().find(|i| fold(code(i)) == key)
}

/// A "Thông tin" label: field, row, label column, first filled cell to its right.
type LabelRow = (&'static str, u32, u32, Option<(u32, Cell)>);

fn header_matches(cell: &str, label: &str) -> bool {
    cell == label || cell.strip_prefix(label).is_some_and(|rest| rest.starts_with([' ', '(', ',', '-', '/']))
}

/// Finds the header row in the first rows of a sheet: the row where most of the contract's
/// columns are found, at least the required ones and one more (so a title such as "KIẾN
/// NGHỊ, ĐỀ XUẤT", which reads like one header, is never taken for the header row). Title,
/// blank and merged rows above it are skipped; of two equally good rows the first wins.
fn locate(sheet: &RawSheet, columns: &[Column]) -> Option<Table> {
    let required = columns.iter().filter(|c| c.required).count();
    // The accepted headers folded once, not once per cell.
    let labels: Vec<Vec<String>> = columns.iter().map(|c| c.labels.iter().map(|l| fold(l)).collect()).collect();
    let mut best: Option<Table> = None;
    for row in 0..HEADER_ROWS {
        let cells: Vec<(u32, String)> = sheet
            .cells
            .range((row, 0)..(row + 1, 0))
            .filter_map(|(&(_, c), v)| match v {
                // A header is short; long text (a task's narrative under the header) is never
                // one, and is not worth folding.
                Cell::Text(s) if s.len() <= MAX_HEADER_BYTES => Some((c, fold(s))),
                _ => None,
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        let mut found: Vec<(&'static str, u32)> = Vec::new();
        for (column, labels) in columns.iter().zip(&labels) {
            // Exact header text first, so "Mã" never takes the "Mã chỉ tiêu" column's place.
            let taken = |c: u32, found: &Vec<(&str, u32)>| found.iter().any(|(_, x)| *x == c);
            let exact = cells.iter().find(|(c, t)| !taken(*c, &found) && labels.contains(t));
            let loose =
                || cells.iter().find(|(c, t)| !taken(*c, &found) && labels.iter().any(|l| header_matches(t, l)));
            if let Some((c, _)) = exact.or_else(loose) {
                found.push((column.key, *c));
            }
        }
        let has_required = columns.iter().filter(|c| c.required).all(|c| found.iter().any(|(k, _)| *k == c.key));
        if has_required && found.len() > required && best.as_ref().is_none_or(|b| found.len() > b.columns.len()) {
            let complete = found.len() == columns.len();
            best = Some(Table { header_row: row, columns: found });
            // Every column found: no row below can do better.
            if complete {
                break;
            }
        }
    }
    best
}

/// The rows under a table's header that hold anything in the table's columns.
fn table_rows(sheet: &RawSheet, table: &Table) -> Vec<u32> {
    let mut rows: Vec<u32> = sheet
        .cells
        .range((table.header_row + 1, 0)..)
        .filter(|((_, c), _)| table.columns.iter().any(|(_, x)| x == c))
        .map(|((r, _), _)| *r)
        .collect();
    rows.dedup();
    rows
}

fn text_of(cell: Option<&Cell>) -> String {
    cell.map(|c| c.display().trim().to_string()).unwrap_or_default()
}

/// The merged range (as "D7:D8") holding `(row, col)` when it spans more than one row: a
/// figure there cannot be told apart between the rows' indicators.
fn tall_merge(sheet: &RawSheet, row: u32, col: u32) -> Option<String> {
    sheet
        .merged
        .iter()
        .find(|&&(r0, c0, r1, c1)| r1 > r0 && (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
        .map(|&(r0, c0, r1, c1)| format!("{}:{}", cell_name(r0, c0), cell_name(r1, c1)))
}

/// A number written the Vietnamese way for a message: "1.250", "1,25", "85,3".
fn vi_number(n: f64) -> String {
    let plain = format_number((n * 1e6).round() / 1e6);
    let (sign, plain) = plain.strip_prefix('-').map_or(("", plain.as_str()), |p| ("-", p));
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let mut grouped = String::new();
    for (i, d) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(d);
    }
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{frac}") }
}

/// A yes/no answer: "Có"/"Không" (with or without diacritics), "x", 1/0, TRUE/FALSE.
fn yes_no(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Cell::Number(n) if n.abs() < f64::EPSILON => Some(0.0),
        Cell::Number(n) if (n - 1.0).abs() < f64::EPSILON => Some(1.0),
        Cell::Text(s) => match fold(s).as_str() {
            "có" | "co" | "x" | "1" | "yes" | "true" => Some(1.0),
            "không" | "khong" | "0" | "no" | "false" => Some(0.0),
            _ => None,
        },
        _ => None,
    }
}

/// A date from a cell: a date cell, a date typed as text, or an Excel serial number.
fn date_of(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Text(s) => parse_date(s),
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) => {
            NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.checked_add_signed(Duration::days(*n as i64)))
        }
        _ => None,
    }
}

impl Checker<'_> {
    fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// The sheet to read for `name`: of the sheets whose name folds like it (also Excel's
    /// copies "Chỉ tiêu (2)"), the visible one, the one named exactly if several are visible,
    /// a hidden one only when none is visible. A warning names them all when there is a choice:
    /// a clerk who hid the old sheet and corrected a copy means the copy.
    fn pick_sheet<'s>(&mut self, sheets: &'s [RawSheet], name: &str) -> Option<&'s RawSheet> {
        let key = fold(name);
        let candidates: Vec<&RawSheet> = sheets.iter().filter(|s| sheet_matches(&s.name, &key)).collect();
        let rank = |s: &RawSheet| (s.hidden, fold(&s.name) != key);
        let chosen = *candidates.iter().min_by_key(|s| rank(s))?;
        if candidates.len() > 1 {
            let ignored: Vec<String> = candidates
                .iter()
                .filter(|s| !std::ptr::eq(**s, chosen))
                .map(|s| if s.hidden { format!("\"{}\" (ẩn)", s.name) } else { format!("\"{}\"", s.name) })
                .collect();
            self.push(
                Finding::new(Kind::SheetDuplicate {
                    sheet: name.to_string(),
                    chosen: chosen.name.clone(),
                    ignored: ignored.join(", "),
                })
                .on_sheet(&chosen.name),
            );
        }
        Some(chosen)
    }

    /// Runs a check of `sheet`, whose findings name it by its canonical name: when the file's
    /// sheet is called otherwise ("Chỉ tiêu (2)"), they name the sheet the clerk will look at.
    fn on_sheet<T>(&mut self, sheet: &RawSheet, canonical: &str, check: impl FnOnce(&mut Self) -> T) -> T {
        let first = self.findings.len();
        let out = check(self);
        if fold(&sheet.name) != fold(canonical) {
            for f in &mut self.findings[first..] {
                if f.sheet.as_deref() == Some(canonical) {
                    f.sheet = Some(sheet.name.clone());
                }
            }
        }
        out
    }

    /// Report, consolidated workbook, other spreadsheet or unreadable; the findings that say so.
    fn classify(&mut self, raw: &RawReport) -> FileKind {
        if raw.format.is_none() {
            return FileKind::Unreadable;
        }
        if raw.sheets.iter().any(|s| sheet_matches(&s.name, &fold(SHEET_INFO))) {
            return FileKind::Report;
        }
        if raw.sheet(SHEET_CONSOLIDATED).is_some() {
            self.push(Finding::new(Kind::FileConsolidated));
            return FileKind::Consolidated;
        }
        self.missing_sheet(SHEET_INFO, raw);
        FileKind::OtherSpreadsheet
    }

    fn missing_sheet(&mut self, name: &str, raw: &RawReport) {
        let have: Vec<String> = raw.sheets.iter().map(|s| format!("\"{}\"", s.name)).collect();
        let have = if have.is_empty() { "—".to_string() } else { have.join(", ") };
        self.push(Finding::new(Kind::SheetMissing { sheet: name.to_string(), sheets: have }).on_sheet(name));
    }

    /// The sheets as a clerk sees them: a merged range shows only its first cell's value, so
    /// anything stored in its other cells is dropped; legacy-encoded text (the whole cell or
    /// some words of it) is converted where the mapping is certain, with a warning at every
    /// such cell: the figures still count, the text is shown converted.
    fn converted_sheets(&mut self, raw: &RawReport) -> Vec<RawSheet> {
        let mut sheets = raw.sheets.clone();
        for sheet in &mut sheets {
            for &(r0, c0, r1, c1) in &sheet.merged {
                sheet
                    .cells
                    .retain(|&(r, c), _| !((r0..=r1).contains(&r) && (c0..=c1).contains(&c)) || (r, c) == (r0, c0));
            }
            let canonical = canonical_sheet(&sheet.name);
            for (&(row, col), cell) in &mut sheet.cells {
                let Cell::Text(s) = cell else { continue };
                let Some((legacy, converted)) = find_legacy(s) else { continue };
                let at = cell_name(row, col);
                match converted {
                    Some(converted) => {
                        self.findings.push(
                            Finding::new(Kind::TextLegacyEncoding {
                                encoding: legacy.name().to_string(),
                                value: clip(s),
                                converted: clip(&converted),
                            })
                            .at(&canonical, at),
                        );
                        *s = converted;
                    }
                    None => self.findings.push(
                        Finding::new(Kind::TextLegacyUnconverted {
                            encoding: legacy.name().to_string(),
                            value: clip(s),
                        })
                        .at(&canonical, at),
                    ),
                }
            }
        }
        sheets
    }

    fn formula_without_value(&mut self, sheet: &str, row: u32, col: u32, formula: &str) {
        self.push(Finding::new(Kind::FormulaNoValue { formula: clip(formula) }).at(sheet, cell_name(row, col)));
    }

    // -----------------------------------------------------------------------------------------
    // Thông tin
    // -----------------------------------------------------------------------------------------

    /// Reads and checks "Thông tin"; returns whether the period and year are known (the task
    /// and indicator checks that depend on them run only then).
    fn info(&mut self, sheet: &RawSheet) -> bool {
        let mut fields: BTreeMap<&'static str, (u32, u32, Cell)> = BTreeMap::new();
        let mut label_cells: BTreeMap<&'static str, (u32, u32)> = BTreeMap::new();
        // (field, row, label column, first filled cell right of the label)
        let mut candidates: Vec<LabelRow> = Vec::new();
        let rows: Vec<u32> = {
            let mut r: Vec<u32> = sheet.cells.keys().map(|(r, _)| *r).collect();
            r.dedup();
            r
        };
        for row in rows {
            let cells: Vec<(u32, &Cell)> =
                sheet.cells.range((row, 0)..(row + 1, 0)).map(|(&(_, c), v)| (c, v)).collect();
            // The label is in the first column; a numbering column ("1.", "a)") may stand
            // before it, so the first three columns are searched.
            let Some((label_col, key)) = cells.iter().take_while(|(c, _)| *c <= 2).find_map(|(c, v)| match v {
                Cell::Text(t) => info_key(&fold(t)).map(|k| (*c, k)),
                _ => None,
            }) else {
                continue;
            };
            if label_cells.contains_key(key) {
                continue;
            }
            label_cells.insert(key, (row, label_col));
            candidates.push((
                key,
                row,
                label_col,
                cells.iter().find(|(c, _)| *c > label_col).map(|&(c, v)| (c, v.clone())),
            ));
        }
        // Values stand in one column beside the labels (B, or C when labels span A:B). That
        // column is the one most rows use; a blank value is then blank, and a hint further
        // right ("ví dụ 04/06/2024") is never taken for the value.
        let mut offsets: BTreeMap<u32, usize> = BTreeMap::new();
        for (_, _, label_col, found) in &candidates {
            if let Some((c, _)) = found {
                *offsets.entry(c - label_col).or_default() += 1;
            }
        }
        let offset = offsets.iter().max_by_key(|(off, n)| (**n, std::cmp::Reverse(**off))).map_or(1, |(off, _)| *off);
        for (key, row, label_col, found) in candidates {
            if let Some((c, value)) = found
                && c == label_col + offset
            {
                fields.insert(key, (row, c, value));
            }
        }
        // Where a missing value belongs: beside its label, or B-column of a new row.
        let place = |key: &str, fields: &BTreeMap<&str, (u32, u32, Cell)>| -> Option<String> {
            if let Some((r, c, _)) = fields.get(key) {
                return Some(cell_name(*r, *c));
            }
            label_cells.get(key).map(|(r, c)| cell_name(*r, c + offset))
        };
        let text = |key: &str, this: &mut Self| -> Option<String> {
            let (r, c, cell) = fields.get(key)?;
            if let Cell::NoValue(f) = cell {
                this.formula_without_value(SHEET_INFO, *r, *c, f);
                return None;
            }
            let t = text_of(Some(cell));
            (!t.is_empty()).then_some(t)
        };
        self.header.doc_number = text("doc_number", self);
        self.header.author = text("author", self);
        self.header.phone = text("phone", self);
        self.header.email = text("email", self);

        // Period and year first: whether the unit is expected depends on them.
        let period = if let Some((r, c, cell)) = fields.get("period") {
            let typed = text_of(Some(cell));
            if let Some(p) = find_period(self.plan, &typed) {
                Some(p.id.clone())
            } else {
                let known: Vec<String> = self.plan.periods.iter().map(|p| format!("\"{}\"", p.name)).collect();
                self.push(
                    Finding::new(Kind::PeriodUnknown { value: clip(&typed), known: known.join(", ") })
                        .at(SHEET_INFO, cell_name(*r, *c)),
                );
                None
            }
        } else {
            self.info_missing(Kind::PeriodMissing, place("period", &fields));
            None
        };
        let year = if let Some((r, c, cell)) = fields.get("year") {
            self.year(cell_name(*r, *c), cell)
        } else {
            self.info_missing(Kind::YearMissing, place("year", &fields));
            None
        };
        self.header.period.clone_from(&period);
        self.header.year = year;

        self.unit(&fields, place("code", &fields), period.as_deref(), year);

        match fields.get("date") {
            Some((r, c, cell)) => {
                let year_at = fields.get("year").map(|(r, c, _)| cell_name(*r, *c));
                self.report_date(*r, *c, cell, period.as_deref(), (year, year_at));
            }
            None => self.info_missing(Kind::DateMissing, place("date", &fields)),
        }
        period.is_some() && year.is_some()
    }

    /// The report date: readable, not after today, and on time for the period's deadline.
    /// `year` is the year cell's value and address (where a year left at last year's is shown).
    fn report_date(
        &mut self,
        row: u32,
        col: u32,
        cell: &Cell,
        period: Option<&str>,
        year: (Option<i32>, Option<String>),
    ) {
        let (year, year_at) = year;
        let at = cell_name(row, col);
        if let Cell::NoValue(f) = cell {
            self.formula_without_value(SHEET_INFO, row, col, f);
            return;
        }
        let Some(date) = date_of(cell) else {
            self.push(Finding::new(Kind::DateUnreadable { value: clip(&text_of(Some(cell))) }).at(SHEET_INFO, at));
            return;
        };
        self.header.report_date = Some(date);
        let plan = self.plan;
        let period_name = period.and_then(|p| plan.period(p)).map_or(String::new(), |p| p.name.clone());
        let last = period.zip(year).and_then(|(p, y)| plan.last_day(p, y));
        // Both periods of the plan run from 1 January of their year.
        let start = year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1));
        // A date fits the period when it falls near its deadline and not after today.
        let fits = |d: NaiveDate| {
            d <= self.as_of
                && start.is_none_or(|s| d >= s)
                && last.is_none_or(|l| d >= l - Duration::days(45) && d <= l + Duration::days(31))
        };
        let swapped = (date.day() <= 12 && date.day() != date.month())
            .then(|| NaiveDate::from_ymd_opt(date.year(), date.day(), date.month()))
            .flatten();
        // Only a date that cannot be right as read (in the future, or long before the deadline)
        // is suspected of a swap; a past date after the deadline is simply late.
        let implausible = date > self.as_of || last.is_some_and(|l| date < l - Duration::days(45));
        if let (Some(swapped), Some(l), Some(y)) = (swapped, last, year)
            && implausible
            && fits(swapped)
        {
            let severity = if date > self.as_of { Severity::Error } else { Severity::Warning };
            self.push(
                Finding::new(Kind::DateSwapped {
                    severity,
                    value: dmy(date),
                    swapped: dmy(swapped),
                    period: period_name.clone(),
                    year: y,
                    last_day: dmy(l),
                })
                .at(SHEET_INFO, at),
            );
            return;
        }
        if let (Some(s), Some(y)) = (start, year)
            && date < s
        {
            self.push(
                Finding::new(Kind::DateBeforePeriod {
                    value: dmy(date),
                    period: period_name.clone(),
                    year: y,
                    start: dmy(s),
                })
                .at(SHEET_INFO, at),
            );
            return;
        }
        if date > self.as_of {
            // One finding: a date in the future is not also "late".
            self.push(
                Finding::new(Kind::DateFuture { value: dmy(date), today: dmy(self.as_of) }).at(SHEET_INFO, at.clone()),
            );
            return;
        }
        if let Some(last) = last.filter(|last| date > *last) {
            // Dated in a later year, within that year's period: the year cell is likely last
            // year's, left in a reused file.
            let later = period.filter(|_| date.year() > year.unwrap_or(date.year())).and_then(|p| {
                let l = plan.last_day(p, date.year())?;
                (date <= l).then_some(l)
            });
            if let (Some(date_last), Some(y)) = (later, year) {
                // An error at the year cell: the file says one year and its date another, and
                // only the clerk knows which is right (a wrong year makes the unit "missing").
                self.push(
                    Finding::new(Kind::ReportOtherYear {
                        year: y,
                        period: period_name.clone(),
                        value: dmy(date),
                        date_year: date.year(),
                        date_last_day: dmy(date_last),
                        days: (date - last).num_days(),
                    })
                    .at(SHEET_INFO, year_at.unwrap_or(at)),
                );
                return;
            }
            self.push(
                Finding::new(Kind::ReportLate {
                    value: dmy(date),
                    last_day: dmy(last),
                    days: (date - last).num_days(),
                })
                .at(SHEET_INFO, at),
            );
        }
    }

    /// The report year: a number or text ("2024", "Năm 2024") within the plan's years.
    fn year(&mut self, at: String, cell: &Cell) -> Option<i32> {
        let n = match cell {
            Cell::Number(n) => Some(*n),
            Cell::Text(s) => s.trim().trim_start_matches(|ch: char| !ch.is_ascii_digit()).trim().parse::<f64>().ok(),
            _ => None,
        };
        let Some(year) = n.filter(|n| n.fract() == 0.0 && (1900.0..=2200.0).contains(n)).map(|n| n as i32) else {
            self.push(
                Finding::new(Kind::YearInvalid { value: clip(&text_of(Some(cell))), years: self.plan.years_text() })
                    .at(SHEET_INFO, at),
            );
            return None;
        };
        if year < self.plan.years.0 || year > self.plan.years.1 {
            self.push(
                Finding::new(Kind::YearOutsidePlan { value: year, years: self.plan.years_text() }).at(SHEET_INFO, at),
            );
            return None;
        }
        Some(year)
    }

    fn info_missing(&mut self, kind: Kind, at: Option<String>) {
        let f = Finding::new(kind);
        self.push(match at {
            Some(cell) => f.at(SHEET_INFO, cell),
            None => f.on_sheet(SHEET_INFO),
        });
    }

    /// The unit from its code and/or name; both given must name the same unit.
    fn unit(
        &mut self,
        fields: &BTreeMap<&'static str, (u32, u32, Cell)>,
        code_place: Option<String>,
        period: Option<&str>,
        year: Option<i32>,
    ) {
        let plan = self.plan;
        let by_code = fields.get("code").map(|(r, c, cell)| (cell_name(*r, *c), text_of(Some(cell))));
        let by_name = fields.get("name").map(|(r, c, cell)| (cell_name(*r, *c), text_of(Some(cell))));
        let mut code_unit = None;
        if let Some((at, typed)) = &by_code {
            code_unit = plan.unit_by_code(typed);
            if code_unit.is_none() {
                self.push(
                    Finding::new(Kind::UnitUnknownCode { value: clip(typed), suggestions: suggest(plan, typed) })
                        .at(SHEET_INFO, at.clone()),
                );
            }
        }
        let mut name_unit = None;
        // Ways of writing a name limited to some periods are read by the report's own period.
        let point = period.zip(year).and_then(|(p, y)| plan.period_ref(p, y));
        if let Some((at, typed)) = &by_name {
            match plan.find_unit_by_name_at(typed, point) {
                UnitMatch::Found(u) => name_unit = Some(u),
                UnitMatch::OtherPeriods { unit, valid } => {
                    // "Tháp Mười" in nam/2025: the district's old name, never the xã's: an error
                    // unless the code decides.
                    let severity = if code_unit.is_some() { Severity::Warning } else { Severity::Error };
                    let kind = Kind::UnitNameOtherPeriods {
                        severity,
                        value: clip(typed),
                        unit: format!("{} ({})", unit.name, unit.code),
                        valid: plan.validity_words(&valid),
                        period: point.map(|p| plan.ref_words(p)).unwrap_or_default(),
                    };
                    self.push(Finding::new(kind).at(SHEET_INFO, at.clone()));
                }
                UnitMatch::Unknown { .. } if plan.ambiguous_units(typed).len() > 1 && code_unit.is_none() => {
                    // "Cao Lãnh" is a city and a district: never guessed, both named.
                    self.push(
                        Finding::new(Kind::UnitAmbiguous {
                            value: clip(typed),
                            candidates: unit_list(&plan.ambiguous_units(typed)),
                        })
                        .at(SHEET_INFO, at.clone()),
                    );
                }
                UnitMatch::Unknown { suggestions } => {
                    // A known code makes an unrecognised name only a warning: the code decides.
                    let list = unit_list(&suggestions);
                    let severity = if code_unit.is_some() { Severity::Warning } else { Severity::Error };
                    let kind = Kind::UnitUnknownName { severity, value: clip(typed), suggestions: list };
                    self.push(Finding::new(kind).at(SHEET_INFO, at.clone()));
                }
            }
        }
        let unit = match (code_unit, name_unit) {
            (Some(a), Some(b)) if a.code != b.code => {
                let (at, _) = by_name.as_ref().map_or((String::new(), String::new()), Clone::clone);
                self.push(
                    Finding::new(Kind::UnitMismatch {
                        code: a.code.clone(),
                        code_name: a.name.clone(),
                        name: b.name.clone(),
                        name_code: b.code.clone(),
                    })
                    .at(SHEET_INFO, at),
                );
                None
            }
            (Some(u), _) | (None, Some(u)) => Some(u),
            (None, None) => {
                if by_code.is_none() && by_name.is_none() {
                    self.info_missing(Kind::UnitMissing, code_place);
                }
                None
            }
        };
        let Some(unit) = unit else { return };
        self.header.unit = Some(unit.code.clone());
        if let (Some(p), Some(y)) = (period, year)
            && let Some(absence) = plan.absence(unit, p, y)
        {
            let at = by_code.or(by_name).map(|(at, _)| at).unwrap_or_default();
            let period = plan.period(p).map_or(p, |x| x.name.as_str()).to_string();
            let unit_name = unit.name.clone();
            let kind = match absence {
                Absence::NotStarted { first } => {
                    Kind::UnitNotExpected { unit: unit_name, period, year: y, first: plan.ref_words(first) }
                }
                Absence::Ended { last } => {
                    let list: Vec<String> =
                        plan.successors(&unit.code).iter().map(|s| format!("{} ({})", s.name, s.code)).collect();
                    let successors = if list.is_empty() { "—".to_string() } else { list.join(", ") };
                    Kind::UnitEnded {
                        unit: unit_name,
                        code: unit.code.clone(),
                        period,
                        year: y,
                        last: plan.ref_words(last),
                        successors,
                    }
                }
                Absence::GroupOff { group } => Kind::UnitGroupNotReporting {
                    unit: unit_name,
                    group: plan.group_label(&group, Lang::Vi).to_string(),
                    period,
                    year: y,
                },
            };
            self.push(Finding::new(kind).at(SHEET_INFO, at));
        }
    }

    // -----------------------------------------------------------------------------------------
    // Nhiệm vụ
    // -----------------------------------------------------------------------------------------

    fn tasks(&mut self, sheet: &RawSheet, period_known: bool) -> Vec<TaskEntry> {
        let plan = self.plan;
        let Some(table) = locate(sheet, TASK_COLUMNS) else {
            self.push(
                Finding::new(Kind::HeaderNotFound {
                    severity: Severity::Error,
                    columns: "Mã | Nhiệm vụ | Tình trạng | Kết quả thực hiện | Hạn chế, khó khăn".into(),
                    rows: u64::from(HEADER_ROWS),
                })
                .on_sheet(SHEET_TASKS),
            );
            return Vec::new();
        };
        let period = self.header.period.clone().filter(|_| period_known);
        let due = |code: &str| period.as_deref().is_none_or(|p| plan.task(code).is_some_and(|t| t.is_due_in(p)));
        let code_col = table.col("code").unwrap_or(0);
        let status_col = table.col("status").unwrap_or(0);
        let result_col = table.col("result").unwrap_or(0);
        let limits_col = table.col("limits");
        let mut entries: Vec<TaskEntry> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for row in table_rows(sheet, &table) {
            let code_cell = cell_name(row, code_col);
            let typed = text_of(sheet.get(row, code_col));
            let status_text = text_of(sheet.get(row, status_col));
            let result = text_of(sheet.get(row, result_col));
            let limits = text_of(limits_col.and_then(|c| sheet.get(row, c)));
            if typed.is_empty() {
                if !status_text.is_empty() || !result.is_empty() {
                    self.push(Finding::new(Kind::TaskCodeMissing).at(SHEET_TASKS, code_cell));
                }
                continue;
            }
            let Some(task) = find_by_code(&plan.tasks, &typed, |t| &t.code) else {
                // Text under the table ("Người lập biểu", a signature line) is not a task row.
                if is_prose(&typed) && status_text.is_empty() && result.is_empty() {
                    continue;
                }
                let known: Vec<&str> = plan.tasks.iter().map(|t| t.code.as_str()).collect();
                self.push(
                    Finding::new(Kind::TaskUnknown { value: clip(&typed), known: known.join(", ") })
                        .at(SHEET_TASKS, code_cell),
                );
                continue;
            };
            if let Some(first) = seen.get(&task.code) {
                self.push(
                    Finding::new(Kind::TaskDuplicate { code: task.code.clone(), first: first.clone() })
                        .at(SHEET_TASKS, code_cell),
                );
                continue;
            }
            seen.insert(task.code.clone(), code_cell);
            let status_at = cell_name(row, status_col);
            let mut entry =
                TaskEntry { code: task.code.clone(), status: None, meaning: None, result: result.clone(), limits };
            if let Some(Cell::NoValue(f)) = sheet.get(row, status_col) {
                self.formula_without_value(SHEET_TASKS, row, status_col, f);
            } else if status_text.is_empty() {
                if due(&task.code) {
                    let allowed: Vec<String> = plan.statuses.iter().map(|s| format!("\"{}\"", s.label)).collect();
                    self.push(
                        Finding::new(Kind::StatusMissing { code: task.code.clone(), allowed: allowed.join(", ") })
                            .at(SHEET_TASKS, status_at),
                    );
                }
            } else if let Some(status) = plan.status(&status_text) {
                entry.status = Some(status.label.clone());
                entry.meaning = Some(status.meaning);
                if status.requires_result && result.is_empty() {
                    self.push(
                        Finding::new(Kind::ResultMissing { code: task.code.clone(), status: status.label.clone() })
                            .at(SHEET_TASKS, cell_name(row, result_col)),
                    );
                }
                if status.meaning == StatusMeaning::Done && !due(&task.code) {
                    let period_name = period.as_deref().and_then(|p| plan.period(p)).map_or("", |p| p.name.as_str());
                    self.push(
                        Finding::new(Kind::DoneNotDue {
                            code: task.code.clone(),
                            status: status.label.clone(),
                            schedule: task.schedule.clone(),
                            period: period_name.to_string(),
                        })
                        .at(SHEET_TASKS, status_at),
                    );
                }
            } else {
                let allowed: Vec<String> = plan.statuses.iter().map(|s| format!("\"{}\"", s.label)).collect();
                self.push(
                    Finding::new(Kind::StatusUnknown { value: clip(&status_text), allowed: allowed.join(", ") })
                        .at(SHEET_TASKS, status_at),
                );
            }
            entries.push(entry);
        }
        for task in &plan.tasks {
            if !seen.contains_key(&task.code) && due(&task.code) {
                self.push(Finding::new(Kind::TaskMissing { code: task.code.clone() }).on_sheet(SHEET_TASKS));
            }
        }
        entries
    }

    // -----------------------------------------------------------------------------------------
    // Chỉ tiêu
    // -----------------------------------------------------------------------------------------

    fn indicators(&mut self, sheet: &RawSheet, period_known: bool) -> Vec<IndicatorValue> {
        let plan = self.plan;
        let Some(table) = locate(sheet, INDICATOR_COLUMNS) else {
            self.push(
                Finding::new(Kind::HeaderNotFound {
                    severity: Severity::Error,
                    columns: "Mã | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú".into(),
                    rows: u64::from(HEADER_ROWS),
                })
                .on_sheet(SHEET_INDICATORS),
            );
            return Vec::new();
        };
        let unit = self.header.unit.clone();
        let period = self.header.period.clone().filter(|_| period_known);
        let due =
            |ind: &Indicator| period.as_deref().is_none_or(|p| plan.task(&ind.task).is_some_and(|t| t.is_due_in(p)));
        let code_col = table.col("code").unwrap_or(0);
        let value_col = table.col("value").unwrap_or(0);
        let note_col = table.col("note");
        let mut values: Vec<IndicatorValue> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for row in table_rows(sheet, &table) {
            let code_at = cell_name(row, code_col);
            let value_at = cell_name(row, value_col);
            let typed = text_of(sheet.get(row, code_col));
            let value_cell = sheet.get(row, value_col);
            if typed.is_empty() {
                if value_cell.is_some() {
                    self.push(Finding::new(Kind::IndicatorCodeMissing).at(SHEET_INDICATORS, code_at));
                }
                continue;
            }
            let Some(ind) = find_by_code(&plan.indicators, &typed, |i| &i.code) else {
                // A heading or a note under the table is not an indicator row.
                if is_prose(&typed) && value_cell.is_none() {
                    continue;
                }
                self.push(Finding::new(Kind::IndicatorUnknown { value: clip(&typed) }).at(SHEET_INDICATORS, code_at));
                continue;
            };
            if let Some(first) = seen.get(&ind.code) {
                self.push(
                    Finding::new(Kind::IndicatorDuplicate { code: ind.code.clone(), first: first.clone() })
                        .at(SHEET_INDICATORS, code_at),
                );
                continue;
            }
            seen.insert(ind.code.clone(), code_at);
            let owed = unit.as_deref().is_none_or(|u| ind.is_owed_by(u));
            if let IndicatorKind::Rate { numerator, denominator } = &ind.kind {
                // The template shows rates as formulas for the clerk's own view: only a typed
                // figure deserves a word.
                if value_cell.is_some() && !sheet.formulas.contains(&(row, value_col)) {
                    self.push(
                        Finding::new(Kind::RateIgnored {
                            code: ind.code.clone(),
                            numerator: numerator.clone(),
                            denominator: denominator.clone(),
                        })
                        .at(SHEET_INDICATORS, value_at),
                    );
                }
                continue;
            }
            // A figure cell merged over several indicators' rows belongs to none of them.
            if let Some(range) = tall_merge(sheet, row, value_col) {
                self.push(
                    Finding::new(Kind::ValueMerged { code: ind.code.clone(), range }).at(SHEET_INDICATORS, value_at),
                );
                continue;
            }
            let reading = value_cell.map(|cell| match cell {
                Cell::Text(t) => read_number(t),
                _ => NumberText::NotNumber,
            });
            // Blank, invisible characters only, or a dash where nothing is due yet: not reported.
            let blank = match reading {
                None | Some(NumberText::Blank) => true,
                Some(NumberText::Placeholder) => !due(ind),
                _ => false,
            };
            let Some(cell) = value_cell.filter(|_| !blank) else {
                if owed && due(ind) {
                    // A yes/no indicator is answered by choosing, not by a figure.
                    let (code, name) = (ind.code.clone(), ind.name.clone());
                    let kind = if ind.kind == IndicatorKind::YesNo {
                        Kind::IndicatorBlankYesno { code, name }
                    } else {
                        Kind::IndicatorBlank { code, name }
                    };
                    self.push(Finding::new(kind).at(SHEET_INDICATORS, value_at));
                }
                continue;
            };
            if !owed {
                self.push(
                    Finding::new(Kind::IndicatorNotOwed {
                        code: ind.code.clone(),
                        unit: (unit.as_deref().and_then(|u| plan.unit(u)).map_or("", |u| u.name.as_str())).to_string(),
                    })
                    .at(SHEET_INDICATORS, value_at),
                );
                continue;
            }
            if let Cell::NoValue(f) = cell {
                self.formula_without_value(SHEET_INDICATORS, row, value_col, f);
                continue;
            }
            let seen_text = clip(&cell.display());
            let value = if ind.kind == IndicatorKind::YesNo {
                let v = yes_no(cell);
                if v.is_none() {
                    self.push(
                        Finding::new(Kind::ValueNotYesno { code: ind.code.clone(), value: seen_text.clone() })
                            .at(SHEET_INDICATORS, value_at.clone()),
                    );
                }
                v
            } else {
                self.indicator_number(sheet, row, value_col, cell, reading, ind)
            };
            if let Some(value) = value {
                values.push(IndicatorValue {
                    code: ind.code.clone(),
                    value,
                    cell: format!("{SHEET_INDICATORS}!{value_at}"),
                    note: text_of(note_col.and_then(|c| sheet.get(row, c))),
                });
            }
        }
        if let Some(u) = unit.as_deref() {
            for ind in plan.owed_indicators(u) {
                if !seen.contains_key(&ind.code) && due(ind) {
                    self.push(
                        Finding::new(Kind::IndicatorMissing { code: ind.code.clone() }).on_sheet(SHEET_INDICATORS),
                    );
                }
            }
        }
        self.rules(&values);
        values
    }

    /// A numeric indicator's figure as read from its cell, or `None` once the reason it cannot
    /// be taken is reported at the cell: a percent, an ambiguous or English-format text, a
    /// placeholder, not a number, a negative figure, or a fraction of a count.
    fn indicator_number(
        &mut self,
        sheet: &RawSheet,
        row: u32,
        value_col: u32,
        cell: &Cell,
        reading: Option<NumberText>,
        ind: &Indicator,
    ) -> Option<f64> {
        let value_at = cell_name(row, value_col);
        let seen_text = clip(&cell.display());
        let percent_cell = matches!(cell, Cell::Number(_)) && sheet.percent.contains(&(row, value_col));
        let number = match (cell, reading) {
            (Cell::Number(n), _) if percent_cell => {
                let shown = format!("{}%", vi_number(n * 100.0));
                self.push(
                    Finding::new(Kind::ValuePercent {
                        code: ind.code.clone(),
                        value: shown,
                        measure: ind.measure.clone(),
                    })
                    .at(SHEET_INDICATORS, value_at.clone()),
                );
                None
            }
            (Cell::Number(n), _) => Some(*n),
            (_, Some(NumberText::Value(v))) => Some(v),
            (_, Some(NumberText::English(v))) => {
                self.push(
                    Finding::new(Kind::ValueEnglishFormat {
                        code: ind.code.clone(),
                        value: seen_text.clone(),
                        reading: v,
                        vietnamese: vi_number(v),
                    })
                    .at(SHEET_INDICATORS, value_at.clone()),
                );
                Some(v)
            }
            (_, Some(NumberText::Ambiguous { vietnamese, english })) => {
                self.push(
                    Finding::new(Kind::ValueAmbiguous {
                        code: ind.code.clone(),
                        value: seen_text.clone(),
                        vietnamese: vi_number(vietnamese),
                        english: vi_number(english),
                        english_plain: english,
                    })
                    .at(SHEET_INDICATORS, value_at.clone()),
                );
                None
            }
            (_, Some(NumberText::Percent(_))) => {
                self.push(
                    Finding::new(Kind::ValuePercent {
                        code: ind.code.clone(),
                        value: seen_text.clone(),
                        measure: ind.measure.clone(),
                    })
                    .at(SHEET_INDICATORS, value_at.clone()),
                );
                None
            }
            (_, Some(NumberText::Placeholder)) => {
                self.push(
                    Finding::new(Kind::ValuePlaceholder { code: ind.code.clone(), value: seen_text.clone() })
                        .at(SHEET_INDICATORS, value_at.clone()),
                );
                None
            }
            _ => {
                self.push(
                    Finding::new(Kind::ValueNotNumber { code: ind.code.clone(), value: seen_text.clone() })
                        .at(SHEET_INDICATORS, value_at.clone()),
                );
                None
            }
        };
        match number {
            Some(v) if v < 0.0 => {
                self.push(
                    Finding::new(Kind::ValueNegative { code: ind.code.clone(), value: seen_text.clone() })
                        .at(SHEET_INDICATORS, value_at.clone()),
                );
                None
            }
            Some(v) if ind.kind == IndicatorKind::Count && v.fract() != 0.0 => {
                self.push(
                    Finding::new(Kind::ValueNotWhole {
                        code: ind.code.clone(),
                        value: seen_text.clone(),
                        measure: ind.measure.clone(),
                    })
                    .at(SHEET_INDICATORS, value_at.clone()),
                );
                None
            }
            other => other,
        }
    }

    /// Every plan rule whose two sides were both entered.
    fn rules(&mut self, values: &[IndicatorValue]) {
        for rule in &self.plan.rules {
            let left = values.iter().find(|v| v.code == rule.left);
            let right = values.iter().find(|v| v.code == rule.right);
            let (Some(l), Some(r)) = (left, right) else { continue };
            if rule.op.holds(l.value, r.value) {
                continue;
            }
            let cell = l.cell.split_once('!').map_or(l.cell.as_str(), |(_, c)| c);
            let kind = Kind::RuleFailed {
                severity: rule.severity,
                left_cell: l.cell.clone(),
                left: rule.left.clone(),
                left_value: l.value,
                op: rule.op.symbol().into(),
                op_words: Localized::new(rule.op.words(Lang::Vi), rule.op.words(Lang::En)),
                right_cell: r.cell.clone(),
                right: rule.right.clone(),
                right_value: r.value,
                rule: Localized::new(rule.message(Lang::Vi), rule.message(Lang::En)),
                rule_id: rule.id.clone(),
            };
            self.findings.push(Finding::new(kind).at(SHEET_INDICATORS, cell));
        }
    }

    // -----------------------------------------------------------------------------------------
    // Kiến nghị, Mô hình (free rows)
    // -----------------------------------------------------------------------------------------

    fn recommendations(&mut self, sheet: &RawSheet) -> Vec<Recommendation> {
        let Some(table) = locate(sheet, RECOMMENDATION_COLUMNS) else {
            self.optional_header_missing(
                SHEET_RECOMMENDATIONS,
                "STT | Nội dung kiến nghị, đề xuất | Cơ quan tiếp nhận",
            );
            return Vec::new();
        };
        let text_col = table.col("text");
        let to_col = table.col("addressee");
        table_rows(sheet, &table)
            .into_iter()
            .filter_map(|row| {
                let text = text_of(text_col.and_then(|c| sheet.get(row, c)));
                let addressee = text_of(to_col.and_then(|c| sheet.get(row, c)));
                (!text.is_empty()).then_some(Recommendation { text, addressee })
            })
            .collect()
    }

    fn models(&mut self, sheet: &RawSheet) -> Vec<Model> {
        let Some(table) = locate(sheet, MODEL_COLUMNS) else {
            self.optional_header_missing(SHEET_MODELS, "STT | Tên mô hình | Lĩnh vực | Kết quả, hiệu quả");
            return Vec::new();
        };
        let get = |row: u32, key: &str| text_of(table.col(key).and_then(|c| sheet.get(row, c)));
        table_rows(sheet, &table)
            .into_iter()
            .filter_map(|row| {
                let name = get(row, "name");
                (!name.is_empty()).then(|| Model { name, field: get(row, "field"), result: get(row, "result") })
            })
            .collect()
    }

    fn optional_header_missing(&mut self, sheet: &str, columns: &str) {
        // An optional sheet left with only a title is not worth an error, but its rows are not
        // read: say so.
        self.push(
            Finding::new(Kind::HeaderNotFound {
                severity: Severity::Warning,
                columns: columns.to_string(),
                rows: u64::from(HEADER_ROWS),
            })
            .on_sheet(sheet),
        );
    }
}

/// The period a clerk typed, also when the year is written with it: "6 tháng năm 2024" is
/// "6 tháng", "Năm 2024" is "Năm".
fn find_period<'p>(plan: &'p Plan, typed: &str) -> Option<&'p crate::plan::Period> {
    if let Some(p) = plan.find_period(typed) {
        return Some(p);
    }
    let folded = fold(typed);
    let without_year: Vec<&str> =
        folded.split(' ').filter(|w| !(w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))).collect();
    let without_year = without_year.join(" ");
    plan.find_period(&without_year).or_else(|| {
        let head = without_year.strip_suffix(" năm").or_else(|| without_year.strip_suffix(" nam"))?;
        plan.find_period(head)
    })
}

/// Text that cannot be a code: words with spaces ("Người lập biểu", "I. Nhiệm vụ 1").
fn is_prose(s: &str) -> bool {
    s.trim().contains(char::is_whitespace)
}

/// Whether a sheet called `name` is the sheet whose folded name is `key`: the same name, or an
/// Excel copy of it, "Chỉ tiêu (2)".
fn sheet_matches(name: &str, key: &str) -> bool {
    let folded = fold(name);
    if folded == key {
        return true;
    }
    folded
        .strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(" ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The canonical name of a sheet the reader knows, or the file's own name.
fn canonical_sheet(name: &str) -> String {
    let key = fold(name);
    [SHEET_INFO, SHEET_TASKS, SHEET_INDICATORS, SHEET_RECOMMENDATIONS, SHEET_MODELS]
        .into_iter()
        .find(|s| fold(s) == key)
        .map_or_else(|| name.to_string(), str::to_string)
}

/// The nearest units for an unknown code: by code, then by name.
fn suggest(plan: &Plan, typed: &str) -> String {
    let key = fold(typed);
    let mut near: Vec<&Unit> =
        plan.units.iter().filter(|u| fold(&u.code).starts_with(&key) || key.starts_with(&fold(&u.code))).collect();
    if near.is_empty()
        && let UnitMatch::Unknown { suggestions } = plan.find_unit_by_name(typed)
    {
        near = suggestions;
    }
    near.truncate(3);
    unit_list(&near)
}

fn unit_list(units: &[&Unit]) -> String {
    if units.is_empty() {
        return "—".to_string();
    }
    units.iter().map(|u| format!("{} ({})", u.name, u.code)).collect::<Vec<_>>().join(", ")
}

/// Long cell text shortened for a message.
fn clip(s: &str) -> String {
    const MAX: usize = 80;
    let s = s.trim();
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let mut out: String = s.chars().take(MAX).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[(u32, u32, &str)]) -> RawSheet {
        let mut s = RawSheet::default();
        for (r, c, t) in cells {
            s.cells.insert((*r, *c), Cell::Text((*t).to_string()));
        }
        s
    }

    #[test]
    fn the_header_row_is_found_under_titles_in_any_column_order() {
        let s = sheet(&[
            (0, 0, "BÁO CÁO CHỈ TIÊU"),
            (3, 1, "Số liệu (6 tháng)"),
            (3, 2, "MÃ"),
            (3, 3, "Ghi chú"),
            (3, 0, "Chỉ tiêu"),
        ]);
        let t = locate(&s, INDICATOR_COLUMNS).unwrap();
        assert_eq!(t.header_row, 3);
        assert_eq!((t.col("code"), t.col("value"), t.col("name"), t.col("note")), (Some(2), Some(1), Some(0), Some(3)));
        assert!(locate(&sheet(&[(20, 0, "Mã"), (20, 1, "Số liệu")]), INDICATOR_COLUMNS).is_none());
    }

    fn builtin() -> Plan {
        crate::plan::load(Some(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/plan.toml")))).unwrap()
    }

    fn text(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }

    fn date(d: u32, m: u32, y: i32) -> Cell {
        Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    /// A 6-month report of `unit` for `year`, dated `dated`, with a title row above each table
    /// and the given indicator rows (from row 4 of "Chỉ tiêu": D4, D5 …).
    fn raw(unit: &str, year: i32, dated: Cell, rows: &[(&str, Cell)]) -> RawReport {
        let mut info = sheet(&[(0, 0, "Mã đơn vị"), (0, 1, unit), (1, 0, "Kỳ báo cáo"), (1, 1, "6 tháng")]);
        info.name = SHEET_INFO.into();
        info.cells.insert((2, 0), text("Năm"));
        info.cells.insert((2, 1), Cell::Number(f64::from(year)));
        info.cells.insert((3, 0), text("Ngày báo cáo"));
        info.cells.insert((3, 1), dated);
        let mut tasks = sheet(&[
            (0, 0, "NHIỆM VỤ"),
            (2, 0, "Mã"),
            (2, 1, "Nhiệm vụ"),
            (2, 2, "Tình trạng"),
            (2, 3, "Kết quả thực hiện"),
        ]);
        tasks.name = SHEET_TASKS.into();
        for i in 1..=9u32 {
            tasks.cells.insert((2 + i, 0), text(&format!("NV{i}")));
            tasks.cells.insert((2 + i, 2), text("Đang thực hiện"));
            tasks.cells.insert((2 + i, 3), text("Đã triển khai."));
        }
        let mut indicators = sheet(&[
            (0, 0, "BÁO CÁO CHỈ TIÊU"),
            (2, 0, "Mã"),
            (2, 1, "Chỉ tiêu"),
            (2, 3, "Số liệu"),
            (2, 4, "Ghi chú"),
        ]);
        indicators.name = SHEET_INDICATORS.into();
        for (i, (code, cell)) in rows.iter().enumerate() {
            indicators.cells.insert((3 + i as u32, 0), text(code));
            indicators.cells.insert((3 + i as u32, 3), cell.clone());
        }
        RawReport {
            format: Some(crate::report::Format::Xlsx),
            sheets: vec![info, tasks, indicators],
            findings: Vec::new(),
        }
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 20).unwrap()
    }

    /// The findings at cells of "Chỉ tiêu" (blank and missing rows of the others aside).
    fn at_cells(checked: &CheckedFile, sheet_name: &str) -> Vec<(&'static str, String)> {
        checked
            .findings
            .iter()
            .filter(|f| f.sheet.as_deref() == Some(sheet_name) && f.cell.is_some())
            .map(|f| (f.code(), f.cell.clone().unwrap_or_default()))
            .collect()
    }

    /// The table "Số liệu gõ thành chữ" of docs/report-format.md at the level of findings:
    /// each typed figure in a due count (`TCD_LUOT`), a not-due count (`KIEMTRA`) and an amount
    /// (`KINHPHI`), with the value read or the finding at the cell.
    #[test]
    fn figures_typed_as_text_follow_the_documented_table() {
        type Row<'a> = (&'a str, Result<f64, &'a str>, Result<Option<f64>, &'a str>);
        let plan = builtin();
        // (typed, due count, not-due count): the value read, or the finding's code.
        let rows: &[Row] = &[
            ("1.234", Ok(1234.0), Ok(Some(1234.0))),
            ("1 234", Ok(1234.0), Ok(Some(1234.0))),
            ("\u{a0}45\u{200b}", Ok(45.0), Ok(Some(45.0))),
            ("1,250", Err("value-ambiguous"), Err("value-ambiguous")),
            ("1,234,567", Ok(1_234_567.0), Ok(Some(1_234_567.0))),
            ("85%", Err("value-percent"), Err("value-percent")),
            ("(12)", Err("value-negative"), Err("value-negative")),
            ("12,5", Err("value-not-whole"), Err("value-not-whole")),
            ("0.500", Err("value-not-whole"), Err("value-not-whole")),
            ("-", Err("value-placeholder"), Ok(None)),
            ("–", Err("value-placeholder"), Ok(None)),
            ("—", Err("value-placeholder"), Ok(None)),
            ("x", Err("value-placeholder"), Ok(None)),
            ("không", Err("value-placeholder"), Ok(None)),
            ("mười", Err("value-not-number"), Err("value-not-number")),
        ];
        for (typed, due, not_due) in rows {
            let checked = validate(
                &plan,
                &raw("HTH", 2024, date(3, 6, 2024), &[("TCD_LUOT", text(typed)), ("KIEMTRA", text(typed))]),
                as_of(),
            );
            let findings = at_cells(&checked, SHEET_INDICATORS);
            let code_at = |cell: &str| findings.iter().find(|(_, c)| c == cell).map(|(code, _)| *code);
            let value = |code: &str| checked.report.value(code).map(|v| v.value);
            match due {
                Ok(v) => assert_eq!(
                    (value("TCD_LUOT"), code_at("D4").filter(|c| *c != "value-english-format")),
                    (Some(*v), None),
                    "{typed:?}"
                ),
                Err(code) => assert_eq!((value("TCD_LUOT"), code_at("D4")), (None, Some(*code)), "{typed:?}"),
            }
            match not_due {
                Ok(v) => assert_eq!(
                    (value("KIEMTRA"), code_at("D5").filter(|c| *c != "value-english-format")),
                    (*v, None),
                    "{typed:?}"
                ),
                Err(code) => assert_eq!((value("KIEMTRA"), code_at("D5")), (None, Some(*code)), "{typed:?}"),
            }
        }
        // English thousands with one reading: read, with a warning naming the reading.
        let checked = validate(&plan, &raw("HTH", 2024, date(3, 6, 2024), &[("TCD_LUOT", text("1,234,567"))]), as_of());
        assert_eq!(at_cells(&checked, SHEET_INDICATORS), [("value-english-format", "D4".to_string())]);
        // An amount: decimals are fine, English thousands are not guessed, "%" is an error.
        for (typed, want) in [
            ("12,5", Ok(12.5)),
            ("1.234,5", Ok(1234.5)),
            ("1,250", Err("value-ambiguous")),
            ("85,3%", Err("value-percent")),
        ] {
            let checked = validate(&plan, &raw("STC", 2024, date(3, 6, 2024), &[("KINHPHI", text(typed))]), as_of());
            let got = match at_cells(&checked, SHEET_INDICATORS).first() {
                Some((code, cell)) if cell == "D4" => Err(*code),
                _ => checked.report.value("KINHPHI").map(|v| v.value).ok_or("none"),
            };
            assert_eq!(got, want, "{typed:?}");
        }
    }

    // A percent-formatted 0.85 in a count ("85%" on screen) was read as a fraction.
    #[test]
    fn a_percent_formatted_number_in_a_count_is_an_error() {
        let plan = builtin();
        let mut report =
            raw("HTH", 2024, date(3, 6, 2024), &[("KS_HAILONG", Cell::Number(0.85)), ("TCD_LUOT", Cell::Number(12.0))]);
        report.sheets[2].percent.insert((3, 3));
        let checked = validate(&plan, &report, as_of());
        assert_eq!(at_cells(&checked, SHEET_INDICATORS), [("value-percent", "D4".to_string())]);
        let f = checked.findings.iter().find(|f| f.code() == "value-percent").unwrap();
        assert!(f.message(Lang::Vi).contains("\"85%\""), "{}", f.message(Lang::Vi));
        assert_eq!(checked.report.value("TCD_LUOT").map(|v| v.value), Some(12.0));
    }

    // A figure merged over two indicators' rows was read for the first and "blank" for the other.
    #[test]
    fn a_figure_merged_across_two_indicators_is_an_error_at_each() {
        let plan = builtin();
        let mut report = raw(
            "HTH",
            2024,
            date(3, 6, 2024),
            &[("TCD_LUOT", Cell::Number(12.0)), ("TCD_NGUOI", Cell::Number(30.0)), ("DOITHOAI", Cell::Number(2.0))],
        );
        // D4:D5 merged; the stale 30 under the merge is not what Excel shows.
        report.sheets[2].merged.push((3, 3, 4, 3));
        // A merge across columns of one row (D6:E6) is fine: its value is its first cell's.
        report.sheets[2].merged.push((5, 3, 5, 4));
        report.sheets[2].cells.insert((5, 4), text("ghost"));
        let checked = validate(&plan, &report, as_of());
        assert_eq!(
            at_cells(&checked, SHEET_INDICATORS),
            [("value-merged", "D4".to_string()), ("value-merged", "D5".to_string())]
        );
        let f = checked.findings.iter().find(|f| f.code() == "value-merged").unwrap();
        assert!(f.message(Lang::Vi).contains("D4:D5"), "{}", f.message(Lang::Vi));
        assert_eq!(checked.report.value("DOITHOAI").map(|v| (v.value, v.note.as_str())), Some((2.0, "")));
    }

    // The title "KIẾN NGHỊ, ĐỀ XUẤT" above the table was taken for the header row.
    #[test]
    fn a_title_that_reads_like_one_header_is_not_the_header_row() {
        let s = sheet(&[
            (0, 0, "KIẾN NGHỊ, ĐỀ XUẤT"),
            (2, 0, "STT"),
            (2, 1, "Nội dung kiến nghị, đề xuất"),
            (2, 2, "Cơ quan tiếp nhận"),
            (3, 0, "1"),
            (3, 1, "Đề nghị tăng kinh phí."),
        ]);
        let t = locate(&s, RECOMMENDATION_COLUMNS).unwrap();
        assert_eq!((t.header_row, t.col("text")), (2, Some(1)));
        // The required column alone (a title, or a one-column table) is not a header row.
        assert!(locate(&sheet(&[(0, 0, "Kiến nghị")]), RECOMMENDATION_COLUMNS).is_none());
        // Of two candidate rows the one with more of the contract's columns wins.
        let s = sheet(&[
            (0, 0, "Mã"),
            (0, 1, "Số liệu"),
            (1, 0, "Mã"),
            (1, 1, "Chỉ tiêu"),
            (1, 2, "Số liệu"),
            (1, 3, "Ghi chú"),
        ]);
        assert_eq!(locate(&s, INDICATOR_COLUMNS).map(|t| t.header_row), Some(1));
    }

    #[test]
    fn of_two_matching_sheets_the_visible_one_is_read_and_both_are_named() {
        let plan = builtin();
        let mut report = raw("HTH", 2024, date(3, 6, 2024), &[("TCD_LUOT", Cell::Number(350.0))]);
        let mut copy = report.sheets[2].clone();
        copy.name = "Chỉ tiêu (2)".into();
        copy.cells.insert((3, 3), Cell::Number(420.0));
        copy.cells.insert((4, 0), text("TCD_NGUOI"));
        copy.cells.insert((4, 3), text("mười"));
        report.sheets[2].hidden = true;
        report.sheets.push(copy);
        let checked = validate(&plan, &report, as_of());
        assert_eq!(checked.report.value("TCD_LUOT").map(|v| v.value), Some(420.0));
        let dup = checked.findings.iter().find(|f| f.code() == "sheet-duplicate").unwrap();
        assert_eq!(dup.sheet.as_deref(), Some("Chỉ tiêu (2)"));
        // Findings name the sheet the clerk will open.
        assert_eq!(at_cells(&checked, "Chỉ tiêu (2)"), [("value-not-number", "D5".to_string())]);
        // Both visible: the one named exactly.
        report.sheets[2].hidden = false;
        let checked = validate(&plan, &report, as_of());
        assert_eq!(checked.report.value("TCD_LUOT").map(|v| v.value), Some(350.0));
        assert!(checked.findings.iter().any(|f| f.code() == "sheet-duplicate"));
    }

    #[test]
    fn the_reports_own_dates_agree_or_a_finding_names_the_mistake() {
        let plan = builtin();
        let codes = |year: i32, dated: Cell| -> Vec<(&'static str, String)> {
            let checked = validate(&plan, &raw("HTH", year, dated, &[]), as_of());
            at_cells(&checked, SHEET_INFO)
        };
        let at = |code: &'static str| vec![(code, "B4".to_string())];
        assert_eq!(codes(2024, date(3, 6, 2024)), []);
        assert_eq!(codes(2024, date(29, 5, 2023)), at("date-before-period"));
        // A year cell left at last year's is shown at the year cell (B3), not the date (B4).
        assert_eq!(codes(2023, date(3, 6, 2024)), vec![("report-other-year", "B3".to_string())]);
        assert_eq!(codes(2024, date(10, 6, 2024)), at("report-late"));
        // Late by more than a month (checked on 20/07), though 7 June would fit: late, not
        // "swapped".
        let late =
            validate(&plan, &raw("HTH", 2024, date(6, 7, 2024), &[]), NaiveDate::from_ymd_opt(2024, 7, 20).unwrap());
        assert_eq!(at_cells(&late, SHEET_INFO), at("report-late"));
        // In the future: one finding, not also "late".
        assert_eq!(codes(2024, date(25, 6, 2024)), at("date-future"));
        // 6 February for a report due 4 June: only 2 June fits (a date cell typed month first,
        // or text typed that way).
        assert_eq!(codes(2024, date(6, 2, 2024)), at("date-swapped"));
        assert_eq!(codes(2024, text("06/02/2024")), at("date-swapped"));
        // A yearly report dated 11/05 for the end-of-October deadline: only 05/11 fits. As of
        // 10/11/2024 the date read, 11 May, is in the past: a warning.
        let mut yearly = raw("HTH", 2024, date(11, 5, 2024), &[]);
        yearly.sheets[0].cells.insert((1, 1), text("Năm"));
        let checked = validate(&plan, &yearly, NaiveDate::from_ymd_opt(2024, 11, 10).unwrap());
        let swapped = checked.findings.iter().find(|f| f.code() == "date-swapped").expect("date-swapped");
        assert_eq!(swapped.severity, Severity::Warning);
        assert!(swapped.message(Lang::Vi).contains("05/11/2024"), "{}", swapped.message(Lang::Vi));
        // A date in the future that fits swapped: one finding, an error, the swap (not also
        // "date-future").
        let checked =
            validate(&plan, &raw("HTH", 2024, date(5, 6, 2024), &[]), NaiveDate::from_ymd_opt(2024, 6, 4).unwrap());
        assert_eq!(at_cells(&checked, SHEET_INFO), [("date-swapped", "B4".to_string())]);
        assert!(checked.findings.iter().any(|f| f.code() == "date-swapped" && f.severity == Severity::Error));
    }

    #[test]
    fn a_bare_place_name_shared_by_a_city_and_a_district_is_never_guessed() {
        let plan = builtin();
        let mut report = raw("HTH", 2024, date(3, 6, 2024), &[]);
        report.sheets[0].cells.insert((0, 0), text("Tên đơn vị"));
        report.sheets[0].cells.insert((0, 1), text("UBND Cao Lãnh"));
        let checked = validate(&plan, &report, as_of());
        let f = checked.findings.iter().find(|f| f.code() == "unit-ambiguous").expect("unit-ambiguous");
        let message = f.message(Lang::Vi);
        assert!(message.contains("(TPCL)") && message.contains("(HCL)"), "{message}");
        assert_eq!(checked.header.unit, None);
    }

    #[test]
    fn periods_are_found_with_their_year_written_in() {
        let plan =
            crate::plan::load(Some(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/plan.toml")))).unwrap();
        for (typed, id) in
            [("6 tháng năm 2024", "6-thang"), ("Năm 2024", "nam"), ("6 THÁNG", "6-thang"), ("nam", "nam")]
        {
            assert_eq!(find_period(&plan, typed).map(|p| p.id.as_str()), Some(id), "{typed}");
        }
        assert!(find_period(&plan, "Quý 3").is_none());
    }

    #[test]
    fn yes_no_and_numbers() {
        assert_eq!(yes_no(&Cell::Text("Không".into())), Some(0.0));
        assert_eq!(yes_no(&Cell::Text(" CÓ ".into())), Some(1.0));
        assert_eq!(yes_no(&Cell::Bool(true)), Some(1.0));
        assert_eq!(yes_no(&Cell::Number(2.0)), None);
        assert_eq!(
            (vi_number(1250.0), vi_number(1.25), vi_number(-1_234_567.5)),
            ("1.250".into(), "1,25".into(), "-1.234.567,5".into())
        );
        assert_eq!(date_of(&Cell::Number(45447.0)), NaiveDate::from_ymd_opt(2024, 6, 4));
    }
}
