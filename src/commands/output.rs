//! The one path to the terminal: every byte a command prints to stdout goes through [`emit`],
//! and the one error message through [`error`].
//!
//! A reader that stops early (`baocao plan | head -1`, `… | true`) closes the pipe; the next
//! write then fails with `BrokenPipe`. That is not a failure of the command: like ripgrep, the
//! rest of the output is dropped and the command ends with the exit code it would have had
//! (0, 1 for findings). `println!` would panic there and exit 101.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout's reader has gone away; later writes are skipped.
static CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to stdout, whole, and flushes it.
///
/// # Errors
/// Stdout cannot be written for a reason other than a closed pipe (a full disk behind
/// `> file`); a closed pipe is `Ok`.
pub fn emit(text: &str) -> io::Result<()> {
    if CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => {
            CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// [`emit`] with a line feed after `text`.
///
/// # Errors
/// As [`emit`].
pub fn emitln(text: &str) -> io::Result<()> {
    let mut line = String::with_capacity(text.len() + 1);
    line.push_str(text);
    line.push('\n');
    emit(&line)
}

/// Writes the one error message of a run to stderr. A closed or broken stderr is ignored: there
/// is nowhere left to say anything, and the exit code still tells.
pub fn error(text: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{text}").and_then(|()| err.flush());
}
