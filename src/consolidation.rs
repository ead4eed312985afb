//! Consolidation: which report counts for each unit, each unit's submission status, task status
//! counts and indicator totals. Pure: takes the checked files (see `validation.rs`) and the
//! plan, returns plain data for the workbook writer and the terminal. Never touches the file
//! system.
//!
//! Rates are never summed or averaged: a rate's total is Σnumerator / Σdenominator × 100 over
//! the units that reported both parts. A blank ("not reported") is never read as 0.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::findings::Finding;
use crate::input::ReadFile;
use crate::messages::{self, Lang};
use crate::plan::{Indicator, Kind, Plan, Unit};
use crate::validation::{CheckedFile, FileKind, Report};

pub mod compare;
pub mod term;

/// A unit's submission status for the period, judged at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitStatus {
    OnTime,
    Late,
    Missing,
    NotDue,
    Invalid,
}

impl UnitStatus {
    pub const ALL: [UnitStatus; 5] =
        [UnitStatus::OnTime, UnitStatus::Late, UnitStatus::Missing, UnitStatus::NotDue, UnitStatus::Invalid];

    /// The stable JSON name: `on_time`, `late`, `missing`, `not_due`, `invalid`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            UnitStatus::OnTime => "on_time",
            UnitStatus::Late => "late",
            UnitStatus::Missing => "missing",
            UnitStatus::NotDue => "not_due",
            UnitStatus::Invalid => "invalid",
        }
    }

    /// "Đúng hạn", "Trễ hạn", … from the catalogue.
    #[must_use]
    pub fn label(self, lang: Lang) -> String {
        messages::t(&format!("consolidation-status-{}", self.id()), lang)
    }

    /// Whether `--strict` counts it as a gap.
    #[must_use]
    pub fn is_gap(self) -> bool {
        matches!(self, UnitStatus::Late | UnitStatus::Missing | UnitStatus::Invalid)
    }
}

/// What became of one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileRole {
    Used,
    Superseded,
    Invalid,
    Skipped,
}

impl FileRole {
    /// The stable JSON name: `used`, `superseded`, `invalid`, `skipped`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            FileRole::Used => "used",
            FileRole::Superseded => "superseded",
            FileRole::Invalid => "invalid",
            FileRole::Skipped => "skipped",
        }
    }

    #[must_use]
    pub fn label(self, lang: Lang) -> String {
        messages::t(&format!("consolidation-role-{}", self.id()), lang)
    }
}

/// Why a file was not read as a report for this period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// A report for another period or year.
    OtherPeriod { period: String, year: String },
    /// A report from a unit not expected to report for this period.
    UnitNotExpected,
    /// A workbook written by `baocao consolidate`.
    Consolidated,
    /// A spreadsheet without a "Thông tin" sheet.
    OtherSpreadsheet,
    /// Could not be read as a spreadsheet at all.
    Unreadable,
    /// An Office lock file (`~$…`).
    LockFile,
    /// Neither a spreadsheet by its extension nor by its content.
    NotSpreadsheet,
    /// The register of incoming documents (`--received`): read for the dates received, its
    /// warnings listed with it.
    Register,
}

impl SkipReason {
    /// The reason in words.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        match self {
            SkipReason::OtherPeriod { period, year } => messages::render(
                "consolidation-skip-other-period",
                lang,
                &[("period", period.clone()), ("year", year.clone())],
            ),
            SkipReason::UnitNotExpected => messages::t("consolidation-skip-unit-not-expected", lang),
            SkipReason::Consolidated => messages::t("consolidation-skip-consolidated", lang),
            SkipReason::OtherSpreadsheet => messages::t("consolidation-skip-other-spreadsheet", lang),
            SkipReason::Unreadable => messages::t("consolidation-skip-unreadable", lang),
            SkipReason::LockFile => messages::t("consolidation-skip-lock-file", lang),
            SkipReason::NotSpreadsheet => messages::t("consolidation-skip-not-spreadsheet", lang),
            SkipReason::Register => messages::t("consolidation-skip-register", lang),
        }
    }
}

/// What decided between two reports of one unit, in the order the rule tries them (see
/// `docs/consolidation.md`, "Which report counts"): evidence written in the files first, the
/// file time only as a last resort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Evidence {
    /// The higher "Số văn bản" of one series ("47/BC-UBND" after "43/BC-UBND").
    DocNumber,
    /// "bản sửa", "bản cuối", "sửa đổi", "bổ sung", "điều chỉnh", "lần 2" in the file name or
    /// the title of "Thông tin".
    CorrectionMark,
    /// The later "Ngày báo cáo".
    ReportDate,
    /// The later modification time on disk: the order files were saved, not sent.
    FileTime,
    /// Nothing else told them apart: the first path in name order, so the choice never depends
    /// on input order.
    FileName,
}

impl Evidence {
    /// The stable JSON name: `doc_number`, `correction_mark`, `report_date`, `file_time`,
    /// `file_name`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Evidence::DocNumber => "doc_number",
            Evidence::CorrectionMark => "correction_mark",
            Evidence::ReportDate => "report_date",
            Evidence::FileTime => "file_time",
            Evidence::FileName => "file_name",
        }
    }

    /// The evidence in words.
    #[must_use]
    pub fn label(self, lang: Lang) -> String {
        messages::t(&format!("consolidation-evidence-{}", self.id()), lang)
    }
}

/// One input file and what became of it.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub path: PathBuf,
    /// The unit it reports for, when recognised.
    pub unit: Option<String>,
    pub role: FileRole,
    /// For a skipped file.
    pub skip: Option<SkipReason>,
    /// For a superseded file, or an invalid one passed over: the file that counts instead.
    pub replaced_by: Option<PathBuf>,
    /// For a superseded file: what decided against it.
    pub evidence: Option<Evidence>,
    /// For a superseded file: same report date as the counted one, different figures.
    pub conflict: bool,
    pub doc_number: Option<String>,
    pub report_date: Option<NaiveDate>,
    pub errors: usize,
    pub warnings: usize,
    /// Every finding of the file, warnings of counted reports included.
    pub findings: Vec<Finding>,
}

/// One expected unit's outcome.
#[derive(Debug, Clone)]
pub struct UnitOutcome {
    pub code: String,
    pub name: String,
    /// The code of the unit's group in the plan (`[[nhom]]`).
    pub group: String,
    /// `ke_thua`: the units it succeeds that no longer report this period (their reporting
    /// ended before it), shown beside its own status, which stays its own.
    pub succeeds: Vec<String>,
    pub status: UnitStatus,
    /// "Số văn bản" of the counted report.
    pub doc_number: Option<String>,
    /// "Ngày báo cáo" of the counted report.
    pub report_date: Option<NaiveDate>,
    /// The date from `--received`, when the register lists the unit.
    pub received: Option<NaiveDate>,
    /// Days after the last on-time day: the submission's lateness for `late`, the days overdue
    /// so far for `missing`; `None` otherwise.
    pub days_late: Option<i64>,
    /// The counted report's file; for `invalid`, the latest invalid file.
    pub file: Option<PathBuf>,
    /// Findings of that file.
    pub errors: usize,
    pub warnings: usize,
    /// The counted report (only for `on_time` and `late`).
    pub report: Option<Report>,
    /// Every file naming this unit, whatever became of it (counted, superseded, invalid, for
    /// another period or year): the counted one first, then by path.
    pub files: Vec<FileOutcome>,
    /// What chose the counted report over the next valid one, when there were several.
    pub decided_by: Option<Evidence>,
    /// A valid report with the same report date as the counted one and different figures.
    pub conflict: Option<PathBuf>,
    /// The unit's latest report by the rule, when it has errors and an older valid report
    /// counts instead: never passed over silently.
    pub latest_invalid: Option<PathBuf>,
}

impl UnitOutcome {
    /// The submission date that was judged: the received date, else the report date.
    #[must_use]
    pub fn submitted(&self) -> Option<NaiveDate> {
        self.received.or(self.report_date)
    }
}

/// One task's status counts over the counted reports.
#[derive(Debug, Clone)]
pub struct TaskSummary {
    pub code: String,
    pub title: String,
    /// Whether results for the task are due in this period.
    pub due: bool,
    /// Plan status label → number of counted reports giving it, every plan label present.
    pub counts: BTreeMap<String, usize>,
    /// Counted reports with no (recognised) status for the task.
    pub blank: usize,
}

/// A total over a set of units: the figure, and how many units contributed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Total {
    /// `None` when no unit reported it (or, for a rate, when the denominator sums to 0).
    pub value: Option<f64>,
    /// For a rate, Σnumerator and Σdenominator.
    pub parts: Option<(f64, f64)>,
    pub reported_units: usize,
}

/// One indicator's totals.
#[derive(Debug, Clone)]
pub struct IndicatorTotal {
    pub code: String,
    /// Province total.
    pub total: Total,
    /// Subtotals by group code, one per group of [`Consolidation::groups`], in that order.
    pub by_group: Vec<(String, Total)>,
    /// Expected units owing it (0 when not due).
    pub expected_units: usize,
    /// Whether its task is due in the period (for a rate, both parts' tasks). An indicator not
    /// yet due ("chưa đến kỳ", NV7 and NV8 in the 6-month report) has no totals: figures a unit
    /// typed early are not summed, so the consolidation never shows "29 of 0 units reported".
    pub due: bool,
}

/// Everything the workbook and the terminal show.
#[derive(Debug, Clone)]
pub struct Consolidation {
    pub plan_id: String,
    pub period: String,
    pub year: i32,
    pub as_of: NaiveDate,
    /// The last on-time day; `None` only for a period the plan does not know.
    pub last_day: Option<NaiveDate>,
    /// The codes of the plan's groups that have units expected this period, in the plan's
    /// order: the rows and columns "by group" of every table.
    pub groups: Vec<String>,
    /// Expected units by group, in plan order within a group.
    pub units: Vec<UnitOutcome>,
    pub tasks: Vec<TaskSummary>,
    /// In plan order, rates included.
    pub indicators: Vec<IndicatorTotal>,
    /// Every input file, sorted by path.
    pub files: Vec<FileOutcome>,
    /// The same period of the year before (`--so-sanh`), set by
    /// [`Consolidation::set_comparison`].
    pub comparison: Option<compare::Comparison>,
}

impl Consolidation {
    /// Units with a status.
    #[must_use]
    pub fn count(&self, status: UnitStatus) -> usize {
        self.units.iter().filter(|u| u.status == status).count()
    }

    /// Units with a status within a group.
    #[must_use]
    pub fn count_in(&self, group: &str, status: UnitStatus) -> usize {
        self.units.iter().filter(|u| u.group == group && u.status == status).count()
    }

    /// Whether some unit is late, missing or invalid (`--strict`).
    #[must_use]
    pub fn has_gaps(&self) -> bool {
        self.units.iter().any(|u| u.status.is_gap())
    }

    /// Whether some unit's choice needs a person: a conflicting resend, or a latest report with
    /// errors passed over for an older one (`--strict` fails on these too).
    #[must_use]
    pub fn has_doubts(&self) -> bool {
        self.units.iter().any(|u| u.conflict.is_some() || u.latest_invalid.is_some())
    }

    /// Adds a file that was never read (lock file, not a spreadsheet), keeping files sorted.
    pub fn add_skipped(&mut self, path: PathBuf, reason: SkipReason) {
        self.add_skipped_with(path, reason, Vec::new());
    }

    /// Adds a file set aside with findings of its own (the register's warnings).
    pub fn add_skipped_with(&mut self, path: PathBuf, reason: SkipReason, findings: Vec<Finding>) {
        let count = |s: crate::findings::Severity| findings.iter().filter(|f| f.severity == s).count();
        self.files.push(FileOutcome {
            path,
            unit: None,
            role: FileRole::Skipped,
            skip: Some(reason),
            replaced_by: None,
            evidence: None,
            conflict: false,
            doc_number: None,
            report_date: None,
            errors: count(crate::findings::Severity::Error),
            warnings: count(crate::findings::Severity::Warning),
            findings,
        });
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// What the counted reports hold beyond figures: task narratives ("Kết quả thực hiện"
    /// not blank), recommendations, models. Printed so that a loss shows at once.
    #[must_use]
    pub fn gathered(&self) -> (usize, usize, usize) {
        let reports = || self.units.iter().filter_map(|u| u.report.as_ref());
        (
            reports().map(|r| r.tasks.iter().filter(|t| !t.result.trim().is_empty()).count()).sum(),
            reports().map(|r| r.recommendations.len()).sum(),
            reports().map(|r| r.models.len()).sum(),
        )
    }

    /// The outcome of a unit.
    #[must_use]
    pub fn unit(&self, code: &str) -> Option<&UnitOutcome> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The totals of an indicator.
    #[must_use]
    pub fn indicator(&self, code: &str) -> Option<&IndicatorTotal> {
        self.indicators.iter().find(|i| i.code == code)
    }
}

/// Consolidates the checked `files` for `period` of `year`, judged at `as_of`. `received` maps
/// unit codes to the date the office's register of incoming documents gives; it overrides the
/// report's own date for those units.
///
/// Which report counts for a unit with several: see [`Evidence`]. A report with errors never
/// counts; when it is the unit's latest, the latest valid one counts and the unit says so
/// ([`UnitOutcome::latest_invalid`]).
#[must_use]
pub fn consolidate<F: Into<ReadFile>, S: std::hash::BuildHasher>(
    plan: &Plan,
    period: &str,
    year: i32,
    as_of: NaiveDate,
    files: Vec<F>,
    received: &HashMap<String, NaiveDate, S>,
) -> Consolidation {
    let mut files: Vec<ReadFile> = files.into_iter().map(Into::into).collect();
    files.sort_by(|a, b| a.checked.path.cmp(&b.checked.path));
    let last_day = plan.last_day(period, year);
    // Plan order within each group, groups in the plan's order: every table lists units by group.
    let mut expected = plan.expected_units(period, year);
    expected.sort_by_key(|u| plan.group_order(&u.group));
    // The groups this cycle has units of: a group switched off, or whose units all lie outside
    // the period, adds no empty row or column.
    let groups: Vec<String> =
        plan.groups.iter().filter(|g| expected.iter().any(|u| u.group == g.code)).map(|g| g.code.clone()).collect();

    // Sort every file into a role; this cycle's reports (valid or not) are grouped by unit.
    let mut outcomes: Vec<FileOutcome> = Vec::with_capacity(files.len());
    let mut by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, read) in files.iter().enumerate() {
        let file = &read.checked;
        let (role, skip) = classify(plan, period, year, file, &expected);
        if let Some(unit) = &file.header.unit
            && matches!(role, FileRole::Used | FileRole::Invalid)
        {
            by_unit.entry(unit.clone()).or_default().push(i);
        }
        outcomes.push(FileOutcome {
            path: file.path.clone(),
            unit: file.header.unit.clone(),
            role,
            skip,
            replaced_by: None,
            evidence: None,
            conflict: false,
            doc_number: file.header.doc_number.clone(),
            report_date: file.header.report_date,
            errors: file.errors(),
            warnings: file.warnings(),
            findings: file.findings.clone(),
        });
    }

    let choices = choose_reports(&files, &mut outcomes, &by_unit);

    let units: Vec<UnitOutcome> = expected
        .iter()
        .map(|u| {
            let received = received.get(&u.code).copied();
            let mut outcome = unit_outcome(u, choices.get(&u.code), &files, &outcomes, received, last_day, as_of);
            outcome.succeeds.retain(|p| plan.unit(p).is_some_and(|p| !plan.unit_expected(p, period, year)));
            outcome
        })
        .collect();

    let counted: Vec<(&UnitOutcome, &Report)> =
        units.iter().filter_map(|u| u.report.as_ref().map(|r| (u, r))).collect();

    let tasks = plan
        .tasks
        .iter()
        .map(|task| {
            let mut counts: BTreeMap<String, usize> = plan.statuses.iter().map(|s| (s.label.clone(), 0)).collect();
            let mut blank = 0;
            for (_, report) in &counted {
                match report.task(&task.code).and_then(|t| t.status.as_ref()) {
                    Some(label) => *counts.entry(label.clone()).or_insert(0) += 1,
                    None => blank += 1,
                }
            }
            TaskSummary {
                code: task.code.clone(),
                title: task.title.clone(),
                due: task.is_due_in(period),
                counts,
                blank,
            }
        })
        .collect();

    let indicators = plan
        .indicators
        .iter()
        .map(|ind| {
            let expected_units = expected.iter().filter(|u| owes(plan, ind, &u.code, period)).count();
            let due = is_due(plan, ind, period);
            let total_over = |reports: &mut dyn Iterator<Item = &Report>| {
                if due { total_of(ind, reports) } else { Total::default() }
            };
            let total = total_over(&mut counted.iter().map(|(_, r)| *r));
            let by_group = groups
                .iter()
                .map(|g| (g.clone(), total_over(&mut counted.iter().filter(|(u, _)| &u.group == g).map(|(_, r)| *r))))
                .collect();
            IndicatorTotal { code: ind.code.clone(), total, by_group, expected_units, due }
        })
        .collect();

    Consolidation {
        plan_id: plan.id.clone(),
        period: period.to_string(),
        year,
        as_of,
        last_day,
        groups,
        units,
        tasks,
        indicators,
        files: outcomes,
        comparison: None,
    }
}

/// Per unit: the reports latest first by the order of evidence; the first valid one counts.
/// The other valid ones are marked superseded by it, the invalid ones replaced by it.
fn choose_reports(
    files: &[ReadFile],
    outcomes: &mut [FileOutcome],
    by_unit: &BTreeMap<String, Vec<usize>>,
) -> BTreeMap<String, Choice> {
    let mut choices: BTreeMap<String, Choice> = BTreeMap::new();
    for (unit, idxs) in by_unit {
        let mut order = idxs.clone();
        order.sort_by(|&a, &b| later(&files[b], &files[a]).0);
        let valid: Vec<usize> = order.iter().copied().filter(|&i| outcomes[i].role == FileRole::Used).collect();
        let mut choice = Choice { latest: order[0], counted: valid.first().copied(), ..Choice::default() };
        if let Some(w) = choice.counted {
            let winner = &files[w];
            choice.decided_by = valid.get(1).map(|&r| later(winner, &files[r]).1);
            for &i in &valid[1..] {
                let (_, evidence) = later(winner, &files[i]);
                let conflict = winner.checked.header.report_date.is_some()
                    && winner.checked.header.report_date == files[i].checked.header.report_date
                    && !same_figures(&winner.checked.report, &files[i].checked.report);
                if conflict && choice.conflict.is_none() {
                    choice.conflict = Some(files[i].checked.path.clone());
                }
                let o = &mut outcomes[i];
                o.role = FileRole::Superseded;
                o.replaced_by = Some(winner.checked.path.clone());
                o.evidence = Some(evidence);
                o.conflict = conflict;
            }
            for &i in &order {
                if outcomes[i].role == FileRole::Invalid {
                    outcomes[i].replaced_by = Some(winner.checked.path.clone());
                }
            }
        }
        choices.insert(unit.clone(), choice);
    }
    choices
}

/// One expected unit's row: the counted report and whether it came on time, late, only with
/// errors (the latest one shown), or is missing after the deadline; with every file it sent.
fn unit_outcome(
    u: &Unit,
    choice: Option<&Choice>,
    files: &[ReadFile],
    outcomes: &[FileOutcome],
    received: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    as_of: NaiveDate,
) -> UnitOutcome {
    let mut outcome = UnitOutcome {
        code: u.code.clone(),
        name: u.name.clone(),
        group: u.group.clone(),
        succeeds: u.succeeds.clone(),
        status: UnitStatus::NotDue,
        doc_number: None,
        report_date: None,
        received,
        days_late: None,
        file: None,
        errors: 0,
        warnings: 0,
        report: None,
        files: Vec::new(),
        decided_by: None,
        conflict: None,
        latest_invalid: None,
    };
    if let Some(choice) = choice
        && let Some(i) = choice.counted
    {
        let f = &files[i].checked;
        outcome.doc_number.clone_from(&f.header.doc_number);
        outcome.report_date = f.header.report_date;
        outcome.file = Some(f.path.clone());
        outcome.errors = f.errors();
        outcome.warnings = f.warnings();
        outcome.report = Some(f.report.clone());
        outcome.decided_by = choice.decided_by;
        outcome.conflict.clone_from(&choice.conflict);
        if choice.latest != i {
            outcome.latest_invalid = Some(files[choice.latest].checked.path.clone());
        }
        let late_by = match (outcome.submitted(), last_day) {
            (Some(s), Some(l)) => (s - l).num_days(),
            _ => 0,
        };
        if late_by > 0 {
            outcome.status = UnitStatus::Late;
            outcome.days_late = Some(late_by);
        } else {
            outcome.status = UnitStatus::OnTime;
        }
    } else if let Some(choice) = choice {
        // Only reports with errors: the latest one is shown.
        let f = &files[choice.latest].checked;
        outcome.status = UnitStatus::Invalid;
        outcome.doc_number.clone_from(&f.header.doc_number);
        outcome.report_date = f.header.report_date;
        outcome.file = Some(f.path.clone());
        outcome.errors = f.errors();
        outcome.warnings = f.warnings();
    } else if let Some(l) = last_day
        && as_of > l
    {
        outcome.status = UnitStatus::Missing;
        outcome.days_late = Some((as_of - l).num_days());
    }
    let mut own: Vec<FileOutcome> =
        outcomes.iter().filter(|o| o.unit.as_deref() == Some(u.code.as_str())).cloned().collect();
    own.sort_by_key(|o| (o.role != FileRole::Used, o.path.clone()));
    outcome.files = own;
    outcome
}

/// The role of one file before duplicates are resolved (`Used` means "a valid candidate").
fn classify(
    plan: &Plan,
    period: &str,
    year: i32,
    file: &CheckedFile,
    expected: &[&crate::plan::Unit],
) -> (FileRole, Option<SkipReason>) {
    match file.kind {
        FileKind::Consolidated => return (FileRole::Skipped, Some(SkipReason::Consolidated)),
        FileKind::OtherSpreadsheet => return (FileRole::Skipped, Some(SkipReason::OtherSpreadsheet)),
        FileKind::Unreadable => return (FileRole::Skipped, Some(SkipReason::Unreadable)),
        FileKind::Report => {}
    }
    let h = &file.header;
    // A report that plainly names another period or year belongs to another round: skipped,
    // even with errors. One whose period cannot be told is judged on its errors.
    let other_period = h.period.as_deref().is_some_and(|p| p != period);
    let other_year = h.year.is_some_and(|y| y != year);
    if other_period || other_year {
        let name = h
            .period
            .as_deref()
            .map(|p| plan.period(p).map_or_else(|| p.to_string(), |x| x.name.clone()))
            .unwrap_or_default();
        let year = h.year.map(|y| y.to_string()).unwrap_or_default();
        return (FileRole::Skipped, Some(SkipReason::OtherPeriod { period: name, year }));
    }
    if file.has_errors() {
        return (FileRole::Invalid, None);
    }
    match &h.unit {
        Some(u) if expected.iter().any(|e| &e.code == u) => (FileRole::Used, None),
        // A clean report always names its unit; one not expected this period is set aside.
        _ => (FileRole::Skipped, Some(SkipReason::UnitNotExpected)),
    }
}

/// The choice among one unit's reports for the cycle.
#[derive(Debug, Default)]
struct Choice {
    /// The latest report by the rule, valid or not.
    latest: usize,
    /// The report that counts: the latest valid one.
    counted: Option<usize>,
    decided_by: Option<Evidence>,
    conflict: Option<PathBuf>,
}

/// Whether `a` is a later report than `b` (`Greater`), and which evidence said so: the order
/// of evidence of `docs/consolidation.md`.
fn later(a: &ReadFile, b: &ReadFile) -> (std::cmp::Ordering, Evidence) {
    use std::cmp::Ordering::Equal;
    let (ha, hb) = (&a.checked.header, &b.checked.header);
    if let (Some(x), Some(y)) = (doc_sequence(ha.doc_number.as_deref()), doc_sequence(hb.doc_number.as_deref()))
        && x.1 == y.1
        && x.0 != y.0
    {
        return (x.0.cmp(&y.0), Evidence::DocNumber);
    }
    let marks = correction_mark(a).cmp(&correction_mark(b));
    if marks != Equal {
        return (marks, Evidence::CorrectionMark);
    }
    let dates = ha.report_date.cmp(&hb.report_date);
    if dates != Equal {
        return (dates, Evidence::ReportDate);
    }
    let times = a.checked.modified.cmp(&b.checked.modified);
    if times != Equal {
        return (times, Evidence::FileTime);
    }
    (b.checked.path.cmp(&a.checked.path), Evidence::FileName)
}

/// "47/BC-UBND" → (47, "bc-ubnd"): the number and the series it counts in. Numbers of two
/// series ("12/BC-SNV", "12/BC-UBND") are never compared.
fn doc_sequence(doc: Option<&str>) -> Option<(u64, String)> {
    let (number, series) = doc?.trim().split_once('/')?;
    let number = number.trim().trim_start_matches(|c: char| !c.is_ascii_digit());
    Some((number.parse().ok()?, crate::text::fold(series)))
}

/// Words by which offices mark a corrected resend, compared without diacritics.
const CORRECTION_MARKS: [&str; 9] =
    ["ban sua", "ban cuoi", "sua doi", "bo sung", "dieu chinh", "lan 2", "lan 3", "lan 4", "lan 5"];

/// Whether the file name or the title says the file is a correction.
fn correction_mark(file: &ReadFile) -> bool {
    let name = file.checked.path.file_stem().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    [Some(name.as_str()), file.title.as_deref()].into_iter().flatten().any(|text| {
        let key = format!(" {} ", plain(text));
        CORRECTION_MARKS.iter().any(|m| key.contains(&format!(" {m} ")))
    })
}

/// Folded, without diacritics, with every non-letter read as a space: "Bao cao - bản cuối"
/// → "bao cao ban cuoi". Hand-written because file names drop diacritics at random and no
/// crate here strips Vietnamese tone marks (đ included).
fn plain(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded = crate::text::fold(text);
    let stripped: String = folded
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two reports give the same figures and task statuses.
fn same_figures(a: &Report, b: &Report) -> bool {
    let values = |r: &Report| {
        let mut v: Vec<(String, u64)> = r.values.iter().map(|v| (v.code.clone(), v.value.to_bits())).collect();
        v.sort();
        v
    };
    let tasks = |r: &Report| {
        let mut t: Vec<(String, Option<String>)> = r.tasks.iter().map(|t| (t.code.clone(), t.status.clone())).collect();
        t.sort();
        t
    };
    values(a) == values(b) && tasks(a) == tasks(b)
}

/// A unit's whole story in one line of text, for its row in "Tình hình nộp" and `status`: the
/// file that counts and what decided, a latest report with errors passed over, a conflicting
/// resend, every other file with its fate, files for another period or year. Empty for a unit
/// with no file. File names only; the full paths are in JSON and "Kiểm tra".
#[must_use]
pub fn unit_story(u: &UnitOutcome, lang: Lang) -> String {
    let name = |p: &std::path::Path| {
        p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
    };
    let mut parts: Vec<String> = Vec::new();
    // The register says the unit's report came in, but no file of it is among the inputs: the
    // officer looks for the attachment instead of chasing the unit.
    if let (Some(received), None) = (u.received, &u.report) {
        parts.push(messages::render(
            "consolidation-story-received-no-file",
            lang,
            &[("date", received.format("%d/%m/%Y").to_string())],
        ));
    }
    if let Some(latest) = &u.latest_invalid {
        let file = u.files.iter().find(|f| &f.path == latest);
        let errors = file.map_or(0, |f| f.errors);
        // Where the first error is, so the officer can tell the unit what to fix.
        let first = file
            .and_then(|f| f.findings.iter().find(|x| x.severity == crate::findings::Severity::Error))
            .map(Finding::place)
            .filter(|p| !p.is_empty())
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        let used = u.file.as_deref().map(name).unwrap_or_default();
        parts.push(messages::render(
            "consolidation-story-latest-invalid",
            lang,
            &[("file", name(latest)), ("errors", errors.to_string()), ("first", first), ("used", used)],
        ));
    }
    for f in &u.files {
        let file = name(&f.path);
        let by = f.replaced_by.as_deref().map(name).unwrap_or_default();
        let text = match (f.role, &f.skip) {
            // Said once: when a superseded file's line already names this file and the same
            // evidence, "dùng X (căn cứ …)" would only repeat it.
            (FileRole::Used, _)
                if u.conflict.is_none()
                    && u.decided_by.is_some()
                    && !u.files.iter().any(|g| g.role == FileRole::Superseded && g.evidence == u.decided_by) =>
            {
                messages::render(
                    "consolidation-story-used",
                    lang,
                    &[("file", file), ("evidence", u.decided_by.map(|e| e.label(lang)).unwrap_or_default())],
                )
            }
            (FileRole::Superseded, _) if f.conflict => messages::render(
                "consolidation-story-conflict",
                lang,
                &[
                    ("file", file),
                    ("used", by),
                    ("date", f.report_date.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()),
                    ("evidence", f.evidence.map(|e| e.label(lang)).unwrap_or_default()),
                ],
            ),
            (FileRole::Superseded, _) => messages::render(
                "consolidation-story-superseded",
                lang,
                &[("file", file), ("used", by), ("evidence", f.evidence.map(|e| e.label(lang)).unwrap_or_default())],
            ),
            (FileRole::Invalid, _) if u.latest_invalid.as_ref() == Some(&f.path) => continue,
            (FileRole::Invalid, _) => messages::render(
                "consolidation-story-invalid",
                lang,
                &[("file", file), ("errors", f.errors.to_string())],
            ),
            (FileRole::Skipped, Some(SkipReason::OtherPeriod { period, year })) => messages::render(
                "consolidation-story-other-period",
                lang,
                &[("file", file), ("period", period.clone()), ("year", year.clone())],
            ),
            (FileRole::Skipped, Some(reason)) => format!("{file}: {}", reason.text(lang)),
            _ => continue,
        };
        parts.push(text);
    }
    parts.join("; ")
}

/// Whether an indicator's task is due in the period; a rate is due when both its parts are.
fn is_due(plan: &Plan, ind: &Indicator, period: &str) -> bool {
    let due = |i: &Indicator| plan.task(&i.task).is_none_or(|t| t.is_due_in(period));
    match &ind.kind {
        Kind::Rate { numerator, denominator } => {
            due(ind) && [numerator, denominator].iter().all(|c| plan.indicator(c).is_none_or(&due))
        }
        _ => due(ind),
    }
}

/// Whether a unit owes an indicator in a period: the unit is among those owing it and its task
/// is due in the period (as the checks of `validation.rs` expect); a rate is owed by the units
/// owing both its parts.
fn owes(plan: &Plan, ind: &Indicator, unit: &str, period: &str) -> bool {
    let owed = |i: &Indicator| i.is_owed_by(unit) && plan.task(&i.task).is_some_and(|t| t.is_due_in(period));
    if !owed(ind) {
        return false;
    }
    match &ind.kind {
        Kind::Rate { numerator, denominator } => {
            [numerator, denominator].iter().all(|c| plan.indicator(c).is_some_and(&owed))
        }
        _ => true,
    }
}

/// The total of one indicator over some reports: sums for counts and amounts, the number of
/// "Có" for yes/no, Σnumerator / Σdenominator × 100 over reports with both parts for rates.
fn total_of(ind: &Indicator, reports: &mut dyn Iterator<Item = &Report>) -> Total {
    let mut total = Total::default();
    match &ind.kind {
        Kind::Count | Kind::Amount | Kind::YesNo => {
            let yes_no = ind.kind == Kind::YesNo;
            let mut sum = 0.0;
            for r in reports {
                if let Some(v) = r.value(&ind.code) {
                    total.reported_units += 1;
                    sum += if yes_no { f64::from(u8::from(v.value > 0.5)) } else { v.value };
                }
            }
            if total.reported_units > 0 {
                total.value = Some(sum);
            }
        }
        Kind::Rate { numerator, denominator } => {
            let (mut num, mut den) = (0.0, 0.0);
            for r in reports {
                if let (Some(n), Some(d)) = (r.value(numerator), r.value(denominator)) {
                    total.reported_units += 1;
                    num += n.value;
                    den += d.value;
                }
            }
            if total.reported_units > 0 {
                total.parts = Some((num, den));
                if den != 0.0 {
                    total.value = Some(num / den * 100.0);
                }
            }
        }
    }
    total
}

/// The period in a Vietnamese title: "6 tháng năm 2024", and "năm 2025" (never "năm năm") for a
/// period named "Năm".
#[must_use]
pub fn period_phrase(plan: &Plan, period: &str, year: i32) -> String {
    let name = plan.period(period).map_or_else(|| period.to_string(), |p| p.name.to_lowercase());
    crate::text::period_of_year(&name, year)
}

/// "Đồng Tháp, ngày 05 tháng 6 năm 2024": Nghị định 30/2020 pads the day below 10 and the
/// months January and February with a zero, and no other month.
#[must_use]
pub fn date_line(place: &str, date: NaiveDate) -> String {
    use chrono::Datelike;
    let month = if date.month() <= 2 { format!("{:02}", date.month()) } else { date.month().to_string() };
    format!("{place}, ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Finding, Kind};
    use crate::plan::StatusMeaning;
    use crate::validation::{Header, IndicatorValue, TaskEntry};
    use std::time::{Duration, SystemTime};

    fn plan() -> Plan {
        crate::plan::parse(crate::plan::BUILTIN, "test").expect("built-in plan parses")
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn report(unit: &str, date: NaiveDate, values: &[(&str, f64)]) -> CheckedFile {
        CheckedFile {
            path: PathBuf::from(format!("in/{unit}-{date}.xlsx")),
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1000)),
            kind: FileKind::Report,
            header: Header {
                unit: Some(unit.into()),
                period: Some("6-thang".into()),
                year: Some(2024),
                doc_number: Some(format!("1/BC-{unit}")),
                report_date: Some(date),
                ..Header::default()
            },
            report: Report {
                tasks: vec![TaskEntry {
                    code: "NV1".into(),
                    status: Some("Hoàn thành".into()),
                    meaning: Some(StatusMeaning::Done),
                    result: "Đã triển khai".into(),
                    limits: String::new(),
                }],
                values: values
                    .iter()
                    .map(|(c, v)| IndicatorValue {
                        code: (*c).into(),
                        value: *v,
                        cell: "Chỉ tiêu!D5".into(),
                        note: String::new(),
                    })
                    .collect(),
                recommendations: Vec::new(),
                models: Vec::new(),
            },
            findings: Vec::new(),
        }
    }

    fn run(files: Vec<CheckedFile>, as_of: NaiveDate) -> Consolidation {
        consolidate(&plan(), "6-thang", 2024, as_of, files, &HashMap::new())
    }

    #[test]
    fn statuses_follow_the_last_day_at_the_as_of_date() {
        // Last on-time day of 6-thang/2024 is 04/06/2024 ("trước ngày 5 tháng 6").
        let files = vec![report("SNV", d(2024, 6, 4), &[]), report("STP", d(2024, 6, 7), &[])];
        let c = run(files.clone(), d(2024, 6, 20));
        assert_eq!(c.last_day, Some(d(2024, 6, 4)));
        assert_eq!(c.unit("SNV").unwrap().status, UnitStatus::OnTime);
        let stp = c.unit("STP").unwrap();
        assert_eq!((stp.status, stp.days_late), (UnitStatus::Late, Some(3)));
        let missing = c.unit("SYT").unwrap();
        assert_eq!((missing.status, missing.days_late), (UnitStatus::Missing, Some(16)));
        assert_eq!(c.count(UnitStatus::OnTime) + c.count(UnitStatus::Late) + c.count(UnitStatus::Missing), 33);

        let early = run(files, d(2024, 6, 4));
        assert_eq!(early.unit("SYT").unwrap().status, UnitStatus::NotDue);
        assert_eq!(early.count(UnitStatus::Missing), 0);
    }

    #[test]
    fn received_register_overrides_the_report_date() {
        let files = vec![report("SNV", d(2024, 6, 3), &[]), report("STP", d(2024, 6, 9), &[])];
        let received = HashMap::from([("SNV".to_string(), d(2024, 6, 6)), ("STP".to_string(), d(2024, 6, 4))]);
        let c = consolidate(&plan(), "6-thang", 2024, d(2024, 6, 20), files, &received);
        let snv = c.unit("SNV").unwrap();
        assert_eq!((snv.status, snv.days_late, snv.received), (UnitStatus::Late, Some(2), Some(d(2024, 6, 6))));
        assert_eq!(c.unit("STP").unwrap().status, UnitStatus::OnTime);
    }

    #[test]
    fn latest_report_date_wins_then_modification_time() {
        let old = report("SNV", d(2024, 6, 1), &[("VB_CHIDAO", 1.0)]);
        let mut newer = report("SNV", d(2024, 6, 3), &[("VB_CHIDAO", 5.0)]);
        newer.path = PathBuf::from("in/a-first-by-name.xlsx");
        let c = run(vec![old.clone(), newer.clone()], d(2024, 6, 20));
        assert_eq!(c.indicator("VB_CHIDAO").unwrap().total.value, Some(5.0));
        let sup = c.files.iter().find(|f| f.path == old.path).unwrap();
        assert_eq!(sup.role, FileRole::Superseded);
        assert_eq!(sup.replaced_by.as_ref(), Some(&newer.path));

        // Same report date: the later modification time wins.
        let mut same_day = old.clone();
        same_day.path = PathBuf::from("in/z.xlsx");
        same_day.modified = Some(SystemTime::UNIX_EPOCH + Duration::from_secs(5));
        same_day.report.values[0].value = 9.0;
        let c = run(vec![same_day.clone(), old.clone()], d(2024, 6, 20));
        assert_eq!(c.indicator("VB_CHIDAO").unwrap().total.value, Some(1.0));
        assert_eq!(c.files.iter().find(|f| f.path == same_day.path).unwrap().role, FileRole::Superseded);
    }

    fn read(file: CheckedFile, title: Option<&str>) -> ReadFile {
        ReadFile { checked: file, title: title.map(str::to_string) }
    }

    #[test]
    fn document_number_comes_before_the_report_date_and_series_are_never_compared() {
        let mut early_higher = report("HTH", d(2024, 6, 1), &[("VB_CHIDAO", 2.0)]);
        early_higher.header.doc_number = Some("47/BC-UBND".into());
        let mut late_lower = report("HTH", d(2024, 6, 3), &[("VB_CHIDAO", 9.0)]);
        late_lower.header.doc_number = Some("43/BC-UBND".into());
        late_lower.path = PathBuf::from("in/z.xlsx");
        let c = run(vec![early_higher.clone(), late_lower.clone()], d(2024, 6, 20));
        let hth = c.unit("HTH").unwrap();
        assert_eq!((hth.file.as_ref(), hth.decided_by), (Some(&early_higher.path), Some(Evidence::DocNumber)));
        assert_eq!(hth.files.iter().map(|f| f.role).collect::<Vec<_>>(), [FileRole::Used, FileRole::Superseded]);
        assert!(hth.conflict.is_none(), "different dates are no conflict");
        // Another series: the numbers say nothing, the report date decides.
        late_lower.header.doc_number = Some("43/BC-VP".into());
        let c = run(vec![early_higher, late_lower.clone()], d(2024, 6, 20));
        let hth = c.unit("HTH").unwrap();
        assert_eq!((hth.file.as_ref(), hth.decided_by), (Some(&late_lower.path), Some(Evidence::ReportDate)));
    }

    #[test]
    fn a_mark_in_the_title_beats_file_time_and_file_time_is_the_last_resort() {
        let older = report("HTH", d(2024, 6, 1), &[("VB_CHIDAO", 2.0)]);
        let mut newer = older.clone();
        newer.path = PathBuf::from("in/gui-lai.xlsx");
        newer.modified = Some(SystemTime::UNIX_EPOCH + Duration::from_secs(9000));
        newer.report.values[0].value = 3.0;
        // Same number, date and figures differ: the later file time decides, and says so.
        let c = run(vec![older.clone(), newer.clone()], d(2024, 6, 20));
        let hth = c.unit("HTH").unwrap();
        assert_eq!((hth.file.as_ref(), hth.decided_by), (Some(&newer.path), Some(Evidence::FileTime)));
        assert_eq!(hth.conflict.as_ref(), Some(&older.path));
        assert!(c.has_doubts());
        let story = unit_story(hth, Lang::En);
        assert!(story.starts_with("CONFLICT: HTH-2024-06-01.xlsx has the same report date 01/06/2024 as gui-lai.xlsx"));
        // "(Bản sửa)" in the older file's title wins over the file time.
        let files = vec![read(older.clone(), Some("BÁO CÁO 6 THÁNG (Bản sửa)")), read(newer, None)];
        let c = consolidate(&plan(), "6-thang", 2024, d(2024, 6, 20), files, &HashMap::new());
        let hth = c.unit("HTH").unwrap();
        assert_eq!((hth.file.as_ref(), hth.decided_by), (Some(&older.path), Some(Evidence::CorrectionMark)));
    }

    #[test]
    fn correction_marks_are_read_without_diacritics_and_as_whole_words() {
        let named = |name: &str| {
            let mut f = report("HTH", d(2024, 6, 1), &[]);
            f.path = PathBuf::from(name);
            correction_mark(&ReadFile::from(f))
        };
        assert!(named("in/Bao_cao_HTH - ban cuoi.xlsx"));
        assert!(named("in/Báo cáo HTH (bản sửa).xlsx"));
        assert!(named("in/BC-HTH-LAN-2.xls"));
        assert!(!named("in/BC-HTH-lan-20.xls"));
        assert!(!named("in/bao-cao_HTH_6-thang_2024.xlsx"));
    }

    #[test]
    fn only_invalid_reports_make_the_unit_invalid_with_its_latest_file() {
        let mut a = report("SNV", d(2024, 6, 1), &[]);
        a.findings.push(Finding::new(Kind::FileEmpty));
        let mut b = report("SNV", d(2024, 6, 3), &[]);
        b.path = PathBuf::from("in/b.xlsx");
        b.findings.push(Finding::new(Kind::FileEmpty));
        let c = run(vec![a, b.clone()], d(2024, 6, 20));
        let snv = c.unit("SNV").unwrap();
        assert_eq!(
            (snv.status, snv.file.as_ref(), snv.latest_invalid.as_ref()),
            (UnitStatus::Invalid, Some(&b.path), None)
        );
        assert_eq!(snv.files.len(), 2);
        assert!(!c.has_doubts());
    }

    #[test]
    fn reports_with_errors_count_nowhere_and_make_the_unit_invalid() {
        let mut bad = report("SNV", d(2024, 6, 3), &[("VB_CHIDAO", 100.0)]);
        let kind = Kind::ValueNotNumber { code: "VB_CHIDAO".into(), value: "mười".into() };
        bad.findings.push(Finding::new(kind).at("Chỉ tiêu", "D7"));
        let good = report("STP", d(2024, 6, 3), &[("VB_CHIDAO", 2.0)]);
        let c = run(vec![bad.clone(), good], d(2024, 6, 20));
        let snv = c.unit("SNV").unwrap();
        assert_eq!((snv.status, snv.errors), (UnitStatus::Invalid, 1));
        assert!(snv.report.is_none());
        assert_eq!(c.indicator("VB_CHIDAO").unwrap().total.value, Some(2.0));
        let f = c.files.iter().find(|f| f.path == bad.path).unwrap();
        assert_eq!((f.role, f.findings.len()), (FileRole::Invalid, 1));
        assert!(c.has_gaps());
    }

    #[test]
    fn other_periods_and_non_reports_are_skipped() {
        let mut year_report = report("SNV", d(2024, 10, 20), &[]);
        year_report.header.period = Some("nam".into());
        let mut last_year = report("STP", d(2023, 6, 1), &[]);
        last_year.header.year = Some(2023);
        last_year.findings.push(Finding::new(Kind::FileEmpty));
        let mut out = report("SYT", d(2024, 6, 1), &[]);
        out.kind = FileKind::Consolidated;
        let c = run(vec![year_report, last_year, out], d(2024, 6, 20));
        assert!(c.files.iter().all(|f| f.role == FileRole::Skipped), "{:?}", c.files);
        assert_eq!(c.unit("SNV").unwrap().status, UnitStatus::Missing);
        assert_eq!(c.unit("STP").unwrap().status, UnitStatus::Missing);
        assert_eq!(
            c.files[0].skip.as_ref().map(|s| s.text(Lang::En)),
            Some("a report for another period (Năm 2024)".to_string())
        );
    }

    #[test]
    fn rates_divide_summed_parts_never_average() {
        // Unit A: 90/100 = 90 %, unit B: 10/900 ≈ 1.1 %. Averaging gives 45.6 %; the true rate
        // is 100/1000 = 10 %.
        let a = report("SNV", d(2024, 6, 3), &[("TTHC_DUNGHAN", 90.0), ("TTHC_TIEPNHAN", 100.0)]);
        let b = report("TPCL", d(2024, 6, 3), &[("TTHC_DUNGHAN", 10.0), ("TTHC_TIEPNHAN", 900.0)]);
        // Only the denominator: not part of the rate, still part of its own sum.
        let c_only = report("HTH", d(2024, 6, 3), &[("TTHC_TIEPNHAN", 50.0)]);
        let c = run(vec![a, b, c_only], d(2024, 6, 20));
        let rate = c.indicator("TL_DUNGHAN").unwrap();
        assert_eq!(rate.total.parts, Some((100.0, 1000.0)));
        assert!((rate.total.value.unwrap() - 10.0).abs() < 1e-9);
        assert_eq!(rate.total.reported_units, 2);
        assert_eq!(c.indicator("TTHC_TIEPNHAN").unwrap().total.value, Some(1050.0));
        let by_group: Vec<Option<f64>> = rate.by_group.iter().map(|(_, t)| t.value).collect();
        assert_eq!(by_group, vec![Some(90.0), Some(10.0 / 900.0 * 100.0)]);
    }

    #[test]
    fn zero_denominator_gives_no_rate_and_blank_is_not_zero() {
        let a = report("SNV", d(2024, 6, 3), &[("KS_PHIEU", 0.0), ("KS_HAILONG", 0.0)]);
        let c = run(vec![a], d(2024, 6, 20));
        let rate = c.indicator("TL_HAILONG").unwrap();
        assert_eq!((rate.total.value, rate.total.reported_units), (None, 1));
        let dvk = c.indicator("DVK_MOHINH").unwrap();
        assert_eq!((dvk.total.value, dvk.total.reported_units), (None, 0));
    }

    #[test]
    fn subtotals_split_by_group_and_yes_no_counts_yes() {
        let a = report("SNV", d(2024, 6, 3), &[("VB_CHIDAO", 3.0), ("KH_NAM", 1.0)]);
        let b = report("STP", d(2024, 6, 3), &[("VB_CHIDAO", 4.0), ("KH_NAM", 0.0)]);
        let h = report("HTH", d(2024, 6, 3), &[("VB_CHIDAO", 10.0), ("KH_NAM", 1.0)]);
        let c = run(vec![a, b, h], d(2024, 6, 20));
        let vb = c.indicator("VB_CHIDAO").unwrap();
        assert_eq!(vb.total.value, Some(17.0));
        assert_eq!(
            vb.by_group[0],
            ("so-nganh".to_string(), Total { value: Some(7.0), parts: None, reported_units: 2 })
        );
        assert_eq!(vb.by_group[1].1.value, Some(10.0));
        assert_eq!(vb.expected_units, 33);
        let kh = c.indicator("KH_NAM").unwrap();
        assert_eq!((kh.total.value, kh.total.reported_units), (Some(2.0), 3));
        // Owed by one unit only.
        assert_eq!(c.indicator("KINHPHI").unwrap().expected_units, 1);
        assert_eq!(c.indicator("HOIQUAN").unwrap().expected_units, 12);
        // NV7 (Quý III, IV) is not due in the 6-month report: nobody owes its figures yet.
        assert_eq!(c.indicator("KIEMTRA").unwrap().expected_units, 0);
        // ... and it is "chưa đến kỳ": no total, no "n of 0 units reported".
        let kiemtra = c.indicator("KIEMTRA").unwrap();
        assert!(!kiemtra.due);
        assert_eq!(kiemtra.total, Total::default());
        assert!(kiemtra.by_group.iter().all(|(_, t)| *t == Total::default()));
        assert!(c.indicator("TCD_LUOT").unwrap().due);
    }

    #[test]
    fn task_counts_mark_tasks_not_due() {
        let c = run(vec![report("SNV", d(2024, 6, 3), &[]), report("STP", d(2024, 6, 3), &[])], d(2024, 6, 20));
        let nv1 = &c.tasks[0];
        assert_eq!((nv1.due, nv1.counts["Hoàn thành"], nv1.counts["Đang thực hiện"], nv1.blank), (true, 2, 0, 0));
        let nv7 = c.tasks.iter().find(|t| t.code == "NV7").unwrap();
        assert_eq!((nv7.due, nv7.blank), (false, 2));
    }

    #[test]
    fn units_not_expected_are_skipped_and_never_missing() {
        // Districts stop reporting after 6-thang/2025.
        let mut district = report("HTH", d(2025, 10, 20), &[]);
        district.header.period = Some("nam".into());
        district.header.year = Some(2025);
        let c = consolidate(&plan(), "nam", 2025, d(2025, 11, 20), vec![district], &HashMap::new());
        // 21 sở, ngành minus the six merged in 2025 and Sở Ngoại vụ, Báo and Đài, plus SNNMT and
        // the merged Báo và Phát thanh, Truyền hình: the reorganised province's 14.
        assert_eq!(c.units.len(), 14);
        assert!(c.unit("HTH").is_none());
        assert_eq!(c.files[0].skip, Some(SkipReason::UnitNotExpected));
    }

    #[test]
    fn period_phrase_never_says_nam_twice() {
        assert_eq!(period_phrase(&plan(), "6-thang", 2024), "6 tháng năm 2024");
        assert_eq!(period_phrase(&plan(), "nam", 2025), "năm 2025");
    }

    #[test]
    fn date_line_pads_day_and_first_two_months() {
        assert_eq!(date_line("Đồng Tháp", d(2024, 6, 5)), "Đồng Tháp, ngày 05 tháng 6 năm 2024");
        assert_eq!(date_line("Đồng Tháp", d(2024, 2, 15)), "Đồng Tháp, ngày 15 tháng 02 năm 2024");
        assert_eq!(date_line("Đồng Tháp", d(2024, 11, 30)), "Đồng Tháp, ngày 30 tháng 11 năm 2024");
    }
}
