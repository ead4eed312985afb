//! Checking a report against the plan. Pure: takes what `report.rs` read from a file and the
//! plan, returns the checked report and its findings. Never touches the file system.
//!
//! The public types here are the contract with consolidation: a [`CheckedFile`] is everything
//! consolidation knows about one input file.

use std::path::PathBuf;
use std::time::SystemTime;

use chrono::NaiveDate;

use crate::findings::{Finding, Severity};
use crate::plan::StatusMeaning;

/// One input file after reading and checking.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub path: PathBuf,
    /// File modification time, the tie-break between two reports of the same date.
    pub modified: Option<SystemTime>,
    /// What the file turned out to be.
    pub kind: FileKind,
    /// The "Thông tin" sheet, as far as it could be understood.
    pub header: Header,
    /// Task rows, indicator values, recommendations and models that could be read.
    pub report: Report,
    /// Every finding, in sheet and row order.
    pub findings: Vec<Finding>,
}

impl CheckedFile {
    #[must_use]
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    #[must_use]
    pub fn warnings(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Warning).count()
    }

    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }
}

/// What a file is, as far as consolidation is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A spreadsheet with a "Thông tin" sheet: a unit report (maybe with errors).
    Report,
    /// A workbook written by `baocao consolidate` (never read as a report).
    Consolidated,
    /// A spreadsheet that is not a report (no "Thông tin" sheet).
    OtherSpreadsheet,
    /// Not a readable spreadsheet at all (HTML, CSV, PDF, empty, encrypted, broken).
    Unreadable,
}

/// The "Thông tin" sheet: who reports, for which period, when.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// Plan unit code, when the unit was recognised.
    pub unit: Option<String>,
    /// Plan period id, when recognised.
    pub period: Option<String>,
    pub year: Option<i32>,
    /// "Số văn bản", e.g. "45/BC-UBND".
    pub doc_number: Option<String>,
    /// "Ngày báo cáo".
    pub report_date: Option<NaiveDate>,
    pub author: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The contents of a report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// One entry per task row read, in file order.
    pub tasks: Vec<TaskEntry>,
    /// One entry per indicator with a usable value, in file order.
    pub values: Vec<IndicatorValue>,
    pub recommendations: Vec<Recommendation>,
    pub models: Vec<Model>,
}

impl Report {
    /// The value entered for an indicator, if any.
    #[must_use]
    pub fn value(&self, code: &str) -> Option<&IndicatorValue> {
        self.values.iter().find(|v| v.code == code)
    }

    #[must_use]
    pub fn task(&self, code: &str) -> Option<&TaskEntry> {
        self.tasks.iter().find(|t| t.code == code)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskEntry {
    /// Plan task code.
    pub code: String,
    /// The status label as the plan spells it, when it is one of the plan's.
    pub status: Option<String>,
    pub meaning: Option<StatusMeaning>,
    /// "Kết quả thực hiện" (may be long; never truncated).
    pub result: String,
    /// "Hạn chế, khó khăn".
    pub limits: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorValue {
    /// Plan indicator code.
    pub code: String,
    /// The number; for yes/no indicators 1.0 is "Có" and 0.0 is "Không".
    pub value: f64,
    /// Where it came from, "Chỉ tiêu!D7".
    pub cell: String,
    /// "Ghi chú" beside it.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub text: String,
    /// "Cơ quan tiếp nhận".
    pub addressee: String,
}

/// A "Dân vận khéo" model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    /// "Lĩnh vực".
    pub field: String,
    /// "Kết quả, hiệu quả".
    pub result: String,
}
