//! One module per subcommand; each has one entry function. This module loads the plan once,
//! dispatches, and turns failures into the one printed error and exit code 2.

pub mod consolidate;
pub mod plan;
pub mod status;
pub mod template;
pub mod validate;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::messages::{self, Lang};
use crate::plan::Plan;

/// What every command gets: the checked plan and the language of its output.
pub struct Context {
    pub plan: Plan,
    pub lang: Lang,
}

/// Exit codes shared by every command.
pub mod exit {
    /// Everything fine (warnings allowed).
    pub const OK: u8 = 0;
    /// The command ran and found errors in the inputs (or, with `--strict`, gaps).
    pub const FINDINGS: u8 = 1;
    /// The command could not run: bad arguments, broken plan, output not written.
    pub const FAILURE: u8 = 2;
}

/// Runs the command line; prints at most one error; returns the exit code.
#[must_use]
#[allow(clippy::needless_pass_by_value)] // main hands over ownership; nothing is left to drop there
pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang;
    // `plan check FILE` must work on a broken plan, so it loads its own.
    if let Command::Plan(args) = &cli.command {
        if let Some(crate::cli::PlanAction::Check { file }) = &args.action {
            return ExitCode::from(plan::check(file.as_deref().or(cli.plan.as_deref()), lang));
        }
    }
    let plan = match crate::plan::load(cli.plan.as_deref()) {
        Ok(plan) => plan,
        Err(err) => {
            eprintln!("{}", err.render(lang));
            return ExitCode::from(exit::FAILURE);
        }
    };
    let ctx = Context { plan, lang };
    let result = match &cli.command {
        Command::Plan(args) => plan::run(&ctx, args),
        Command::Template(args) => template::run(&ctx, args),
        Command::Validate(args) => validate::run(&ctx, args),
        Command::Consolidate(args) => consolidate::run(&ctx, args),
        Command::Status(args) => status::run(&ctx, args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("{}", messages::render("ui.error", lang, &[("detail", format!("{err:#}"))]));
            ExitCode::from(exit::FAILURE)
        }
    }
}

/// Today's date, or the one given with `--as-of`.
#[must_use]
pub fn today_or(as_of: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// dd/mm/yyyy, the way Vietnamese documents write dates.
#[must_use]
pub fn dmy(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// A terminal table in the house style: condensed UTF-8 borders, wrapped to the terminal (or
/// 120 columns when output is not a terminal), so long Vietnamese titles stay readable.
#[must_use]
pub fn table(headers: Vec<String>) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(headers);
    if table.width().is_none() {
        table.set_width(120);
    }
    table
}

/// A file as terminal tables show it: its name only, so a long folder path does not wrap the
/// table (JSON and the workbook keep the whole path).
#[must_use]
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
