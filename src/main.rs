//! The `baocao` binary: parses arguments and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    baocao::run(baocao::Cli::parse())
}
