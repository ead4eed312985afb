//! `baocao plan`: the plan at a glance, `plan check`, and `plan calendar`.

use std::path::Path;

use chrono::{Datelike, Weekday};

use crate::cli::{Format, PlanAction, PlanArgs};
use crate::commands::{Context, Error, dmy, emit, emitln, exit, load_plan, output, resolve, table};
use crate::messages::{self, Lang, t};
use crate::plan::{self, DeadlineKind, Group, Kind, Plan, weekday_name};

/// Runs `baocao plan` and `baocao plan calendar`.
///
/// # Errors
/// An unknown `--period`, or output that cannot be written.
pub fn run(ctx: &Context, args: &PlanArgs) -> anyhow::Result<u8> {
    match &args.action {
        None => match args.format.format {
            Format::Json => emitln(&serde_json::to_string_pretty(&plan::to_json(&ctx.plan))?)?,
            Format::Text => emit(&overview(&ctx.plan, ctx.lang))?,
        },
        Some(PlanAction::Calendar { year, period, as_of, format }) => {
            let today = resolve::as_of(*as_of);
            let only = period.as_deref().map(|p| resolve::period(&ctx.plan, p)).transpose()?;
            let mut shown = ctx.plan.clone();
            if let Some(only) = only {
                shown.periods.retain(|p| p.id == only.id);
            }
            match format.format {
                Format::Json => emitln(&serde_json::to_string_pretty(&calendar_json(&shown, *year, today))?)?,
                Format::Text => emit(&calendar(&shown, *year, today, ctx.lang))?,
            }
        }
        // Dispatched before the plan is loaded (see `commands::run`).
        Some(PlanAction::Check { file }) => return check(file.as_deref(), ctx.lang),
    }
    Ok(exit::OK)
}

/// `baocao plan check [FILE]`: "ok" and 0, or every problem and 2.
///
/// # Errors
/// A plan file that cannot be read, or output that cannot be written.
pub fn check(file: Option<&Path>, lang: Lang) -> anyhow::Result<u8> {
    match load_plan(file) {
        Ok(p) => {
            let ok = messages::render(
                "ui.plan-ok",
                lang,
                &[
                    ("path", p.source.clone()),
                    ("tasks", p.tasks.len().to_string()),
                    ("periods", p.periods.len().to_string()),
                    ("units", p.units.len().to_string()),
                    ("indicators", p.indicators.len().to_string()),
                    ("rules", p.rules.len().to_string()),
                ],
            );
            emit(&format!("ok\n{ok}\n"))?;
            Ok(exit::OK)
        }
        Err(Error::Plan(err)) => {
            output::error(&err.render(lang));
            Ok(exit::FAILURE)
        }
        Err(err) => Err(err.into()),
    }
}

fn last_day_text(plan: &Plan, period: &plan::Period, lang: Lang) -> String {
    let day = format!("{:02}/{:02}", period.day, period.month);
    match period.deadline_kind {
        DeadlineKind::Before => {
            let last = period.nominal_last_day(2024).map_or_else(String::new, |d| d.format("%d/%m").to_string());
            let text = messages::render("ui.last-day-before", lang, &[("day", last), ("mark", day)]);
            if plan.weekend_rollover { format!("{text} *") } else { text }
        }
        DeadlineKind::OnOrBefore => messages::render("ui.last-day-on", lang, &[("day", day)]),
    }
}

/// The text overview: tasks, periods, units by group, indicators by task, rules.
#[must_use]
pub fn overview(plan: &Plan, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{} — {}\n{}, {}; {}: {}\n",
        plan.id,
        plan.title,
        plan.issuer,
        dmy(plan.issued),
        plan.consolidator,
        plan.years_text()
    ));
    out.push_str(&format!("{}\n\n", plan.source));

    out.push_str(&format!("{}\n", t("ui.tasks", lang)));
    let mut tasks = table(vec![
        t("ui.col-code", lang),
        t("ui.col-task", lang),
        t("ui.col-schedule", lang),
        t("ui.col-due-in", lang),
    ]);
    for task in &plan.tasks {
        tasks.add_row(vec![task.code.clone(), task.title.clone(), task.schedule.clone(), task.due_in.join(", ")]);
    }
    out.push_str(&format!("{tasks}\n\n"));

    out.push_str(&format!("{}\n", t("ui.periods", lang)));
    let mut periods = table(vec![
        t("ui.col-code", lang),
        t("ui.col-name", lang),
        t("ui.col-deadline-text", lang),
        t("ui.col-last-day", lang),
    ]);
    for p in &plan.periods {
        periods.add_row(vec![p.id.clone(), p.name.clone(), p.deadline_text.clone(), last_day_text(plan, p, lang)]);
    }
    out.push_str(&format!("{periods}\n"));
    out.push_str(&t(if plan.weekend_rollover { "ui.rollover-on" } else { "ui.rollover-off" }, lang));
    out.push_str("\n\n");

    out.push_str(&format!("{} ({})\n", t("ui.units", lang), plan.units.len()));
    for group in Group::ALL {
        let members: Vec<_> = plan.units.iter().filter(|u| u.group == group).collect();
        out.push_str(&format!("{} ({})\n", group.label(lang), members.len()));
        let mut units = table(vec![
            t("ui.col-code", lang),
            t("ui.col-name", lang),
            t("ui.col-aliases", lang),
            t("ui.col-valid", lang),
        ]);
        for u in members {
            let fmt = |r: Option<plan::PeriodRef>| r.map(|r| format!("{}/{}", plan.periods[r.index].id, r.year));
            let valid = match (fmt(u.first), fmt(u.last)) {
                (None, None) => String::new(),
                (Some(f), None) => format!("{f} →"),
                (None, Some(l)) => format!("→ {l}"),
                (Some(f), Some(l)) => format!("{f} → {l}"),
            };
            units.add_row(vec![u.code.clone(), u.name.clone(), u.aliases.join("; "), valid]);
        }
        out.push_str(&format!("{units}\n"));
    }
    out.push('\n');

    out.push_str(&format!("{} ({})\n", t("ui.indicators", lang), plan.indicators.len()));
    let mut inds = table(vec![
        t("ui.col-task", lang),
        t("ui.col-code", lang),
        t("ui.col-indicator", lang),
        t("ui.col-measure", lang),
        t("ui.col-kind", lang),
        t("ui.col-owed-by", lang),
    ]);
    for task in &plan.tasks {
        for i in plan.indicators.iter().filter(|i| i.task == task.code) {
            inds.add_row(vec![
                task.code.clone(),
                i.code.clone(),
                i.name.clone(),
                i.measure.clone(),
                kind_text(&i.kind, lang),
                owed_text(plan, i, lang),
            ]);
        }
    }
    out.push_str(&format!("{inds}\n\n"));

    out.push_str(&format!("{} ({})\n", t("ui.rules", lang), plan.rules.len()));
    let mut rules = table(vec![t("ui.col-rule", lang), t("ui.col-severity", lang), t("ui.col-message", lang)]);
    for r in &plan.rules {
        rules.add_row(vec![
            format!("{} {} {}", r.left, r.op.symbol(), r.right),
            r.severity.label(lang).to_string(),
            r.message(lang).to_string(),
        ]);
    }
    out.push_str(&format!("{rules}\n"));
    out
}

fn kind_text(kind: &Kind, lang: Lang) -> String {
    match kind {
        Kind::Rate { numerator, denominator } => messages::render(
            "ui.kind-rate",
            lang,
            &[("numerator", numerator.clone()), ("denominator", denominator.clone())],
        ),
        other => t(&format!("ui.kind-{}", other.id()), lang),
    }
}

fn owed_text(plan: &Plan, ind: &plan::Indicator, lang: Lang) -> String {
    match &ind.owed_by {
        None => t("ui.all-units", lang),
        Some(codes) => {
            // Whole groups read better by name than as twelve codes.
            for g in Group::ALL {
                let members: Vec<&str> = plan.units.iter().filter(|u| u.group == g).map(|u| u.code.as_str()).collect();
                if codes.len() == members.len() && members.iter().all(|m| codes.iter().any(|c| c == m)) {
                    return g.label(lang);
                }
            }
            codes.join(", ")
        }
    }
}

fn days_text(days: i64, lang: Lang) -> String {
    match days {
        0 => t("ui.days-today", lang),
        d if d > 0 => messages::render("ui.days-left", lang, &[("days", d.to_string())]),
        d => messages::render("ui.days-passed", lang, &[("days", (-d).to_string())]),
    }
}

fn is_weekend(d: chrono::NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `plan calendar` as text.
#[must_use]
pub fn calendar(plan: &Plan, year: i32, today: chrono::NaiveDate, lang: Lang) -> String {
    let mut out = messages::render("ui.calendar-title", lang, &[("year", year.to_string()), ("plan", plan.id.clone())]);
    out.push('\n');
    let mut tab = table(vec![
        t("ui.col-period", lang),
        t("ui.col-deadline-text", lang),
        t("ui.col-last-day", lang),
        t("ui.col-weekday", lang),
        t("ui.col-days-left", lang),
        t("ui.col-note", lang),
    ]);
    let mut warnings = Vec::new();
    for p in &plan.periods {
        let (Some(nominal), Some(last)) = (p.nominal_last_day(year), plan.last_day(&p.id, year)) else { continue };
        let mut notes = Vec::new();
        if is_weekend(nominal) {
            notes.push(t("ui.weekend", lang));
            warnings.push(messages::render(
                "ui.weekend-warning",
                lang,
                &[
                    ("period", p.name.clone()),
                    ("date", dmy(nominal)),
                    ("weekday", weekday_name(nominal, lang).to_string()),
                ],
            ));
        }
        if last != nominal {
            notes.push(messages::render("ui.rolled-over", lang, &[("from", dmy(nominal))]));
        }
        tab.add_row(vec![
            format!("{} ({})", p.name, p.id),
            p.deadline_text.clone(),
            dmy(last),
            weekday_name(last, lang).to_string(),
            days_text((last - today).num_days(), lang),
            notes.join(", "),
        ]);
    }
    out.push_str(&format!("{tab}\n"));
    for w in warnings {
        out.push_str(&format!("{w}\n"));
    }
    out.push_str(&messages::render("ui.as-of", lang, &[("date", dmy(today))]));
    out.push(' ');
    out.push_str(&t(if plan.weekend_rollover { "ui.rollover-on" } else { "ui.rollover-off" }, lang));
    out.push('\n');
    out
}

fn calendar_json(plan: &Plan, year: i32, today: chrono::NaiveDate) -> serde_json::Value {
    let periods: Vec<_> = plan
        .periods
        .iter()
        .filter_map(|p| {
            let nominal = p.nominal_last_day(year)?;
            let last = plan.last_day(&p.id, year)?;
            Some(serde_json::json!({
                "id": p.id,
                "name": p.name,
                "last_day": last.format("%Y-%m-%d").to_string(),
                "weekday": weekday_name(last, Lang::En),
                "weekend": is_weekend(nominal),
                "rolled_over": last != nominal,
                "days_left": (last - today).num_days(),
            }))
        })
        .collect();
    serde_json::json!({"plan": plan.id, "year": year, "as_of": today.format("%Y-%m-%d").to_string(), "periods": periods})
}
