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

use crate::findings::{self, Finding, Severity};
use crate::history::{Cycle, Identity};
use crate::messages::{self, Lang};
use crate::plan::{Kind, Plan};

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
    /// Units of the merged whole that owed the indicator last year but have no figure in last
    /// year's workbook (an invalid or missing report): the sum would be part of the whole, so
    /// `previous` is left blank and these are named instead.
    pub incomplete: Vec<String>,
}

/// One indicator against last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorChange {
    pub code: String,
    /// Compared in percentage points.
    pub rate: bool,
    /// Province total.
    pub total: Change,
    /// By group code, in the consolidation's order of groups (the plan's groups with units
    /// expected in the cycle).
    pub by_group: Vec<(String, Change)>,
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
    pub fn group(&self, group: &str) -> Change {
        self.by_group.iter().find(|(g, _)| g == group).map(|(_, c)| *c).unwrap_or_default()
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
        let by_group = current
            .by_group
            .iter()
            .map(|(g, t)| {
                let then = before.and_then(|b| b.by_group.iter().find(|(id, _)| id == g)).and_then(|(_, v)| *v);
                (g.clone(), if due { Change::new(t.value, then, rate) } else { Change::default() })
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
                .iter()
                // A predecessor still reporting on its own this cycle is not summed twice.
                .filter(|p| {
                    previous.unit(p).is_some()
                        && plan.unit(p).is_none_or(|pu| !plan.unit_expected(pu, &c.period, c.year))
                })
                .cloned()
                .collect();
            let mut summed: Vec<&str> = vec![u.code.as_str()];
            summed.extend(merged.iter().map(String::as_str));
            // A merged whole is compared only when every part that owed the figure last year
            // gave it: a sum missing a predecessor is not last year's figure of the whole.
            let parts_owed: Vec<&str> = match &ind.kind {
                Kind::Rate { numerator, .. } => vec![numerator.as_str()],
                _ => vec![ind.code.as_str()],
            };
            let incomplete: Vec<String> = if merged.is_empty() {
                Vec::new()
            } else {
                summed
                    .iter()
                    .filter(|code| {
                        previous.unit(code).is_some()
                            && parts_owed.iter().any(|part| {
                                plan.indicator(part).is_some_and(|i| i.is_owed_by(code))
                                    && previous.value(code, part).is_none()
                            })
                    })
                    .map(|code| (*code).to_string())
                    .collect()
            };
            let then = if !due || !incomplete.is_empty() {
                None
            } else if ind.kind == Kind::YesNo {
                // "Có" if any part of the whole answered "Có": a yes/no is never summed.
                summed.iter().filter_map(|code| previous.value(code, &ind.code)).reduce(f64::max)
            } else {
                previous.figure(plan, &summed, &ind.code)
            };
            // A yes/no changes by a step (Có ↔ Không), never by a percentage.
            let change = Change::new(if due { now } else { None }, then, rate || ind.kind == Kind::YesNo);
            if let (Some(bound), true, Some(now), Some(then)) = (ind.bound, ind.kind.is_numeric(), change.current, then)
                && now > 0.0
                && then > 0.0
                && (now > then * bound || now < then / bound)
            {
                let cell =
                    u.report.as_ref().and_then(|r| r.value(&ind.code)).map(|v| v.cell.clone()).unwrap_or_default();
                let (sheet, at) = cell.split_once('!').unwrap_or(("Chỉ tiêu", cell.as_str()));
                let finding = Finding::new(findings::Kind::CompareBeyondBound {
                    indicator: ind.name.clone(),
                    code: ind.code.clone(),
                    current: now,
                    previous: then,
                    year: id.year,
                    bound,
                })
                .at(sheet, at);
                warnings.push(BoundWarning {
                    unit: u.code.clone(),
                    indicator: ind.code.clone(),
                    current: now,
                    previous: then,
                    bound,
                    finding,
                });
            }
            by_unit.push(UnitChange { unit: u.code.clone(), change, merged, incomplete });
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
        // What reading last year's workbook found (a total edited by hand): listed on "Kiểm
        // tra" with that file.
        if !comparison.findings.is_empty() {
            self.add_skipped_with(
                comparison.path.clone(),
                super::SkipReason::Consolidated,
                comparison.findings.clone(),
            );
        }
        self.comparison = Some(comparison);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};
    use std::path::PathBuf;
    use std::time::{Duration, SystemTime};

    use chrono::NaiveDate;

    use super::*;
    use crate::history::{CycleIndicator, CycleUnit, Submission};
    use crate::validation::{CheckedFile, FileKind, Header, IndicatorValue, Report};

    /// The shipped plan, where SNV succeeds SLDTBXH (Sở Nội vụ took over Lao động, Thương binh
    /// và Xã hội in 2025), with the merger moved a year earlier so that a 6-thang/2024 cycle
    /// compares SNV with both 2023 figures summed.
    fn plan() -> Plan {
        let text = crate::plan::BUILTIN.replacen(
            "Sở Lao động Thương binh và Xã hội\"]\nden_ky = \"nam/2024\"",
            "Sở Lao động Thương binh và Xã hội\"]\nden_ky = \"nam/2023\"",
            1,
        );
        assert_ne!(text, crate::plan::BUILTIN, "the SLDTBXH entry changed: update this test");
        crate::plan::parse(&text, "test").expect("plan parses")
    }

    fn report(unit: &str, values: &[(&str, f64)]) -> CheckedFile {
        CheckedFile {
            path: PathBuf::from(format!("in/{unit}.xlsx")),
            modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1000)),
            kind: FileKind::Report,
            header: Header {
                unit: Some(unit.into()),
                period: Some("6-thang".into()),
                year: Some(2024),
                doc_number: Some(format!("1/BC-{unit}")),
                report_date: NaiveDate::from_ymd_opt(2024, 6, 3),
                ..Header::default()
            },
            report: Report {
                tasks: Vec::new(),
                values: values
                    .iter()
                    .enumerate()
                    .map(|(i, (c, v))| IndicatorValue {
                        code: (*c).into(),
                        value: *v,
                        cell: format!("Chỉ tiêu!D{}", 5 + i),
                        note: String::new(),
                    })
                    .collect(),
                recommendations: Vec::new(),
                models: Vec::new(),
            },
            findings: Vec::new(),
        }
    }

    fn unit(code: &str) -> CycleUnit {
        CycleUnit {
            code: code.into(),
            name: code.into(),
            group: "so-nganh".into(),
            status: Some(Submission::OnTime),
            days_late: None,
            submitted: None,
            report_date: None,
            doc_number: None,
        }
    }

    fn total(code: &str, value: Option<f64>, groups: [Option<f64>; 2]) -> CycleIndicator {
        CycleIndicator {
            code: code.into(),
            due: true,
            total: value,
            by_group: vec![("so-nganh".into(), groups[0]), ("huyen-tp".into(), groups[1])],
            reported_units: None,
            expected_units: None,
        }
    }

    /// Last year: SNV and SLDTBXH reported, STP did not (blank, not 0).
    fn previous(period: &str, year: i32) -> Cycle {
        let values = [
            ("SNV", "TTHC_TIEPNHAN", 100.0),
            ("SNV", "TTHC_DUNGHAN", 90.0),
            ("SLDTBXH", "TTHC_TIEPNHAN", 300.0),
            ("SLDTBXH", "TTHC_DUNGHAN", 210.0),
            ("SNV", "VB_CHIDAO", 4.0),
            ("SLDTBXH", "VB_CHIDAO", 2.0),
        ];
        Cycle {
            path: PathBuf::from("tong-hop-2023.xlsx"),
            identity: Identity {
                plan_id: "15/KH-UBND".into(),
                plan_name: String::new(),
                period: period.into(),
                year,
                version: "0.1.0".into(),
            },
            units: vec![unit("SNV"), unit("SLDTBXH"), unit("STP")],
            values: values
                .iter()
                .map(|(u, i, v)| (((*u).to_string(), (*i).to_string()), *v))
                .collect::<BTreeMap<_, _>>(),
            indicators: vec![
                total("TTHC_TIEPNHAN", Some(400.0), [Some(400.0), None]),
                total("TL_DUNGHAN", Some(75.0), [Some(75.0), None]),
                total("VB_CHIDAO", Some(6.0), [Some(6.0), None]),
            ],
            tasks: Vec::new(),
            recommendations: Vec::new(),
            models: Vec::new(),
            findings: Vec::new(),
        }
    }

    fn current(plan: &Plan) -> Consolidation {
        let files = vec![
            // SNV: 500/400 this year; with SLDTBXH last year 300/400 = 75 %.
            report("SNV", &[("TTHC_TIEPNHAN", 500.0), ("TTHC_DUNGHAN", 450.0), ("VB_CHIDAO", 70.0)]),
            report("STP", &[("TTHC_TIEPNHAN", 50.0), ("TTHC_DUNGHAN", 50.0)]),
        ];
        let as_of = NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
        super::super::consolidate(plan, "6-thang", 2024, as_of, files, &HashMap::new())
    }

    // The review found SNNMT compared with SNNPTNT's figure alone when STNMT's report of the
    // year before was invalid (+1128 %, a false bound warning), and a yes/no summed to "2".
    #[test]
    fn a_merged_whole_missing_a_part_has_no_previous_figure_and_a_yes_no_is_never_summed() {
        let plan = plan();
        let mut before = previous("6-thang", 2023);
        // SLDTBXH answered "Có" (1) like SNV; and gave no TTHC_TIEPNHAN at all.
        before.values.insert(("SNV".into(), "KH_NAM".into()), 1.0);
        before.values.insert(("SLDTBXH".into(), "KH_NAM".into()), 1.0);
        before.values.remove(&("SLDTBXH".to_string(), "TTHC_TIEPNHAN".to_string()));
        let files = vec![report("SNV", &[("TTHC_TIEPNHAN", 500.0), ("KH_NAM", 1.0)])];
        let as_of = NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
        let c = super::super::consolidate(&plan, "6-thang", 2024, as_of, files, &HashMap::new());
        let cmp = compare(&plan, &c, &before).unwrap();

        let snv = cmp.indicator("TTHC_TIEPNHAN").unwrap().unit("SNV").unwrap().clone();
        assert_eq!((snv.change.previous, snv.change.change), (None, None), "100 alone is not the whole's figure");
        assert_eq!(snv.incomplete, ["SLDTBXH"]);
        assert!(!cmp.warnings.iter().any(|w| w.unit == "SNV"), "no bound warning on a partial sum");

        let yes = cmp.indicator("KH_NAM").unwrap().unit("SNV").unwrap().clone();
        assert_eq!(
            yes.change,
            Change { current: Some(1.0), previous: Some(1.0), change: Some(0.0), change_pct: None },
            "Có both years: no change, and never a percentage"
        );
    }

    #[test]
    fn province_group_and_merged_unit_figures_with_rates_in_points() {
        let plan = plan();
        let c = current(&plan);
        let cmp = compare(&plan, &c, &previous("6-thang", 2023)).unwrap();

        // Province: 550 against 400, +150, +37.5 %.
        let tiepnhan = cmp.indicator("TTHC_TIEPNHAN").unwrap();
        assert_eq!(
            tiepnhan.total,
            Change { current: Some(550.0), previous: Some(400.0), change: Some(150.0), change_pct: Some(37.5) }
        );
        assert_eq!(tiepnhan.group("so-nganh").previous, Some(400.0));
        assert_eq!(tiepnhan.group("huyen-tp"), Change::default(), "no figures either year: all blank");
        // The successor SNV: its own 100 plus SLDTBXH's 300.
        let snv = tiepnhan.unit("SNV").unwrap();
        assert_eq!(
            (snv.change.previous, snv.change.change, snv.merged.clone()),
            (Some(400.0), Some(100.0), vec!["SLDTBXH".to_string()])
        );
        // STP reported nothing last year: no previous figure, never 0, and no change.
        let stp = tiepnhan.unit("STP").unwrap();
        assert_eq!((stp.change.current, stp.change.previous, stp.change.change), (Some(50.0), None, None));

        // A rate: (450+50)/(500+50) = 90.909 % against 75 %: +15.9 points, no percent.
        let rate = cmp.indicator("TL_DUNGHAN").unwrap();
        assert!(rate.rate);
        assert!((rate.total.change.unwrap() - (500.0 / 550.0 * 100.0 - 75.0)).abs() < 1e-9);
        assert_eq!(rate.total.change_pct, None);
        // SNV's rate last year from the summed parts of SNV and SLDTBXH: 300/400 = 75 %, not
        // the mean of 90 % and 70 %.
        let snv_rate = rate.unit("SNV").unwrap().change;
        assert_eq!((snv_rate.current, snv_rate.previous), (Some(90.0), Some(75.0)));
        assert_eq!(snv_rate.change, Some(15.0));
    }

    #[test]
    fn a_figure_beyond_the_bound_is_a_warning_at_its_cell() {
        let plan = plan();
        let mut c = current(&plan);
        let cmp = compare(&plan, &c, &previous("6-thang", 2023)).unwrap();
        // VB_CHIDAO (bien_do 10): SNV 70 against 4 + 2 = 6, ×11.7. TTHC_TIEPNHAN (5): 500 against
        // 400, within.
        let codes: Vec<(&str, &str)> = cmp.warnings.iter().map(|w| (w.unit.as_str(), w.indicator.as_str())).collect();
        assert_eq!(codes, [("SNV", "VB_CHIDAO")]);
        let w = &cmp.warnings[0];
        assert_eq!((w.finding.code(), w.finding.place().as_str()), ("compare-beyond-bound", "Chỉ tiêu!D7"));
        assert!(
            w.finding.message(Lang::Vi).contains("70, so với 6 cùng kỳ năm 2023"),
            "{}",
            w.finding.message(Lang::Vi)
        );
        c.set_comparison(cmp);
        let file = c.files.iter().find(|f| f.unit.as_deref() == Some("SNV")).unwrap();
        assert!(file.findings.iter().any(|f| f.code() == "compare-beyond-bound"), "listed on Kiểm tra with the file");
    }

    #[test]
    fn plan_check_refuses_a_bound_of_one_or_less_and_an_unknown_predecessor() {
        let text = crate::plan::BUILTIN.replacen("bien_do = 5\n", "bien_do = 1\n", 1).replacen(
            "ke_thua = [\"SLDTBXH\"]\n",
            "ke_thua = [\"SKHDTT\"]\n",
            1,
        );
        let err = crate::plan::parse(&text, "test").unwrap_err();
        let codes: Vec<&str> = err.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, ["plan-unknown-predecessor", "plan-bad-bound"], "{}", err.render(Lang::En));
        // The shipped plan: SNV succeeds SLDTBXH, TTHC_TIEPNHAN is bounded ×5, VB_CHIDAO ×10.
        let shipped = crate::plan::parse(crate::plan::BUILTIN, "test").unwrap();
        assert_eq!(shipped.predecessors("SNV"), ["SLDTBXH"]);
        assert_eq!(shipped.indicator("TTHC_TIEPNHAN").and_then(|i| i.bound), Some(5.0));
        assert_eq!(shipped.indicator("VB_CHIDAO").and_then(|i| i.bound), Some(10.0));
        assert_eq!(shipped.indicator("TL_DUNGHAN").and_then(|i| i.bound), None);
    }

    #[test]
    fn another_period_plan_or_year_is_refused_naming_both() {
        let plan = plan();
        let c = current(&plan);
        let err = compare(&plan, &c, &previous("nam", 2023)).unwrap_err();
        assert_eq!(
            err.render(Lang::Vi),
            "tong-hop-2023.xlsx là bảng tổng hợp năm 2023; để so với cùng kỳ cần bảng tổng hợp 6 tháng năm 2023. \
             Truyền tệp .xlsx mà lệnh \"baocao consolidate\" đã ghi cho kỳ đó."
        );
        assert!(matches!(compare(&plan, &c, &previous("6-thang", 2022)), Err(CompareError::OtherCycle { .. })));
        assert!(matches!(compare(&plan, &c, &previous("6-thang", 2024)), Err(CompareError::OtherCycle { .. })));
        let mut other = previous("6-thang", 2023);
        other.identity.plan_id = "99/KH-UBND".into();
        assert!(compare(&plan, &c, &other).unwrap_err().render(Lang::En).contains("99/KH-UBND"));
    }
}
