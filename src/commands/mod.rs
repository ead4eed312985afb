//! One module per subcommand; each has one entry function. This module reads the language,
//! parses the arguments (`cli.rs`, rendered in that language), loads the plan once, dispatches,
//! and turns a failure into the one printed error and exit code 2. Below it: [`resolve`] (raw
//! arguments to checked values), [`error`] (operational errors) and [`output`] (the one path to
//! stdout).

pub mod consolidate;
pub mod error;
pub mod output;
pub mod plan;
pub mod resolve;
pub mod status;
pub mod template;
pub mod validate;

use std::ffi::OsString;
use std::process::ExitCode;

use crate::cli::{self, Cli, Command};
use crate::messages::Lang;
use crate::plan::Plan;

/// Re-exported from [`crate::dates`], where it now lives, for code that still names it here.
pub use crate::dates::dmy;
pub use error::Error;
pub use output::{emit, emitln};

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

/// The whole program for a command line (`args` includes the program name): parses, runs,
/// prints at most one error, returns the exit code. Help and version go to stdout, exit 0.
#[must_use]
pub fn main(args: Vec<OsString>) -> ExitCode {
    let lang = cli::lang_of(&args);
    let cli = match cli::parse(args, lang) {
        Ok(cli::Parsed::Run(cli)) => cli,
        Ok(cli::Parsed::Print(text)) => {
            return match emit(&text) {
                Ok(()) => ExitCode::from(exit::OK),
                Err(err) => fail(&Error::Stdout(err).into(), lang),
            };
        }
        Err(message) => {
            output::error(&message);
            return ExitCode::from(exit::FAILURE);
        }
    };
    run(cli)
}

/// Runs parsed arguments; prints at most one error; returns the exit code.
#[must_use]
#[allow(clippy::needless_pass_by_value)] // main hands over ownership; nothing is left to drop there
pub fn run(cli: Cli) -> ExitCode {
    let lang = Lang::from(cli.lang);
    // `plan check FILE` must work on a broken plan, so it loads its own.
    if let Command::Plan(args) = &cli.command
        && let Some(cli::PlanAction::Check { file }) = &args.action
    {
        return match plan::check(file.as_deref().or(cli.plan.as_deref()), lang) {
            Ok(code) => ExitCode::from(code),
            Err(err) => fail(&err, lang),
        };
    }
    let plan = match load_plan(cli.plan.as_deref()) {
        Ok(plan) => plan,
        Err(err) => return fail(&err.into(), lang),
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
        Err(err) => fail(&err, lang),
    }
}

/// Prints the one error of a run and gives exit code 2.
fn fail(err: &anyhow::Error, lang: Lang) -> ExitCode {
    output::error(&error::render(err, lang));
    ExitCode::from(exit::FAILURE)
}

/// The plan chosen by `--plan`, `BAOCAO_PLAN`, `./plan.toml` or the built-in copy. The file is
/// read here, so that a file that cannot be read is an [`Error::Read`] rendered by its kind.
///
/// # Errors
/// The file cannot be read ([`Error::Read`]) or has problems ([`Error::Plan`]).
pub fn load_plan(explicit: Option<&std::path::Path>) -> Result<Plan, Error> {
    match crate::plan::locate(explicit) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
            Ok(crate::plan::parse(&text, &path.display().to_string())?)
        }
        None => Ok(crate::plan::load(None)?),
    }
}

/// Today's date, or the one given with `--as-of`.
#[must_use]
pub fn today_or(as_of: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
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
