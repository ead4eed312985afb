//! PLACEHOLDER until the reader lands from branch `reader`: replaced by the real module on
//! merge. Every file reads as unreadable here.

use std::path::Path;

use chrono::NaiveDate;

use crate::plan::Plan;
use crate::validation::{CheckedFile, FileKind};

#[must_use]
pub fn check_file(_plan: &Plan, path: &Path, _as_of: NaiveDate) -> CheckedFile {
    CheckedFile {
        path: path.to_path_buf(),
        modified: None,
        kind: FileKind::Unreadable,
        header: crate::validation::Header::default(),
        report: crate::validation::Report::default(),
        findings: Vec::new(),
    }
}
