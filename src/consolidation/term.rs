//! "Tổng kết" of the plan's term: the consolidated workbooks of several cycles (read back by
//! `history`) put side by side, for `baocao tong-ket`. Pure: cycles in, a [`Term`] out; the
//! command reads the files and the workbook layer writes the result.
//!
//! The term is the plan's own years (`nam = [2022, 2025]` in plan.toml, Kế hoạch 15/KH-UBND
//! "đến năm 2025"), and its cycles are every period of the plan in every one of those years,
//! in the plan's period order within a year: for the shipped plan eight cycles, "6 tháng 2022"
//! to "Năm 2025". A cycle without a workbook is kept as a named gap ([`Slot::cycle`] is
//! `None`), never dropped: every table has its place, blank.
//!
//! A workbook of another plan, of a period the plan does not have, of a year outside the term,
//! or of a cycle already given (the first file given is kept) is not used, with the reason
//! ([`Rejected`]); so is a file that could not be read as a consolidated workbook (the command
//! passes those in).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::findings::Finding;
use crate::history::{Cycle, Submission};
use crate::plan::{Kind, Plan};

/// The submission statuses a unit's record counts, in the order of its columns and JSON keys.
pub const STATUSES: [Submission; 5] =
    [Submission::OnTime, Submission::Late, Submission::Missing, Submission::Invalid, Submission::NotDue];

/// One cycle of the term: a period of a year, with its workbook if one was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The period's id ("6-thang", "nam").
    pub period: String,
    pub year: i32,
    /// "6 tháng 2024", "Năm 2024": the period's name and the year, as the cover names it.
    pub label: String,
    /// Index into [`Term::cycles`]; `None` when no workbook of this cycle was given.
    pub cycle: Option<usize>,
}

/// Why a file given to `tong-ket` is not used: each reason with its facts as fields, its
/// stable code (`summary-*`) and its sentence in both languages from the catalogue
/// (`messages.rs`, section SUMMARY). `path` is the file as given.
#[derive(Debug, Clone, PartialEq)]
pub enum RejectReason {
    /// `summary-not-found`: no such file.
    NotFound { path: String },
    /// `summary-unreadable`: not readable as a workbook; `reason` is the reader's sentence.
    Unreadable { path: String, reason: String },
    /// `summary-unit-report`: a unit's report, not a consolidated workbook.
    UnitReport { path: String },
    /// `summary-not-consolidated`: a spreadsheet not written by `baocao consolidate`.
    NotConsolidated { path: String },
    /// `summary-no-identity`: written by an older baocao that did not record its cycle.
    NoIdentity { path: String },
    /// `summary-damaged`: a sheet or its columns are missing.
    Damaged { path: String, sheet: String },
    /// `summary-other-plan`: consolidated under another plan.
    OtherPlan { path: String, found: String, expected: String },
    /// `summary-unknown-period`: a period the plan does not have.
    UnknownPeriod { path: String, period: String, known: String },
    /// `summary-outside-term`: a year outside the plan's term.
    OutsideTerm { path: String, cycle: String, years: String },
    /// `summary-duplicate`: a second workbook of a cycle; the first given (`kept`) is used.
    Duplicate { path: String, cycle: String, kept: String },
}

impl RejectReason {
    /// The stable code scripts branch on.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            RejectReason::NotFound { .. } => "summary-not-found",
            RejectReason::Unreadable { .. } => "summary-unreadable",
            RejectReason::UnitReport { .. } => "summary-unit-report",
            RejectReason::NotConsolidated { .. } => "summary-not-consolidated",
            RejectReason::NoIdentity { .. } => "summary-no-identity",
            RejectReason::Damaged { .. } => "summary-damaged",
            RejectReason::OtherPlan { .. } => "summary-other-plan",
            RejectReason::UnknownPeriod { .. } => "summary-unknown-period",
            RejectReason::OutsideTerm { .. } => "summary-outside-term",
            RejectReason::Duplicate { .. } => "summary-duplicate",
        }
    }

    /// The facts the sentence is made from, by name.
    fn facts(&self) -> Vec<(&'static str, String)> {
        let mut facts = Vec::new();
        let mut put = |name: &'static str, value: &String| facts.push((name, value.clone()));
        match self {
            RejectReason::NotFound { path }
            | RejectReason::UnitReport { path }
            | RejectReason::NotConsolidated { path }
            | RejectReason::NoIdentity { path } => put("path", path),
            RejectReason::Unreadable { path, reason } => {
                put("path", path);
                put("reason", reason);
            }
            RejectReason::Damaged { path, sheet } => {
                put("path", path);
                put("sheet", sheet);
            }
            RejectReason::OtherPlan { path, found, expected } => {
                put("path", path);
                put("found", found);
                put("expected", expected);
            }
            RejectReason::UnknownPeriod { path, period, known } => {
                put("path", path);
                put("period", period);
                put("known", known);
            }
            RejectReason::OutsideTerm { path, cycle, years } | RejectReason::Duplicate { path, cycle, kept: years } => {
                put("path", path);
                put("cycle", cycle);
                put(if matches!(self, RejectReason::Duplicate { .. }) { "kept" } else { "years" }, years);
            }
        }
        facts
    }

    /// The sentence in `lang`.
    #[must_use]
    pub fn message(&self, lang: crate::messages::Lang) -> String {
        crate::messages::render(self.code(), lang, &self.facts())
    }
}

/// A file given that is not used, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub path: PathBuf,
    pub reason: RejectReason,
    /// For a file that could not be read: what the reader found (`file-csv`, `file-empty`…),
    /// rendered into the reason's `{reason}` in the language of the output.
    pub detail: Option<Finding>,
}

impl Rejected {
    /// A file not used for `reason`.
    #[must_use]
    pub fn new(path: PathBuf, reason: RejectReason) -> Self {
        Rejected { path, reason, detail: None }
    }

    /// The reason in `lang`, with the reader's finding in it when there is one.
    #[must_use]
    pub fn message(&self, lang: crate::messages::Lang) -> String {
        match &self.detail {
            // The reader's sentence ends with its own full stop; the reason adds what to do.
            Some(detail) => match &self.reason {
                RejectReason::Unreadable { path, .. } => RejectReason::Unreadable {
                    path: path.clone(),
                    reason: detail.message(lang).trim_end_matches('.').to_string(),
                }
                .message(lang),
                other => other.message(lang),
            },
            None => self.reason.message(lang),
        }
    }
}

/// A unit in one cycle of its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitCell {
    /// No workbook of that cycle: nothing is known.
    NoWorkbook,
    /// The workbook does not list the unit (not expected that period).
    NotListed,
    /// The status the workbook gives; `days` late for `Late` (overdue for `Missing`).
    Status { status: Submission, days: Option<i64> },
    /// The workbook's status cell held a label baocao does not write.
    Unknown,
}

impl UnitCell {
    /// The cell's text in the term's workbook (Vietnamese, as the document is): "đúng hạn",
    /// "trễ 5 ngày", "chưa nộp", "có lỗi", "chưa đến hạn"; "không thuộc kỳ" when not listed;
    /// empty when the cycle has no workbook.
    #[must_use]
    pub fn text(self) -> String {
        match self {
            UnitCell::NoWorkbook => String::new(),
            UnitCell::NotListed => "không thuộc kỳ".to_string(),
            UnitCell::Unknown => "không rõ".to_string(),
            UnitCell::Status { status, days } => match status {
                Submission::OnTime => "đúng hạn".to_string(),
                Submission::Late => days.map_or_else(|| "trễ hạn".to_string(), |d| format!("trễ {d} ngày")),
                Submission::Missing => "chưa nộp".to_string(),
                Submission::Invalid => "có lỗi".to_string(),
                Submission::NotDue => "chưa đến hạn".to_string(),
            },
        }
    }
}

/// One unit's record over the term.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRecord {
    pub code: String,
    pub name: String,
    /// The group's id ("so-nganh").
    pub group: String,
    /// One cell per [`Term::slots`], in their order.
    pub cells: Vec<UnitCell>,
}

impl UnitRecord {
    /// How many cycles gave the unit `status`.
    #[must_use]
    pub fn count(&self, status: Submission) -> usize {
        self.cells.iter().filter(|c| matches!(c, UnitCell::Status { status: s, .. } if *s == status)).count()
    }
}

/// One indicator's province total in one cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TermValue {
    /// Whether that cycle's workbook was given.
    pub present: bool,
    /// False when the workbook says "chưa đến kỳ".
    pub due: bool,
    /// The province total as printed; `None` when blank, not due, or no workbook (never 0).
    pub total: Option<f64>,
    /// How many units reported it and how many owed it in that cycle, as its workbook printed:
    /// the coverage a total stands for (one unit's yearly report is not the province's).
    pub reported: Option<usize>,
    pub expected: Option<usize>,
}

/// One indicator over the term.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRecord {
    pub code: String,
    pub name: String,
    pub measure: String,
    pub kind: Kind,
    /// A main indicator of the plan (`chinh = true`): drawn as a trend chart.
    pub main: bool,
    /// One per [`Term::slots`], in their order.
    pub values: Vec<TermValue>,
}

/// One task's status counts in one cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskCycle {
    pub due: bool,
    /// One count per [`Term::task_statuses`], in that order.
    pub counts: Vec<usize>,
    /// Counted reports with no status for the task.
    pub blank: usize,
}

/// One task over the term.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRecord {
    pub code: String,
    pub title: String,
    /// One per [`Term::slots`]; `None` when the cycle has no workbook or the workbook has no
    /// row for the task.
    pub cycles: Vec<Option<TaskCycle>>,
}

/// A recommendation or a model of the term, with its cycle and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct TermItem {
    /// Index into [`Term::slots`].
    pub slot: usize,
    pub unit: String,
    /// The unit's name, from the plan or the cycle's workbook; the code when neither knows it.
    pub unit_name: String,
    /// Recommendation: text, addressee. Model: name, field, result.
    pub texts: Vec<String>,
}

/// The term's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub first_year: i32,
    pub last_year: i32,
    /// Every cycle of the term, in time order.
    pub slots: Vec<Slot>,
    /// The workbooks used, in the order of their slots.
    pub cycles: Vec<Cycle>,
    /// The files given and not used, in the order given.
    pub rejected: Vec<Rejected>,
    /// Every indicator of the plan, in its order.
    pub indicators: Vec<IndicatorRecord>,
    /// Every unit any cycle lists: the plan's order first, then units the plan no longer has.
    pub units: Vec<UnitRecord>,
    /// The task status labels counted, the plan's first, then any other a workbook has.
    pub task_statuses: Vec<String>,
    /// Every task of the plan, then any other a workbook has.
    pub tasks: Vec<TaskRecord>,
    pub recommendations: Vec<TermItem>,
    pub models: Vec<TermItem>,
}

impl Term {
    /// The slot of a cycle.
    #[must_use]
    pub fn slot(&self, period: &str, year: i32) -> Option<&Slot> {
        self.slots.iter().find(|s| s.period == period && s.year == year)
    }

    /// The slots without a workbook.
    pub fn missing(&self) -> impl Iterator<Item = &Slot> {
        self.slots.iter().filter(|s| s.cycle.is_none())
    }

    /// The unit of that code.
    #[must_use]
    pub fn unit(&self, code: &str) -> Option<&UnitRecord> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The indicator of that code.
    #[must_use]
    pub fn indicator(&self, code: &str) -> Option<&IndicatorRecord> {
        self.indicators.iter().find(|i| i.code == code)
    }
}

/// "6 tháng 2024", "Năm 2024": a cycle as the summary names it.
#[must_use]
pub fn cycle_label(plan: &Plan, period: &str, year: i32) -> String {
    let name = plan.period(period).map_or_else(|| period.to_string(), |p| p.name.clone());
    format!("{name} {year}")
}

/// Puts the cycles read side by side over the plan's term. `cycles` are in the order the files
/// were given; `rejected` are the files that could not be read, already with their reasons.
/// Cycles not of this plan, not of its periods or years, or of a cycle already given join
/// `rejected` (codes `summary-other-plan`, `summary-unknown-period`, `summary-outside-term`,
/// `summary-duplicate`).
#[must_use]
pub fn summarize(plan: &Plan, cycles: Vec<Cycle>, mut rejected: Vec<Rejected>) -> Term {
    let (first_year, last_year) = plan.years;
    let mut slots: Vec<Slot> = (first_year..=last_year)
        .flat_map(|year| {
            plan.periods.iter().map(move |p| Slot {
                period: p.id.clone(),
                year,
                label: cycle_label(plan, &p.id, year),
                cycle: None,
            })
        })
        .collect();
    // Slot index → the cycle accepted for it.
    let mut accepted: BTreeMap<usize, Cycle> = BTreeMap::new();
    for cycle in cycles {
        let id = &cycle.identity;
        let path = cycle.path.clone();
        let shown = path_text(&cycle.path);
        let reason = if id.plan_id != plan.id {
            Some(RejectReason::OtherPlan { path: shown, found: id.plan_id.clone(), expected: plan.id.clone() })
        } else if plan.period(&id.period).is_none() {
            let known: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
            Some(RejectReason::UnknownPeriod { path: shown, period: id.period.clone(), known: known.join(", ") })
        } else if id.year < first_year || id.year > last_year {
            Some(RejectReason::OutsideTerm {
                path: shown,
                cycle: cycle_label(plan, &id.period, id.year),
                years: format!("{first_year}–{last_year}"),
            })
        } else {
            None
        };
        if let Some(reason) = reason {
            rejected.push(Rejected::new(path, reason));
            continue;
        }
        let Some(at) = slots.iter().position(|s| s.period == id.period && s.year == id.year) else { continue };
        if let Some(kept) = accepted.get(&at) {
            let reason = RejectReason::Duplicate {
                path: path_text(&path),
                cycle: slots[at].label.clone(),
                kept: path_text(&kept.path),
            };
            rejected.push(Rejected::new(path, reason));
            continue;
        }
        accepted.insert(at, cycle);
    }
    let mut cycles = Vec::new();
    for (at, cycle) in accepted {
        slots[at].cycle = Some(cycles.len());
        cycles.push(cycle);
    }
    let by_slot: Vec<Option<&Cycle>> = slots.iter().map(|s| s.cycle.map(|i| &cycles[i])).collect();

    let indicators = plan
        .indicators
        .iter()
        .map(|ind| IndicatorRecord {
            code: ind.code.clone(),
            name: ind.name.clone(),
            measure: ind.measure.clone(),
            kind: ind.kind.clone(),
            main: ind.main,
            values: by_slot
                .iter()
                .map(|c| match c {
                    None => TermValue { present: false, due: false, total: None, reported: None, expected: None },
                    Some(c) => {
                        let t = c.indicator(&ind.code);
                        let due = t.is_some_and(|t| t.due);
                        let due_t = t.filter(|t| t.due);
                        TermValue {
                            present: true,
                            due,
                            total: due_t.and_then(|t| t.total),
                            reported: due_t.and_then(|t| t.reported_units),
                            expected: due_t.and_then(|t| t.expected_units),
                        }
                    }
                })
                .collect(),
        })
        .collect();

    let units = unit_records(plan, &by_slot);
    let (task_statuses, tasks) = task_records(plan, &by_slot);
    let name_of = |unit: &str, c: &Cycle| {
        plan.unit_by_code(unit)
            .map(|u| u.name.clone())
            .or_else(|| c.unit(unit).map(|u| u.name.clone()))
            .unwrap_or_else(|| unit.to_string())
    };
    let mut recommendations = Vec::new();
    let mut models = Vec::new();
    for (slot, c) in by_slot.iter().enumerate() {
        let Some(c) = c else { continue };
        recommendations.extend(c.recommendations.iter().map(|r| TermItem {
            slot,
            unit: r.unit.clone(),
            unit_name: name_of(&r.unit, c),
            texts: vec![r.text.clone(), r.addressee.clone()],
        }));
        models.extend(c.models.iter().map(|m| TermItem {
            slot,
            unit: m.unit.clone(),
            unit_name: name_of(&m.unit, c),
            texts: vec![m.name.clone(), m.field.clone(), m.result.clone()],
        }));
    }
    Term {
        first_year,
        last_year,
        slots,
        cycles,
        rejected,
        indicators,
        units,
        task_statuses,
        tasks,
        recommendations,
        models,
    }
}

fn path_text(path: &std::path::Path) -> String {
    path.display().to_string()
}

fn unit_records(plan: &Plan, by_slot: &[Option<&Cycle>]) -> Vec<UnitRecord> {
    // Codes in order: the plan's units any cycle lists, then the others as first seen.
    let listed = |code: &str| by_slot.iter().flatten().any(|c| c.unit(code).is_some());
    let mut codes: Vec<String> =
        plan.units.iter().filter(|u| listed(&u.code)).map(|u| u.code.clone()).collect::<Vec<_>>();
    for c in by_slot.iter().flatten() {
        for u in &c.units {
            if !codes.contains(&u.code) {
                codes.push(u.code.clone());
            }
        }
    }
    codes
        .into_iter()
        .map(|code| {
            let seen = by_slot.iter().flatten().find_map(|c| c.unit(&code));
            let (name, group) = match plan.unit_by_code(&code) {
                Some(u) => (u.name.clone(), u.group.clone()),
                None => seen.map(|u| (u.name.clone(), u.group.clone())).unwrap_or_default(),
            };
            let cells = by_slot
                .iter()
                .map(|c| match c {
                    None => UnitCell::NoWorkbook,
                    Some(c) => match c.unit(&code) {
                        None => UnitCell::NotListed,
                        Some(u) => match u.status {
                            Some(status) => UnitCell::Status { status, days: u.days_late },
                            None => UnitCell::Unknown,
                        },
                    },
                })
                .collect();
            UnitRecord { code, name, group, cells }
        })
        .collect()
}

fn task_records(plan: &Plan, by_slot: &[Option<&Cycle>]) -> (Vec<String>, Vec<TaskRecord>) {
    let mut labels: Vec<String> = plan.statuses.iter().map(|s| s.label.clone()).collect();
    let mut codes: Vec<(String, String)> = plan.tasks.iter().map(|t| (t.code.clone(), t.title.clone())).collect();
    for c in by_slot.iter().flatten() {
        for t in &c.tasks {
            if !codes.iter().any(|(code, _)| *code == t.code) {
                codes.push((t.code.clone(), t.title.clone()));
            }
            for (label, _) in &t.counts {
                if !labels.contains(label) {
                    labels.push(label.clone());
                }
            }
        }
    }
    let tasks = codes
        .into_iter()
        .map(|(code, title)| TaskRecord {
            cycles: by_slot
                .iter()
                .map(|c| {
                    let t = c.and_then(|c| c.tasks.iter().find(|t| t.code == code))?;
                    let count = |label: &String| t.counts.iter().find(|(l, _)| l == label).map_or(0, |(_, n)| *n);
                    Some(TaskCycle { due: t.due, counts: labels.iter().map(count).collect(), blank: t.blank })
                })
                .collect(),
            code,
            title,
        })
        .collect();
    (labels, tasks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{CycleIndicator, CycleUnit, Identity};

    fn plan() -> Plan {
        crate::plan::parse(crate::plan::BUILTIN, "test").unwrap()
    }

    fn cycle(path: &str, plan_id: &str, period: &str, year: i32) -> Cycle {
        Cycle {
            path: PathBuf::from(path),
            identity: Identity {
                plan_id: plan_id.into(),
                plan_name: String::new(),
                period: period.into(),
                year,
                version: "0.1.0".into(),
            },
            units: vec![CycleUnit {
                code: "SKHCN".into(),
                name: "Sở Khoa học và Công nghệ".into(),
                group: "so-nganh".into(),
                status: Some(Submission::Late),
                days_late: Some(5),
                submitted: None,
                report_date: None,
                doc_number: None,
            }],
            values: BTreeMap::new(),
            indicators: vec![CycleIndicator {
                code: "TTHC_TIEPNHAN".into(),
                due: true,
                total: Some(f64::from(year)),
                by_group: Vec::new(),
                reported_units: Some(1),
                expected_units: Some(1),
            }],
            tasks: Vec::new(),
            recommendations: Vec::new(),
            models: Vec::new(),
            findings: Vec::new(),
        }
    }

    #[test]
    fn cycles_take_their_place_in_time_whatever_the_order_given() {
        let plan = plan();
        let term =
            summarize(&plan, vec![cycle("b", &plan.id, "nam", 2024), cycle("a", &plan.id, "6-thang", 2023)], vec![]);
        assert_eq!(term.slots.len(), 8);
        assert_eq!(term.slot("6-thang", 2023).unwrap().label, "6 tháng 2023");
        assert_eq!(term.cycles.iter().map(|c| c.path.to_str().unwrap()).collect::<Vec<_>>(), ["a", "b"]);
        let values = &term.indicator("TTHC_TIEPNHAN").unwrap().values;
        let totals: Vec<Option<f64>> = values.iter().map(|v| v.total).collect();
        assert_eq!(totals, [None, None, Some(2023.0), None, None, Some(2024.0), None, None]);
        let skhcn = term.unit("SKHCN").unwrap();
        assert_eq!(skhcn.cells[2].text(), "trễ 5 ngày");
        assert_eq!(skhcn.cells[0], UnitCell::NoWorkbook);
        assert_eq!(skhcn.count(Submission::Late), 2);
        assert_eq!(term.missing().count(), 6);
    }

    #[test]
    fn workbooks_of_another_plan_period_term_or_a_cycle_given_twice_are_left_out_with_the_reason() {
        let plan = plan();
        let cycles = vec![
            cycle("first.xlsx", &plan.id, "6-thang", 2024),
            cycle("other-plan.xlsx", "99/KH-UBND", "6-thang", 2024),
            cycle("quy.xlsx", &plan.id, "quy-1", 2024),
            cycle("2021.xlsx", &plan.id, "nam", 2021),
            cycle("again.xlsx", &plan.id, "6-thang", 2024),
        ];
        let term = summarize(&plan, cycles, vec![]);
        let codes: Vec<(&str, &str)> =
            term.rejected.iter().map(|r| (r.path.to_str().unwrap(), r.reason.code())).collect();
        assert_eq!(
            codes,
            [
                ("other-plan.xlsx", "summary-other-plan"),
                ("quy.xlsx", "summary-unknown-period"),
                ("2021.xlsx", "summary-outside-term"),
                ("again.xlsx", "summary-duplicate"),
            ]
        );
        assert_eq!(term.cycles.len(), 1);
        assert_eq!(
            term.rejected[3].message(crate::messages::Lang::Vi),
            "again.xlsx và first.xlsx đều là bảng tổng hợp 6 tháng 2024; dùng first.xlsx (tệp truyền trước), bỏ qua tệp này. Mỗi kỳ chỉ truyền một tệp."
        );
        assert!(
            term.rejected[2]
                .reason
                .message(crate::messages::Lang::En)
                .contains("Năm 2021, outside the plan's years (2022–2025)")
        );
    }
}
