//! baocao: the reporting cycle of Kế hoạch 15/KH-UBND (Đồng Tháp) as a command-line tool.
//!
//! `plan` reads and checks plan.toml; `report` reads unit workbooks; `validation` checks them
//! against the plan; `input` finds the files in folders and reads and checks each;
//! `register` reads the register of incoming documents (`--received`); `history` reads back a
//! consolidated workbook of a past cycle (`--so-sanh`); `consolidation`
//! chooses each unit's report and totals them; `workbook` writes templates and the
//! consolidated workbook. `commands` holds one module per subcommand, and `cli` the arguments.

pub mod cli;
pub mod commands;
pub mod consolidation;
pub mod contract;
pub mod dates;
pub mod findings;
pub mod history;
pub mod input;
pub mod messages;
pub mod plan;
pub mod register;
pub mod report;
pub mod text;
pub mod validation;
pub mod workbook;

pub use cli::Cli;
pub use commands::run;
