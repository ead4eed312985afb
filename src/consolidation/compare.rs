//! "So với cùng kỳ": a consolidation compared with the consolidated workbook of the same period
//! of the year before (`consolidate --so-sanh FILE`), read back by `history`.
//!
//! For every indicator: the previous figure, the change, and the change in percent, for the
//! province and each group (the totals printed on last year's "Chỉ tiêu") and for each unit (its
//! figures on last year's "Dữ liệu"). Rates are compared in percentage points: their change is
//! the difference of the two rates and they have no change in percent (domain.md, "Comparison
//! and scoring practice"). A figure missing on either side gives no change: never read as 0.
//!
//! A unit that succeeds others (`ke_thua` in plan.toml) is compared as the merged whole: its
//! previous figure is its own plus its predecessors' (a rate from their summed parts), marked
//! with the units summed. A unit's figure beyond the indicator's bound (`bien_do`: more than
//! that many times, or less than that fraction, of last year's) is a warning at its cell in the
//! unit's report.

use std::path::PathBuf;

use crate::findings::{Finding, Severity};
use crate::history::{Cycle, Identity};
use crate::messages::{self, Lang};
use crate::plan::{Group, Kind, Plan};

use super::Consolidation;

/// One figure beside last year's.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Change {
    pub current: Option<f64>,
    pub previous: Option<f64>,
    /// `current − previous`; percentage points for a rate. `None` unless both are known.
    pub change: Option<f64>,
    /// `change / previous × 100`; `None` for a rate, or when either is unknown or last year's
    /// was 0.
    pub change_pct: Option<f64>,
}

impl Change {
    /// The change of `current` against `previous`; `rate` compares in percentage points.
    #[must_use]
    pub fn new(current: Option<f64>, previous: Option<f64>, rate: bool) -> Self {
        let change = current.zip(previous).map(|(c, p)| c - p);
        let change_pct =
            if rate { None } else { change.zip(previous).and_then(|(d, p)| (p != 0.0).then(|| d / p.abs() * 100.0)) };
        Change { current, previous, change, change_pct }
    }
}

/// One unit's figure against last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitChange {
    pub unit: String,
    pub change: Change,
    /// The predecessors (`ke_thua`) whose figures are summed into `previous` with the unit's
    /// own; empty when the previous figure is the unit's alone.
    pub merged: Vec<String>,
}

/// One indicator against last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorChange {
    pub code: String,
    /// Compared in percentage points.
    pub rate: bool,
    /// Province total.
    pub total: Change,
    /// By group, in [`Group::ALL`] order.
    pub by_group: Vec<(Group, Change)>,
    /// By expected unit, in the consolidation's order.
    pub by_unit: Vec<UnitChange>,
}

/// A unit's figure beyond the indicator's `bien_do`.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundWarning {
    pub unit: String,
    pub indicator: String,
    pub current: f64,
    pub previous: f64,
    pub bound: f64,
    /// The finding, at the figure's cell in the unit's report.
    pub finding: Finding,
}

/// The consolidation against the same period of the year before.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The previous consolidated workbook.
    pub path: PathBuf,
    pub previous: Identity,
    /// In plan order.
    pub indicators: Vec<IndicatorChange>,
    pub warnings: Vec<BoundWarning>,
    /// What reading the previous workbook found (figures read two ways).
    pub findings: Vec<Finding>,
}

impl Comparison {
    /// The comparison of an indicator.
    #[must_use]
    pub fn indicator(&self, code: &str) -> Option<&IndicatorChange> {
        self.indicators.iter().find(|i| i.code == code)
    }
}

impl IndicatorChange {
    /// The comparison of a unit.
    #[must_use]
    pub fn unit(&self, code: &str) -> Option<&UnitChange> {
        self.by_unit.iter().find(|u| u.unit == code)
    }

    /// The comparison within a group.
    #[must_use]
    pub fn group(&self, group: Group) -> Change {
        self.by_group.iter().find(|(g, _)| *g == group).map(|(_, c)| *c).unwrap_or_default()
    }
}

/// Why a previous workbook is not the one to compare with.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// Consolidated under another plan.
    #[error("{} is for plan {found}", path.display())]
    OtherPlan { path: PathBuf, found: String, expected: String },
    /// Another period, or not the year before.
    #[error("{} is for {found}", path.display())]
    OtherCycle { path: PathBuf, found: String, expected: String },
}

impl CompareError {
    /// The message for a user, in `lang`: what the file is and what was expected.
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let (code, path, found, expected) = match self {
            CompareError::OtherPlan { path, found, expected } => ("compare-other-plan", path, found, expected),
            CompareError::OtherCycle { path, found, expected } => ("compare-other-cycle", path, found, expected),
        };
        messages::render(
            code,
            lang,
            &[("path", path.display().to_string()), ("found", found.clone()), ("expected", expected.clone())],
        )
    }
}

/// "6 tháng năm 2023": a period of a year in words.
fn cycle_words(plan: &Plan, period: &str, year: i32) -> String {
    super::period_phrase(plan, period, year)
}

/// Whether `previous` is what `period` of `year` is compared with: the same plan's same period
/// of `year − 1`.
///
/// # Errors
/// `previous` is for another plan, another period, or another year.
pub fn check(plan: &Plan, previous: &Cycle, period: &str, year: i32) -> Result<(), CompareError> {
    let id = &previous.identity;
    if id.plan_id != plan.id {
        return Err(CompareError::OtherPlan {
            path: previous.path.clone(),
            found: format!("{} ({})", id.plan_id, id.plan_name),
            expected: plan.id.clone(),
        });
    }
    if id.period != period || id.year != year - 1 {
        return Err(CompareError::OtherCycle {
            path: previous.path.clone(),
            found: cycle_words(plan, &id.period, id.year),
            expected: cycle_words(plan, period, year - 1),
        });
    }
    Ok(())
}

/// Compares `c` with `previous`, which must be the same plan's same period of the year before.
///
/// # Errors
/// See [`check`].
pub fn compare(plan: &Plan, c: &Consolidation, previous: &Cycle) -> Result<Comparison, CompareError> {
    check(plan, previous, &c.period, c.year)?;
    let id = &previous.identity;
    let mut indicators = Vec::new();
    let mut warnings = Vec::new();
    for ind in &plan.indicators {
        let Some(current) = c.indicator(&ind.code) else { continue };
        let rate = matches!(ind.kind, Kind::Rate { .. });
        let before = previous.indicator(&ind.code);
        let due = current.due && before.is_none_or(|b| b.due);
        let total =
            if due { Change::new(current.total.value, before.and_then(|b| b.total), rate) } else { Change::default() };
        let by_group = Group::ALL
            .into_iter()
            .map(|g| {
                let now = current.by_group.iter().find(|(x, _)| *x == g).and_then(|(_, t)| t.value);
                let then = before.and_then(|b| b.by_group.iter().find(|(id, _)| id == g.id())).and_then(|(_, v)| *v);
                (g, if due { Change::new(now, then, rate) } else { Change::default() })
            })
            .collect();
        let mut by_unit = Vec::new();
        for u in &c.units {
            let now = u.report.as_ref().and_then(|r| match &ind.kind {
                Kind::Rate { numerator, denominator } => {
                    let (n, d) = (r.value(numerator)?.value, r.value(denominator)?.value);
                    (d != 0.0).then(|| n / d * 100.0)
                }
                _ => r.value(&ind.code).map(|v| v.value),
            });
            let merged: Vec<String> = plan
                .predecessors(&u.code)
                .into_iter()
                .filter(|p| previous.unit(p).is_some())
                .map(str::to_string)
                .collect();
            let mut summed: Vec<&str> = vec![u.code.as_str()];
            summed.extend(merged.iter().map(String::as_str));
            let then = if due { previous.figure(plan, &summed, &ind.code) } else { None };
            let change = Change::new(if due { now } else { None }, then, rate);
            if let (Some(bound), true, Some(now), Some(then)) = (ind.bound, ind.kind.is_numeric(), change.current, then)
                && now > 0.0
                && then > 0.0
                && (now > then * bound || now < then / bound)
            {
                let cell =
                    u.report.as_ref().and_then(|r| r.value(&ind.code)).map(|v| v.cell.clone()).unwrap_or_default();
                let (sheet, at) = cell.split_once('!').unwrap_or(("Chỉ tiêu", cell.as_str()));
                let ratio = if now > then {
                    format!("×{}", one_decimal(now / then))
                } else {
                    format!("÷{}", one_decimal(then / now))
                };
                let finding = Finding::warning("compare-beyond-bound")
                    .at(sheet, at)
                    .arg("indicator", &ind.name)
                    .arg("code", &ind.code)
                    .arg("current", crate::report::format_number(now))
                    .arg("previous", crate::report::format_number(then))
                    .arg("year", id.year)
                    .arg("ratio", ratio)
                    .arg("bound", crate::report::format_number(bound));
                warnings.push(BoundWarning {
                    unit: u.code.clone(),
                    indicator: ind.code.clone(),
                    current: now,
                    previous: then,
                    bound,
                    finding,
                });
            }
            by_unit.push(UnitChange { unit: u.code.clone(), change, merged });
        }
        indicators.push(IndicatorChange { code: ind.code.clone(), rate, total, by_group, by_unit });
    }
    Ok(Comparison {
        path: previous.path.clone(),
        previous: id.clone(),
        indicators,
        warnings,
        findings: previous.findings.clone(),
    })
}

/// "12.3": one decimal, a whole number without it.
fn one_decimal(x: f64) -> String {
    crate::report::format_number((x * 10.0).round() / 10.0)
}

impl Consolidation {
    /// Adds the comparison: each bound warning becomes a finding of the unit's counted report
    /// (listed on "Kiểm tra" with the file), and the comparison is kept for the workbook, the
    /// terminal and JSON.
    pub fn set_comparison(&mut self, comparison: Comparison) {
        for w in &comparison.warnings {
            let Some(unit) = self.units.iter_mut().find(|u| u.code == w.unit) else { continue };
            let Some(path) = unit.file.clone() else { continue };
            unit.warnings += 1;
            let files = self.files.iter_mut().chain(unit.files.iter_mut());
            for file in files.filter(|f| f.path == path) {
                file.findings.push(w.finding.clone());
                if w.finding.severity == Severity::Warning {
                    file.warnings += 1;
                }
            }
        }
        self.comparison = Some(comparison);
    }
}
