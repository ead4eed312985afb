//! Reading back a consolidated workbook written by `baocao consolidate`: a past cycle as typed
//! data ([`Cycle`]), for `consolidate --so-sanh` (the same period of the year before) and the
//! term's summary. At the input layer: it reads files through `report::read` (the only module
//! that touches calamine) and the workbook's own custom document properties with `zip` and
//! `quick-xml`; it never uses consolidation or the writer, only the names both sides share in
//! `contract` (sheets, headers, properties).
//!
//! What is read, and from where:
//! - identity (plan, period, year, the baocao version): the custom document properties
//!   `baocao-plan`, `baocao-plan-name`, `baocao-period`, `baocao-year`, `baocao-version`
//!   (docProps/custom.xml). A workbook without them is refused ([`ReadError`]);
//! - units, their status, days late and submission date: "Tình hình nộp";
//! - each unit's figures: "Dữ liệu" (one row per unit × indicator, the values as reported);
//! - province and group totals: "Chỉ tiêu", the stored results of its formulas, as printed and
//!   signed. They are not recomputed: a rate's total needs the parts of every unit, which only
//!   "Dữ liệu" holds, and the signed figure is the one last year's report quoted. Where a summed
//!   total differs from the sum of "Dữ liệu" (a figure edited by hand after consolidation), a
//!   `history-total-differs` warning says so at the cell, and the printed total is kept;
//! - task status counts and each unit's status per task: "Nhiệm vụ";
//! - recommendations and models with their unit: "Kiến nghị", "Mô hình" (a text longer than
//!   one cell continues on the rows below, numbered once, and is joined back).
//!
//! Columns are found by their header text ([`crate::contract`]), never by position.

use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use quick_xml::events::Event;

use crate::contract::{
    MODEL_HEADERS, OUT_DATA, OUT_DATA_HEADERS, OUT_LIST_HEADERS, OUT_MATRIX_UNIT, OUT_MODELS, OUT_NOT_DUE,
    OUT_RECOMMENDATIONS, OUT_TASK_BLANK, OUT_TASK_DUE, OUT_TASK_HEADERS, OUT_TASKS, OUT_TOTAL_HEADERS, OUT_TOTALS,
    OUT_UNIT_HEADERS, PROP_MARKER, PROP_PERIOD, PROP_PLAN, PROP_PLAN_NAME, PROP_VERSION, PROP_YEAR,
    RECOMMENDATION_HEADERS, SHEET_CONSOLIDATED, SHEET_INFO,
};
use crate::findings::{self, Finding, cell_name};
use crate::messages::{self, Lang};
use crate::plan::{Kind, Plan};
use crate::report::{Cell, RawReport, RawSheet};

/// The largest docProps/custom.xml read (baocao writes well under 2 KB).
const MAX_PROPERTIES_BYTES: u64 = 1 << 20;
/// Rows searched for a table's header row (baocao writes it in row 3).
const HEADER_SEARCH_ROWS: u32 = 12;

/// Which cycle a consolidated workbook holds, from its document properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The plan's number ("15/KH-UBND").
    pub plan_id: String,
    /// The plan's title.
    pub plan_name: String,
    /// The period id ("6-thang", "nam").
    pub period: String,
    pub year: i32,
    /// The baocao version that wrote the workbook ("0.1.0").
    pub version: String,
}

/// A unit's submission status as the workbook states it ("Tình trạng").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Submission {
    OnTime,
    Late,
    Missing,
    NotDue,
    Invalid,
}

impl Submission {
    const ALL: [Submission; 5] =
        [Submission::OnTime, Submission::Late, Submission::Missing, Submission::NotDue, Submission::Invalid];

    /// The stable JSON name, the same as consolidation's: `on_time`, `late`, `missing`,
    /// `not_due`, `invalid`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Submission::OnTime => "on_time",
            Submission::Late => "late",
            Submission::Missing => "missing",
            Submission::NotDue => "not_due",
            Submission::Invalid => "invalid",
        }
    }

    /// The status whose Vietnamese label (as the workbook writes it) is `label`.
    fn from_label(label: &str) -> Option<Submission> {
        Submission::ALL
            .into_iter()
            .find(|s| messages::t(&format!("consolidation-status-{}", s.id()), Lang::Vi) == label)
    }
}

/// One expected unit of the cycle, from "Tình hình nộp".
#[derive(Debug, Clone, PartialEq)]
pub struct CycleUnit {
    pub code: String,
    pub name: String,
    /// The group's id ("so-nganh"); the label as written when the plan has no group of it.
    pub group: String,
    /// `None` when the cell held a label baocao does not write (a `history-unknown-status`
    /// warning says which).
    pub status: Option<Submission>,
    /// Days after the last on-time day: for `late` the submission's lateness, for `missing` the
    /// days overdue at the consolidation date.
    pub days_late: Option<i64>,
    /// The submission date that was judged (received date, else the report date).
    pub submitted: Option<NaiveDate>,
    pub report_date: Option<NaiveDate>,
    pub doc_number: Option<String>,
}

/// One indicator's totals as printed on "Chỉ tiêu".
#[derive(Debug, Clone, PartialEq)]
pub struct CycleIndicator {
    pub code: String,
    /// False when the sheet says "chưa đến kỳ": no totals that period.
    pub due: bool,
    /// Province total; `None` when blank (nobody reported it, or a rate's denominator was 0).
    pub total: Option<f64>,
    /// Group id → subtotal, in the sheet's column order.
    pub by_group: Vec<(String, Option<f64>)>,
    pub reported_units: Option<usize>,
    pub expected_units: Option<usize>,
}

/// One task's status counts, and each counted unit's status, from "Nhiệm vụ".
#[derive(Debug, Clone, PartialEq)]
pub struct CycleTask {
    pub code: String,
    pub title: String,
    /// Whether the task was due that period.
    pub due: bool,
    /// Status label → number of counted reports giving it, in the sheet's column order.
    pub counts: Vec<(String, usize)>,
    /// Counted reports with no status for the task.
    pub blank: usize,
    /// Unit code → the status it gave (blank when none), for the counted reports.
    pub by_unit: BTreeMap<String, String>,
}

/// A recommendation ("Kiến nghị") with its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleRecommendation {
    pub unit: String,
    pub text: String,
    pub addressee: String,
}

/// A "Dân vận khéo" model ("Mô hình") with its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleModel {
    pub unit: String,
    pub name: String,
    pub field: String,
    pub result: String,
}

/// A past cycle read back from its consolidated workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle {
    pub path: PathBuf,
    pub identity: Identity,
    /// Expected units, in the workbook's order.
    pub units: Vec<CycleUnit>,
    /// (unit code, indicator code) → the figure the unit reported, from "Dữ liệu". Rates are
    /// never stored: a unit's rate comes from its parts ([`Cycle::figure`]).
    pub values: BTreeMap<(String, String), f64>,
    /// In the workbook's order.
    pub indicators: Vec<CycleIndicator>,
    pub tasks: Vec<CycleTask>,
    pub recommendations: Vec<CycleRecommendation>,
    pub models: Vec<CycleModel>,
    /// What was read two ways or not understood, at its cell (warnings).
    pub findings: Vec<Finding>,
}

impl Cycle {
    /// The unit of that code.
    #[must_use]
    pub fn unit(&self, code: &str) -> Option<&CycleUnit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The totals of an indicator.
    #[must_use]
    pub fn indicator(&self, code: &str) -> Option<&CycleIndicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The figure a unit reported for an indicator (not a rate), `None` when it reported none.
    #[must_use]
    pub fn value(&self, unit: &str, indicator: &str) -> Option<f64> {
        self.values.get(&(unit.to_string(), indicator.to_string())).copied()
    }

    /// The figure of the units `units` taken together for the indicator `code`: the sum of
    /// those that reported it (a yes/no counts the "Có"), `None` when none did; a rate is
    /// Σnumerator / Σdenominator × 100 over the units that reported both parts, `None` when
    /// no unit did or the denominators sum to 0. One unit is the case of a single code; a
    /// successor's previous figure is its predecessors'.
    #[must_use]
    pub fn figure(&self, plan: &Plan, units: &[&str], code: &str) -> Option<f64> {
        let kind = plan.indicator(code).map(|i| &i.kind);
        if let Some(Kind::Rate { numerator, denominator }) = kind {
            let mut parts: Option<(f64, f64)> = None;
            for unit in units {
                if let (Some(n), Some(d)) = (self.value(unit, numerator), self.value(unit, denominator)) {
                    let (sn, sd) = parts.unwrap_or((0.0, 0.0));
                    parts = Some((sn + n, sd + d));
                }
            }
            return parts.and_then(|(n, d)| (d != 0.0).then(|| n / d * 100.0));
        }
        units.iter().filter_map(|u| self.value(u, code)).fold(None, |sum, v| Some(sum.unwrap_or(0.0) + v))
    }
}

/// Why a workbook could not be read as a past cycle.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a readable spreadsheet at all: `reason` is the reader's own message.
    #[error("cannot read {}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    /// A unit's report (it has "Thông tin"), not a consolidated workbook.
    #[error("{} is a unit report", path.display())]
    UnitReport { path: PathBuf },
    /// A spreadsheet, but not one `baocao consolidate` wrote.
    #[error("{} is not a consolidated workbook", path.display())]
    NotConsolidated { path: PathBuf },
    /// Written by `baocao consolidate` before it recorded the cycle (or with the properties
    /// removed): which plan, period and year it holds cannot be told.
    #[error("{} has no cycle identity", path.display())]
    NoIdentity { path: PathBuf },
    /// A sheet of the consolidated workbook is gone.
    #[error("{} has no sheet {sheet}", path.display())]
    MissingSheet { path: PathBuf, sheet: &'static str },
    /// A sheet's header row lacks columns.
    #[error("{} sheet {sheet} lacks columns", path.display())]
    MissingColumns { path: PathBuf, sheet: &'static str, headers: Vec<String> },
}

impl ReadError {
    /// The message for a user, in `lang`: what the file is, and what to pass instead.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let show = |p: &Path| p.display().to_string();
        match self {
            ReadError::Unreadable { path, reason } => {
                messages::render("history-unreadable", lang, &[("path", show(path)), ("reason", reason.clone())])
            }
            ReadError::UnitReport { path } => messages::render("history-unit-report", lang, &[("path", show(path))]),
            ReadError::NotConsolidated { path } => {
                messages::render("history-not-consolidated", lang, &[("path", show(path))])
            }
            ReadError::NoIdentity { path } => messages::render("history-no-identity", lang, &[("path", show(path))]),
            ReadError::MissingSheet { path, sheet } => messages::render(
                "history-missing-sheet",
                lang,
                &[("path", show(path)), ("sheet", (*sheet).to_string())],
            ),
            ReadError::MissingColumns { path, sheet, headers } => messages::render(
                "history-missing-columns",
                lang,
                &[("path", show(path)), ("sheet", (*sheet).to_string()), ("headers", headers.join(", "))],
            ),
        }
    }
}

/// Reads the consolidated workbook at `path` as a past cycle of `plan` (the plan gives the
/// group ids of the group labels). Whether it is the cycle wanted (plan, period, year) is the
/// caller's to judge, from [`Cycle::identity`].
///
/// # Errors
/// The file cannot be read, is a unit report or another spreadsheet, was written without its
/// identity, or lacks a sheet or column this reading needs ([`ReadError`]).
pub fn read(plan: &Plan, path: &Path) -> Result<Cycle, ReadError> {
    let raw = crate::report::read(path);
    if raw.sheets.is_empty() {
        let reason = raw.findings.first().map(|f| f.message(Lang::Vi)).unwrap_or_default();
        return Err(ReadError::Unreadable { path: path.to_path_buf(), reason });
    }
    let properties = properties(path);
    let marked = properties.get(PROP_MARKER.0).is_some_and(|v| v == PROP_MARKER.1);
    if !marked && raw.sheet(SHEET_INFO).is_some() {
        return Err(ReadError::UnitReport { path: path.to_path_buf() });
    }
    if !marked && raw.sheet(SHEET_CONSOLIDATED).is_none() {
        return Err(ReadError::NotConsolidated { path: path.to_path_buf() });
    }
    let identity = identity(&properties).ok_or_else(|| ReadError::NoIdentity { path: path.to_path_buf() })?;
    let mut reader = Sheets { raw: &raw, path, findings: Vec::new() };
    let units = reader.units(plan)?;
    let values = reader.values()?;
    let indicators = reader.indicators(plan)?;
    let tasks = reader.tasks()?;
    let recommendations = reader.list(OUT_RECOMMENDATIONS, &RECOMMENDATION_HEADERS[1..])?;
    let models = reader.list(OUT_MODELS, &MODEL_HEADERS[1..])?;
    let mut cycle = Cycle {
        path: path.to_path_buf(),
        identity,
        units,
        values,
        indicators,
        tasks,
        recommendations: recommendations
            .into_iter()
            .map(|(unit, mut cells)| {
                let addressee = cells.pop().unwrap_or_default();
                CycleRecommendation { unit, text: cells.pop().unwrap_or_default(), addressee }
            })
            .collect(),
        models: models
            .into_iter()
            .map(|(unit, cells)| {
                let mut cells = cells.into_iter();
                let mut next = || cells.next().unwrap_or_default();
                CycleModel { unit, name: next(), field: next(), result: next() }
            })
            .collect(),
        findings: reader.findings,
    };
    cycle.findings.extend(cross_check(plan, &cycle, &raw));
    Ok(cycle)
}

/// The custom document properties of an xlsx (name → value as text); empty when there are
/// none or the file is not a zip.
fn properties(path: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Ok(file) = std::fs::File::open(path) else { return out };
    let Ok(mut zip) = zip::ZipArchive::new(file) else { return out };
    let Ok(entry) = zip.by_name("docProps/custom.xml") else { return out };
    if entry.size() > MAX_PROPERTIES_BYTES {
        return out;
    }
    let mut xml = String::new();
    if entry.take(MAX_PROPERTIES_BYTES).read_to_string(&mut xml).is_err() {
        return out;
    }
    // <property fmtid=".." pid="2" name="baocao-year"><vt:i4>2024</vt:i4></property>
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut name: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "property" => {
                name = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "name").and_then(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(std::borrow::Cow::into_owned)
                });
            }
            Ok(Event::Text(t)) => {
                if let Some(n) = &name {
                    out.entry(n.clone()).or_insert_with(String::new).push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let (Some(n), Ok(Some(c))) = (&name, r.resolve_char_ref()) {
                    out.entry(n.clone()).or_insert_with(String::new).push(c);
                } else if let Some(n) = &name {
                    let text = quick_xml::escape::resolve_xml_entity(r.as_ref()).unwrap_or_default();
                    out.entry(n.clone()).or_insert_with(String::new).push_str(text);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "property" => name = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn identity(properties: &HashMap<String, String>) -> Option<Identity> {
    let get = |key: &str| properties.get(key).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    Some(Identity {
        plan_id: get(PROP_PLAN)?,
        plan_name: get(PROP_PLAN_NAME).unwrap_or_default(),
        period: get(PROP_PERIOD)?,
        year: get(PROP_YEAR)?.parse().ok()?,
        version: get(PROP_VERSION).unwrap_or_default(),
    })
}

/// A table of a sheet: its header row and the column of each header.
struct Table<'a> {
    sheet: &'a RawSheet,
    name: &'static str,
    header_row: u32,
    columns: HashMap<String, u32>,
}

impl Table<'_> {
    fn col(&self, header: &str) -> Option<u32> {
        self.columns.get(header).copied()
    }

    fn cell(&self, row: u32, header: &str) -> Option<&Cell> {
        self.col(header).and_then(|c| self.sheet.get(row, c))
    }

    fn text(&self, row: u32, header: &str) -> Option<String> {
        self.cell(row, header).and_then(text)
    }

    /// Rows below the header, up to the sheet's last.
    fn rows(&self) -> std::ops::RangeInclusive<u32> {
        self.header_row + 1..=self.sheet.last_row().unwrap_or(self.header_row)
    }
}

/// A cell as trimmed text; `None` when blank.
fn text(cell: &Cell) -> Option<String> {
    let s = match cell {
        Cell::Text(s) => s.trim().to_string(),
        Cell::NoValue(_) => String::new(),
        other => other.display(),
    };
    (!s.is_empty()).then_some(s)
}

/// A cell as a number; `None` when blank or not a number.
fn number(cell: Option<&Cell>) -> Option<f64> {
    match cell {
        Some(Cell::Number(n)) => Some(*n),
        _ => None,
    }
}

/// A cell as a date: an Excel date, or its serial number.
fn date(cell: Option<&Cell>) -> Option<NaiveDate> {
    match cell {
        Some(Cell::Date(d)) => Some(*d),
        Some(Cell::Number(n)) if *n > 0.0 && n.fract() == 0.0 => {
            NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(*n as u64))
        }
        _ => None,
    }
}

/// The group code of a group label as the workbook writes it (the plan's `[[nhom]]` labels);
/// an unknown label is kept as it is.
fn group_id(plan: &Plan, label: &str) -> String {
    plan.groups.iter().find(|g| g.label(Lang::Vi) == label).map_or_else(|| label.to_string(), |g| g.code.clone())
}

/// The sheets of one workbook, and the findings of reading them.
struct Sheets<'a> {
    raw: &'a RawReport,
    path: &'a Path,
    findings: Vec<Finding>,
}

impl<'a> Sheets<'a> {
    fn sheet(&self, name: &'static str) -> Result<&'a RawSheet, ReadError> {
        self.raw.sheet(name).ok_or_else(|| ReadError::MissingSheet { path: self.path.to_path_buf(), sheet: name })
    }

    /// The table of `name` whose header row (within the first rows, from `from`) holds every
    /// one of `required`.
    fn table(&self, name: &'static str, required: &[&str], from: u32) -> Result<Table<'a>, ReadError> {
        let sheet = self.sheet(name)?;
        let last = sheet.last_row().unwrap_or(0).min(from + HEADER_SEARCH_ROWS);
        for row in from..=last {
            let columns: HashMap<String, u32> = sheet
                .cells
                .range((row, 0)..(row + 1, 0))
                .filter_map(|(&(_, col), cell)| text(cell).map(|t| (t, col)))
                .collect();
            if required.iter().all(|h| columns.contains_key(*h)) {
                return Ok(Table { sheet, name, header_row: row, columns });
            }
        }
        Err(ReadError::MissingColumns {
            path: self.path.to_path_buf(),
            sheet: name,
            headers: required.iter().map(|h| (*h).to_string()).collect(),
        })
    }

    fn units(&mut self, plan: &Plan) -> Result<Vec<CycleUnit>, ReadError> {
        let [code_h, name_h, group_h, doc_h, date_h, submitted_h, status_h, late_h] = OUT_UNIT_HEADERS;
        let t = self.table(SHEET_CONSOLIDATED, &OUT_UNIT_HEADERS, 0)?;
        let mut units = Vec::new();
        for row in t.rows() {
            let Some(code) = t.text(row, code_h) else { continue };
            let label = t.text(row, status_h).unwrap_or_default();
            let status = Submission::from_label(&label);
            if status.is_none() {
                let cell = cell_name(row, t.col(status_h).unwrap_or(0));
                self.findings
                    .push(Finding::new(findings::Kind::HistoryUnknownStatus { value: label.clone() }).at(t.name, cell));
            }
            units.push(CycleUnit {
                name: t.text(row, name_h).unwrap_or_default(),
                group: group_id(plan, &t.text(row, group_h).unwrap_or_default()),
                status,
                days_late: number(t.cell(row, late_h)).map(|d| d as i64),
                submitted: date(t.cell(row, submitted_h)),
                report_date: date(t.cell(row, date_h)),
                doc_number: t.text(row, doc_h),
                code,
            });
        }
        Ok(units)
    }

    fn values(&mut self) -> Result<BTreeMap<(String, String), f64>, ReadError> {
        let [unit_h, code_h, value_h] = OUT_DATA_HEADERS;
        let t = self.table(OUT_DATA, &OUT_DATA_HEADERS, 0)?;
        let mut values = BTreeMap::new();
        for row in t.rows() {
            let (Some(unit), Some(code)) = (t.text(row, unit_h), t.text(row, code_h)) else { continue };
            if let Some(v) = number(t.cell(row, value_h)) {
                values.insert((unit, code), v);
            } else {
                let cell = cell_name(row, t.col(value_h).unwrap_or(0));
                let seen = t.text(row, value_h).unwrap_or_default();
                self.findings
                    .push(Finding::new(findings::Kind::HistoryValueNotNumber { value: seen.clone() }).at(t.name, cell));
            }
        }
        Ok(values)
    }

    fn indicators(&mut self, plan: &Plan) -> Result<Vec<CycleIndicator>, ReadError> {
        let [code_h, total_h, reported_h, expected_h] = OUT_TOTAL_HEADERS;
        let t = self.table(OUT_TOTALS, &OUT_TOTAL_HEADERS, 0)?;
        let (first, last) = (t.col(total_h).unwrap_or(0), t.col(reported_h).unwrap_or(0));
        let mut groups: Vec<(u32, String)> = t
            .columns
            .iter()
            .filter(|(_, c)| **c > first && **c < last)
            .map(|(label, c)| (*c, group_id(plan, label)))
            .collect();
        groups.sort();
        let mut out = Vec::new();
        for row in t.rows() {
            let Some(code) = t.text(row, code_h) else { continue };
            let due = t.text(row, total_h).is_none_or(|s| s != OUT_NOT_DUE);
            out.push(CycleIndicator {
                code,
                due,
                total: number(t.cell(row, total_h)),
                by_group: groups.iter().map(|(c, id)| (id.clone(), number(t.sheet.get(row, *c)))).collect(),
                reported_units: number(t.cell(row, reported_h)).map(|n| n as usize),
                expected_units: number(t.cell(row, expected_h)).map(|n| n as usize),
            });
        }
        Ok(out)
    }

    fn tasks(&mut self) -> Result<Vec<CycleTask>, ReadError> {
        let [code_h, title_h, due_h] = OUT_TASK_HEADERS;
        let mut required = OUT_TASK_HEADERS.to_vec();
        required.push(OUT_TASK_BLANK);
        let t = self.table(OUT_TASKS, &required, 0)?;
        let (first, blank_col) = (t.col(due_h).unwrap_or(0), t.col(OUT_TASK_BLANK).unwrap_or(0));
        let mut statuses: Vec<(u32, String)> =
            t.columns.iter().filter(|(_, c)| **c > first && **c < blank_col).map(|(l, c)| (*c, l.clone())).collect();
        statuses.sort();
        let mut tasks = Vec::new();
        let mut row = t.header_row + 1;
        // The counts table ends at its first row without a code; the matrix follows.
        while let Some(code) = t.text(row, code_h) {
            tasks.push(CycleTask {
                code,
                title: t.text(row, title_h).unwrap_or_default(),
                due: t.text(row, due_h).is_some_and(|s| s == OUT_TASK_DUE),
                counts: statuses
                    .iter()
                    .map(|(c, label)| (label.clone(), number(t.sheet.get(row, *c)).map_or(0, |n| n as usize)))
                    .collect(),
                blank: number(t.sheet.get(row, blank_col)).map_or(0, |n| n as usize),
                by_unit: BTreeMap::new(),
            });
            row += 1;
        }
        let Ok(matrix) = self.table(OUT_TASKS, &[OUT_MATRIX_UNIT], row) else { return Ok(tasks) };
        // Task columns: headed by the task code ("NV7" or "NV7 (chưa đến hạn)").
        let columns: Vec<(u32, usize)> = matrix
            .columns
            .iter()
            .filter_map(|(h, c)| {
                let code = h.split_whitespace().next().unwrap_or_default();
                tasks.iter().position(|t| t.code == code).map(|i| (*c, i))
            })
            .collect();
        for row in matrix.rows() {
            let Some(unit) = matrix.text(row, OUT_MATRIX_UNIT) else { continue };
            if unit == OUT_MATRIX_UNIT {
                continue; // the header repeated at the top of a printed page
            }
            for (col, i) in &columns {
                let status = matrix.sheet.get(row, *col).and_then(text).unwrap_or_default();
                tasks[*i].by_unit.insert(unit.clone(), status);
            }
        }
        Ok(tasks)
    }

    /// The rows of a list sheet ("Kiến nghị", "Mô hình"): (unit code, the texts of `columns`),
    /// a row without STT continuing the text of the one above.
    fn list(&mut self, name: &'static str, columns: &[&str]) -> Result<Vec<(String, Vec<String>)>, ReadError> {
        let [stt_h, unit_h] = OUT_LIST_HEADERS;
        let required: Vec<&str> = OUT_LIST_HEADERS.iter().chain(columns).copied().collect();
        let t = self.table(name, &required, 0)?;
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for row in t.rows() {
            let Some(unit) = t.text(row, unit_h) else { continue };
            let cells: Vec<String> =
                columns.iter().map(|h| t.cell(row, h).and_then(text).unwrap_or_default()).collect();
            let numbered = number(t.cell(row, stt_h)).is_some();
            match out.last_mut() {
                Some((last_unit, last)) if !numbered && *last_unit == unit => {
                    for (acc, more) in last.iter_mut().zip(cells) {
                        acc.push_str(&more);
                    }
                }
                _ => out.push((unit, cells)),
            }
        }
        Ok(out)
    }
}

/// Summed totals on "Chỉ tiêu" that differ from the sum of the unit figures on "Dữ liệu": a
/// `history-total-differs` warning at the total's cell. Rates are left out (their parts are
/// checked as their own indicators).
fn cross_check(plan: &Plan, cycle: &Cycle, raw: &RawReport) -> Vec<Finding> {
    let mut out = Vec::new();
    let reader = Sheets { raw, path: &cycle.path, findings: Vec::new() };
    let Ok(t) = reader.table(OUT_TOTALS, &OUT_TOTAL_HEADERS, 0) else { return out };
    let units: Vec<&str> = cycle.units.iter().map(|u| u.code.as_str()).collect();
    for row in t.rows() {
        let Some(code) = t.text(row, OUT_TOTAL_HEADERS[0]) else { continue };
        let Some(ind) = cycle.indicator(&code) else { continue };
        if !ind.due || matches!(plan.indicator(&code).map(|i| &i.kind), Some(Kind::Rate { .. }) | None) {
            continue;
        }
        let sum = cycle.figure(plan, &units, &code);
        let same = match (ind.total, sum) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same {
            let cell = cell_name(row, t.col(OUT_TOTAL_HEADERS[1]).unwrap_or(0));
            out.push(
                Finding::new(findings::Kind::HistoryTotalDiffers { indicator: code.clone(), total: ind.total, sum })
                    .at(OUT_TOTALS, cell),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str, rows: &[&[Cell]]) -> RawSheet {
        let mut cells = BTreeMap::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                cells.insert((r as u32, c as u32), cell.clone());
            }
        }
        RawSheet { name: name.into(), cells, ..RawSheet::default() }
    }

    // A total typed over by hand after consolidation must not pass silently as last year's.
    #[test]
    fn a_total_that_is_not_the_sum_of_the_units_is_a_warning_at_its_cell() {
        let plan = crate::plan::parse(crate::plan::BUILTIN, "test").unwrap();
        let t = |s: &str| Cell::Text(s.into());
        let n = Cell::Number;
        let totals = sheet(
            OUT_TOTALS,
            &[
                &[t("TỔNG HỢP CHỈ TIÊU")],
                &[],
                &[t("Mã"), t("Toàn tỉnh"), t("Sở, ngành Tỉnh"), t("Đơn vị đã báo cáo"), t("Đơn vị phải báo cáo")],
                &[t("VB_CHIDAO"), n(10.0), n(10.0), n(2.0), n(33.0)],
                &[t("HN_QUANTRIET"), n(3.0), n(3.0), n(2.0), n(33.0)],
            ],
        );
        let raw = RawReport { format: None, sheets: vec![totals], findings: Vec::new() };
        let mut reader = Sheets { raw: &raw, path: Path::new("x.xlsx"), findings: Vec::new() };
        let indicators = reader.indicators(&plan).unwrap();
        assert_eq!(indicators[0].by_group, vec![("so-nganh".to_string(), Some(10.0))]);
        let values = [("SNV", "VB_CHIDAO", 4.0), ("STP", "VB_CHIDAO", 2.0), ("SNV", "HN_QUANTRIET", 3.0)];
        let mut cycle = Cycle {
            path: PathBuf::from("x.xlsx"),
            identity: Identity {
                plan_id: plan.id.clone(),
                plan_name: String::new(),
                period: "6-thang".into(),
                year: 2023,
                version: String::new(),
            },
            units: Vec::new(),
            values: values.iter().map(|(u, i, v)| (((*u).to_string(), (*i).to_string()), *v)).collect(),
            indicators,
            tasks: Vec::new(),
            recommendations: Vec::new(),
            models: Vec::new(),
            findings: Vec::new(),
        };
        cycle.units = ["SNV", "STP"]
            .iter()
            .map(|c| CycleUnit {
                code: (*c).into(),
                name: String::new(),
                group: "so-nganh".into(),
                status: Some(Submission::OnTime),
                days_late: None,
                submitted: None,
                report_date: None,
                doc_number: None,
            })
            .collect();
        let found = cross_check(&plan, &cycle, &raw);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].code(), found[0].place()), ("history-total-differs", "Chỉ tiêu!B4".to_string()));
        assert!(
            found[0].message(Lang::Vi).contains("ghi 10, nhưng cộng số liệu các đơn vị ở trang \"Dữ liệu\" được 6")
        );
    }
}
