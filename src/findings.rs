//! Findings: what a check found, as data. A finding names its place (sheet and cell), carries a
//! stable kebab-case code and the facts of the case; its text comes from the message catalogue
//! (`messages.rs`) in the language asked for, only when it is printed.

use serde::Serialize;

use crate::messages::{self, Lang};

/// How bad a finding is: an `Error` makes a report unusable for consolidation, a `Warning` is
/// shown but the report still counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word shown to users.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
        }
    }
}

/// Named facts of one finding, substituted into its message template (`{name}`).
pub type Args = Vec<(&'static str, String)>;

/// One problem found in a file, at a place, with a stable code.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `value-not-number`; scripts branch on it.
    pub code: &'static str,
    /// Canonical sheet name ("Chỉ tiêu"), or `None` for a problem with the whole file.
    pub sheet: Option<String>,
    /// A1-style cell ("D7"), or `None` when the problem has no single cell.
    pub cell: Option<String>,
    pub args: Args,
}

impl Finding {
    #[must_use]
    pub fn error(code: &'static str) -> Self {
        Finding { severity: Severity::Error, code, sheet: None, cell: None, args: Vec::new() }
    }

    #[must_use]
    pub fn warning(code: &'static str) -> Self {
        Finding { severity: Severity::Warning, code, sheet: None, cell: None, args: Vec::new() }
    }

    /// Places the finding at `sheet!cell`.
    #[must_use]
    pub fn at(mut self, sheet: &str, cell: impl Into<String>) -> Self {
        self.sheet = Some(sheet.to_string());
        self.cell = Some(cell.into());
        self
    }

    /// Places the finding on a whole sheet.
    #[must_use]
    pub fn on_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// Adds one named fact for the message.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The message in `lang`, from the catalogue.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        messages::render(self.code, lang, &self.args)
    }

    /// "Chỉ tiêu!D7", "Chỉ tiêu" or "" : where to look, as users write it.
    #[must_use]
    pub fn place(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => String::new(),
        }
    }

    /// The JSON shape scripts rely on: `{severity, code, sheet, cell, message, facts}`; `facts`
    /// holds the finding's named facts as strings, among them details (a parser's own error)
    /// that the message leaves out.
    #[must_use]
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let facts: serde_json::Map<String, serde_json::Value> =
            self.args.iter().map(|(k, v)| ((*k).to_string(), serde_json::Value::from(v.as_str()))).collect();
        serde_json::json!({
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message(lang),
            "facts": facts,
        })
    }
}

/// Counts `(errors, warnings)`.
#[must_use]
pub fn count(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    (errors, findings.len() - errors)
}

/// Converts a zero-based (row, column) to an A1 reference: (6, 3) is "D7".
#[must_use]
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.reverse();
    let mut s: String = letters.into_iter().collect();
    s.push_str(&(row + 1).to_string());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_are_a1() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }
}
