//! `baocao template`: the blank report workbook for one unit, or for every unit expected in a
//! period. Resolves the arguments against the plan (with a clear error for each way they can be
//! wrong), then writes through [`crate::workbook::template`] and [`save_atomically`].

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::TemplateArgs;
use crate::commands::{Context, exit};
use crate::messages::{self, Lang, t};
use crate::plan::{Period, PeriodRef, Plan, Unit, UnitMatch};
use crate::text::fold;
use crate::workbook::template::{default_file_name, template_bytes};
use crate::workbook::{check_target, save_atomically};

/// Runs `baocao template`.
///
/// # Errors
/// An unknown unit or period, a year outside the plan, a unit not expected in that period, or
/// a file that cannot be written; the message is in the chosen language.
pub fn run(ctx: &Context, args: &TemplateArgs) -> anyhow::Result<u8> {
    let plan = &ctx.plan;
    let lang = ctx.lang;
    let period = resolve_period(plan, &args.period, lang)?;
    let year = args.year;
    if year < plan.years.0 || year > plan.years.1 {
        anyhow::bail!(messages::render(
            "ui.template-bad-year",
            lang,
            &[("year", year.to_string()), ("years", plan.years_text())]
        ));
    }

    if args.all {
        // clap makes --out-dir required with --all.
        let dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
        let units = plan.expected_units(&period.id, year);
        if units.is_empty() {
            anyhow::bail!(messages::render(
                "ui.template-no-units",
                lang,
                &[("period", period.id.clone()), ("year", year.to_string())]
            ));
        }
        std::fs::create_dir_all(&dir).with_context(|| {
            messages::render("ui.template-cannot-create-dir", lang, &[("path", dir.display().to_string())])
        })?;
        for unit in units {
            write(plan, unit, period, year, &dir.join(default_file_name(unit, period, year)), lang)?;
        }
        return Ok(exit::OK);
    }

    let typed = args.unit.as_deref().unwrap_or_default();
    let unit = resolve_unit(plan, typed, lang)?;
    if !plan.unit_expected(unit, &period.id, year) {
        anyhow::bail!(not_expected(plan, unit, period, year, lang));
    }
    let path = args.output.clone().unwrap_or_else(|| PathBuf::from(default_file_name(unit, period, year)));
    write(plan, unit, period, year, &path, lang)?;
    Ok(exit::OK)
}

fn write(plan: &Plan, unit: &Unit, period: &Period, year: i32, path: &Path, lang: Lang) -> anyhow::Result<()> {
    let cannot_write = || messages::render("ui.template-cannot-write", lang, &[("path", path.display().to_string())]);
    check_target(path).map_err(|e| anyhow::anyhow!(e.render(lang)))?;
    let bytes = template_bytes(plan, unit, period, year).with_context(cannot_write)?;
    save_atomically(&bytes, path).map_err(|e| anyhow::anyhow!(e.render(lang)))?;
    println!("{}", messages::render("ui.template-written", lang, &[("path", path.display().to_string())]));
    Ok(())
}

/// The period by id; a name or alias ("6 tháng", "cả năm") is accepted too.
fn resolve_period<'a>(plan: &'a Plan, typed: &str, lang: Lang) -> anyhow::Result<&'a Period> {
    plan.period(typed).or_else(|| plan.find_period(typed)).ok_or_else(|| {
        let known: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
        anyhow::anyhow!(messages::render(
            "ui.template-unknown-period",
            lang,
            &[("period", typed.to_string()), ("known", known.join(", "))]
        ))
    })
}

/// The unit by code (any case). An unknown code gets the nearest codes, and the units whose
/// name or alias is near what was typed, as suggestions.
fn resolve_unit<'a>(plan: &'a Plan, typed: &str, lang: Lang) -> anyhow::Result<&'a Unit> {
    if let Some(unit) = plan.unit_by_code(typed) {
        return Ok(unit);
    }
    let suggestions = suggest_units(plan, typed);
    let suggest = if suggestions.is_empty() {
        String::new()
    } else {
        let codes: Vec<String> = suggestions.iter().map(|u| format!("{} ({})", u.code, u.name)).collect();
        messages::render("ui.template-did-you-mean", lang, &[("codes", codes.join(", "))])
    };
    anyhow::bail!(messages::render(
        "ui.template-unknown-unit",
        lang,
        &[("code", typed.to_string()), ("suggest", suggest)]
    ))
}

/// Up to three units: a name or alias typed instead of a code wins outright; otherwise codes
/// within two edits of the typed one, nearest first, then units with a near name.
fn suggest_units<'a>(plan: &'a Plan, typed: &str) -> Vec<&'a Unit> {
    let key = fold(typed);
    let mut scored: Vec<(usize, &Unit)> =
        plan.units.iter().map(|u| (edit_distance(&key, &fold(&u.code)), u)).filter(|(d, _)| *d <= 2).collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    let mut out: Vec<&Unit> = Vec::new();
    match plan.find_unit_by_name(typed) {
        UnitMatch::Found(unit) => out.push(unit),
        UnitMatch::Unknown { suggestions } => {
            out.extend(scored.into_iter().map(|(_, u)| u));
            // Name suggestions only when the typed text looks like a name, not a short code.
            if key.contains(' ') {
                out.extend(suggestions);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|u| seen.insert(u.code.clone()));
    out.truncate(3);
    out
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn not_expected(plan: &Plan, unit: &Unit, period: &Period, year: i32, lang: Lang) -> String {
    let point = |p: Option<PeriodRef>, open: &str| {
        p.and_then(|r| plan.periods.get(r.index).map(|per| format!("{}/{}", per.id, r.year)))
            .unwrap_or_else(|| t(open, lang))
    };
    messages::render(
        "ui.template-unit-not-expected",
        lang,
        &[
            ("name", unit.name.clone()),
            ("code", unit.code.clone()),
            ("period", period.id.clone()),
            ("year", year.to_string()),
            ("first", point(unit.first, "ui.template-range-start")),
            ("last", point(unit.last, "ui.template-range-end")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("syt", "syt"), 0);
        assert_eq!(edit_distance("sty", "stp"), 1);
        assert_eq!(edit_distance("snv", "sv"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_near_codes_and_names() {
        let plan = crate::plan::load(Some(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/plan.toml")))).unwrap();
        let codes = |typed: &str| suggest_units(&plan, typed).iter().map(|u| u.code.clone()).collect::<Vec<_>>();
        assert!(codes("SYTT").contains(&"SYT".to_string()));
        assert_eq!(codes("Sở Y tế"), vec!["SYT".to_string()]);
        assert!(codes("QWERTYUIOP").is_empty());
    }
}
