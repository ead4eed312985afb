//! The plan: `plan.toml` parsed once into a checked [`Plan`]. Nothing downstream re-checks it.
//!
//! The file's keys are Vietnamese so a Sở Nội vụ officer can edit it; the types here are the
//! English model the rest of the tool reasons with. Loading checks meaning, not only syntax,
//! and reports every problem with its line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::findings::{Args, Severity};
use crate::messages::{self, Lang};
use crate::text::fold;

/// The plan shipped inside the binary, used when no plan file is given or found.
pub const BUILTIN: &str = include_str!("../plan.toml");

/// Where a plan came from, shown in output.
pub const BUILTIN_NAME: &str = "plan.toml (tích hợp sẵn)";

/// A checked plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Where it was loaded from (a path, or [`BUILTIN_NAME`]).
    pub source: String,
    /// Document number, "15/KH-UBND".
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub issued: NaiveDate,
    /// First and last year the plan covers.
    pub years: (i32, i32),
    /// The consolidating office, "Sở Nội vụ".
    pub consolidator: String,
    /// Recipients with the periods they receive in; see [`Plan::recipients_at`].
    pub recipients: Vec<Recipient>,
    /// Place name for the date line, "Đồng Tháp".
    pub place: String,
    pub periods: Vec<Period>,
    /// Groups of units, in the plan's order (the order of every table).
    pub groups: Vec<Group>,
    /// Move a deadline that falls on a weekend to the next Monday (Civil Code art. 148(5)).
    pub weekend_rollover: bool,
    pub tasks: Vec<Task>,
    pub statuses: Vec<Status>,
    pub units: Vec<Unit>,
    pub indicators: Vec<Indicator>,
    pub rules: Vec<Rule>,
    /// Who signs the consolidated report, and its number pattern (`[ky_ten]`).
    pub signer: Signer,
    /// Folded unit code → unit index, and folded name or alias → unit index: a report's unit
    /// is found without folding every unit's names again (which made N reports cost O(N²)).
    pub(crate) unit_index: UnitIndex,
}

/// The signature block and number of the consolidated report (`[ky_ten]` in plan.toml), as
/// Nghị định 30/2020/NĐ-CP, Phụ lục I lays them out: authority over title, room to sign, name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    /// "KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC", "TUQ. GIÁM ĐỐC", "Q. GIÁM ĐỐC", or empty when the head
    /// signs in his own name.
    pub authority: String,
    /// "PHÓ GIÁM ĐỐC"; empty only when the plan has no `[ky_ten]` (the office name is then the
    /// whole block, as before).
    pub title: String,
    /// The signer's name; empty leaves the lines to write it by hand.
    pub name: String,
    /// The report number with `{so}` where the register's number goes: "{so}/BC-SNV".
    pub number: String,
}

impl Signer {
    /// The report number as printed before the register gives it: "…/BC-SNV" (the number
    /// left as spaces for the clerk to write in).
    #[must_use]
    pub fn blank_number(&self) -> String {
        self.number.replace("{so}", "       ")
    }
}

/// Lookup tables over [`Plan::units`], built once at load.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitIndex {
    by_code: HashMap<String, usize>,
    /// Folded name or alias → every unit writing it that way, with the periods the writing
    /// holds in (the unit's own name: always, so a report from a unit that has ended is still
    /// recognised and told so).
    by_name: HashMap<String, Vec<NameEntry>>,
}

#[derive(Debug, Clone, Copy)]
struct NameEntry {
    unit: usize,
    /// The periods this way of writing is valid in (`cach_viet` limits; always for the
    /// unit's own name).
    valid: Validity,
}

impl UnitIndex {
    fn new(units: &[Unit]) -> Self {
        let mut index = UnitIndex::default();
        for (i, u) in units.iter().enumerate() {
            index.by_code.entry(fold(&u.code)).or_insert(i);
            let own = NameEntry { unit: i, valid: Validity::ALWAYS };
            index.by_name.entry(fold(&u.name)).or_default().push(own);
            for a in &u.aliases {
                let entry = NameEntry { unit: i, valid: a.valid };
                let list = index.by_name.entry(fold(&a.text)).or_default();
                if !list.iter().any(|e| e.unit == i) {
                    list.push(entry);
                }
            }
        }
        index
    }
}

/// A reporting period (6-month or yearly).
#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// The deadline as the plan writes it: "trước ngày 5 tháng 6".
    pub deadline_text: String,
    pub month: u32,
    pub day: u32,
    pub deadline_kind: DeadlineKind,
}

/// How the deadline's day is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// "trước ngày 5": the last on-time day is the day before.
    Before,
    /// "đến hết ngày 31": the day itself is on time.
    OnOrBefore,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub code: String,
    pub title: String,
    /// "Thời gian thực hiện" as written.
    pub schedule: String,
    /// Period ids in which results for the task are due.
    pub due_in: Vec<String>,
}

impl Task {
    #[must_use]
    pub fn is_due_in(&self, period: &str) -> bool {
        self.due_in.iter().any(|p| p == period)
    }
}

/// What a task status means, whatever its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusMeaning {
    Done,
    InProgress,
    NotStarted,
    NotApplicable,
}

#[derive(Debug, Clone)]
pub struct Status {
    pub label: String,
    pub meaning: StatusMeaning,
    /// The result text must be filled when this status is chosen.
    pub requires_result: bool,
}

/// A group of reporting units (`[[nhom]]` in plan.toml): "Sở, ngành Tỉnh", "UBND huyện, thành
/// phố", "UBND xã, phường". Groups are plan data: every table, sheet and JSON lists the plan's
/// groups in the plan's order, so a plan with three groups gets three rows and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Stable id used in plan.toml (`don_vi.nhom`, `chi_tieu.nhom`) and in JSON: "so-nganh".
    pub code: String,
    /// Vietnamese label for headings and sheets: "Sở, ngành Tỉnh".
    pub name: String,
    /// English label (`ten_en`); the Vietnamese one when the plan gives none.
    pub name_en: String,
    /// `bao_cao`: whether the group's units owe reports at all. `false` keeps a group on file
    /// without expecting anything from it (the 102 xã and phường of 2025).
    pub reports: bool,
    /// The periods in which the switch above holds (`tu_ky`/`den_ky`); outside them the group
    /// does not report.
    pub valid: Validity,
}

impl Group {
    /// The label in `lang`.
    #[must_use]
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name,
            Lang::En => &self.name_en,
        }
    }

    /// Whether the group's units report for the period `at`.
    #[must_use]
    pub fn reports_at(&self, at: PeriodRef) -> bool {
        self.reports && self.valid.contains(at)
    }
}

/// The two groups a plan without `[[nhom]]` gets, so plan files written before groups were
/// plan data keep loading: the plan's own two (mục III.2).
fn default_groups() -> Vec<Group> {
    [
        ("so-nganh", "Sở, ngành Tỉnh", "Provincial departments"),
        ("huyen-tp", "UBND huyện, thành phố", "District and city People's Committees"),
    ]
    .into_iter()
    .map(|(code, name, en)| Group {
        code: code.into(),
        name: name.into(),
        name_en: en.into(),
        reports: true,
        valid: Validity::ALWAYS,
    })
    .collect()
}

/// A range of periods, both ends included; an open end runs to that end of the plan. Written
/// in plan.toml as `tu_ky = "6-thang/2025"` and `den_ky = "nam/2024"` (period code / year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Validity {
    /// First period included (`tu_ky`).
    pub first: Option<PeriodRef>,
    /// Last period included (`den_ky`).
    pub last: Option<PeriodRef>,
}

impl Validity {
    /// The whole plan.
    pub const ALWAYS: Validity = Validity { first: None, last: None };

    /// Whether `at` is inside the range.
    #[must_use]
    pub fn contains(&self, at: PeriodRef) -> bool {
        self.first.is_none_or(|f| f <= at) && self.last.is_none_or(|l| at <= l)
    }

    /// Whether two ranges share a period.
    #[must_use]
    pub fn overlaps(&self, other: &Validity) -> bool {
        let starts_before_other_ends = match (self.first, other.last) {
            (Some(f), Some(l)) => f <= l,
            _ => true,
        };
        let other_starts_before_end = match (other.first, self.last) {
            (Some(f), Some(l)) => f <= l,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    /// The overlap of two ranges (may be empty: check with [`Validity::is_empty`]).
    #[must_use]
    pub fn and(&self, other: &Validity) -> Validity {
        Validity { first: self.first.max(other.first), last: min_end(self.last, other.last) }
    }

    /// Whether no period is inside the range.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        matches!((self.first, self.last), (Some(f), Some(l)) if f > l)
    }

    /// Whether the range is the whole plan.
    #[must_use]
    pub fn is_always(&self) -> bool {
        self.first.is_none() && self.last.is_none()
    }
}

fn min_end(a: Option<PeriodRef>, b: Option<PeriodRef>) -> Option<PeriodRef> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// A way of writing a unit's name (`cach_viet`), maybe limited to some periods: "Tháp Mười"
/// is Huyện Tháp Mười up to 6-thang/2025 and names nothing after it (a xã carries the name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub text: String,
    pub valid: Validity,
}

/// A recipient of the consolidated report (`ke_hoach.noi_nhan`), maybe limited to some
/// periods: "Ban Dân vận Tỉnh ủy" up to nam/2024, "Ban Tuyên giáo và Dân vận Tỉnh ủy" from 2025.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub name: String,
    pub valid: Validity,
}

/// A point in the reporting calendar: a period of a year. Orders by year, then by the
/// period's position in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodRef {
    pub year: i32,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub code: String,
    pub name: String,
    /// The code of its [`Group`].
    pub group: String,
    pub aliases: Vec<Alias>,
    /// The periods the unit exists and reports in (`tu_ky`/`den_ky`).
    pub valid: Validity,
    /// `ke_thua`: codes of the units it succeeds (Sở Nông nghiệp và Môi trường succeeds
    /// SNNPTNT and STNMT), in the plan's order.
    pub succeeds: Vec<String>,
}

impl Unit {
    /// The unit's own name and every way of writing it, whatever their periods.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(|a| a.text.as_str()))
    }
}

/// What an indicator holds and how it is totalled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Whole number ≥ 0, summed.
    Count,
    /// Decimal ≥ 0, summed.
    Amount,
    /// Có/Không; units answering "Có" are counted.
    YesNo,
    /// Never entered: Σnumerator / Σdenominator × 100.
    Rate { numerator: String, denominator: String },
}

impl Kind {
    /// The id used in JSON: `count`, `amount`, `yesno`, `rate`.
    #[must_use]
    pub fn id(&self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Amount => "amount",
            Kind::YesNo => "yesno",
            Kind::Rate { .. } => "rate",
        }
    }

    /// Whether values are numbers that can be summed and compared.
    #[must_use]
    pub fn is_numeric(&self) -> bool {
        matches!(self, Kind::Count | Kind::Amount)
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    /// Unit of measure ("hồ sơ", "%").
    pub measure: String,
    pub task: String,
    pub kind: Kind,
    /// Codes of the units that owe it; `None` when every unit does.
    pub owed_by: Option<Vec<String>>,
    /// Shown on the summary page and charts.
    pub main: bool,
    /// `bien_do` (optional, > 1): a unit's figure more than this many times, or less than
    /// this fraction, of its figure for the same period of the year before is a warning
    /// (`consolidate --so-sanh`): where typos hide.
    pub bound: Option<f64>,
}

impl Indicator {
    #[must_use]
    pub fn is_owed_by(&self, unit: &str) -> bool {
        self.owed_by.as_ref().is_none_or(|codes| codes.iter().any(|c| c == unit))
    }
}

/// A comparison between two indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "==")]
    Eq,
}

impl Op {
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Eq => "==",
        }
    }

    /// The comparison in words, as a clerk reads it ("không được lớn hơn", not "<=").
    #[must_use]
    pub fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Op::Le, Lang::Vi) => "không được lớn hơn",
            (Op::Lt, Lang::Vi) => "phải nhỏ hơn",
            (Op::Ge, Lang::Vi) => "không được nhỏ hơn",
            (Op::Gt, Lang::Vi) => "phải lớn hơn",
            (Op::Eq, Lang::Vi) => "phải bằng",
            (Op::Le, Lang::En) => "must not be greater than",
            (Op::Lt, Lang::En) => "must be less than",
            (Op::Ge, Lang::En) => "must not be less than",
            (Op::Gt, Lang::En) => "must be greater than",
            (Op::Eq, Lang::En) => "must equal",
        }
    }

    /// Whether `left op right` holds (equality within a rounding tolerance).
    #[must_use]
    pub fn holds(self, left: f64, right: f64) -> bool {
        const EPS: f64 = 1e-9;
        match self {
            Op::Le => left <= right + EPS,
            Op::Lt => left < right - EPS,
            Op::Ge => left + EPS >= right,
            Op::Gt => left > right + EPS,
            Op::Eq => (left - right).abs() <= EPS,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub left: String,
    pub op: Op,
    pub right: String,
    pub severity: Severity,
    /// Vietnamese message from the plan.
    pub message: String,
    /// English message, when the plan gives one.
    pub message_en: Option<String>,
}

impl Rule {
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.message_en.as_deref().unwrap_or(&self.message),
            Lang::Vi => &self.message,
        }
    }
}

/// The outcome of resolving a typed unit name: one unit, a way of writing that holds in other
/// periods only, or nothing (with the nearest names).
#[derive(Debug, Clone)]
pub enum UnitMatch<'a> {
    Found(&'a Unit),
    /// The name is a `cach_viet` of `unit` limited to `valid`, which does not hold in the
    /// period asked: "Tháp Mười" in nam/2025. Never matched silently.
    OtherPeriods {
        unit: &'a Unit,
        valid: Validity,
    },
    Unknown {
        suggestions: Vec<&'a Unit>,
    },
}

/// Why a unit is not expected for a period (see [`Plan::absence`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Absence {
    /// The period is before the unit's first (`tu_ky`).
    NotStarted { first: PeriodRef },
    /// The period is after the unit's last (`den_ky`): it no longer exists.
    Ended { last: PeriodRef },
    /// The unit's group does not report in that period (switched off, `bao_cao = false`).
    GroupOff { group: String },
}

impl Plan {
    #[must_use]
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }

    #[must_use]
    pub fn period_index(&self, id: &str) -> Option<usize> {
        self.periods.iter().position(|p| p.id == id)
    }

    /// The period a clerk typed: an id, the name, or an alias, compared folded.
    #[must_use]
    pub fn find_period(&self, typed: &str) -> Option<&Period> {
        let key = fold(typed);
        if key.is_empty() {
            return None;
        }
        self.periods
            .iter()
            .find(|p| fold(&p.id) == key || fold(&p.name) == key || p.aliases.iter().any(|a| fold(a) == key))
    }

    #[must_use]
    pub fn task(&self, code: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.code == code)
    }

    #[must_use]
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    #[must_use]
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The status whose label the clerk chose, compared folded.
    #[must_use]
    pub fn status(&self, typed: &str) -> Option<&Status> {
        // As the plan spells it, the usual case, before folding every label.
        if let Some(hit) = self.statuses.iter().find(|s| s.label == typed.trim()) {
            return Some(hit);
        }
        let key = fold(typed);
        self.statuses.iter().find(|s| fold(&s.label) == key)
    }

    /// The unit with this code (any case).
    #[must_use]
    pub fn unit_by_code(&self, typed: &str) -> Option<&Unit> {
        self.unit_index.by_code.get(&fold(typed)).map(|&i| &self.units[i])
    }

    /// The unit with this name or alias, compared folded, whatever the period. An unknown name
    /// gets up to three suggestions, nearest first; a bare "Cao Lãnh" matches nothing and
    /// suggests both.
    #[must_use]
    pub fn find_unit_by_name(&self, typed: &str) -> UnitMatch<'_> {
        self.find_unit_by_name_at(typed, None)
    }

    /// The unit a name means in the period `at` (any period when `None`). A way of writing
    /// limited to other periods gives [`UnitMatch::OtherPeriods`], never the unit: "Tháp Mười"
    /// is Huyện Tháp Mười up to 6-thang/2025 and nothing after it. A unit's own name and its
    /// unlimited ways of writing always find it, also outside its own validity, so that a report
    /// from a unit that has ended is recognised and told so ([`Plan::absence`]).
    #[must_use]
    pub fn find_unit_by_name_at(&self, typed: &str, at: Option<PeriodRef>) -> UnitMatch<'_> {
        let key = fold(typed);
        if let Some(entries) = self.unit_index.by_name.get(&key) {
            let Some(at) = at else { return UnitMatch::Found(&self.units[entries[0].unit]) };
            // A writing valid for a unit that exists then, then one valid then for a unit that
            // does not (an ended unit's own name), then a writing of other periods.
            let live = entries.iter().find(|e| e.valid.and(&self.units[e.unit].valid).contains(at));
            if let Some(e) = live.or_else(|| entries.iter().find(|e| e.valid.contains(at))) {
                return UnitMatch::Found(&self.units[e.unit]);
            }
            let e = entries[0];
            return UnitMatch::OtherPeriods { unit: &self.units[e.unit], valid: e.valid };
        }
        let mut scored: Vec<(usize, &Unit)> = self
            .units
            .iter()
            .filter(|u| at.is_none_or(|at| u.valid.contains(at)))
            .map(|u| {
                let best = u.names().map(|n| name_distance(&key, &fold(n))).min().unwrap_or(usize::MAX);
                (best, u)
            })
            .collect();
        scored.sort_by_key(|(d, u)| (*d, u.code.clone()));
        let Some(&(best, _)) = scored.first() else {
            return UnitMatch::Unknown { suggestions: Vec::new() };
        };
        let limit = best.max(1) + 2;
        let suggestions = scored.into_iter().filter(|(d, _)| *d <= limit).take(3).map(|(_, u)| u).collect();
        UnitMatch::Unknown { suggestions }
    }

    /// The units a name could mean once its administrative level is set aside: "Cao Lãnh" or
    /// "UBND Cao Lãnh" is both Thành phố and Huyện Cao Lãnh. Two or more units mean the name is
    /// ambiguous and must never be guessed; fewer mean it is not (known or plainly unknown).
    #[must_use]
    pub fn ambiguous_units(&self, typed: &str) -> Vec<&Unit> {
        let core = |s: &str| -> String {
            let mut key = fold(s);
            for prefix in ["ủy ban nhân dân ", "thành phố ", "huyện ", "thị xã "] {
                if let Some(rest) = key.strip_prefix(prefix) {
                    key = rest.to_string();
                }
            }
            key
        };
        let key = fold(typed);
        let key = key.strip_prefix("ủy ban nhân dân ").unwrap_or(&key);
        // A name that says its level ("Huyện Cao Lãnh") is never ambiguous.
        if key.is_empty() || ["thành phố ", "huyện ", "thị xã "].iter().any(|p| key.starts_with(p)) {
            return Vec::new();
        }
        let key = core(key);
        let hits: Vec<&Unit> = self.units.iter().filter(|u| u.names().any(|n| core(n) == key)).collect();
        if hits.len() > 1 { hits } else { Vec::new() }
    }

    /// The point of the calendar `period` of `year` is; `None` for an unknown period.
    #[must_use]
    pub fn period_ref(&self, period: &str, year: i32) -> Option<PeriodRef> {
        self.period_index(period).map(|index| PeriodRef { year, index })
    }

    /// "6-thang/2025": a point of the calendar as plan.toml writes it.
    #[must_use]
    pub fn ref_text(&self, r: PeriodRef) -> String {
        let id = self.periods.get(r.index).map_or("?", |p| p.id.as_str());
        format!("{id}/{}", r.year)
    }

    /// A period of a year as people write it: "6 tháng 2025", "Năm 2024" (the period's name and
    /// the year); `ref_text` is the plan.toml form ("6-thang/2025") for plan-file messages.
    #[must_use]
    pub fn ref_words(&self, r: PeriodRef) -> String {
        let name = self.periods.get(r.index).map_or("?", |p| p.name.as_str());
        format!("{name} {}", r.year)
    }

    /// A validity range in words, Vietnamese: "từ kỳ 6 tháng 2025", "đến hết kỳ Năm 2024",
    /// "từ kỳ 6 tháng 2025 đến hết kỳ Năm 2025"; empty for the whole plan.
    #[must_use]
    pub fn validity_words(&self, v: &Validity) -> String {
        match (v.first.map(|r| self.ref_words(r)), v.last.map(|r| self.ref_words(r))) {
            (None, None) => String::new(),
            (Some(f), None) => format!("từ kỳ {f}"),
            (None, Some(l)) => format!("đến hết kỳ {l}"),
            (Some(f), Some(l)) => format!("từ kỳ {f} đến hết kỳ {l}"),
        }
    }

    /// The group with this code.
    #[must_use]
    pub fn group(&self, code: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The position of a group in the plan's order (units of an unknown group last).
    #[must_use]
    pub fn group_order(&self, code: &str) -> usize {
        self.groups.iter().position(|g| g.code == code).unwrap_or(usize::MAX)
    }

    /// A group's label in `lang`; the code itself for a group the plan does not know.
    #[must_use]
    pub fn group_label<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.group(code).map_or(code, |g| g.label(lang))
    }

    /// Whether `unit` is expected to report for `period` of `year`: inside its validity range,
    /// and its group reports then.
    #[must_use]
    pub fn unit_expected(&self, unit: &Unit, period: &str, year: i32) -> bool {
        self.absence(unit, period, year).is_none() && self.period_index(period).is_some()
    }

    /// Why `unit` is not expected for `period` of `year`; `None` when it is (or for an unknown
    /// period, which expects nobody: see [`Plan::unit_expected`]).
    #[must_use]
    pub fn absence(&self, unit: &Unit, period: &str, year: i32) -> Option<Absence> {
        let at = self.period_ref(period, year)?;
        if let Some(first) = unit.valid.first.filter(|f| at < *f) {
            return Some(Absence::NotStarted { first });
        }
        if let Some(last) = unit.valid.last.filter(|l| *l < at) {
            return Some(Absence::Ended { last });
        }
        if !self.group(&unit.group).is_some_and(|g| g.reports_at(at)) {
            return Some(Absence::GroupOff { group: unit.group.clone() });
        }
        None
    }

    /// The units expected for a period, in plan order.
    #[must_use]
    pub fn expected_units(&self, period: &str, year: i32) -> Vec<&Unit> {
        self.units.iter().filter(|u| self.unit_expected(u, period, year)).collect()
    }

    /// The codes of the units `code` succeeds (`ke_thua`), in the plan's order; empty for a unit
    /// that succeeds none or an unknown code.
    ///
    /// For comparisons with an earlier period ("so với cùng kỳ"): the previous figures of a
    /// successor are its own plus those of each predecessor that was expected in that earlier
    /// period and is no longer expected in the period compared (its `den_ky` lies before it).
    /// A predecessor still reporting on its own is not summed twice.
    #[must_use]
    pub fn predecessors(&self, code: &str) -> &[String] {
        self.unit(code).map_or(&[], |u| u.succeeds.as_slice())
    }

    /// The units naming `code` in their `ke_thua`, in plan order.
    #[must_use]
    pub fn successors(&self, code: &str) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.succeeds.iter().any(|c| c == code)).collect()
    }

    /// The recipients of the consolidated report for `period` of `year`, in the plan's order.
    #[must_use]
    pub fn recipients_at(&self, period: &str, year: i32) -> Vec<&str> {
        let at = self.period_ref(period, year);
        self.recipients.iter().filter(|r| at.is_none_or(|at| r.valid.contains(at))).map(|r| r.name.as_str()).collect()
    }

    /// Indicators a unit owes (rates excluded: they are never entered).
    #[must_use]
    pub fn owed_indicators(&self, unit: &str) -> Vec<&Indicator> {
        self.indicators.iter().filter(|i| !matches!(i.kind, Kind::Rate { .. }) && i.is_owed_by(unit)).collect()
    }

    /// The last on-time day of `period` in `year`, with the weekend rule applied when the plan
    /// turns it on. `None` only for an unknown period.
    #[must_use]
    pub fn last_day(&self, period: &str, year: i32) -> Option<NaiveDate> {
        let p = self.period(period)?;
        let nominal = p.nominal_last_day(year)?;
        Some(if self.weekend_rollover { roll_over_weekend(nominal) } else { nominal })
    }

    /// `[first, last]` years as a display string.
    #[must_use]
    pub fn years_text(&self) -> String {
        format!("{}–{}", self.years.0, self.years.1)
    }
}

impl Period {
    /// The last on-time day as the text reads, before any weekend rule.
    #[must_use]
    pub fn nominal_last_day(&self, year: i32) -> Option<NaiveDate> {
        let mark = NaiveDate::from_ymd_opt(year, self.month, self.day)
            // 29/02 in a common year: the end of February.
            .or_else(|| NaiveDate::from_ymd_opt(year, self.month, self.day - 1))?;
        Some(match self.deadline_kind {
            DeadlineKind::Before => mark - Duration::days(1),
            DeadlineKind::OnOrBefore => mark,
        })
    }
}

/// Saturday and Sunday move to the following Monday.
#[must_use]
pub fn roll_over_weekend(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day + Duration::days(2),
        Weekday::Sun => day + Duration::days(1),
        _ => day,
    }
}

/// The Vietnamese (or English) weekday name.
#[must_use]
pub fn weekday_name(day: NaiveDate, lang: Lang) -> &'static str {
    let vi = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];
    let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let i = day.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Vi => vi[i],
        Lang::En => en[i],
    }
}

/// Edit distance between two folded names, for "did you mean".
fn name_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if b.windows(a.len().max(1)).any(|w| w == a.as_slice()) && !a.is_empty() {
        // A fragment of a longer name ("Cao Lãnh" in "TP. Cao Lãnh") is near.
        return 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

// =============================================================================================
// Loading
// =============================================================================================

/// One problem in a plan file: a line and a catalogue code with its facts.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProblem {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub code: &'static str,
    pub args: Args,
}

impl PlanProblem {
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        messages::render(self.code, lang, &self.args)
    }
}

/// A plan that could not be loaded: where from, and every problem found.
#[derive(Debug, Clone)]
pub struct PlanError {
    pub source: String,
    pub problems: Vec<PlanProblem>,
}

impl PlanError {
    /// All problems, one per line, "plan.toml:12: message".
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let mut out = messages::render(
            "ui.plan-problems",
            lang,
            &[("path", self.source.clone()), ("count", self.problems.len().to_string())],
        );
        for p in &self.problems {
            out.push('\n');
            match p.line {
                Some(line) => out.push_str(&format!("  {}:{line}: {}", self.source, p.message(lang))),
                None => out.push_str(&format!("  {}: {}", self.source, p.message(lang))),
            }
        }
        out
    }
}

/// Where the plan is taken from: an explicit path (`--plan` or `BAOCAO_PLAN`), else
/// `./plan.toml` when present, else the built-in copy.
#[must_use]
pub fn locate(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let local = Path::new("plan.toml");
    local.is_file().then(|| local.to_path_buf())
}

/// Loads the plan chosen by [`locate`].
///
/// # Errors
/// Every problem of the file, with lines.
pub fn load(explicit: Option<&Path>) -> Result<Plan, PlanError> {
    match locate(explicit) {
        Some(path) => load_file(&path),
        None => parse(BUILTIN, BUILTIN_NAME),
    }
}

/// Loads and checks a plan file.
///
/// # Errors
/// The file cannot be read, or has problems.
pub fn load_file(path: &Path) -> Result<Plan, PlanError> {
    let source = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, &source),
        Err(err) => Err(PlanError {
            source: source.clone(),
            problems: vec![PlanProblem {
                line: None,
                code: "plan-unreadable",
                args: vec![("path", source), ("detail", err.to_string())],
            }],
        }),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    ke_hoach: Option<Spanned<RawIdentity>>,
    #[serde(default)]
    ky: Vec<Spanned<RawPeriod>>,
    #[serde(default)]
    thoi_han: RawDeadlines,
    #[serde(default)]
    nhiem_vu: Vec<Spanned<RawTask>>,
    #[serde(default)]
    tinh_trang: Vec<Spanned<RawStatus>>,
    #[serde(default)]
    nhom: Vec<Spanned<RawGroup>>,
    #[serde(default)]
    don_vi: Vec<Spanned<RawUnit>>,
    #[serde(default)]
    chi_tieu: Vec<Spanned<RawIndicator>>,
    #[serde(default)]
    quy_tac: Vec<Spanned<RawRule>>,
    ky_ten: Option<Spanned<RawSigner>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSigner {
    quyen_han: Option<Spanned<String>>,
    chuc_vu: Spanned<String>,
    #[serde(default)]
    ho_ten: String,
    so_van_ban: Spanned<String>,
}

/// Checks `[ky_ten]`: the authority is one of the decree's forms (KT., TL., TUQ., Q.) or
/// empty, the title is given, the number pattern holds `{so}` and a "/" before the
/// document-type code ("{so}/BC-SNV").
fn parse_signer(ck: &mut Checker<'_>, raw: Option<&Spanned<RawSigner>>) -> Signer {
    let Some(raw) = raw else { return Signer::default() };
    let r = raw.get_ref();
    let authority = r.quyen_han.as_ref().map(|a| a.get_ref().trim().to_string()).unwrap_or_default();
    let forms = ["KT. ", "TL. ", "TUQ. ", "Q. "];
    if let Some(spanned) = &r.quyen_han
        && !authority.is_empty()
        && !forms.iter().any(|f| authority.starts_with(f) && authority.len() > f.len())
    {
        ck.at(spanned, "plan-bad-authority", vec![("value", authority.clone())]);
    }
    let title = ck.nonempty(&r.chuc_vu, "ky_ten.chuc_vu");
    let number = r.so_van_ban.get_ref().trim().to_string();
    let shape = number.split_once("{so}/").is_some_and(|(before, after)| before.is_empty() && after.contains('-'));
    if !shape {
        ck.at(&r.so_van_ban, "plan-bad-number-pattern", vec![("value", number.clone())]);
    }
    Signer { authority, title, name: r.ho_ten.trim().to_string(), number }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentity {
    so: Spanned<String>,
    ten: Spanned<String>,
    co_quan_ban_hanh: String,
    ngay_ban_hanh: Spanned<String>,
    nam: Spanned<(i32, i32)>,
    co_quan_tong_hop: String,
    noi_nhan: Option<Spanned<Vec<RawLimited>>>,
    #[serde(default = "default_place")]
    dia_danh: String,
}

fn default_place() -> String {
    "Đồng Tháp".to_string()
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDeadlines {
    #[serde(default)]
    lui_ngay_nghi: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    code: Spanned<String>,
    ten: String,
    #[serde(default)]
    cach_viet: Vec<String>,
    #[serde(default)]
    han: String,
    han_ngay: Spanned<String>,
    han_kieu: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    code: Spanned<String>,
    ten: Spanned<String>,
    #[serde(default)]
    thoi_gian: String,
    ky_phai_bao_cao: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    ten: Spanned<String>,
    y_nghia: Spanned<String>,
    #[serde(default)]
    can_ket_qua: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    code: Spanned<String>,
    ten: Spanned<String>,
    nhom: Spanned<String>,
    cach_viet: Option<Spanned<Vec<RawLimited>>>,
    tu_ky: Option<Spanned<String>>,
    den_ky: Option<Spanned<String>>,
    ke_thua: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    code: Spanned<String>,
    ten: Spanned<String>,
    ten_en: Option<String>,
    bao_cao: Option<bool>,
    tu_ky: Option<Spanned<String>>,
    den_ky: Option<Spanned<String>>,
}

/// A name written plain ("Tháp Mười") or limited to periods
/// (`{ ten = "Tháp Mười", den_ky = "6-thang/2025" }`): `cach_viet` and `noi_nhan` entries.
#[derive(Clone)]
enum RawLimited {
    Plain(String),
    Limited(RawLimitedName),
}

/// Hand-written rather than `#[serde(untagged)]`: an untagged enum's error ("data did not match
/// any variant of untagged enum …") names a Rust type and hides which key was wrong; this one
/// passes on the table's own error ("unknown field `den`, expected one of `ten`, …").
impl<'de> Deserialize<'de> for RawLimited {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawLimited;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name in quotes, or { ten = \"...\", tu_ky = \"...\", den_ky = \"...\" }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawLimited, E> {
                Ok(RawLimited::Plain(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawLimited, A::Error> {
                RawLimitedName::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(RawLimited::Limited)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct RawLimitedName {
    ten: String,
    tu_ky: Option<String>,
    den_ky: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    code: Spanned<String>,
    ten: Spanned<String>,
    #[serde(default)]
    dvt: String,
    nhiem_vu: Spanned<String>,
    loai: Spanned<String>,
    tu_so: Option<Spanned<String>>,
    mau_so: Option<Spanned<String>>,
    don_vi: Option<Spanned<Vec<String>>>,
    nhom: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    chinh: bool,
    bien_do: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    trai: Spanned<String>,
    phep: Spanned<String>,
    phai: Spanned<String>,
    muc_do: Spanned<String>,
    thong_bao: Spanned<String>,
    thong_bao_en: Option<String>,
}

/// Collects problems while resolving, with byte offsets turned into lines.
struct Checker<'a> {
    text: &'a str,
    problems: Vec<PlanProblem>,
    /// The plan's years once `[ke_hoach]` is read: a period reference outside them is a typo.
    years: Option<(i32, i32)>,
}

impl Checker<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())].matches('\n').count() + 1
    }

    fn at<T>(&mut self, spanned: &Spanned<T>, code: &'static str, args: Args) {
        let line = self.line_of(spanned.span().start);
        self.problems.push(PlanProblem { line: Some(line), code, args });
    }

    fn at_offset(&mut self, offset: usize, code: &'static str, args: Args) {
        let line = self.line_of(offset);
        self.problems.push(PlanProblem { line: Some(line), code, args });
    }

    /// A `tu_ky`/`den_ky` year outside the plan's years ("nam/2052" for "nam/2025").
    fn year_inside(&mut self, offset: usize, field: &str, value: &str, year: i32) {
        let Some((first, last)) = self.years else { return };
        if year < first || year > last {
            self.at_offset(
                offset,
                "plan-period-outside-plan",
                vec![("field", field.to_string()), ("value", value.to_string()), ("years", format!("{first}–{last}"))],
            );
        }
    }

    fn nowhere(&mut self, code: &'static str, args: Args) {
        self.problems.push(PlanProblem { line: None, code, args });
    }

    fn code<T>(&mut self, code: &Spanned<String>, _owner: &Spanned<T>) -> String {
        let c = code.get_ref().trim().to_string();
        if c.is_empty() || !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_') {
            self.at(code, "plan-bad-code", vec![("code", c.clone())]);
        }
        c
    }

    fn nonempty(&mut self, value: &Spanned<String>, field: &str) -> String {
        let v = value.get_ref().trim().to_string();
        if v.is_empty() {
            self.at(value, "plan-empty-field", vec![("field", field.to_string())]);
        }
        v
    }

    /// Reports codes used twice; `items` are (code, span start).
    fn unique(&mut self, what: &str, items: &[(String, usize)]) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (code, offset) in items {
            if let Some(first) = seen.get(code.as_str()) {
                let first_line = self.line_of(*first);
                let line = self.line_of(*offset);
                self.problems.push(PlanProblem {
                    line: Some(line),
                    code: "plan-duplicate-code",
                    args: vec![
                        ("code", code.clone()),
                        ("what", what.to_string()),
                        ("first_line", first_line.to_string()),
                    ],
                });
            } else {
                seen.insert(code, *offset);
            }
        }
    }
}

/// Parses a plan from text; `source` names it in messages.
///
/// Each section is checked by its own step, in the order of the file; a section that names
/// another (a task's periods, an indicator's task and units, a rule's indicators) is checked
/// after the one it names. Problems are gathered across all steps and reported together,
/// sorted by line.
///
/// # Errors
/// Every syntax or meaning problem, with lines.
pub fn parse(text: &str, source: &str) -> Result<Plan, PlanError> {
    let mut ck = Checker { text, problems: Vec::new(), years: None };
    let raw: RawPlan = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let line = err.span().map(|s| ck.line_of(s.start));
            let detail = err.message().trim().to_string();
            return Err(PlanError {
                source: source.to_string(),
                problems: vec![PlanProblem { line, code: "plan-syntax", args: vec![("detail", detail)] }],
            });
        }
    };
    let Some(identity) = raw.ke_hoach else {
        ck.nowhere("plan-missing-section", vec![("section", "ke_hoach".into())]);
        return Err(PlanError { source: source.to_string(), problems: ck.problems });
    };
    let checked = parse_identity(&mut ck, identity.get_ref());
    ck.years = Some(checked.years);
    let periods = parse_periods(&mut ck, &raw.ky);
    let tasks = parse_tasks(&mut ck, &raw.nhiem_vu, &periods);
    let statuses = parse_statuses(&mut ck, &raw.tinh_trang);
    let groups = parse_groups(&mut ck, &raw.nhom, &periods);
    let units = parse_units(&mut ck, &raw.don_vi, &periods, &groups);
    let recipients = parse_recipients(&mut ck, identity.get_ref().noi_nhan.as_ref(), &periods);
    let indicators = parse_indicators(&mut ck, &raw.chi_tieu, &tasks, &units, &groups);
    let rules = parse_rules(&mut ck, &raw.quy_tac, &indicators);
    let signer = parse_signer(&mut ck, raw.ky_ten.as_ref());

    if !ck.problems.is_empty() {
        ck.problems.sort_by_key(|p| p.line.unwrap_or(0));
        return Err(PlanError { source: source.to_string(), problems: ck.problems });
    }
    let identity = identity.into_inner();
    let unit_index = UnitIndex::new(&units);
    Ok(Plan {
        source: source.to_string(),
        id: checked.id,
        title: checked.title,
        issuer: identity.co_quan_ban_hanh,
        issued: checked.issued,
        years: checked.years,
        consolidator: identity.co_quan_tong_hop,
        recipients,
        place: identity.dia_danh,
        periods,
        groups,
        weekend_rollover: raw.thoi_han.lui_ngay_nghi,
        tasks,
        statuses,
        units,
        indicators,
        rules,
        signer,
        unit_index,
    })
}

/// The checked fields of `[ke_hoach]`; the free-text fields are taken as written.
struct CheckedIdentity {
    id: String,
    title: String,
    issued: NaiveDate,
    years: (i32, i32),
}

/// Checks `[ke_hoach]`: number and title given, the issue date is day/month/year, the years
/// run forward within 2000..=2100.
fn parse_identity(ck: &mut Checker<'_>, identity: &RawIdentity) -> CheckedIdentity {
    let id = ck.nonempty(&identity.so, "ke_hoach.so");
    let title = ck.nonempty(&identity.ten, "ke_hoach.ten");
    let issued = if let Some(d) = parse_dmy(identity.ngay_ban_hanh.get_ref()) {
        d
    } else {
        let v = identity.ngay_ban_hanh.get_ref().clone();
        ck.at(&identity.ngay_ban_hanh, "plan-bad-date", vec![("value", v)]);
        NaiveDate::MIN
    };
    let years = *identity.nam.get_ref();
    if years.0 > years.1 || years.0 < 2000 || years.1 > 2100 {
        ck.at(&identity.nam, "plan-bad-years", vec![("first", years.0.to_string()), ("last", years.1.to_string())]);
    }
    CheckedIdentity { id, title, issued, years }
}

/// Checks `[[ky]]`: at least one, codes well formed and unique, deadline day/month and kind
/// readable, no name or alias shared by two periods.
fn parse_periods(ck: &mut Checker<'_>, raw: &[Spanned<RawPeriod>]) -> Vec<Period> {
    if raw.is_empty() {
        ck.nowhere("plan-no-periods", vec![]);
    }
    let mut periods = Vec::new();
    for p in raw {
        let r = p.get_ref();
        let code = ck.code(&r.code, p);
        let (day, month) = if let Some(dm) = parse_day_month(r.han_ngay.get_ref()) {
            dm
        } else {
            ck.at(&r.han_ngay, "plan-bad-day-month", vec![("value", r.han_ngay.get_ref().clone())]);
            (1, 1)
        };
        let kind = match r.han_kieu.get_ref().trim() {
            "truoc" | "before" => DeadlineKind::Before,
            "den_het_ngay" | "on-or-before" => DeadlineKind::OnOrBefore,
            other => {
                ck.at(
                    &r.han_kieu,
                    "plan-bad-value",
                    vec![
                        ("field", "han_kieu".into()),
                        ("value", other.into()),
                        ("allowed", "\"truoc\", \"den_het_ngay\"".into()),
                    ],
                );
                DeadlineKind::OnOrBefore
            }
        };
        periods.push(Period {
            id: code,
            name: r.ten.trim().to_string(),
            aliases: r.cach_viet.clone(),
            deadline_text: r.han.clone(),
            month,
            day,
            deadline_kind: kind,
        });
    }
    ck.unique(
        "[[ky]]",
        &raw.iter()
            .map(|p| (p.get_ref().code.get_ref().trim().to_string(), p.get_ref().code.span().start))
            .collect::<Vec<_>>(),
    );
    check_period_aliases(ck, &periods, raw);
    periods
}

/// A period alias shared by two periods would make "Kỳ báo cáo" ambiguous.
fn check_period_aliases(ck: &mut Checker<'_>, periods: &[Period], raw: &[Spanned<RawPeriod>]) {
    let mut owner: HashMap<String, &str> = HashMap::new();
    for (p, raw_p) in periods.iter().zip(raw) {
        for name in std::iter::once(&p.id).chain(std::iter::once(&p.name)).chain(p.aliases.iter()) {
            let key = fold(name);
            match owner.get(&key) {
                Some(other) if *other != p.id => {
                    let other = (*other).to_string();
                    ck.at(
                        raw_p,
                        "plan-shared-period-alias",
                        vec![("alias", name.clone()), ("period", p.id.clone()), ("other", other)],
                    );
                }
                _ => {
                    owner.insert(key, &p.id);
                }
            }
        }
    }
}

/// The period codes as a message lists them: `"q1", "6t"`.
fn known_periods(periods: &[Period]) -> String {
    periods.iter().map(|p| format!("\"{}\"", p.id)).collect::<Vec<_>>().join(", ")
}

/// Checks `[[nhiem_vu]]`: at least one, codes well formed and unique, titles given, every
/// period it is due in declared in `[[ky]]`.
fn parse_tasks(ck: &mut Checker<'_>, raw: &[Spanned<RawTask>], periods: &[Period]) -> Vec<Task> {
    if raw.is_empty() {
        ck.nowhere("plan-no-tasks", vec![]);
    }
    let known = known_periods(periods);
    let mut tasks = Vec::new();
    for t in raw {
        let r = t.get_ref();
        let code = ck.code(&r.code, t);
        let title = ck.nonempty(&r.ten, "nhiem_vu.ten");
        for p in r.ky_phai_bao_cao.get_ref() {
            if !periods.iter().any(|known| &known.id == p) {
                ck.at(
                    &r.ky_phai_bao_cao,
                    "plan-unknown-period",
                    vec![
                        ("field", "ky_phai_bao_cao".into()),
                        ("value", p.clone()),
                        ("code", p.clone()),
                        ("known", known.clone()),
                    ],
                );
            }
        }
        tasks.push(Task {
            code,
            title,
            schedule: r.thoi_gian.trim().to_string(),
            due_in: r.ky_phai_bao_cao.get_ref().clone(),
        });
    }
    ck.unique(
        "[[nhiem_vu]]",
        &raw.iter()
            .map(|t| (t.get_ref().code.get_ref().trim().to_string(), t.get_ref().code.span().start))
            .collect::<Vec<_>>(),
    );
    tasks
}

/// Checks `[[tinh_trang]]`: at least one, labels given and unique (folded), meanings known,
/// and one of them means done.
fn parse_statuses(ck: &mut Checker<'_>, raw: &[Spanned<RawStatus>]) -> Vec<Status> {
    if raw.is_empty() {
        ck.nowhere("plan-no-statuses", vec![]);
    }
    let mut statuses = Vec::new();
    for s in raw {
        let r = s.get_ref();
        let label = ck.nonempty(&r.ten, "tinh_trang.ten");
        let meaning = match r.y_nghia.get_ref().trim() {
            "hoan-thanh" => StatusMeaning::Done,
            "dang-thuc-hien" => StatusMeaning::InProgress,
            "chua-thuc-hien" => StatusMeaning::NotStarted,
            "khong-ap-dung" => StatusMeaning::NotApplicable,
            other => {
                ck.at(
                    &r.y_nghia,
                    "plan-bad-value",
                    vec![
                        ("field", "y_nghia".into()),
                        ("value", other.into()),
                        ("allowed", "\"hoan-thanh\", \"dang-thuc-hien\", \"chua-thuc-hien\", \"khong-ap-dung\"".into()),
                    ],
                );
                StatusMeaning::NotApplicable
            }
        };
        statuses.push(Status { label, meaning, requires_result: r.can_ket_qua });
    }
    ck.unique(
        "[[tinh_trang]]",
        &raw.iter().map(|s| (fold(s.get_ref().ten.get_ref()), s.get_ref().ten.span().start)).collect::<Vec<_>>(),
    );
    if !raw.is_empty() && !statuses.iter().any(|s| s.meaning == StatusMeaning::Done) {
        ck.nowhere("plan-no-status-meaning", vec![("meaning", "hoan-thanh".into())]);
    }
    statuses
}

/// Checks `[[nhom]]`: codes well formed and unique, labels given, `tu_ky`/`den_ky` readable
/// and in order. No `[[nhom]]` at all gives the plan's two groups (see [`default_groups`]).
fn parse_groups(ck: &mut Checker<'_>, raw: &[Spanned<RawGroup>], periods: &[Period]) -> Vec<Group> {
    if raw.is_empty() {
        return default_groups();
    }
    let mut groups = Vec::new();
    for g in raw {
        let r = g.get_ref();
        let code = ck.code(&r.code, g);
        let name = ck.nonempty(&r.ten, "nhom.ten");
        let valid = parse_validity(ck, g, r.tu_ky.as_ref(), r.den_ky.as_ref(), periods);
        let name_en =
            r.ten_en.as_deref().map(str::trim).filter(|n| !n.is_empty()).map_or_else(|| name.clone(), str::to_string);
        groups.push(Group { code, name, name_en, reports: r.bao_cao.unwrap_or(true), valid });
    }
    ck.unique(
        "[[nhom]]",
        &raw.iter()
            .map(|g| (g.get_ref().code.get_ref().trim().to_string(), g.get_ref().code.span().start))
            .collect::<Vec<_>>(),
    );
    groups
}

/// A `tu_ky`/`den_ky` pair read and checked for order (`plan-bad-range` at `owner`).
fn parse_validity<T>(
    ck: &mut Checker<'_>,
    owner: &Spanned<T>,
    from: Option<&Spanned<String>>,
    to: Option<&Spanned<String>>,
    periods: &[Period],
) -> Validity {
    let known = known_periods(periods);
    let first = parse_period_ref(ck, "tu_ky", from, periods, &known);
    let last = parse_period_ref(ck, "den_ky", to, periods, &known);
    let valid = Validity { first, last };
    if valid.is_empty() {
        let from = from.map(|s| s.get_ref().clone()).unwrap_or_default();
        let to = to.map(|s| s.get_ref().clone()).unwrap_or_default();
        ck.at(owner, "plan-bad-range", vec![("from", from), ("to", to)]);
    }
    valid
}

/// Reads the entries of a `cach_viet` or `noi_nhan` list: plain names, or names limited by
/// `tu_ky`/`den_ky`. A problem in an entry is reported on the line that entry is written on.
fn parse_limited_names(
    ck: &mut Checker<'_>,
    entries: &Spanned<Vec<RawLimited>>,
    field: &'static str,
    periods: &[Period],
) -> Vec<(String, Validity)> {
    let known = known_periods(periods);
    let span = entries.span();
    let source = ck.text.get(span.clone()).unwrap_or_default().to_string();
    // The line an entry's value is written on: its first occurrence inside the list.
    let offset_of = |needle: &str| span.start + source.find(needle).unwrap_or(0);
    let mut out = Vec::new();
    for entry in entries.get_ref() {
        match entry {
            RawLimited::Plain(name) => out.push((name.trim().to_string(), Validity::ALWAYS)),
            RawLimited::Limited(r) => {
                let name = r.ten.trim().to_string();
                let at = offset_of(&format!("\"{}\"", r.ten));
                let mut read = |key: &'static str, value: Option<&String>| {
                    let v = value?;
                    let (pid, year) = split_period_ref(v);
                    let field_name = format!("{field}.{key}");
                    let line_at = offset_of(&format!("\"{v}\"")).max(at);
                    let Some(year) = year else {
                        ck.at_offset(
                            line_at,
                            "plan-bad-period-ref",
                            vec![("field", field_name.clone()), ("value", v.clone())],
                        );
                        return None;
                    };
                    let Some(index) = periods.iter().position(|p| p.id == pid) else {
                        ck.at_offset(
                            line_at,
                            "plan-unknown-period",
                            vec![("field", field_name), ("value", v.clone()), ("code", pid), ("known", known.clone())],
                        );
                        return None;
                    };
                    ck.year_inside(line_at, &field_name, v, year);
                    Some(PeriodRef { year, index })
                };
                let first = read("tu_ky", r.tu_ky.as_ref());
                let last = read("den_ky", r.den_ky.as_ref());
                let valid = Validity { first, last };
                if valid.is_empty() {
                    ck.at_offset(
                        at,
                        "plan-bad-range",
                        vec![
                            ("from", r.tu_ky.clone().unwrap_or_default()),
                            ("to", r.den_ky.clone().unwrap_or_default()),
                        ],
                    );
                }
                if name.is_empty() {
                    ck.at_offset(at, "plan-empty-field", vec![("field", format!("{field}.ten"))]);
                }
                out.push((name, valid));
            }
        }
    }
    out
}

/// Checks `ke_hoach.noi_nhan`: names given, limits readable.
fn parse_recipients(
    ck: &mut Checker<'_>,
    raw: Option<&Spanned<Vec<RawLimited>>>,
    periods: &[Period],
) -> Vec<Recipient> {
    let Some(list) = raw else { return Vec::new() };
    parse_limited_names(ck, list, "noi_nhan", periods)
        .into_iter()
        .map(|(name, valid)| Recipient { name, valid })
        .collect()
}

/// Checks `[[don_vi]]`: at least one, codes well formed and unique, names given, group declared
/// in `[[nhom]]`, `tu_ky`/`den_ky` written "code/year" with a declared period and in order,
/// `ke_thua` naming units that end, and every code, name and alias leading to one unit only in
/// any one period.
fn parse_units(ck: &mut Checker<'_>, raw: &[Spanned<RawUnit>], periods: &[Period], groups: &[Group]) -> Vec<Unit> {
    if raw.is_empty() {
        ck.nowhere("plan-no-units", vec![]);
    }
    let known_groups = groups.iter().map(|g| format!("\"{}\"", g.code)).collect::<Vec<_>>().join(", ");
    let mut units = Vec::new();
    for u in raw {
        let r = u.get_ref();
        let code = ck.code(&r.code, u);
        let name = ck.nonempty(&r.ten, "don_vi.ten");
        let group = r.nhom.get_ref().trim().to_string();
        if !groups.iter().any(|g| g.code == group) {
            ck.at(
                &r.nhom,
                "plan-bad-value",
                vec![("field", "nhom".into()), ("value", group.clone()), ("allowed", known_groups.clone())],
            );
        }
        let valid = parse_validity(ck, u, r.tu_ky.as_ref(), r.den_ky.as_ref(), periods);
        let aliases = r
            .cach_viet
            .as_ref()
            .map(|list| parse_limited_names(ck, list, "cach_viet", periods))
            .unwrap_or_default()
            .into_iter()
            .map(|(text, valid)| Alias { text, valid })
            .collect();
        let succeeds =
            r.ke_thua.as_ref().map(|k| k.get_ref().iter().map(|c| c.trim().to_string()).collect()).unwrap_or_default();
        units.push(Unit { code, name, group, aliases, valid, succeeds });
    }
    ck.unique(
        "[[don_vi]]",
        &raw.iter()
            .map(|u| (u.get_ref().code.get_ref().trim().to_string(), u.get_ref().code.span().start))
            .collect::<Vec<_>>(),
    );
    check_unit_names(ck, &units, raw);
    check_successions(ck, &units, raw);
    units
}

/// `ke_thua` names declared units other than itself, each of which ends (`den_ky`) before the
/// successor's last period: a unit still reporting on its own is not succeeded.
fn check_successions(ck: &mut Checker<'_>, units: &[Unit], raw: &[Spanned<RawUnit>]) {
    for (unit, raw_u) in units.iter().zip(raw) {
        let Some(list) = &raw_u.get_ref().ke_thua else { continue };
        for code in &unit.succeeds {
            match units.iter().find(|u| &u.code == code) {
                Some(p) if p.code != unit.code && p.valid.last.is_none() => ck.at(
                    list,
                    "plan-predecessor-never-ends",
                    vec![("code", code.clone()), ("unit", unit.code.clone())],
                ),
                Some(p) if p.code != unit.code => {}
                // Unknown, or the unit itself.
                _ => {
                    ck.at(list, "plan-unknown-predecessor", vec![("code", code.clone()), ("unit", unit.code.clone())]);
                }
            }
        }
    }
}

/// "6-thang/2025" → ("6-thang", Some(2025)); the year `None` when it is not a number.
fn split_period_ref(text: &str) -> (String, Option<i32>) {
    match text.trim().rsplit_once('/') {
        Some((p, y)) => (p.trim().to_string(), y.trim().parse::<i32>().ok()),
        None => (text.trim().to_string(), None),
    }
}

/// Reads a unit's `tu_ky`/`den_ky` ("q1/2025"); `None` when absent or not readable (reported).
fn parse_period_ref(
    ck: &mut Checker<'_>,
    field: &'static str,
    value: Option<&Spanned<String>>,
    periods: &[Period],
    known: &str,
) -> Option<PeriodRef> {
    let v = value?;
    let text = v.get_ref().trim();
    let Some((pid, year)) = text.rsplit_once('/').and_then(|(p, y)| Some((p.trim(), y.trim().parse::<i32>().ok()?)))
    else {
        ck.at(v, "plan-bad-period-ref", vec![("field", field.into()), ("value", text.into())]);
        return None;
    };
    let Some(index) = periods.iter().position(|p| p.id == pid) else {
        ck.at(
            v,
            "plan-unknown-period",
            vec![("field", field.into()), ("value", text.into()), ("code", pid.into()), ("known", known.into())],
        );
        return None;
    };
    ck.year_inside(v.span().start, field, text, year);
    Some(PeriodRef { year, index })
}

/// Every name, alias and code leads to one unit only in any one period: two units may write
/// a name alike only when the periods the writing holds in (the alias's limits within the
/// unit's own validity) never meet.
fn check_unit_names(ck: &mut Checker<'_>, units: &[Unit], raw: &[Spanned<RawUnit>]) {
    let mut owners: HashMap<String, Vec<(usize, Validity)>> = HashMap::new();
    for (i, (unit, raw_u)) in units.iter().zip(raw).enumerate() {
        let names = std::iter::once((&unit.code, Validity::ALWAYS))
            .chain(std::iter::once((&unit.name, Validity::ALWAYS)))
            .chain(unit.aliases.iter().map(|a| (&a.text, a.valid)));
        let mut own_keys = Vec::new();
        for (name, limit) in names {
            let key = fold(name);
            if own_keys.contains(&key) {
                continue;
            }
            own_keys.push(key.clone());
            let holds = limit.and(&unit.valid);
            let list = owners.entry(key).or_default();
            // Same code twice is already reported as a duplicate code.
            let clash = list.iter().find(|(j, v)| *j != i && units[*j].code != unit.code && v.overlaps(&holds));
            if let Some(&(j, _)) = clash {
                let other_line = ck.line_of(raw[j].span().start);
                let other = format!("{} ({})", units[j].code, units[j].name);
                let line = raw_u.get_ref().cach_viet.as_ref().map_or(raw_u.span().start, |a| a.span().start);
                ck.at_offset(
                    line,
                    "plan-shared-alias",
                    vec![
                        ("alias", name.clone()),
                        ("unit", unit.code.clone()),
                        ("other", other),
                        ("other_line", other_line.to_string()),
                    ],
                );
            } else {
                list.push((i, holds));
            }
        }
    }
}

/// Checks `[[chi_tieu]]`: codes well formed and unique, names given, task declared, kind
/// known (a rate names its two parts, numeric indicators), owing units and groups declared.
fn parse_indicators(
    ck: &mut Checker<'_>,
    raw: &[Spanned<RawIndicator>],
    tasks: &[Task],
    units: &[Unit],
    groups: &[Group],
) -> Vec<Indicator> {
    let known_tasks = tasks.iter().map(|t| t.code.as_str()).collect::<Vec<_>>().join(", ");
    let mut indicators = Vec::new();
    for ind in raw {
        let r = ind.get_ref();
        let code = ck.code(&r.code, ind);
        let name = ck.nonempty(&r.ten, "chi_tieu.ten");
        let task = r.nhiem_vu.get_ref().trim().to_string();
        if !tasks.iter().any(|t| t.code == task) {
            ck.at(&r.nhiem_vu, "plan-unknown-task", vec![("code", task.clone()), ("known", known_tasks.clone())]);
        }
        let kind = parse_indicator_kind(ck, r, &code);
        let owed = parse_owed_by(ck, r, units, groups);
        let bound = r.bien_do.as_ref().map(|b| *b.get_ref());
        if let (Some(spanned), Some(b)) = (&r.bien_do, bound)
            && !(b > 1.0 && b.is_finite())
        {
            ck.at(spanned, "plan-bad-bound", vec![("code", code.clone()), ("value", b.to_string())]);
        }
        indicators.push(Indicator {
            code,
            name,
            measure: r.dvt.trim().to_string(),
            task,
            kind,
            owed_by: owed,
            main: r.chinh,
            bound,
        });
    }
    ck.unique(
        "[[chi_tieu]]",
        &raw.iter()
            .map(|i| (i.get_ref().code.get_ref().trim().to_string(), i.get_ref().code.span().start))
            .collect::<Vec<_>>(),
    );
    check_rate_parts(ck, &indicators, raw);
    indicators
}

/// Reads an indicator's `loai`; a rate takes its `tu_so` and `mau_so` as written (checked
/// later by [`check_rate_parts`]).
fn parse_indicator_kind(ck: &mut Checker<'_>, r: &RawIndicator, code: &str) -> Kind {
    match r.loai.get_ref().trim() {
        "so-luong" | "count" => Kind::Count,
        "gia-tri" | "amount" => Kind::Amount,
        "co-khong" | "yesno" => Kind::YesNo,
        "ty-le" | "rate" => {
            if let (Some(n), Some(d)) = (&r.tu_so, &r.mau_so) {
                Kind::Rate { numerator: n.get_ref().trim().to_string(), denominator: d.get_ref().trim().to_string() }
            } else {
                ck.at(&r.loai, "plan-rate-missing-part", vec![("code", code.to_string())]);
                Kind::Rate { numerator: String::new(), denominator: String::new() }
            }
        }
        other => {
            ck.at(
                &r.loai,
                "plan-bad-value",
                vec![
                    ("field", "loai".into()),
                    ("value", other.into()),
                    ("allowed", "\"so-luong\", \"gia-tri\", \"co-khong\", \"ty-le\"".into()),
                ],
            );
            Kind::Count
        }
    }
}

/// The units owing an indicator: its `don_vi` list, then the members of its `nhom` groups;
/// `None` (every unit) when neither is given.
fn parse_owed_by(ck: &mut Checker<'_>, r: &RawIndicator, units: &[Unit], groups: &[Group]) -> Option<Vec<String>> {
    let mut owed: Option<Vec<String>> = None;
    if let Some(list) = &r.don_vi {
        for c in list.get_ref() {
            if !units.iter().any(|u| &u.code == c) {
                ck.at(list, "plan-unknown-unit", vec![("code", c.clone())]);
            }
        }
        owed = Some(list.get_ref().clone());
    }
    if let Some(named) = &r.nhom {
        let mut codes = owed.take().unwrap_or_default();
        for g in named.get_ref() {
            if !groups.iter().any(|x| &x.code == g) {
                let allowed = groups.iter().map(|x| format!("\"{}\"", x.code)).collect::<Vec<_>>().join(", ");
                ck.at(
                    named,
                    "plan-bad-value",
                    vec![("field", "nhom".into()), ("value", g.clone()), ("allowed", allowed)],
                );
                continue;
            }
            codes.extend(units.iter().filter(|u| &u.group == g).map(|u| u.code.clone()));
        }
        owed = Some(codes);
    }
    owed
}

/// Rates must name numeric indicators.
fn check_rate_parts(ck: &mut Checker<'_>, indicators: &[Indicator], raw: &[Spanned<RawIndicator>]) {
    for (ind, raw_i) in indicators.iter().zip(raw) {
        let Kind::Rate { numerator, denominator } = &ind.kind else { continue };
        for (field, part, spanned) in
            [("tu_so", numerator, &raw_i.get_ref().tu_so), ("mau_so", denominator, &raw_i.get_ref().mau_so)]
        {
            let Some(spanned) = spanned else { continue };
            match indicators.iter().find(|i| &i.code == part) {
                None => ck.at(spanned, "plan-unknown-indicator", vec![("field", field.into()), ("code", part.clone())]),
                Some(other) if !other.kind.is_numeric() => ck.at(
                    spanned,
                    "plan-rate-part-not-number",
                    vec![
                        ("code", ind.code.clone()),
                        ("field", field.into()),
                        ("part", part.clone()),
                        ("kind", other.kind.id().into()),
                    ],
                ),
                Some(_) => {}
            }
        }
    }
}

/// Checks `[[quy_tac]]`: ids well formed and unique, operator and severity known, both sides
/// numeric indicators, message given.
fn parse_rules(ck: &mut Checker<'_>, raw: &[Spanned<RawRule>], indicators: &[Indicator]) -> Vec<Rule> {
    let mut rules = Vec::new();
    for rule in raw {
        let r = rule.get_ref();
        let id = ck.code(&r.id, rule);
        let op = match r.phep.get_ref().trim() {
            "<=" | "≤" => Op::Le,
            "<" => Op::Lt,
            ">=" | "≥" => Op::Ge,
            ">" => Op::Gt,
            "==" | "=" => Op::Eq,
            other => {
                ck.at(
                    &r.phep,
                    "plan-bad-value",
                    vec![("field", "phep".into()), ("value", other.into()), ("allowed", "<=, <, >=, >, ==".into())],
                );
                Op::Eq
            }
        };
        let severity = match r.muc_do.get_ref().trim() {
            "loi" | "error" => Severity::Error,
            "canh-bao" | "warning" => Severity::Warning,
            other => {
                ck.at(
                    &r.muc_do,
                    "plan-bad-value",
                    vec![
                        ("field", "muc_do".into()),
                        ("value", other.into()),
                        ("allowed", "\"loi\", \"canh-bao\"".into()),
                    ],
                );
                Severity::Warning
            }
        };
        for (field, side) in [("trai", &r.trai), ("phai", &r.phai)] {
            let c = side.get_ref().trim();
            match indicators.iter().find(|i| i.code == c) {
                None => ck.at(side, "plan-unknown-indicator", vec![("field", field.into()), ("code", c.into())]),
                Some(i) if !i.kind.is_numeric() => {
                    ck.at(
                        side,
                        "plan-rule-not-number",
                        vec![
                            ("id", id.clone()),
                            ("field", field.into()),
                            ("code", c.into()),
                            ("kind", i.kind.id().into()),
                        ],
                    );
                }
                Some(_) => {}
            }
        }
        let message = ck.nonempty(&r.thong_bao, "quy_tac.thong_bao");
        rules.push(Rule {
            id,
            left: r.trai.get_ref().trim().to_string(),
            op,
            right: r.phai.get_ref().trim().to_string(),
            severity,
            message,
            message_en: r.thong_bao_en.clone(),
        });
    }
    ck.unique(
        "[[quy_tac]]",
        &raw.iter()
            .map(|r| (r.get_ref().id.get_ref().trim().to_string(), r.get_ref().id.span().start))
            .collect::<Vec<_>>(),
    );
    rules
}

/// "14/01/2022" → date; day first, always.
fn parse_dmy(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().split(['/', '-', '.']);
    let d = parts.next()?.trim().parse().ok()?;
    let m = parts.next()?.trim().parse().ok()?;
    let y = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// "05/06" → (5, 6), checked against a leap year so 29/02 is allowed.
fn parse_day_month(s: &str) -> Option<(u32, u32)> {
    let (d, m) = s.trim().split_once('/')?;
    let (d, m): (u32, u32) = (d.trim().parse().ok()?, m.trim().parse().ok()?);
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (d, m))
}

/// The resolved plan as JSON, with the stable names scripts rely on.
#[must_use]
pub fn to_json(plan: &Plan) -> serde_json::Value {
    use serde_json::json;
    let mut indicators = Vec::new();
    for i in &plan.indicators {
        let mut v = json!({
            "code": i.code, "name": i.name, "unit": i.measure, "task": i.task, "kind": i.kind.id(), "main": i.main,
        });
        if let Some(owed) = &i.owed_by {
            v["units"] = json!(owed);
        }
        if let Kind::Rate { numerator, denominator } = &i.kind {
            v["numerator"] = json!(numerator);
            v["denominator"] = json!(denominator);
        }
        indicators.push(v);
    }
    let fmt_ref = |r: Option<PeriodRef>| r.map(|r| plan.ref_text(r));
    let limits = |name: &str, v: &Validity| json!({"name": name, "first_period": fmt_ref(v.first), "last_period": fmt_ref(v.last)});
    json!({
        "id": plan.id,
        "title": plan.title,
        "issuer": plan.issuer,
        "issued": plan.issued.format("%Y-%m-%d").to_string(),
        "years": [plan.years.0, plan.years.1],
        "consolidator": plan.consolidator,
        "recipients": plan.recipients.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
        "recipient_periods": plan.recipients.iter().map(|r| limits(&r.name, &r.valid)).collect::<Vec<_>>(),
        "weekend_rollover": plan.weekend_rollover,
        "tasks": plan.tasks.iter().map(|t| json!({"code": t.code, "title": t.title, "schedule": t.schedule, "due_in": t.due_in})).collect::<Vec<_>>(),
        "periods": plan.periods.iter().map(|p| {
            let last = p.nominal_last_day(2024).map(|d| d.format("%m-%d").to_string());
            json!({"id": p.id, "name": p.name, "deadline": p.deadline_text, "deadline_kind": p.deadline_kind, "last_day": last})
        }).collect::<Vec<_>>(),
        "groups": plan.groups.iter().map(|g| json!({
            "code": g.code, "name": g.name, "name_en": g.name_en, "reports": g.reports,
            "first_period": fmt_ref(g.valid.first), "last_period": fmt_ref(g.valid.last),
        })).collect::<Vec<_>>(),
        "units": plan.units.iter().map(|u| json!({
            "code": u.code, "name": u.name, "group": u.group,
            "aliases": u.aliases.iter().map(|a| a.text.clone()).collect::<Vec<_>>(),
            "limited_aliases": u.aliases.iter().filter(|a| !a.valid.is_always()).map(|a| limits(&a.text, &a.valid)).collect::<Vec<_>>(),
            "first_period": fmt_ref(u.valid.first), "last_period": fmt_ref(u.valid.last),
            "succeeds": u.succeeds,
            "succeeded_by": plan.successors(&u.code).iter().map(|s| s.code.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "indicators": indicators,
        "rules": plan.rules.iter().map(|r| json!({
            "id": r.id, "left": r.left, "op": r.op, "right": r.right, "severity": r.severity, "message": r.message,
        })).collect::<Vec<_>>(),
        "statuses": plan.statuses.iter().map(|s| s.label.clone()).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Plan {
        parse(BUILTIN, BUILTIN_NAME).expect("shipped plan loads")
    }

    #[test]
    fn shipped_plan_has_the_seed_structure() {
        let plan = builtin();
        assert_eq!(plan.id, "15/KH-UBND");
        assert_eq!(plan.tasks.len(), 9);
        assert_eq!(plan.periods.len(), 2);
        assert!(plan.units.len() >= 30);
        assert_eq!(plan.units.iter().filter(|u| u.group == "huyen-tp").count(), 12);
        assert_eq!(plan.years, (2022, 2025));
        assert_eq!(plan.issued, NaiveDate::from_ymd_opt(2022, 1, 14).unwrap());
        assert!(!plan.task("NV7").unwrap().is_due_in("6-thang"));
        assert!(plan.task("NV8").unwrap().is_due_in("nam"));
    }

    #[test]
    fn deadlines_resolve_to_the_last_on_time_day() {
        let plan = builtin();
        assert_eq!(plan.last_day("6-thang", 2024), NaiveDate::from_ymd_opt(2024, 6, 4));
        assert_eq!(plan.last_day("nam", 2024), NaiveDate::from_ymd_opt(2024, 10, 31));
    }

    #[test]
    fn weekend_rollover_moves_to_monday() {
        let mut plan = builtin();
        plan.weekend_rollover = true;
        // 04/06/2022 is a Saturday.
        assert_eq!(plan.last_day("6-thang", 2022), NaiveDate::from_ymd_opt(2022, 6, 6));
    }

    #[test]
    fn city_and_district_of_the_same_name_stay_distinct() {
        let plan = builtin();
        let UnitMatch::Found(u) = plan.find_unit_by_name("UBND TP. Cao Lãnh") else { panic!() };
        assert_eq!(u.code, "TPCL");
        let UnitMatch::Found(u) = plan.find_unit_by_name("h. cao lãnh") else { panic!() };
        assert_eq!(u.code, "HCL");
        let UnitMatch::Unknown { suggestions } = plan.find_unit_by_name("Cao Lãnh") else {
            panic!("bare Cao Lãnh must not be guessed")
        };
        let codes: Vec<&str> = suggestions.iter().map(|u| u.code.as_str()).collect();
        assert!(codes.contains(&"TPCL") && codes.contains(&"HCL"), "{codes:?}");
        // Ambiguous however it is written; a full name is not.
        for typed in ["Cao Lãnh", "UBND Cao Lãnh", "Ủy ban nhân dân Cao Lãnh", "cao  LÃNH"] {
            let mut codes: Vec<&str> = plan.ambiguous_units(typed).iter().map(|u| u.code.as_str()).collect();
            codes.sort_unstable();
            assert_eq!(codes, ["HCL", "TPCL"], "{typed}");
        }
        assert!(plan.ambiguous_units("UBND H. Cao Lãnh").is_empty());
        assert!(plan.ambiguous_units("Tháp Mười").is_empty());
    }

    #[test]
    fn districts_are_not_expected_after_mid_2025() {
        let plan = builtin();
        // 33 units of 2024, six merged into their successors, SNNMT new: 28.
        assert_eq!(plan.expected_units("6-thang", 2025).len(), 28);
        assert!(plan.expected_units("nam", 2025).iter().all(|u| u.group == "so-nganh"));
    }

    #[test]
    fn thap_muoi_is_the_district_until_mid_2025_and_nothing_after() {
        let plan = builtin();
        let at = |p: &str, y| plan.period_ref(p, y);
        let UnitMatch::Found(u) = plan.find_unit_by_name_at("Tháp Mười", at("6-thang", 2025)) else { panic!() };
        assert_eq!(u.code, "HTM");
        let UnitMatch::OtherPeriods { unit, valid } = plan.find_unit_by_name_at("tháp  MƯỜI", at("nam", 2025))
        else {
            panic!("never matched after 6-thang/2025")
        };
        // Valid up to 6-thang/2025, from the start of the plan.
        assert_eq!((unit.code.as_str(), valid.first, valid.last), ("HTM", None, at("6-thang", 2025)));
        // The district's full name still finds it, so that its report is told it has ended.
        let UnitMatch::Found(u) = plan.find_unit_by_name_at("Huyện Tháp Mười", at("nam", 2025)) else { panic!() };
        assert_eq!(u.code, "HTM");
        assert_eq!(plan.absence(u, "nam", 2025), Some(Absence::Ended { last: PeriodRef { year: 2025, index: 0 } }));
        // The bare "Sở Nông nghiệp" moves from SNNPTNT to SNNMT with the merger.
        let UnitMatch::Found(u) = plan.find_unit_by_name_at("Sở Nông nghiệp", at("nam", 2024)) else { panic!() };
        assert_eq!(u.code, "SNNPTNT");
        let UnitMatch::Found(u) = plan.find_unit_by_name_at("Sở Nông nghiệp", at("6-thang", 2025)) else {
            panic!()
        };
        assert_eq!(u.code, "SNNMT");
    }

    #[test]
    fn successions_and_recipients_by_period() {
        let plan = builtin();
        assert_eq!(plan.predecessors("SNNMT"), ["SNNPTNT", "STNMT"]);
        assert_eq!(plan.predecessors("STC"), ["SKHDT"]);
        assert!(plan.predecessors("SYT").is_empty() && plan.predecessors("NOPE").is_empty());
        let after: Vec<&str> = plan.successors("STNMT").iter().map(|u| u.code.as_str()).collect();
        assert_eq!(after, ["SNNMT"]);
        assert_eq!(plan.recipients_at("nam", 2024), ["Ủy ban nhân dân Tỉnh", "Ban Dân vận Tỉnh ủy"]);
        assert_eq!(plan.recipients_at("6-thang", 2025), ["Ủy ban nhân dân Tỉnh", "Ban Tuyên giáo và Dân vận Tỉnh ủy"]);
        let xa = plan.unit("XTHAPMUOI").unwrap();
        assert_eq!(plan.absence(xa, "nam", 2025), Some(Absence::GroupOff { group: "xa-phuong".into() }));
        assert_eq!(plan.units.iter().filter(|u| u.group == "xa-phuong").count(), 102);
    }

    #[test]
    fn validity_ranges_meet_only_when_they_share_a_period() {
        let r = |year, index| Some(PeriodRef { year, index });
        let to_2024 = Validity { first: None, last: r(2024, 1) };
        let from_2025 = Validity { first: r(2025, 0), last: None };
        assert!(!to_2024.overlaps(&from_2025) && !from_2025.overlaps(&to_2024));
        assert!(to_2024.overlaps(&Validity::ALWAYS));
        assert!(to_2024.and(&from_2025).is_empty());
        assert!(Validity { first: r(2024, 1), last: r(2024, 1) }.overlaps(&to_2024));
    }

    #[test]
    fn indicators_owed_by_some_units() {
        let plan = builtin();
        assert!(plan.indicator("TIN_BAI").unwrap().is_owed_by("BDT"));
        assert!(!plan.indicator("TIN_BAI").unwrap().is_owed_by("SYT"));
        assert!(plan.indicator("HOIQUAN").unwrap().is_owed_by("HTM"));
        assert!(!plan.indicator("HOIQUAN").unwrap().is_owed_by("SYT"));
        assert!(plan.indicator("KH_NAM").unwrap().is_owed_by("SYT"));
    }
}
