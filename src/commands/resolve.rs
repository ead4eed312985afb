//! The one resolution step: raw command-line values (`cli.rs`) turned into checked values of the
//! plan, the same way for every command. A period or unit is accepted by its code, its name or
//! any way of writing it that plan.toml lists (`cach_viet`), compared by [`fold`], the key
//! reports are matched by; a bare name two units share is refused, naming both.

use std::path::Path;

use chrono::NaiveDate;

use crate::cli;
use crate::commands::error::Error;
use crate::plan::{Absence, Period, Plan, Unit, UnitMatch};
use crate::text::fold;

/// A period of a year, both checked against the plan.
#[derive(Debug, Clone, Copy)]
pub struct PeriodYear<'p> {
    pub period: &'p Period,
    /// Inside the plan's years.
    pub year: i32,
}

/// `--period` and `--year`, checked.
///
/// # Errors
/// [`Error::UnknownPeriod`] or [`Error::YearOutside`].
pub fn period_year<'p>(plan: &'p Plan, args: &cli::PeriodYear) -> Result<PeriodYear<'p>, Error> {
    Ok(PeriodYear { period: period(plan, &args.period)?, year: year(plan, args.year)? })
}

/// The period typed: its code ("6-thang"), name ("6 tháng") or a listed way of writing it
/// ("cả năm"), in any case, spacing or Unicode form.
///
/// # Errors
/// [`Error::UnknownPeriod`], listing the codes.
pub fn period<'p>(plan: &'p Plan, typed: &str) -> Result<&'p Period, Error> {
    plan.period(typed).or_else(|| plan.find_period(typed)).ok_or_else(|| Error::UnknownPeriod {
        typed: typed.to_string(),
        known: plan.periods.iter().map(|p| p.id.clone()).collect(),
    })
}

/// A year inside the plan's years.
///
/// # Errors
/// [`Error::YearOutside`].
pub fn year(plan: &Plan, year: i32) -> Result<i32, Error> {
    if year < plan.years.0 || year > plan.years.1 {
        return Err(Error::YearOutside { year, first: plan.years.0, last: plan.years.1 });
    }
    Ok(year)
}

/// The unit typed: its code ("HCL", any case), its name ("Huyện Cao Lãnh") or a listed way of
/// writing it ("UBND H. Cao Lãnh"), as the plan reads it in the period asked (`at`): a way of
/// writing limited to other periods ("Tháp Mười" after 6-thang/2025) is refused, naming the
/// unit it meant then. A name that two or more units carry ("Cao Lãnh": a city and a
/// district) is never guessed.
///
/// # Errors
/// [`Error::AmbiguousUnit`] naming every candidate, [`Error::UnitNameOtherPeriods`], or
/// [`Error::UnknownUnit`] with up to three suggestions.
pub fn unit<'p>(plan: &'p Plan, typed: &str, at: Option<PeriodYear<'_>>) -> Result<&'p Unit, Error> {
    if let Some(unit) = plan.unit_by_code(typed) {
        return Ok(unit);
    }
    let point = at.and_then(|at| plan.period_ref(&at.period.id, at.year));
    let by_name = match plan.find_unit_by_name_at(typed, point) {
        UnitMatch::Found(unit) => return Ok(unit),
        UnitMatch::OtherPeriods { unit, valid } => {
            return Err(Error::UnitNameOtherPeriods {
                typed: typed.to_string(),
                unit: format!("{} ({})", unit.code, unit.name),
                valid: plan.validity_words(&valid),
                period: point.map(|p| plan.ref_words(p)).unwrap_or_default(),
            });
        }
        UnitMatch::Unknown { suggestions } => suggestions,
    };
    let show = |u: &Unit| format!("{} ({})", u.code, u.name);
    let sharing = units_sharing_name(plan, typed);
    if sharing.len() > 1 {
        return Err(Error::AmbiguousUnit {
            typed: typed.to_string(),
            candidates: sharing.into_iter().map(show).collect(),
        });
    }
    Err(Error::UnknownUnit {
        typed: typed.to_string(),
        suggestions: suggest_units(plan, typed, sharing, by_name).into_iter().map(show).collect(),
    })
}

/// Units whose name or a way of writing it contains the typed words as whole words: "Cao Lãnh"
/// is in "Thành phố Cao Lãnh" and in "Huyện Cao Lãnh".
fn units_sharing_name<'p>(plan: &'p Plan, typed: &str) -> Vec<&'p Unit> {
    let key = fold(typed);
    if key.is_empty() {
        return Vec::new();
    }
    let padded = format!(" {key} ");
    plan.units.iter().filter(|u| u.names().any(|n| format!(" {} ", fold(n)).contains(&padded))).collect()
}

/// Up to three units: units whose name contains the typed words, codes within two edits of the
/// typed one (nearest first), then units with a near name when the typed text looks like a name.
fn suggest_units<'p>(plan: &'p Plan, typed: &str, sharing: Vec<&'p Unit>, by_name: Vec<&'p Unit>) -> Vec<&'p Unit> {
    let key = fold(typed);
    let mut by_code: Vec<(usize, &Unit)> =
        plan.units.iter().map(|u| (strsim::levenshtein(&key, &fold(&u.code)), u)).filter(|(d, _)| *d <= 2).collect();
    by_code.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    let mut out = sharing;
    out.extend(by_code.into_iter().map(|(_, u)| u));
    // Name suggestions only when the typed text looks like a name, not a short code.
    if key.contains(' ') {
        out.extend(by_name);
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|u| seen.insert(u.code.clone()));
    out.truncate(3);
    out
}

/// Whether the unit reports for the period, with its validity range for the refusal.
///
/// # Errors
/// [`Error::UnitNotExpected`].
pub fn expected_unit(plan: &Plan, unit: &Unit, at: PeriodYear<'_>) -> Result<(), Error> {
    let Some(absence) = plan.absence(unit, &at.period.id, at.year) else { return Ok(()) };
    let group_off = match absence {
        Absence::GroupOff { group } => {
            let label = |lang| plan.group_label(&group, lang).to_string();
            Some((label(crate::messages::Lang::Vi), label(crate::messages::Lang::En)))
        }
        Absence::NotStarted { .. } | Absence::Ended { .. } => None,
    };
    Err(Error::UnitNotExpected(Box::new(crate::commands::error::NotExpected {
        name: unit.name.clone(),
        code: unit.code.clone(),
        period: at.period.name.clone(),
        year: at.year,
        first: unit.valid.first.map(|r| plan.ref_words(r)),
        last: unit.valid.last.map(|r| plan.ref_words(r)),
        successors: plan.successors(&unit.code).iter().map(|s| format!("{} ({})", s.code, s.name)).collect(),
        group_off,
    })))
}

/// `--as-of`, or today.
#[must_use]
pub fn as_of(args: cli::AsOf) -> NaiveDate {
    args.as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// An output file (`-o`): refused when it names a folder (`-o so-lieu/`), which the write would
/// only discover after all the work.
///
/// # Errors
/// [`Error::OutputIsFolder`].
pub fn output_file(path: &Path) -> Result<&Path, Error> {
    let trailing_slash = path.as_os_str().to_string_lossy().ends_with(['/', std::path::MAIN_SEPARATOR]);
    if trailing_slash || path.is_dir() {
        return Err(Error::OutputIsFolder { path: path.to_path_buf() });
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        crate::plan::parse(crate::plan::BUILTIN, "test").unwrap()
    }

    #[test]
    fn periods_by_code_name_and_way_of_writing() {
        let plan = plan();
        for typed in ["6-thang", "6 tháng", "6 THÁNG", "sáu tháng", "6 tha\u{301}ng"] {
            assert_eq!(period(&plan, typed).unwrap().id, "6-thang", "{typed}");
        }
        for typed in ["nam", "Năm", "cả năm"] {
            assert_eq!(period(&plan, typed).unwrap().id, "nam", "{typed}");
        }
        assert!(matches!(period(&plan, "quý 1"), Err(Error::UnknownPeriod { .. })));
    }

    #[test]
    fn units_by_code_name_and_way_of_writing() {
        let plan = plan();
        for typed in ["HCL", "hcl", "Huyện Cao Lãnh", "UBND H. Cao Lãnh", "huyện  cao lãnh"] {
            assert_eq!(unit(&plan, typed, None).unwrap().code, "HCL", "{typed}");
        }
        assert_eq!(unit(&plan, "TP. Cao Lãnh", None).unwrap().code, "TPCL");
    }

    #[test]
    fn a_bare_shared_name_is_refused_naming_both_units() {
        let plan = plan();
        let Err(Error::AmbiguousUnit { candidates, .. }) = unit(&plan, "Cao Lãnh", None) else {
            panic!("not refused")
        };
        let codes: Vec<&str> = candidates.iter().map(|c| c.split(' ').next().unwrap()).collect();
        assert!(codes.contains(&"HCL") && codes.contains(&"TPCL"), "{candidates:?}");
    }

    #[test]
    fn an_unknown_unit_gets_near_codes_and_names() {
        let plan = plan();
        let Err(Error::UnknownUnit { suggestions, .. }) = unit(&plan, "SYTT", None) else { panic!() };
        assert!(suggestions[0].starts_with("SYT "), "{suggestions:?}");
        assert!(
            matches!(unit(&plan, "QWERTYUIOP", None), Err(Error::UnknownUnit { suggestions, .. }) if suggestions.is_empty())
        );
    }

    #[test]
    fn output_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(output_file(dir.path()), Err(Error::OutputIsFolder { .. })));
        assert!(matches!(output_file(Path::new("khong-co/")), Err(Error::OutputIsFolder { .. })));
        assert!(output_file(&dir.path().join("a.xlsx")).is_ok());
    }
}
