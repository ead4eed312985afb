//! Checking a report against the plan. Pure: takes what `report.rs` read from a file and the
//! plan, returns the checked report and its findings. Never touches the file system.
//!
//! The public types here are the contract with consolidation: a [`CheckedFile`] is everything
//! consolidation knows about one input file.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use chrono::{Datelike, Duration, NaiveDate};

use crate::commands::dmy;
use crate::findings::{Finding, Severity, cell_name};
use crate::messages::Lang;
use crate::plan::{Indicator, Kind, Plan, StatusMeaning, Unit, UnitMatch};
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

/// Puts the plan's own rule text in `lang` into `rule-failed` findings: the checks store the
/// Vietnamese text, and a plan may give an English one. Call before printing in English.
pub fn localize(plan: &Plan, findings: &mut [Finding], lang: Lang) {
    for f in findings.iter_mut().filter(|f| f.code == "rule-failed") {
        let Some(id) = f.args.iter().find(|(k, _)| *k == "rule_id").map(|(_, v)| v.clone()) else { continue };
        let Some(rule) = plan.rules.iter().find(|r| r.id == id) else { continue };
        if let Some(slot) = f.args.iter_mut().find(|(k, _)| *k == "rule") {
            slot.1 = rule.message(lang).to_string();
        }
    }
}

/// Canonical sheet names: findings name sheets this way, whatever the file's spelling.
pub const SHEET_INFO: &str = "Thông tin";
pub const SHEET_TASKS: &str = "Nhiệm vụ";
pub const SHEET_INDICATORS: &str = "Chỉ tiêu";
pub const SHEET_RECOMMENDATIONS: &str = "Kiến nghị";
pub const SHEET_MODELS: &str = "Mô hình";
/// The status sheet of baocao's own consolidated workbook.
pub const SHEET_CONSOLIDATED: &str = "Tình hình nộp";

/// Rows searched for a table's header row.
const HEADER_ROWS: u32 = 15;

/// Checks what was read from a file against the plan, as of `as_of` (for lateness and dates in
/// the future). Pure: the path and modification time are filled in by
/// [`crate::report::check_file`].
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

/// A table sheet's columns: a key, the header texts accepted for it (folded; a header may also
/// start with one of them, "Số liệu (6 tháng)"), and whether the table needs it.
struct Column {
    key: &'static str,
    labels: &'static [&'static str],
    required: bool,
}

const fn col(key: &'static str, labels: &'static [&'static str], required: bool) -> Column {
    Column { key, labels, required }
}

const TASK_COLUMNS: &[Column] = &[
    col("code", &["mã", "mã số", "mã nhiệm vụ", "ma"], true),
    col("title", &["nhiệm vụ", "nội dung nhiệm vụ", "nội dung"], false),
    col("status", &["tình trạng", "tình trạng thực hiện", "trạng thái"], true),
    col("result", &["kết quả thực hiện", "kết quả"], true),
    col("limits", &["hạn chế, khó khăn", "hạn chế", "khó khăn", "tồn tại, hạn chế"], false),
];

const INDICATOR_COLUMNS: &[Column] = &[
    col("code", &["mã", "mã số", "mã chỉ tiêu", "ma"], true),
    col("name", &["chỉ tiêu", "tên chỉ tiêu", "nội dung"], false),
    col("measure", &["đơn vị tính", "đvt"], false),
    col("value", &["số liệu", "giá trị", "kết quả", "số lượng"], true),
    col("note", &["ghi chú"], false),
];

const RECOMMENDATION_COLUMNS: &[Column] = &[
    col("stt", &["stt", "số thứ tự", "tt"], false),
    col(
        "text",
        &["nội dung kiến nghị, đề xuất", "nội dung kiến nghị", "kiến nghị, đề xuất", "kiến nghị", "nội dung"],
        true,
    ),
    col("addressee", &["cơ quan tiếp nhận", "nơi nhận", "cơ quan"], false),
];

const MODEL_COLUMNS: &[Column] = &[
    col("stt", &["stt", "số thứ tự", "tt"], false),
    col("name", &["tên mô hình", "mô hình"], true),
    col("field", &["lĩnh vực"], false),
    col("result", &["kết quả, hiệu quả", "kết quả", "hiệu quả"], false),
];

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
    let mut best: Option<Table> = None;
    for row in 0..HEADER_ROWS {
        let cells: Vec<(u32, String)> = sheet
            .cells
            .range((row, 0)..(row + 1, 0))
            .filter_map(|(&(_, c), v)| match v {
                Cell::Text(s) => Some((c, fold(s))),
                _ => None,
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        let mut found: Vec<(&'static str, u32)> = Vec::new();
        for column in columns {
            // Exact header text first, so "Mã" never takes the "Mã chỉ tiêu" column's place.
            let taken = |c: u32, found: &Vec<(&str, u32)>| found.iter().any(|(_, x)| *x == c);
            let exact = cells.iter().find(|(c, t)| !taken(*c, &found) && column.labels.iter().any(|l| fold(l) == *t));
            let loose = || {
                cells
                    .iter()
                    .find(|(c, t)| !taken(*c, &found) && column.labels.iter().any(|l| header_matches(t, &fold(l))))
            };
            if let Some((c, _)) = exact.or_else(loose) {
                found.push((column.key, *c));
            }
        }
        let has_required = columns.iter().filter(|c| c.required).all(|c| found.iter().any(|(k, _)| *k == c.key));
        if has_required && found.len() > required && best.as_ref().is_none_or(|b| found.len() > b.columns.len()) {
            best = Some(Table { header_row: row, columns: found });
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
                Finding::warning("sheet-duplicate")
                    .on_sheet(&chosen.name)
                    .arg("sheet", name)
                    .arg("chosen", &chosen.name)
                    .arg("ignored", ignored.join(", ")),
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
            self.push(Finding::error("file-consolidated"));
            return FileKind::Consolidated;
        }
        self.missing_sheet(SHEET_INFO, raw);
        FileKind::OtherSpreadsheet
    }

    fn missing_sheet(&mut self, name: &str, raw: &RawReport) {
        let have: Vec<String> = raw.sheets.iter().map(|s| format!("\"{}\"", s.name)).collect();
        let have = if have.is_empty() { "—".to_string() } else { have.join(", ") };
        self.push(Finding::error("sheet-missing").on_sheet(name).arg("sheet", name).arg("sheets", have));
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
                            Finding::warning("text-legacy-encoding")
                                .at(&canonical, at)
                                .arg("encoding", legacy.name())
                                .arg("value", clip(s))
                                .arg("converted", clip(&converted)),
                        );
                        *s = converted;
                    }
                    None => self.findings.push(
                        Finding::warning("text-legacy-unconverted")
                            .at(&canonical, at)
                            .arg("encoding", legacy.name())
                            .arg("value", clip(s)),
                    ),
                }
            }
        }
        sheets
    }

    fn formula_without_value(&mut self, sheet: &str, row: u32, col: u32, formula: &str) {
        self.push(Finding::error("formula-no-value").at(sheet, cell_name(row, col)).arg("formula", clip(formula)));
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
            if let Some((c, value)) = found {
                if c == label_col + offset {
                    fields.insert(key, (row, c, value));
                }
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
                    Finding::error("period-unknown")
                        .at(SHEET_INFO, cell_name(*r, *c))
                        .arg("value", clip(&typed))
                        .arg("known", known.join(", ")),
                );
                None
            }
        } else {
            self.info_missing("period-missing", place("period", &fields));
            None
        };
        let year = if let Some((r, c, cell)) = fields.get("year") {
            self.year(cell_name(*r, *c), cell)
        } else {
            self.info_missing("year-missing", place("year", &fields));
            None
        };
        self.header.period.clone_from(&period);
        self.header.year = year;

        self.unit(&fields, place("code", &fields), period.as_deref(), year);

        match fields.get("date") {
            Some((r, c, cell)) => self.report_date(*r, *c, cell, period.as_deref(), year),
            None => self.info_missing("date-missing", place("date", &fields)),
        }
        period.is_some() && year.is_some()
    }

    /// The report date: readable, not after today, and on time for the period's deadline.
    fn report_date(&mut self, row: u32, col: u32, cell: &Cell, period: Option<&str>, year: Option<i32>) {
        let at = cell_name(row, col);
        if let Cell::NoValue(f) = cell {
            self.formula_without_value(SHEET_INFO, row, col, f);
            return;
        }
        let Some(date) = date_of(cell) else {
            self.push(Finding::error("date-unreadable").at(SHEET_INFO, at).arg("value", clip(&text_of(Some(cell)))));
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
        if let (Some(swapped), Some(l), Some(y)) = (swapped, last, year) {
            if !fits(date) && fits(swapped) {
                let f =
                    if date > self.as_of { Finding::error("date-swapped") } else { Finding::warning("date-swapped") };
                self.push(
                    f.at(SHEET_INFO, at)
                        .arg("value", dmy(date))
                        .arg("swapped", dmy(swapped))
                        .arg("period", &period_name)
                        .arg("year", y)
                        .arg("last_day", dmy(l)),
                );
                return;
            }
        }
        if let (Some(s), Some(y)) = (start, year) {
            if date < s {
                self.push(
                    Finding::error("date-before-period")
                        .at(SHEET_INFO, at)
                        .arg("value", dmy(date))
                        .arg("period", &period_name)
                        .arg("year", y)
                        .arg("start", dmy(s)),
                );
                return;
            }
        }
        if date > self.as_of {
            // One finding: a date in the future is not also "late".
            self.push(
                Finding::error("date-future")
                    .at(SHEET_INFO, at.clone())
                    .arg("value", dmy(date))
                    .arg("today", dmy(self.as_of)),
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
                self.push(
                    Finding::warning("report-other-year")
                        .at(SHEET_INFO, at)
                        .arg("year", y)
                        .arg("period", &period_name)
                        .arg("value", dmy(date))
                        .arg("date_year", date.year())
                        .arg("date_last_day", dmy(date_last))
                        .arg("days", (date - last).num_days()),
                );
                return;
            }
            self.push(
                Finding::warning("report-late")
                    .at(SHEET_INFO, at)
                    .arg("value", dmy(date))
                    .arg("last_day", dmy(last))
                    .arg("days", (date - last).num_days()),
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
                Finding::error("year-invalid")
                    .at(SHEET_INFO, at)
                    .arg("value", clip(&text_of(Some(cell))))
                    .arg("years", self.plan.years_text()),
            );
            return None;
        };
        if year < self.plan.years.0 || year > self.plan.years.1 {
            self.push(
                Finding::error("year-outside-plan")
                    .at(SHEET_INFO, at)
                    .arg("value", year)
                    .arg("years", self.plan.years_text()),
            );
            return None;
        }
        Some(year)
    }

    fn info_missing(&mut self, code: &'static str, at: Option<String>) {
        let f = Finding::error(code);
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
                    Finding::error("unit-unknown-code")
                        .at(SHEET_INFO, at.clone())
                        .arg("value", clip(typed))
                        .arg("suggestions", suggest(plan, typed)),
                );
            }
        }
        let mut name_unit = None;
        if let Some((at, typed)) = &by_name {
            match plan.find_unit_by_name(typed) {
                UnitMatch::Found(u) => name_unit = Some(u),
                UnitMatch::Unknown { suggestions } => {
                    // A known code makes an unrecognised name only a warning: the code decides.
                    let list = unit_list(&suggestions);
                    let f = if code_unit.is_some() {
                        Finding::warning("unit-unknown-name")
                    } else {
                        Finding::error("unit-unknown-name")
                    };
                    self.push(f.at(SHEET_INFO, at.clone()).arg("value", clip(typed)).arg("suggestions", list));
                }
            }
        }
        let unit = match (code_unit, name_unit) {
            (Some(a), Some(b)) if a.code != b.code => {
                let (at, _) = by_name.as_ref().map_or((String::new(), String::new()), Clone::clone);
                self.push(
                    Finding::error("unit-mismatch")
                        .at(SHEET_INFO, at)
                        .arg("code", &a.code)
                        .arg("code_name", &a.name)
                        .arg("name", &b.name)
                        .arg("name_code", &b.code),
                );
                None
            }
            (Some(u), _) | (None, Some(u)) => Some(u),
            (None, None) => {
                if by_code.is_none() && by_name.is_none() {
                    self.info_missing("unit-missing", code_place);
                }
                None
            }
        };
        let Some(unit) = unit else { return };
        self.header.unit = Some(unit.code.clone());
        if let (Some(p), Some(y)) = (period, year) {
            if !plan.unit_expected(unit, p, y) {
                let at = by_code.or(by_name).map(|(at, _)| at).unwrap_or_default();
                let period_name = plan.period(p).map_or(p, |x| x.name.as_str());
                self.push(
                    Finding::error("unit-not-expected")
                        .at(SHEET_INFO, at)
                        .arg("unit", &unit.name)
                        .arg("period", period_name)
                        .arg("year", y),
                );
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Nhiệm vụ
    // -----------------------------------------------------------------------------------------

    fn tasks(&mut self, sheet: &RawSheet, period_known: bool) -> Vec<TaskEntry> {
        let plan = self.plan;
        let Some(table) = locate(sheet, TASK_COLUMNS) else {
            self.push(
                Finding::error("header-not-found")
                    .on_sheet(SHEET_TASKS)
                    .arg("columns", "Mã | Nhiệm vụ | Tình trạng | Kết quả thực hiện | Hạn chế, khó khăn")
                    .arg("rows", HEADER_ROWS),
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
                    self.push(Finding::error("task-code-missing").at(SHEET_TASKS, code_cell));
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
                    Finding::error("task-unknown")
                        .at(SHEET_TASKS, code_cell)
                        .arg("value", clip(&typed))
                        .arg("known", known.join(", ")),
                );
                continue;
            };
            if let Some(first) = seen.get(&task.code) {
                self.push(
                    Finding::error("task-duplicate")
                        .at(SHEET_TASKS, code_cell)
                        .arg("code", &task.code)
                        .arg("first", first),
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
                        Finding::error("status-missing")
                            .at(SHEET_TASKS, status_at)
                            .arg("code", &task.code)
                            .arg("allowed", allowed.join(", ")),
                    );
                }
            } else if let Some(status) = plan.status(&status_text) {
                entry.status = Some(status.label.clone());
                entry.meaning = Some(status.meaning);
                if status.requires_result && result.is_empty() {
                    self.push(
                        Finding::error("result-missing")
                            .at(SHEET_TASKS, cell_name(row, result_col))
                            .arg("code", &task.code)
                            .arg("status", &status.label),
                    );
                }
                if status.meaning == StatusMeaning::Done && !due(&task.code) {
                    let period_name = period.as_deref().and_then(|p| plan.period(p)).map_or("", |p| p.name.as_str());
                    self.push(
                        Finding::warning("done-not-due")
                            .at(SHEET_TASKS, status_at)
                            .arg("code", &task.code)
                            .arg("status", &status.label)
                            .arg("schedule", &task.schedule)
                            .arg("period", period_name),
                    );
                }
            } else {
                let allowed: Vec<String> = plan.statuses.iter().map(|s| format!("\"{}\"", s.label)).collect();
                self.push(
                    Finding::error("status-unknown")
                        .at(SHEET_TASKS, status_at)
                        .arg("value", clip(&status_text))
                        .arg("allowed", allowed.join(", ")),
                );
            }
            entries.push(entry);
        }
        for task in &plan.tasks {
            if !seen.contains_key(&task.code) && due(&task.code) {
                self.push(Finding::error("task-missing").on_sheet(SHEET_TASKS).arg("code", &task.code));
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
                Finding::error("header-not-found")
                    .on_sheet(SHEET_INDICATORS)
                    .arg("columns", "Mã | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú")
                    .arg("rows", HEADER_ROWS),
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
                    self.push(Finding::error("indicator-code-missing").at(SHEET_INDICATORS, code_at));
                }
                continue;
            }
            let Some(ind) = find_by_code(&plan.indicators, &typed, |i| &i.code) else {
                // A heading or a note under the table is not an indicator row.
                if is_prose(&typed) && value_cell.is_none() {
                    continue;
                }
                self.push(Finding::error("indicator-unknown").at(SHEET_INDICATORS, code_at).arg("value", clip(&typed)));
                continue;
            };
            if let Some(first) = seen.get(&ind.code) {
                self.push(
                    Finding::error("indicator-duplicate")
                        .at(SHEET_INDICATORS, code_at)
                        .arg("code", &ind.code)
                        .arg("first", first),
                );
                continue;
            }
            seen.insert(ind.code.clone(), code_at);
            let owed = unit.as_deref().is_none_or(|u| ind.is_owed_by(u));
            if let Kind::Rate { numerator, denominator } = &ind.kind {
                // The template shows rates as formulas for the clerk's own view: only a typed
                // figure deserves a word.
                if value_cell.is_some() && !sheet.formulas.contains(&(row, value_col)) {
                    self.push(
                        Finding::warning("rate-ignored")
                            .at(SHEET_INDICATORS, value_at)
                            .arg("code", &ind.code)
                            .arg("numerator", numerator)
                            .arg("denominator", denominator),
                    );
                }
                continue;
            }
            // A figure cell merged over several indicators' rows belongs to none of them.
            if let Some(range) = tall_merge(sheet, row, value_col) {
                self.push(
                    Finding::error("value-merged")
                        .at(SHEET_INDICATORS, value_at)
                        .arg("code", &ind.code)
                        .arg("range", range),
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
                    self.push(
                        Finding::warning("indicator-blank").at(SHEET_INDICATORS, value_at).arg("code", &ind.code),
                    );
                }
                continue;
            };
            if !owed {
                self.push(
                    Finding::warning("indicator-not-owed")
                        .at(SHEET_INDICATORS, value_at)
                        .arg("code", &ind.code)
                        .arg("unit", unit.as_deref().and_then(|u| plan.unit(u)).map_or("", |u| u.name.as_str())),
                );
                continue;
            }
            if let Cell::NoValue(f) = cell {
                self.formula_without_value(SHEET_INDICATORS, row, value_col, f);
                continue;
            }
            let seen_text = clip(&cell.display());
            let value = if ind.kind == Kind::YesNo {
                let v = yes_no(cell);
                if v.is_none() {
                    self.push(
                        Finding::error("value-not-yesno")
                            .at(SHEET_INDICATORS, value_at.clone())
                            .arg("code", &ind.code)
                            .arg("value", &seen_text),
                    );
                }
                v
            } else {
                let percent_cell = matches!(cell, Cell::Number(_)) && sheet.percent.contains(&(row, value_col));
                let number = match (cell, reading) {
                    (Cell::Number(n), _) if percent_cell => {
                        let shown = format!("{}%", vi_number(n * 100.0));
                        self.push(
                            Finding::error("value-percent")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", shown)
                                .arg("measure", &ind.measure),
                        );
                        None
                    }
                    (Cell::Number(n), _) => Some(*n),
                    (_, Some(NumberText::Value(v))) => Some(v),
                    (_, Some(NumberText::English(v))) => {
                        self.push(
                            Finding::warning("value-english-format")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", &seen_text)
                                .arg("reading", format_number(v))
                                .arg("vietnamese", vi_number(v)),
                        );
                        Some(v)
                    }
                    (_, Some(NumberText::Ambiguous { vietnamese, english })) => {
                        self.push(
                            Finding::error("value-ambiguous")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", &seen_text)
                                .arg("vietnamese", vi_number(vietnamese))
                                .arg("english", vi_number(english))
                                .arg("english_plain", format_number(english)),
                        );
                        None
                    }
                    (_, Some(NumberText::Percent(_))) => {
                        self.push(
                            Finding::error("value-percent")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", &seen_text)
                                .arg("measure", &ind.measure),
                        );
                        None
                    }
                    (_, Some(NumberText::Placeholder)) => {
                        self.push(
                            Finding::error("value-placeholder")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", &seen_text),
                        );
                        None
                    }
                    _ => {
                        self.push(
                            Finding::error("value-not-number")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", &seen_text),
                        );
                        None
                    }
                };
                match number {
                    Some(v) if v < 0.0 => {
                        self.push(
                            Finding::error("value-negative")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", &seen_text),
                        );
                        None
                    }
                    Some(v) if ind.kind == Kind::Count && v.fract() != 0.0 => {
                        self.push(
                            Finding::error("value-not-whole")
                                .at(SHEET_INDICATORS, value_at.clone())
                                .arg("code", &ind.code)
                                .arg("value", &seen_text)
                                .arg("measure", &ind.measure),
                        );
                        None
                    }
                    other => other,
                }
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
                    self.push(Finding::warning("indicator-missing").on_sheet(SHEET_INDICATORS).arg("code", &ind.code));
                }
            }
        }
        self.rules(&values);
        values
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
            let mut f = Finding::error("rule-failed");
            f.severity = rule.severity;
            let cell = l.cell.split_once('!').map_or(l.cell.as_str(), |(_, c)| c);
            self.findings.push(
                f.at(SHEET_INDICATORS, cell)
                    .arg("left_cell", &l.cell)
                    .arg("left", &rule.left)
                    .arg("left_value", format_number(l.value))
                    .arg("op", rule.op.symbol())
                    .arg("right_cell", &r.cell)
                    .arg("right", &rule.right)
                    .arg("right_value", format_number(r.value))
                    .arg("rule", rule.message(Lang::Vi))
                    .arg("rule_id", &rule.id),
            );
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
            Finding::warning("header-not-found").on_sheet(sheet).arg("columns", columns).arg("rows", HEADER_ROWS),
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

/// The "Thông tin" field a folded label names.
fn info_key(label: &str) -> Option<&'static str> {
    Some(match label {
        "mã đơn vị" | "mã đv" | "ma don vi" => "code",
        "tên đơn vị" | "đơn vị" | "đơn vị báo cáo" | "ten don vi" => "name",
        "kỳ báo cáo" | "kỳ" | "ky bao cao" => "period",
        "năm" | "năm báo cáo" | "nam" => "year",
        "số văn bản" | "số" | "số hiệu văn bản" => "doc_number",
        "ngày báo cáo" | "ngày" | "ngay bao cao" => "date",
        "người lập" | "người lập báo cáo" | "người báo cáo" => "author",
        "điện thoại" | "số điện thoại" | "đt" => "phone",
        "email" | "e-mail" | "thư điện tử" => "email",
        _ => return None,
    })
}

/// The nearest units for an unknown code: by code, then by name.
fn suggest(plan: &Plan, typed: &str) -> String {
    let key = fold(typed);
    let mut near: Vec<&Unit> =
        plan.units.iter().filter(|u| fold(&u.code).starts_with(&key) || key.starts_with(&fold(&u.code))).collect();
    if near.is_empty() {
        if let UnitMatch::Unknown { suggestions } = plan.find_unit_by_name(typed) {
            near = suggestions;
        }
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

    /// Every finding code the reader and the checks emit.
    fn emitted_codes() -> Vec<String> {
        let mut codes = Vec::new();
        for src in [include_str!("report.rs"), include_str!("validation.rs")] {
            for marker in ["Finding::error(\"", "Finding::warning(\""] {
                for part in src.split(marker).skip(1) {
                    let code = part.split('"').next().unwrap_or_default();
                    if !code.is_empty() && !code.contains('{') {
                        codes.push(code.to_string());
                    }
                }
            }
        }
        codes.sort();
        codes.dedup();
        codes
    }

    #[test]
    fn every_finding_code_has_a_message_and_is_documented() {
        let docs = include_str!("../docs/report-format.md");
        let codes = emitted_codes();
        assert!(codes.len() > 40, "{codes:?}");
        for code in codes {
            let text = crate::messages::render(&code, Lang::Vi, &[]);
            assert!(!text.starts_with(&format!("{code} (")), "no catalogue entry for {code}");
            assert!(docs.contains(&format!("| `{code}` |")), "{code} is not in docs/report-format.md");
        }
    }

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
