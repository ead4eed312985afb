//! Command-line arguments: raw clap values (turned into checked values by
//! `commands::resolve`), and their help and errors in the user's language.

use std::ffi::OsString;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::messages::{Lang, render, t};

/// baocao: báo cáo công tác dân vận chính quyền theo Kế hoạch 15/KH-UBND (Đồng Tháp).
///
/// Kiểm tra báo cáo của từng đơn vị và tổng hợp báo cáo của cả tỉnh thành một tệp Excel
/// sẵn sàng in.
///
/// Ví dụ: baocao consolidate examples/reports --period 6-thang --year 2024 --as-of 2024-06-20 -o tong-hop.xlsx
#[derive(Debug, Parser)]
#[command(name = "baocao", version, propagate_version = true)]
pub struct Cli {
    /// Tệp kế hoạch (mặc định: ./plan.toml nếu có, nếu không dùng bản tích hợp sẵn).
    #[arg(long, global = true, env = "BAOCAO_PLAN", value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Ngôn ngữ thông báo: vi (tiếng Việt) hoặc en (English).
    #[arg(long, global = true, env = "BAOCAO_LANG", value_enum, default_value_t = LangArg::Vi, value_name = "LANG")]
    pub lang: LangArg,

    #[command(subcommand)]
    pub command: Command,
}

/// `--lang` on the command line. Its own type, so that `messages` owes nothing to clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum LangArg {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// Output format of commands whose output is data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Bảng cho người đọc.
    #[default]
    Text,
    /// JSON ổn định cho script.
    Json,
}

/// `--period` and `--year`, shared by every command about one period.
#[derive(Debug, Clone, Args)]
pub struct PeriodYear {
    /// Kỳ báo cáo: mã (6-thang, nam), tên hoặc cách viết trong kế hoạch ("6 tháng", "Năm").
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Năm báo cáo.
    #[arg(long, value_name = "YEAR")]
    pub year: i32,
}

/// `--as-of`, shared by every command that judges deadlines.
#[derive(Debug, Clone, Copy, Args)]
pub struct AsOf {
    /// Xét hạn nộp tại ngày này thay cho hôm nay (dd/mm/yyyy hoặc yyyy-mm-dd); bảng tổng hợp
    /// cũng ghi ngày này.
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
}

/// `--format`, shared by every command whose output is data.
#[derive(Debug, Clone, Copy, Args)]
pub struct FormatArg {
    /// Định dạng kết quả.
    #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Xem, kiểm tra kế hoạch và lịch báo cáo (plan.toml).
    #[command(alias = "kehoach")]
    Plan(PlanArgs),
    /// Tạo mẫu báo cáo Excel cho một đơn vị (hoặc cho tất cả đơn vị).
    #[command(alias = "mau")]
    Template(TemplateArgs),
    /// Kiểm tra tệp báo cáo của đơn vị trước khi gửi.
    #[command(alias = "kiemtra")]
    Validate(ValidateArgs),
    /// Tổng hợp báo cáo của các đơn vị thành một tệp Excel.
    #[command(alias = "tonghop")]
    Consolidate(ConsolidateArgs),
    /// Xem nhanh đơn vị nào đã nộp, nộp trễ, chưa nộp (không ghi tệp).
    #[command(alias = "tinhhinh")]
    Status(StatusArgs),
    /// Tổng kết giai đoạn kế hoạch từ các bảng tổng hợp của từng kỳ (6 tháng, năm).
    #[command(name = "tong-ket", alias = "summary")]
    Summary(SummaryArgs),
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub action: Option<PlanAction>,
    /// Chỉ xem ai phải báo cáo kỳ này (cùng --year): nhóm, hiệu lực, kế thừa đơn vị nào, và ai
    /// không còn phải báo cáo, vì sao.
    #[arg(long, value_name = "PERIOD", requires = "year")]
    pub period: Option<String>,
    /// Năm của kỳ ở --period.
    #[arg(long, value_name = "YEAR", requires = "period")]
    pub year: Option<i32>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// Kiểm tra một tệp kế hoạch: in "ok" hoặc mọi lỗi kèm số dòng.
    Check {
        /// Tệp cần kiểm tra (mặc định: kế hoạch đang dùng).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Hạn cuối của từng kỳ trong một năm, thứ trong tuần và số ngày còn lại.
    Calendar {
        /// Năm báo cáo.
        #[arg(long, value_name = "YEAR")]
        year: i32,
        /// Chỉ kỳ này: mã, tên hoặc cách viết trong kế hoạch ("6 tháng", "Năm").
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        #[command(flatten)]
        as_of: AsOf,
        #[command(flatten)]
        format: FormatArg,
    },
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Đơn vị: mã (xem: baocao plan), tên hoặc cách viết trong kế hoạch ("Huyện Cao Lãnh").
    #[arg(long, value_name = "UNIT", required_unless_present = "all", conflicts_with = "all")]
    pub unit: Option<String>,
    #[command(flatten)]
    pub at: PeriodYear,
    /// Tệp ghi ra (mặc định: bao-cao_<đơn vị>_<kỳ>_<năm>.xlsx).
    #[arg(short, long, value_name = "FILE", conflicts_with = "all")]
    pub output: Option<PathBuf>,
    /// Tạo mẫu cho mọi đơn vị phải báo cáo kỳ này.
    #[arg(long, requires = "out_dir")]
    pub all: bool,
    /// Thư mục ghi các mẫu khi dùng --all.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Các tệp báo cáo (.xlsx, .xls, .ods) hoặc thư mục chứa chúng.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub format: FormatArg,
    #[command(flatten)]
    pub as_of: AsOf,
}

#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// Thư mục (tìm cả thư mục con) và/hoặc tệp báo cáo.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub at: PeriodYear,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Tệp Excel tổng hợp ghi ra.
    #[arg(short, long, value_name = "OUT.xlsx")]
    pub output: PathBuf,
    /// Sổ văn bản đến (CSV hoặc xlsx: mã đơn vị, ngày nhận): ngày nhận thay cho "Ngày báo cáo".
    #[arg(long, value_name = "FILE")]
    pub received: Option<PathBuf>,
    /// So với cùng kỳ: bảng tổng hợp cùng kỳ năm trước (tệp .xlsx do "baocao consolidate" ghi);
    /// thêm số cùng kỳ, tăng/giảm và tỷ lệ tăng/giảm cho mỗi chỉ tiêu.
    #[arg(long = "so-sanh", alias = "compare", value_name = "FILE")]
    pub so_sanh: Option<PathBuf>,
    /// Trả mã thoát 1 khi có đơn vị nộp trễ, chưa nộp, báo cáo lỗi, hai báo cáo xung đột hoặc
    /// báo cáo mới nhất có lỗi.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Thư mục (tìm cả thư mục con) và/hoặc tệp báo cáo.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub at: PeriodYear,
    /// Chỉ đơn vị này: mã, tên hoặc cách viết trong kế hoạch ("Huyện Cao Lãnh").
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    #[command(flatten)]
    pub as_of: AsOf,
    /// Sổ văn bản đến (CSV hoặc xlsx: mã đơn vị, ngày nhận).
    #[arg(long, value_name = "FILE")]
    pub received: Option<PathBuf>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Các bảng tổng hợp (.xlsx do "baocao consolidate" ghi), mỗi kỳ một tệp, hoặc thư mục chứa
    /// chúng.
    #[arg(required = true, value_name = "WORKBOOK")]
    pub workbooks: Vec<PathBuf>,
    /// Tệp Excel tổng kết ghi ra.
    #[arg(short, long, value_name = "OUT.xlsx")]
    pub output: PathBuf,
    #[command(flatten)]
    pub format: FormatArg,
}

/// Dates on the command line: day first like every Vietnamese date, or ISO. The error text is
/// never shown: [`render_error`] says what a date looks like, in the user's language.
fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::text::parse_date(s).ok_or_else(|| format!("invalid date \"{s}\""))
}

// =============================================================================================
// Help and argument errors in the user's language
//
// clap writes its own chrome (headings, "[default: …]", "Print help", its error sentences) in
// English. The language is therefore read from the raw arguments and the environment first
// ([`lang_of`]); the clap command is then rebuilt in that language ([`command`]): our own help
// template and headings, our own -h/-V flags and `help` subcommand, and the default, env and
// possible values written into each argument's help; clap's errors are re-rendered from their
// kind and context ([`render_error`]). The doc comments above stay the (Vietnamese) help text.
// =============================================================================================

/// What parsing produced: arguments to run, or text to print and exit 0 (help, version).
#[derive(Debug)]
pub enum Parsed {
    Run(Cli),
    Print(String),
}

/// The language of help and errors, before clap runs: the last `--lang X`/`--lang=X` among the
/// arguments, else `BAOCAO_LANG`, else Vietnamese. An unknown value reads as Vietnamese (clap
/// then refuses it, in Vietnamese).
#[must_use]
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut typed: Option<String> = None;
    let mut rest = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        } else if arg == "--lang" {
            typed = rest.next().map(std::borrow::Cow::into_owned);
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            typed = Some(value.to_string());
        }
    }
    let value = typed.or_else(|| std::env::var("BAOCAO_LANG").ok()).unwrap_or_default();
    if value.trim().eq_ignore_ascii_case("en") { Lang::En } else { Lang::Vi }
}

/// Parses `args` (with the program name first), help and errors in `lang`.
///
/// # Errors
/// The rendered error for a bad command line (exit 2); also the help shown when no command is
/// given.
pub fn parse(args: Vec<OsString>, lang: Lang) -> Result<Parsed, String> {
    let mut cmd = command(lang);
    let path = command_path(&cmd, &args);
    match cmd.try_get_matches_from_mut(args) {
        Ok(matches) => {
            if let Some(path) = help_request(&matches) {
                return Ok(Parsed::Print(help_for(&path, lang)));
            }
            Cli::from_arg_matches(&matches).map(Parsed::Run).map_err(|e| render_error(&e, &path, lang))
        }
        Err(err) => match err.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                Ok(Parsed::Print(localize_text(&err.to_string(), lang)))
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Err(localize_text(&err.to_string(), lang)),
            _ => Err(render_error(&err, &path, lang)),
        },
    }
}

/// The clap command in `lang`: every command and argument localised as described above.
#[must_use]
pub fn command(lang: Lang) -> clap::Command {
    let mut cmd = localize_command(Cli::command(), lang, "baocao");
    cmd.build();
    cmd
}

/// The commands named on the command line, for errors clap gives without a usage line (a
/// value that does not parse): `baocao template --year abc` gives `baocao template`.
fn command_path(cmd: &clap::Command, args: &[OsString]) -> String {
    let mut path = vec![cmd.get_name().to_string()];
    let mut at = cmd;
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        if let Some(sub) = at.find_subcommand(arg.as_ref()) {
            path.push(sub.get_name().to_string());
            at = sub;
        }
    }
    path.join(" ")
}

/// The command path after `help`: `baocao plan help calendar` gives `plan`, `calendar`.
fn help_request(matches: &clap::ArgMatches) -> Option<Vec<String>> {
    let mut path = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        if name == "help" {
            path.extend(sub.get_many::<String>("command").into_iter().flatten().cloned());
            return Some(path);
        }
        path.push(name.to_string());
        at = sub;
    }
    None
}

/// The help of the command at `path` (as far as it names commands), exactly as `--help` on it
/// shows it: the path is parsed again with `--help`.
fn help_for(path: &[String], lang: Lang) -> String {
    let mut cmd = command(lang);
    let mut args: Vec<String> = vec![cmd.get_name().to_string()];
    let mut at = &cmd;
    for name in path {
        let Some(sub) = at.find_subcommand(name) else { break };
        args.push(sub.get_name().to_string());
        at = sub;
    }
    args.push("--help".to_string());
    match cmd.try_get_matches_from_mut(args) {
        Err(err) => localize_text(&err.to_string(), lang),
        Ok(_) => String::new(),
    }
}

/// The one piece of clap's text no setting reaches: the `[OPTIONS]` tag in usage lines.
fn localize_text(text: &str, lang: Lang) -> String {
    text.replace("[OPTIONS]", &t("ui.cli-options-tag", lang))
}

fn localize_command(cmd: clap::Command, lang: Lang, path: &str) -> clap::Command {
    let options = t("ui.cli-options", lang);
    let mut cmd = in_english(cmd, lang, path);
    cmd = cmd
        .help_template(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            t("ui.cli-usage", lang)
        ))
        .subcommand_help_heading(t("ui.cli-commands", lang))
        .subcommand_value_name(t("ui.cli-command-value", lang))
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(998)
                .help(t("ui.cli-help", lang))
                .help_heading(options.clone()),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(999)
                .help(t("ui.cli-version", lang))
                .help_heading(options),
        );
    let aliases: Vec<&str> = cmd.get_all_aliases().collect();
    if !aliases.is_empty() {
        let note = render("ui.cli-aliases", lang, &[("names", aliases.join(", "))]);
        let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
        cmd = cmd.about(format!("{about} {note}"));
    }
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |arg| localize_arg(arg, lang));
    }
    if cmd.has_subcommands() {
        cmd = cmd.subcommand(
            clap::Command::new("help")
                .about(t("ui.cli-help-command", lang))
                .arg(Arg::new("command").num_args(0..).value_name("COMMAND").help(t("ui.cli-help-command-arg", lang))),
        );
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(name, |sub| localize_command(sub, lang, &sub_path));
    }
    cmd
}

/// The command at `path` with its about and its arguments' help in English when `lang` is
/// English; the doc comments (Vietnamese) are the help otherwise. A text missing here stays
/// Vietnamese: `tests::english_help_covers_every_command_and_argument` fails on it.
fn in_english(cmd: clap::Command, lang: Lang, path: &str) -> clap::Command {
    if lang != Lang::En {
        return cmd;
    }
    let mut cmd = match english(path, None) {
        Some(about) => {
            let short = about.split_once("\n\n").map_or(about, |(first, _)| first);
            let cmd = cmd.about(short);
            if cmd.get_long_about().is_some() { cmd.long_about(about) } else { cmd }
        }
        None => cmd,
    };
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        if let Some(help) = english(path, Some(id.as_str())) {
            cmd = cmd.mut_arg(id, |arg| {
                let arg = arg.help(help);
                if arg.get_long_help().is_some() { arg.long_help(help) } else { arg }
            });
        }
    }
    cmd
}

/// English help: the about of the command at `path` (`id` None; its first paragraph is the
/// short about), or the help of its argument `id` (clap's id: the field name).
/// Arguments that mean the same in every command are matched by id alone.
fn english(path: &str, id: Option<&str>) -> Option<&'static str> {
    Some(match (path, id) {
        ("baocao", None) => {
            "baocao: reports on \"công tác dân vận chính quyền\" under plan 15/KH-UBND (Đồng Tháp).\n\n\
             Checks each unit's report and consolidates the province's reports into one print-ready \
             Excel workbook.\n\n\
             Example: baocao consolidate examples/reports --period 6-thang --year 2024 --as-of 2024-06-20 -o tong-hop.xlsx"
        }
        ("baocao plan", None) => "Show and check the plan and its reporting calendar (plan.toml)",
        ("baocao plan check", None) => "Check a plan file: prints \"ok\" or every error with its line",
        ("baocao plan check", Some("file")) => "The file to check (default: the plan in use)",
        ("baocao plan calendar", None) => "Each period's deadline in a year, its weekday and the days left",
        ("baocao plan calendar", Some("period")) => {
            "Only this period: its code, name or a way of writing it listed in the plan (\"6 tháng\", \"Năm\")"
        }
        ("baocao template", None) => "Make an Excel report template for one unit (or for every unit)",
        ("baocao template", Some("unit")) => {
            "Unit: its code (see: baocao plan), name or a way of writing it listed in the plan (\"Huyện Cao Lãnh\")"
        }
        ("baocao template", Some("output")) => "File to write (default: bao-cao_<unit>_<period>_<year>.xlsx)",
        ("baocao template", Some("all")) => "Make a template for every unit that reports this period",
        ("baocao template", Some("out_dir")) => "Folder for the templates with --all",
        ("baocao validate", None) => "Check a unit's report file before sending it",
        ("baocao validate", Some("files")) => "Report files (.xlsx, .xls, .ods) or folders holding them",
        ("baocao consolidate", None) => "Consolidate the units' reports into one Excel workbook",
        ("baocao consolidate", Some("output")) => "The consolidated Excel workbook to write",
        ("baocao consolidate", Some("so_sanh")) => {
            "Compare with the same period of last year: that period's consolidated workbook (the .xlsx \
             \"baocao consolidate\" wrote); adds last year's figure, the change and the change in percent \
             for each indicator"
        }
        ("baocao consolidate", Some("strict")) => {
            "Exit with 1 when a unit is late, missing, has an invalid report, two conflicting reports, \
             or a latest report with errors"
        }
        ("baocao status", None) => "See at a glance which units reported, late or not at all (writes no file)",
        ("baocao tong-ket", None) => {
            "Sum up the plan's term from the consolidated workbooks of its periods (6 months, year)"
        }
        ("baocao tong-ket", Some("workbooks")) => {
            "Consolidated workbooks (.xlsx written by \"baocao consolidate\"), one per period, or folders holding them"
        }
        ("baocao tong-ket", Some("output")) => "The summary Excel workbook to write",
        ("baocao status", Some("unit")) => {
            "Only this unit: its code, name or a way of writing it listed in the plan (\"Huyện Cao Lãnh\")"
        }
        (_, Some("plan")) => "Plan file (default: ./plan.toml if present, else the built-in plan)",
        (_, Some("lang")) => "Language of messages: vi (Vietnamese) or en (English)",
        (_, Some("format")) => "Output format",
        (_, Some("period")) => {
            "Reporting period: its code (6-thang, nam), name or a way of writing it listed in the plan (\"6 tháng\", \"Năm\")"
        }
        (_, Some("year")) => "Reporting year",
        (_, Some("as_of")) => {
            "Judge deadlines on this date instead of today (dd/mm/yyyy or yyyy-mm-dd); the consolidation \
             also records this date"
        }
        (_, Some("inputs")) => "Folders (searched with their subfolders) and/or report files",
        (_, Some("received")) => {
            "Incoming-mail register (CSV or xlsx: unit code, date received): the date received replaces \
             \"Ngày báo cáo\""
        }
        _ => return None,
    })
}

/// One argument: heading, placeholder names, and the default, env and possible values written
/// into its help in `lang` (clap's own "[default: …]" is hidden).
fn localize_arg(arg: Arg, lang: Lang) -> Arg {
    let mut notes = Vec::new();
    let takes_value = arg.get_action().takes_values();
    if takes_value {
        let values: Vec<String> =
            arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
        if !values.is_empty() {
            notes.push(render("ui.cli-values", lang, &[("values", values.join(", "))]));
        }
        let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        if !defaults.is_empty() {
            notes.push(render("ui.cli-default", lang, &[("value", defaults.join(", "))]));
        }
    }
    // Aliases are hidden from clap (it writes "[alias: …]" in English) and noted here.
    if let Some(aliases) = arg.get_all_aliases().filter(|a| !a.is_empty()) {
        let names: Vec<String> = aliases.iter().map(|a| format!("--{a}")).collect();
        notes.push(render("ui.cli-aliases", lang, &[("names", names.join(", "))]));
    }
    if let Some(env) = arg.get_env() {
        notes.push(render("ui.cli-env", lang, &[("name", env.to_string_lossy().into_owned())]));
    }
    let with_notes = |text: String| if notes.is_empty() { text } else { format!("{text} {}", notes.join(" ")) };
    let help = with_notes(arg.get_help().map(ToString::to_string).unwrap_or_default());
    let long_help = arg.get_long_help().map(|h| with_notes(h.to_string()));
    let heading = t(if arg.is_positional() { "ui.cli-arguments" } else { "ui.cli-options" }, lang);
    let names: Option<Vec<String>> =
        arg.get_value_names().map(|names| names.iter().map(|n| value_name(n.as_str(), lang)).collect());
    let global = arg.is_global_set();
    let mut arg = arg.help(help).help_heading(heading);
    if global {
        // The plan and the language are the same for every command: listed after its own.
        arg = arg.display_order(900);
    }
    if takes_value {
        arg = arg.hide_default_value(true).hide_env(true).hide_possible_values(true);
    }
    if let Some(long_help) = long_help {
        arg = arg.long_help(long_help);
    }
    if let Some(names) = names {
        arg = arg.value_names(names);
    }
    arg
}

/// A placeholder (`<PERIOD>`) in `lang`; the code's names are English.
fn value_name(name: &str, lang: Lang) -> String {
    let vi = match name {
        "PERIOD" => "KỲ",
        "YEAR" => "NĂM",
        "UNIT" => "ĐƠN_VỊ",
        "DATE" => "NGÀY",
        "FILE" => "TỆP",
        "DIR" => "THƯ_MỤC",
        "INPUT" => "ĐẦU_VÀO",
        "FORMAT" => "ĐỊNH_DẠNG",
        "LANG" => "NGÔN_NGỮ",
        "COMMAND" => "LỆNH",
        "OUT.xlsx" => "TỆP.xlsx",
        "WORKBOOK" => "BẢNG_TỔNG_HỢP",
        other => other,
    };
    match lang {
        Lang::Vi => vi.to_string(),
        Lang::En => name.to_string(),
    }
}

/// A clap error as one message in `lang`: what was wrong, the suggestion clap found, the usage
/// line and where to read more (`help_path`, the commands typed, when clap gives no usage).
/// clap's own English never shows; an unforeseen kind still gets a localised sentence naming
/// the argument.
#[must_use]
pub fn render_error(err: &clap::Error, help_path: &str, lang: Lang) -> String {
    let get = |kind: ContextKind| err.get(kind).map(context_text);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let detail = match err.kind() {
        ErrorKind::MissingRequiredArgument => render("ui.cli-missing", lang, &[("args", arg)]),
        ErrorKind::InvalidValue => match get(ContextKind::ValidValue) {
            Some(valid) if !value.is_empty() => {
                render("ui.cli-invalid-value", lang, &[("value", value), ("arg", arg), ("valid", valid)])
            }
            _ => render("ui.cli-empty-value", lang, &[("arg", arg)]),
        },
        ErrorKind::ValueValidation => {
            let hint = value_hint(&arg, lang);
            render("ui.cli-bad-value", lang, &[("value", value), ("arg", arg), ("hint", hint)])
        }
        ErrorKind::UnknownArgument => render("ui.cli-unknown-arg", lang, &[("arg", arg)]),
        ErrorKind::InvalidSubcommand => render(
            "ui.cli-unknown-command",
            lang,
            &[("command", get(ContextKind::InvalidSubcommand).unwrap_or_default())],
        ),
        ErrorKind::ArgumentConflict => {
            render("ui.cli-conflict", lang, &[("arg", arg), ("other", get(ContextKind::PriorArg).unwrap_or_default())])
        }
        ErrorKind::MissingSubcommand => render("ui.cli-missing-command", lang, &[]),
        ErrorKind::InvalidUtf8 => render("ui.cli-not-utf8", lang, &[]),
        _ => render("ui.cli-invalid", lang, &[("arg", arg)]),
    };
    let suggestion = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .or_else(|| get(ContextKind::SuggestedValue))
        .map(|s| render("ui.cli-did-you-mean", lang, &[("suggestion", s)]))
        .unwrap_or_default();
    let usage = get(ContextKind::Usage).unwrap_or_default();
    let usage = localize_text(usage.trim().trim_start_matches("Usage:").trim(), lang);
    let command: Vec<&str> = usage.split_whitespace().take_while(|w| !w.starts_with(['[', '<', '-'])).collect();
    let mut out = render("ui.error", lang, &[("detail", format!("{detail}{suggestion}"))]);
    if !usage.is_empty() {
        out.push_str(&format!("\n\n{} {usage}", t("ui.cli-usage", lang)));
    }
    let command = if command.is_empty() { help_path.to_string() } else { command.join(" ") };
    out.push_str(&format!("\n\n{}", render("ui.cli-more", lang, &[("command", command)])));
    out
}

/// What a value for `arg` looks like, for a value that did not parse (`--year abc`).
fn value_hint(arg: &str, lang: Lang) -> String {
    let code = if arg.starts_with("--year") {
        "ui.cli-hint-year"
    } else if arg.starts_with("--as-of") {
        "ui.cli-hint-date"
    } else {
        "ui.cli-hint-other"
    };
    t(code, lang)
}

fn context_text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every command's about and every argument's help, with the command's path.
    fn texts(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        let about = [cmd.get_about(), cmd.get_long_about()];
        out.extend(about.into_iter().flatten().map(|a| (path.to_string(), a.to_string())));
        for arg in cmd.get_arguments() {
            let help = [arg.get_help(), arg.get_long_help()];
            out.extend(help.into_iter().flatten().map(|h| (format!("{path} {}", arg.get_id()), h.to_string())));
        }
        for sub in cmd.get_subcommands() {
            texts(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    // `--lang en` help showed the Vietnamese doc comments of every command and argument.
    #[test]
    fn english_help_covers_every_command_and_argument() {
        let mut all = Vec::new();
        texts(&command(Lang::En), "baocao", &mut all);
        // Vietnamese letters outside quoted Vietnamese names ("6 tháng", the plan's title).
        let vietnamese = |text: &str| {
            let outside_quotes: String = text.split('"').step_by(2).collect();
            let outside_names = outside_quotes.replace("(Đồng Tháp)", "");
            outside_names.chars().any(|c| "ăâđêôơưĂÂĐÊÔƠƯ".contains(c) || !c.is_ascii() && c.is_alphabetic())
        };
        let left: Vec<_> = all.iter().filter(|(_, text)| vietnamese(text)).collect();
        assert!(left.is_empty(), "Vietnamese help under --lang en: {left:#?}");
        assert!(
            all.iter().any(|(path, text)| path == "baocao consolidate" && text.starts_with("Consolidate the units"))
        );
        // Vietnamese stays the default.
        let mut vi = Vec::new();
        texts(&command(Lang::Vi), "baocao", &mut vi);
        assert!(vi.iter().any(|(path, text)| path == "baocao consolidate" && text.starts_with("Tổng hợp báo cáo")));
    }
}
