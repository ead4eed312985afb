//! `baocao plan`: the plan at a glance, `plan check`, and `plan calendar`.

use std::path::Path;

use chrono::{Datelike, Weekday};

use crate::cli::{Format, PlanAction, PlanArgs};
use crate::commands::{Context, Error, dmy, emit, emitln, exit, load_plan, output, resolve, table};
use crate::messages::{self, Lang, t};
use crate::plan::{self, Absence, DeadlineKind, Kind, PeriodRef, Plan, Unit, weekday_name};

/// Runs `baocao plan` and `baocao plan calendar`.
///
/// # Errors
/// An unknown `--period`, or output that cannot be written.
pub fn run(ctx: &Context, args: &PlanArgs) -> anyhow::Result<u8> {
    match &args.action {
        None => {
            if let (Some(period), Some(year)) = (&args.period, args.year) {
                let at = resolve::period_year(&ctx.plan, &crate::cli::PeriodYear { period: period.clone(), year })?;
                match args.format.format {
                    Format::Json => emitln(&serde_json::to_string_pretty(&expected_json(&ctx.plan, at))?)?,
                    Format::Text => emit(&expected_text(&ctx.plan, at, ctx.lang))?,
                }
                return Ok(exit::OK);
            }
            match args.format.format {
                Format::Json => emitln(&serde_json::to_string_pretty(&plan::to_json(&ctx.plan))?)?,
                Format::Text => emit(&overview(&ctx.plan, ctx.lang))?,
            }
        }
        Some(PlanAction::Calendar { year, period, as_of, format }) => {
            let today = resolve::as_of(*as_of);
            // Only some periods are shown; the plan stays whole, since validity ranges point at
            // periods by their place in it.
            let only = period.as_deref().map(|p| resolve::period(&ctx.plan, p)).transpose()?.map(|p| p.id.as_str());
            match format.format {
                Format::Json => emitln(&serde_json::to_string_pretty(&calendar_json(&ctx.plan, only, *year, today))?)?,
                Format::Text => emit(&calendar(&ctx.plan, only, *year, today, ctx.lang))?,
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
    for group in &plan.groups {
        let members: Vec<_> = plan.units.iter().filter(|u| u.group == group.code).collect();
        out.push_str(&format!("{} ({})", group.label(lang), members.len()));
        if let Some(note) = group_switch_text(plan, group, lang) {
            out.push_str(&format!(" — {note}"));
        }
        out.push('\n');
        let mut units = table(vec![
            t("ui.col-code", lang),
            t("ui.col-name", lang),
            t("ui.col-aliases", lang),
            t("ui.col-valid", lang),
        ]);
        for u in members {
            let aliases: Vec<String> = u
                .aliases
                .iter()
                .map(|a| {
                    if a.valid.is_always() {
                        a.text.clone()
                    } else {
                        format!("{} ({})", a.text, plan.validity_words(&a.valid))
                    }
                })
                .collect();
            let mut valid = plan.validity_words(&u.valid);
            if let Some(s) = succession_text(plan, u, lang) {
                valid = if valid.is_empty() { s } else { format!("{valid}; {s}") };
            }
            units.add_row(vec![u.code.clone(), u.name.clone(), aliases.join("; "), valid]);
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
            for g in &plan.groups {
                let members: Vec<&str> =
                    plan.units.iter().filter(|u| u.group == g.code).map(|u| u.code.as_str()).collect();
                if codes.len() == members.len() && members.iter().all(|m| codes.iter().any(|c| c == m)) {
                    return g.label(lang).to_string();
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

/// The periods `plan calendar` shows: all, or the one asked for.
fn shown<'p>(plan: &'p Plan, only: Option<&'p str>) -> impl Iterator<Item = &'p plan::Period> {
    plan.periods.iter().filter(move |p| only.is_none_or(|o| p.id == o))
}

/// `plan calendar` as text, for every period or only the one `only` names.
#[must_use]
pub fn calendar(plan: &Plan, only: Option<&str>, year: i32, today: chrono::NaiveDate, lang: Lang) -> String {
    let mut out = messages::render("ui.calendar-title", lang, &[("year", year.to_string()), ("plan", plan.id.clone())]);
    out.push('\n');
    let mut tab = table(vec![
        t("ui.col-period", lang),
        t("ui.col-deadline-text", lang),
        t("ui.col-last-day", lang),
        t("ui.col-weekday", lang),
        t("ui.col-days-left", lang),
        t("ui.col-owed-by", lang),
        t("ui.col-note", lang),
    ]);
    let mut warnings = Vec::new();
    for p in shown(plan, only) {
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
            by_group_text(&turnover(plan, p, year), lang),
            notes.join(", "),
        ]);
    }
    out.push_str(&format!("{tab}\n"));
    for line in turnover_lines(plan, only, year, lang) {
        out.push_str(&format!("{line}\n"));
    }
    for w in warnings {
        out.push_str(&format!("{w}\n"));
    }
    out.push_str(&messages::render("ui.as-of", lang, &[("date", dmy(today))]));
    out.push(' ');
    out.push_str(&t(if plan.weekend_rollover { "ui.rollover-on" } else { "ui.rollover-off" }, lang));
    out.push('\n');
    out
}

fn calendar_json(plan: &Plan, only: Option<&str>, year: i32, today: chrono::NaiveDate) -> serde_json::Value {
    let periods: Vec<_> = plan
        .periods
        .iter()
        .filter(|p| only.is_none_or(|o| p.id == o))
        .filter_map(|p| {
            let nominal = p.nominal_last_day(year)?;
            let last = plan.last_day(&p.id, year)?;
            let turn = turnover(plan, p, year);
            let codes = |units: &[&Unit]| units.iter().map(|u| u.code.clone()).collect::<Vec<_>>();
            let by_group: serde_json::Map<String, serde_json::Value> =
                turn.by_group.iter().map(|(g, n)| (g.code.clone(), serde_json::json!(n))).collect();
            Some(serde_json::json!({
                "expected_units": turn.by_group.iter().map(|(_, n)| n).sum::<usize>(),
                "expected_by_group": by_group,
                "starting": codes(&turn.starting),
                "ended": codes(&turn.ended),
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

/// "không báo cáo (`bao_cao = false`)" or "báo cáo trong nam/2025 →" for a group whose switch is
/// off or limited; `None` for a group reporting throughout.
fn group_switch_text(plan: &Plan, group: &plan::Group, lang: Lang) -> Option<String> {
    if !group.reports {
        return Some(t("ui.group-off", lang));
    }
    (!group.valid.is_always())
        .then(|| messages::render("ui.group-limited", lang, &[("valid", plan.validity_words(&group.valid))]))
}

/// "kế thừa SKHDT" / "kế thừa bởi STC": a unit's place in a succession, if any.
fn succession_text(plan: &Plan, u: &Unit, lang: Lang) -> Option<String> {
    let mut parts = Vec::new();
    if !u.succeeds.is_empty() {
        parts.push(messages::render("ui.succeeds", lang, &[("units", u.succeeds.join(", "))]));
    }
    let after: Vec<&str> = plan.successors(&u.code).iter().map(|s| s.code.as_str()).collect();
    if !after.is_empty() {
        parts.push(messages::render("ui.succeeded-by", lang, &[("units", after.join(", "))]));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Why a unit is expected: its group, its validity, whom it succeeds.
fn why_expected(plan: &Plan, u: &Unit, lang: Lang) -> String {
    let valid = if u.valid.is_always() { t("ui.valid-always", lang) } else { plan.validity_words(&u.valid) };
    let mut why = messages::render(
        "ui.why-expected",
        lang,
        &[("group", plan.group_label(&u.group, lang).to_string()), ("valid", valid)],
    );
    if let Some(s) = succession_text(plan, u, lang) {
        why.push_str("; ");
        why.push_str(&s);
    }
    why
}

/// Who does not report for a period: units outside their own validity, one by one; units of
/// a group that does not report then, by group.
struct NotExpected<'p> {
    units: Vec<(&'p Unit, Absence)>,
    groups: Vec<(&'p plan::Group, usize)>,
}

fn not_expected<'p>(plan: &'p Plan, at: resolve::PeriodYear<'_>) -> NotExpected<'p> {
    let point = plan.period_ref(&at.period.id, at.year);
    let group_reports = |code: &str| plan.group(code).is_some_and(|g| point.is_some_and(|p| g.reports_at(p)));
    let units = plan
        .units
        .iter()
        .filter(|u| group_reports(&u.group))
        .filter_map(|u| plan.absence(u, &at.period.id, at.year).map(|a| (u, a)))
        .collect();
    let groups = plan
        .groups
        .iter()
        .filter(|g| !group_reports(&g.code))
        .map(|g| (g, plan.units.iter().filter(|u| u.group == g.code).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    NotExpected { units, groups }
}

fn absence_text(plan: &Plan, u: &Unit, absence: &Absence, lang: Lang) -> String {
    match absence {
        Absence::Ended { last } => {
            let mut text = messages::render("ui.absence-ended", lang, &[("last", plan.ref_words(*last))]);
            let after: Vec<String> =
                plan.successors(&u.code).iter().map(|s| format!("{} ({})", s.code, s.name)).collect();
            if !after.is_empty() {
                text.push_str("; ");
                text.push_str(&messages::render("ui.succeeded-by", lang, &[("units", after.join(", "))]));
            }
            text
        }
        Absence::NotStarted { first } => {
            messages::render("ui.absence-not-started", lang, &[("first", plan.ref_words(*first))])
        }
        Absence::GroupOff { group } => {
            messages::render("ui.absence-group-off", lang, &[("group", plan.group_label(group, lang).to_string())])
        }
    }
}

/// `baocao plan --period P --year Y` as text: who reports and why, by group; who does not and
/// why; the recipients of that period.
#[must_use]
pub fn expected_text(plan: &Plan, at: resolve::PeriodYear<'_>, lang: Lang) -> String {
    let expected = plan.expected_units(&at.period.id, at.year);
    let mut out = messages::render(
        "ui.expected-title",
        lang,
        &[
            ("period", at.period.name.to_uppercase()),
            ("code", at.period.id.clone()),
            ("year", at.year.to_string()),
            ("count", expected.len().to_string()),
            ("plan", plan.id.clone()),
        ],
    );
    out.push('\n');
    for group in &plan.groups {
        let members: Vec<&&Unit> = expected.iter().filter(|u| u.group == group.code).collect();
        if members.is_empty() {
            continue;
        }
        out.push_str(&format!("{} ({})\n", group.label(lang), members.len()));
        let mut tb = table(vec![t("ui.col-code", lang), t("ui.col-name", lang), t("ui.col-why", lang)]);
        for u in members {
            tb.add_row(vec![u.code.clone(), u.name.clone(), why_expected(plan, u, lang)]);
        }
        out.push_str(&format!("{tb}\n"));
    }
    let absent = not_expected(plan, at);
    let count = absent.units.len() + absent.groups.iter().map(|(_, n)| n).sum::<usize>();
    if count > 0 {
        out.push('\n');
        out.push_str(&messages::render("ui.not-expected-title", lang, &[("count", count.to_string())]));
        out.push('\n');
        let mut tb = table(vec![t("ui.col-code", lang), t("ui.col-name", lang), t("ui.col-why", lang)]);
        for (u, absence) in &absent.units {
            tb.add_row(vec![u.code.clone(), u.name.clone(), absence_text(plan, u, absence, lang)]);
        }
        for (g, n) in &absent.groups {
            let why = group_switch_text(plan, g, lang).unwrap_or_default();
            tb.add_row(vec![
                g.code.clone(),
                messages::render(
                    "ui.group-units",
                    lang,
                    &[("group", g.label(lang).to_string()), ("count", n.to_string())],
                ),
                why,
            ]);
        }
        out.push_str(&format!("{tb}\n"));
    }
    out.push('\n');
    out.push_str(&messages::render(
        "ui.expected-recipients",
        lang,
        &[("recipients", plan.recipients_at(&at.period.id, at.year).join("; "))],
    ));
    out.push('\n');
    out
}

/// `baocao plan --period P --year Y --format json`: stable names (see docs/plan.md).
#[must_use]
pub fn expected_json(plan: &Plan, at: resolve::PeriodYear<'_>) -> serde_json::Value {
    use serde_json::json;
    let expected = plan.expected_units(&at.period.id, at.year);
    let point = |r: Option<PeriodRef>| r.map(|r| plan.ref_text(r));
    let successors = |code: &str| plan.successors(code).iter().map(|s| s.code.clone()).collect::<Vec<_>>();
    let absent = not_expected(plan, at);
    let mut not_expected: Vec<serde_json::Value> = absent
        .units
        .iter()
        .map(|(u, absence)| {
            let reason = match absence {
                Absence::Ended { .. } => "ended",
                Absence::NotStarted { .. } => "not_started",
                Absence::GroupOff { .. } => "group_off",
            };
            json!({
                "code": u.code, "name": u.name, "group": u.group, "reason": reason,
                "first_period": point(u.valid.first), "last_period": point(u.valid.last),
                "succeeded_by": successors(&u.code),
            })
        })
        .collect();
    for (g, _) in &absent.groups {
        not_expected.extend(plan.units.iter().filter(|u| u.group == g.code).map(|u| {
            json!({
                "code": u.code, "name": u.name, "group": u.group, "reason": "group_off",
                "first_period": point(u.valid.first), "last_period": point(u.valid.last),
                "succeeded_by": successors(&u.code),
            })
        }));
    }
    json!({
        "plan": plan.id,
        "period": at.period.id,
        "year": at.year,
        "last_day": plan.last_day(&at.period.id, at.year).map(|d| d.format("%Y-%m-%d").to_string()),
        "recipients": plan.recipients_at(&at.period.id, at.year),
        "groups": plan.groups.iter().map(|g| json!({
            "code": g.code, "name": g.name, "name_en": g.name_en,
            "reports": plan.period_ref(&at.period.id, at.year).is_some_and(|p| g.reports_at(p)),
            "expected": expected.iter().filter(|u| u.group == g.code).count(),
        })).collect::<Vec<_>>(),
        "expected_units": expected.len(),
        "units": expected.iter().map(|u| json!({
            "code": u.code, "name": u.name, "group": u.group,
            "first_period": point(u.valid.first), "last_period": point(u.valid.last),
            "succeeds": u.succeeds,
        })).collect::<Vec<_>>(),
        "not_expected": not_expected,
    })
}

/// The calendar point before `at`: the previous period of the year, or the last of the year
/// before.
fn previous(plan: &Plan, at: PeriodRef) -> PeriodRef {
    if at.index > 0 {
        PeriodRef { year: at.year, index: at.index - 1 }
    } else {
        PeriodRef { year: at.year - 1, index: plan.periods.len().saturating_sub(1) }
    }
}

/// Who reports for a period and what changed since the one before: units counted by group,
/// units whose reporting starts, units whose reporting ended with the period before.
struct Turnover<'p> {
    by_group: Vec<(&'p plan::Group, usize)>,
    starting: Vec<&'p Unit>,
    ended: Vec<&'p Unit>,
}

fn turnover<'p>(plan: &'p Plan, period: &plan::Period, year: i32) -> Turnover<'p> {
    let expected = plan.expected_units(&period.id, year);
    let by_group = plan
        .groups
        .iter()
        .map(|g| (g, expected.iter().filter(|u| u.group == g.code).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let Some(at) = plan.period_ref(&period.id, year) else {
        return Turnover { by_group, starting: Vec::new(), ended: Vec::new() };
    };
    let before = previous(plan, at);
    let was = |u: &Unit| plan.unit_expected(u, &plan.periods[before.index].id, before.year);
    let starting = expected.iter().copied().filter(|u| !was(u)).collect();
    let ended = plan.units.iter().filter(|u| was(u) && !expected.iter().any(|e| e.code == u.code)).collect();
    Turnover { by_group, starting, ended }
}

fn by_group_text(t: &Turnover<'_>, lang: Lang) -> String {
    t.by_group.iter().map(|(g, n)| format!("{}: {n}", g.label(lang))).collect::<Vec<_>>().join("; ")
}

/// The lines under the calendar saying, per period, who starts and who stops reporting.
fn turnover_lines(plan: &Plan, only: Option<&str>, year: i32, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for p in shown(plan, only) {
        let t = turnover(plan, p, year);
        let name = format!("{} {year}", p.name);
        if !t.ended.is_empty() {
            let list: Vec<String> = t
                .ended
                .iter()
                .map(|u| {
                    let after: Vec<&str> = plan.successors(&u.code).iter().map(|s| s.code.as_str()).collect();
                    if after.is_empty() { u.code.clone() } else { format!("{} → {}", u.code, after.join(", ")) }
                })
                .collect();
            lines.push(messages::render(
                "ui.calendar-ended",
                lang,
                &[("period", name.clone()), ("units", list.join("; "))],
            ));
        }
        if !t.starting.is_empty() {
            let list: Vec<String> = t
                .starting
                .iter()
                .map(|u| {
                    if u.succeeds.is_empty() {
                        u.code.clone()
                    } else {
                        format!(
                            "{} ({})",
                            u.code,
                            messages::render("ui.succeeds", lang, &[("units", u.succeeds.join(", "))])
                        )
                    }
                })
                .collect();
            lines.push(messages::render("ui.calendar-starting", lang, &[("period", name), ("units", list.join("; "))]));
        }
    }
    lines
}
