//! The `baocao` binary: hands the command line to the library and returns its exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    baocao::commands::main(std::env::args_os().collect())
}
