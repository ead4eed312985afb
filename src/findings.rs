//! Findings: what a check found, as data. A finding names its place (sheet and cell) and its
//! [`Kind`]: the stable kebab-case code and the facts of the case as typed fields. The severity
//! and the sentence in each language come from exhaustive `match`es on the kind, so a new kind
//! without a translation, or a sentence naming a fact the kind lacks, does not compile. Text is
//! made only when a finding is printed, in the language asked for.
//!
//! Adding a finding: a variant in [`Kind`], its arm in `code`, `severity`, `vi`, `en`, an
//! example in [`Kind::examples`] and its place in the test `ordinal`; then the snapshot and the
//! facts table in `docs/report-format.md` (the tests print both).

use serde::Serialize;

use crate::messages::Lang;
use crate::text::format_number;

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

/// A text the plan gives in both languages (a rule's own sentence), kept whole in a finding so
/// the message can be written in either. In JSON: `{"vi": "…", "en": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Localized {
    pub vi: String,
    pub en: String,
}

impl Localized {
    #[must_use]
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Localized { vi: vi.into(), en: en.into() }
    }
}

/// Every kind of finding, with its facts as named fields. The stable code, the severity and the
/// sentence in each language come from the exhaustive `match`es below, so a kind without a
/// translation, or a sentence naming a fact the kind does not have, does not compile.
///
/// Serialised (untagged) as the object of its facts: the `facts` of [`Finding::to_json`]. The
/// few kinds whose severity depends on the case carry it as `severity` (not a fact).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Kind {
    /// `file-unreadable`.
    FileUnreadable { detail: String },
    /// `file-not-found`.
    FileNotFound,
    /// `file-is-folder`.
    FileIsFolder,
    /// `file-empty`.
    FileEmpty,
    /// `file-not-spreadsheet`.
    FileNotSpreadsheet { what: String },
    /// `file-unknown-format`.
    FileUnknownFormat,
    /// `file-old-excel`.
    FileOldExcel,
    /// `file-html`.
    FileHtml,
    /// `file-csv`.
    FileCsv,
    /// `file-broken`.
    FileBroken { detail: String },
    /// `file-zip-bomb`: `size` is the declared uncompressed size of `entry`, in MB.
    FileZipBomb { entry: String, size: u64 },
    /// `file-password`.
    FilePassword,
    /// `file-reader-panic`.
    FileReaderPanic { detail: String },
    /// `file-no-sheets`.
    FileNoSheets,
    /// `sheet-unreadable`.
    SheetUnreadable { detail: String },
    /// `sheet-cut`.
    SheetCut { rows: u64, cols: u64 },
    /// `sheet-too-large`.
    SheetTooLarge { rows: u64, cols: u64 },
    /// `file-consolidated`.
    FileConsolidated,
    /// `sheet-missing`.
    SheetMissing { sheet: String, sheets: String },
    /// `header-not-found`: an error on a required sheet, a warning on an optional one (its rows
    /// are not read). `rows` is how many rows were searched.
    HeaderNotFound {
        #[serde(skip)]
        severity: Severity,
        columns: String,
        rows: u64,
    },
    /// `text-legacy-encoding`.
    TextLegacyEncoding { encoding: String, value: String, converted: String },
    /// `text-legacy-unconverted`.
    TextLegacyUnconverted { encoding: String, value: String },
    /// `formula-no-value`.
    FormulaNoValue { formula: String },
    /// `unit-missing`.
    UnitMissing,
    /// `unit-unknown-code`.
    UnitUnknownCode { value: String, suggestions: String },
    /// `unit-unknown-name`: an error, a warning when the unit code names a unit (the code decides).
    UnitUnknownName {
        #[serde(skip)]
        severity: Severity,
        value: String,
        suggestions: String,
    },
    /// `unit-mismatch`.
    UnitMismatch { code: String, code_name: String, name: String, name_code: String },
    /// `unit-not-expected`: the unit reports only from a later period (`tu_ky`), `first`.
    UnitNotExpected { unit: String, period: String, year: i32, first: String },
    /// `unit-ended`: the unit reported up to `last` (`den_ky`) and no longer exists; its
    /// successors (`ke_thua`) as "name (code)", or "—".
    UnitEnded { unit: String, code: String, period: String, year: i32, last: String, successors: String },
    /// `unit-group-not-reporting`: the unit's group is switched off for the period (`bao_cao`).
    UnitGroupNotReporting { unit: String, group: String, period: String, year: i32 },
    /// `unit-name-other-periods`: a way of writing a unit's name limited to other periods
    /// (`cach_viet` with `tu_ky`/`den_ky`); an error, a warning when the unit code decides.
    UnitNameOtherPeriods {
        #[serde(skip)]
        severity: Severity,
        value: String,
        unit: String,
        valid: String,
        period: String,
    },
    /// `period-missing`.
    PeriodMissing,
    /// `period-unknown`.
    PeriodUnknown { value: String, known: String },
    /// `year-missing`.
    YearMissing,
    /// `year-invalid`.
    YearInvalid { value: String, years: String },
    /// `year-outside-plan`.
    YearOutsidePlan { value: i32, years: String },
    /// `date-missing`.
    DateMissing,
    /// `date-unreadable`.
    DateUnreadable { value: String },
    /// `date-future`.
    DateFuture { value: String, today: String },
    /// `report-late`: dates as `dd/mm/yyyy`, `days` after the last on-time day.
    ReportLate { value: String, last_day: String, days: i64 },
    /// `task-code-missing`.
    TaskCodeMissing,
    /// `task-unknown`.
    TaskUnknown { value: String, known: String },
    /// `task-duplicate`.
    TaskDuplicate { code: String, first: String },
    /// `task-missing`.
    TaskMissing { code: String },
    /// `status-missing`.
    StatusMissing { code: String, allowed: String },
    /// `status-unknown`.
    StatusUnknown { value: String, allowed: String },
    /// `result-missing`.
    ResultMissing { code: String, status: String },
    /// `done-not-due`.
    DoneNotDue { code: String, status: String, schedule: String, period: String },
    /// `indicator-code-missing`.
    IndicatorCodeMissing,
    /// `indicator-unknown`.
    IndicatorUnknown { value: String },
    /// `indicator-duplicate`.
    IndicatorDuplicate { code: String, first: String },
    /// `indicator-missing`.
    IndicatorMissing { code: String },
    /// `indicator-blank`.
    IndicatorBlank { code: String, name: String },
    /// `indicator-blank-yesno`.
    IndicatorBlankYesno { code: String, name: String },
    /// `indicator-not-owed`.
    IndicatorNotOwed { code: String, unit: String },
    /// `rate-ignored`.
    RateIgnored { code: String, numerator: String, denominator: String },
    /// `value-not-number`.
    ValueNotNumber { code: String, value: String },
    /// `value-negative`.
    ValueNegative { code: String, value: String },
    /// `value-not-whole`.
    ValueNotWhole { code: String, value: String, measure: String },
    /// `value-not-yesno`.
    ValueNotYesno { code: String, value: String },
    /// `unit-ambiguous`.
    UnitAmbiguous { value: String, candidates: String },
    /// `sheet-duplicate`.
    SheetDuplicate { sheet: String, chosen: String, ignored: String },
    /// `value-merged`.
    ValueMerged { code: String, range: String },
    /// `value-placeholder`.
    ValuePlaceholder { code: String, value: String },
    /// `value-ambiguous`.
    ValueAmbiguous { code: String, value: String, vietnamese: String, english: String, english_plain: f64 },
    /// `value-english-format`.
    ValueEnglishFormat { code: String, value: String, reading: f64, vietnamese: String },
    /// `value-percent`.
    ValuePercent { code: String, value: String, measure: String },
    /// `date-before-period`.
    DateBeforePeriod { value: String, period: String, year: i32, start: String },
    /// `report-other-year`.
    ReportOtherYear { year: i32, period: String, value: String, date_year: i32, date_last_day: String, days: i64 },
    /// `date-swapped`: an error when the date as read is in the future, a warning otherwise.
    DateSwapped {
        #[serde(skip)]
        severity: Severity,
        value: String,
        swapped: String,
        period: String,
        year: i32,
        last_day: String,
    },
    /// `rule-failed`: as severe as the plan's rule says (`muc_do`); the rule's sentence and the
    /// operator's words in both languages, the figures as read.
    RuleFailed {
        #[serde(skip)]
        severity: Severity,
        left_cell: String,
        left: String,
        left_value: f64,
        op: String,
        op_words: Localized,
        right_cell: String,
        right: String,
        right_value: f64,
        rule: Localized,
        rule_id: String,
    },
    /// `received-not-a-unit`.
    ReceivedNotAUnit { line: u64, value: String },
    /// `received-bad-date`.
    ReceivedBadDate { line: u64, unit: String, value: String },
    /// `history-unknown-status`: a status on a past consolidated workbook baocao does not write.
    HistoryUnknownStatus { value: String },
    /// `history-value-not-number`: a figure on a past workbook's "Dữ liệu" that is not a number.
    HistoryValueNotNumber { value: String },
    /// `history-total-differs`: a past workbook's printed province total is not the sum of its
    /// units' figures (edited by hand after consolidation); blank totals have no value.
    HistoryTotalDiffers { indicator: String, total: Option<f64>, sum: Option<f64> },
    /// `compare-beyond-bound`: a figure more than `bound` times, or less than 1/`bound` of, the
    /// same period of last year (`bien_do` in plan.toml).
    CompareBeyondBound { indicator: String, code: String, current: f64, previous: f64, year: i32, bound: f64 },
}

/// A figure in a sentence as its reader writes it: "9.549", "69,4" in Vietnamese; "9,549",
/// "69.4" in English; at most two decimals.
fn figure(v: f64, vietnamese: bool) -> String {
    let decimals = if v.fract() == 0.0 {
        0
    } else if (v * 10.0).fract().abs() < 1e-9 {
        1
    } else {
        2
    };
    if vietnamese {
        crate::text::grouped_number(v, decimals, '.', ',')
    } else {
        crate::text::grouped_number(v, decimals, ',', '.')
    }
}

/// "kỳ 6 tháng năm 2025", or "kỳ báo cáo năm 2025" for the yearly period (never "kỳ Năm năm").
fn ky(period: &str, year: i32) -> String {
    let report = if crate::text::is_yearly_period(period) { "báo cáo " } else { "" };
    format!("kỳ {report}{}", crate::text::period_of_year(period, year))
}

/// A figure of a message, or nothing for a blank one.
fn shown(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_default()
}

impl Kind {
    /// The sentence a clerk reads, in `lang`: where the problem is comes from the finding's
    /// place, this says what was seen and what to do.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => self.vi(),
            Lang::En => self.en(),
        }
    }

    /// Whether it says the report's unit does not report for the report's period (ended, not
    /// yet started, group switched off, or named by a name of other periods): the reason such
    /// a file is not counted, which consolidation shows as such.
    #[must_use]
    pub fn is_unit_absent(&self) -> bool {
        matches!(
            self,
            Kind::UnitEnded { .. }
                | Kind::UnitNotExpected { .. }
                | Kind::UnitGroupNotReporting { .. }
                | Kind::UnitNameOtherPeriods { .. }
        )
    }

    /// The stable kebab-case code scripts branch on, e.g. `value-not-number`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Kind::FileUnreadable { .. } => "file-unreadable",
            Kind::FileNotFound => "file-not-found",
            Kind::FileIsFolder => "file-is-folder",
            Kind::FileEmpty => "file-empty",
            Kind::FileNotSpreadsheet { .. } => "file-not-spreadsheet",
            Kind::FileUnknownFormat => "file-unknown-format",
            Kind::FileOldExcel => "file-old-excel",
            Kind::FileHtml => "file-html",
            Kind::FileCsv => "file-csv",
            Kind::FileBroken { .. } => "file-broken",
            Kind::FileZipBomb { .. } => "file-zip-bomb",
            Kind::FilePassword => "file-password",
            Kind::FileReaderPanic { .. } => "file-reader-panic",
            Kind::FileNoSheets => "file-no-sheets",
            Kind::SheetUnreadable { .. } => "sheet-unreadable",
            Kind::SheetCut { .. } => "sheet-cut",
            Kind::SheetTooLarge { .. } => "sheet-too-large",
            Kind::FileConsolidated => "file-consolidated",
            Kind::SheetMissing { .. } => "sheet-missing",
            Kind::HeaderNotFound { .. } => "header-not-found",
            Kind::TextLegacyEncoding { .. } => "text-legacy-encoding",
            Kind::TextLegacyUnconverted { .. } => "text-legacy-unconverted",
            Kind::FormulaNoValue { .. } => "formula-no-value",
            Kind::UnitMissing => "unit-missing",
            Kind::UnitUnknownCode { .. } => "unit-unknown-code",
            Kind::UnitUnknownName { .. } => "unit-unknown-name",
            Kind::UnitMismatch { .. } => "unit-mismatch",
            Kind::UnitNotExpected { .. } => "unit-not-expected",
            Kind::UnitEnded { .. } => "unit-ended",
            Kind::UnitGroupNotReporting { .. } => "unit-group-not-reporting",
            Kind::UnitNameOtherPeriods { .. } => "unit-name-other-periods",
            Kind::PeriodMissing => "period-missing",
            Kind::PeriodUnknown { .. } => "period-unknown",
            Kind::YearMissing => "year-missing",
            Kind::YearInvalid { .. } => "year-invalid",
            Kind::YearOutsidePlan { .. } => "year-outside-plan",
            Kind::DateMissing => "date-missing",
            Kind::DateUnreadable { .. } => "date-unreadable",
            Kind::DateFuture { .. } => "date-future",
            Kind::ReportLate { .. } => "report-late",
            Kind::TaskCodeMissing => "task-code-missing",
            Kind::TaskUnknown { .. } => "task-unknown",
            Kind::TaskDuplicate { .. } => "task-duplicate",
            Kind::TaskMissing { .. } => "task-missing",
            Kind::StatusMissing { .. } => "status-missing",
            Kind::StatusUnknown { .. } => "status-unknown",
            Kind::ResultMissing { .. } => "result-missing",
            Kind::DoneNotDue { .. } => "done-not-due",
            Kind::IndicatorCodeMissing => "indicator-code-missing",
            Kind::IndicatorUnknown { .. } => "indicator-unknown",
            Kind::IndicatorDuplicate { .. } => "indicator-duplicate",
            Kind::IndicatorMissing { .. } => "indicator-missing",
            Kind::IndicatorBlank { .. } => "indicator-blank",
            Kind::IndicatorBlankYesno { .. } => "indicator-blank-yesno",
            Kind::IndicatorNotOwed { .. } => "indicator-not-owed",
            Kind::RateIgnored { .. } => "rate-ignored",
            Kind::ValueNotNumber { .. } => "value-not-number",
            Kind::ValueNegative { .. } => "value-negative",
            Kind::ValueNotWhole { .. } => "value-not-whole",
            Kind::ValueNotYesno { .. } => "value-not-yesno",
            Kind::UnitAmbiguous { .. } => "unit-ambiguous",
            Kind::SheetDuplicate { .. } => "sheet-duplicate",
            Kind::ValueMerged { .. } => "value-merged",
            Kind::ValuePlaceholder { .. } => "value-placeholder",
            Kind::ValueAmbiguous { .. } => "value-ambiguous",
            Kind::ValueEnglishFormat { .. } => "value-english-format",
            Kind::ValuePercent { .. } => "value-percent",
            Kind::DateBeforePeriod { .. } => "date-before-period",
            Kind::ReportOtherYear { .. } => "report-other-year",
            Kind::DateSwapped { .. } => "date-swapped",
            Kind::RuleFailed { .. } => "rule-failed",
            Kind::ReceivedNotAUnit { .. } => "received-not-a-unit",
            Kind::ReceivedBadDate { .. } => "received-bad-date",
            Kind::HistoryUnknownStatus { .. } => "history-unknown-status",
            Kind::HistoryValueNotNumber { .. } => "history-value-not-number",
            Kind::HistoryTotalDiffers { .. } => "history-total-differs",
            Kind::CompareBeyondBound { .. } => "compare-beyond-bound",
        }
    }

    /// How bad this finding is. Fixed per kind, except for the kinds that carry it.
    #[must_use]
    pub fn severity(&self) -> Severity {
        match self {
            Kind::HeaderNotFound { severity, .. }
            | Kind::UnitUnknownName { severity, .. }
            | Kind::UnitNameOtherPeriods { severity, .. }
            | Kind::DateSwapped { severity, .. }
            | Kind::RuleFailed { severity, .. } => *severity,
            Kind::FileUnreadable { .. }
            | Kind::FileNotFound
            | Kind::FileIsFolder
            | Kind::FileEmpty
            | Kind::FileNotSpreadsheet { .. }
            | Kind::FileUnknownFormat
            | Kind::FileOldExcel
            | Kind::FileHtml
            | Kind::FileCsv
            | Kind::FileBroken { .. }
            | Kind::FileZipBomb { .. }
            | Kind::FilePassword
            | Kind::FileReaderPanic { .. }
            | Kind::FileNoSheets
            | Kind::SheetUnreadable { .. }
            | Kind::SheetTooLarge { .. }
            | Kind::FileConsolidated
            | Kind::SheetMissing { .. }
            | Kind::FormulaNoValue { .. }
            | Kind::UnitMissing
            | Kind::UnitUnknownCode { .. }
            | Kind::UnitMismatch { .. }
            | Kind::UnitNotExpected { .. }
            | Kind::UnitEnded { .. }
            | Kind::UnitGroupNotReporting { .. }
            | Kind::PeriodMissing
            | Kind::PeriodUnknown { .. }
            | Kind::YearMissing
            | Kind::YearInvalid { .. }
            | Kind::YearOutsidePlan { .. }
            | Kind::DateMissing
            | Kind::DateUnreadable { .. }
            | Kind::DateFuture { .. }
            | Kind::TaskCodeMissing
            | Kind::TaskUnknown { .. }
            | Kind::TaskDuplicate { .. }
            | Kind::TaskMissing { .. }
            | Kind::StatusMissing { .. }
            | Kind::StatusUnknown { .. }
            | Kind::ResultMissing { .. }
            | Kind::IndicatorCodeMissing
            | Kind::IndicatorUnknown { .. }
            | Kind::IndicatorDuplicate { .. }
            | Kind::ValueNotNumber { .. }
            | Kind::ValueNegative { .. }
            | Kind::ValueNotWhole { .. }
            | Kind::ValueNotYesno { .. }
            | Kind::UnitAmbiguous { .. }
            | Kind::ValueMerged { .. }
            | Kind::ValuePlaceholder { .. }
            | Kind::ValueAmbiguous { .. }
            | Kind::ValuePercent { .. }
            | Kind::DateBeforePeriod { .. }
            | Kind::ReportOtherYear { .. } => Severity::Error,
            Kind::SheetCut { .. }
            | Kind::TextLegacyEncoding { .. }
            | Kind::TextLegacyUnconverted { .. }
            | Kind::ReportLate { .. }
            | Kind::DoneNotDue { .. }
            | Kind::IndicatorMissing { .. }
            | Kind::IndicatorBlank { .. }
            | Kind::IndicatorBlankYesno { .. }
            | Kind::IndicatorNotOwed { .. }
            | Kind::RateIgnored { .. }
            | Kind::SheetDuplicate { .. }
            | Kind::ValueEnglishFormat { .. }
            | Kind::ReceivedNotAUnit { .. }
            | Kind::ReceivedBadDate { .. }
            | Kind::HistoryUnknownStatus { .. }
            | Kind::HistoryValueNotNumber { .. }
            | Kind::HistoryTotalDiffers { .. }
            | Kind::CompareBeyondBound { .. } => Severity::Warning,
        }
    }

    /// The sentence in Vietnamese.
    fn vi(&self) -> String {
        match self {
            Kind::FileUnreadable { detail } => format!("Không mở được tệp: {detail}. Kiểm tra lại đường dẫn và quyền đọc tệp."),
            Kind::FileNotFound => "Không có tệp này. Kiểm tra lại tên tệp và thư mục (gõ đúng cả đuôi .xlsx, .xls hoặc .ods).".to_string(),
            Kind::FileIsFolder => "Đây là một thư mục, không phải tệp báo cáo. Chọn tệp .xlsx, .xls hoặc .ods bên trong.".to_string(),
            Kind::FileEmpty => "Tệp rỗng (0 byte): có thể tệp bị lỗi khi tải về hoặc sao chép. Gửi lại tệp báo cáo .xlsx, .xls hoặc .ods.".to_string(),
            Kind::FileNotSpreadsheet { what } => format!("Tệp không phải bảng tính mà là tệp {what}. Báo cáo phải là tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods) theo mẫu."),
            Kind::FileUnknownFormat => "Tệp không phải bảng tính: không nhận ra định dạng (có thể tệp bị hỏng hoặc đổi đuôi). Báo cáo phải là tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods) theo mẫu.".to_string(),
            Kind::FileOldExcel => "Tệp là bảng tính Excel đời cũ (Excel 2.x–4.0, trước Excel 97), không còn đọc được. Mở tệp bằng Excel hoặc LibreOffice rồi \"Lưu thành\" Excel Workbook (.xlsx).".to_string(),
            Kind::FileHtml => "Tệp là trang web (HTML) mang đuôi Excel, thường do chức năng \"Xuất Excel\" của cổng thông tin tạo ra. Mở tệp bằng Excel rồi \"Lưu thành\" Excel Workbook (.xlsx).".to_string(),
            Kind::FileCsv => "Tệp là văn bản (CSV hoặc văn bản thường) mang đuôi bảng tính. Mở tệp bằng Excel rồi \"Lưu thành\" Excel Workbook (.xlsx) theo mẫu báo cáo.".to_string(),
            Kind::FileBroken { .. } => "Tệp bảng tính bị hỏng hoặc không trọn vẹn nên không đọc được. Mở lại bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại.".to_string(),
            Kind::FileZipBomb { entry, size } => format!("Tệp bị từ chối: phần \"{entry}\" bên trong khai báo {size} MB khi giải nén, vượt giới hạn an toàn. Một báo cáo bình thường chỉ vài trăm KB; lưu lại tệp từ mẫu báo cáo."),
            Kind::FilePassword => "Tệp được đặt mật khẩu nên không đọc được. Gỡ mật khẩu (Tệp > Thông tin > Bảo vệ Sổ làm việc > Mã hóa bằng Mật khẩu, xóa mật khẩu) rồi gửi lại. Nếu tệp mở được mà không phải gõ mật khẩu, hãy bỏ \"Bảo vệ Sổ làm việc\" (thẻ Xem lại) rồi lưu lại.".to_string(),
            Kind::FileReaderPanic { .. } => "Bộ đọc bảng tính gặp lỗi nội bộ khi đọc tệp này. Mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx rồi thử lại.".to_string(),
            Kind::FileNoSheets => "Tệp mở được nhưng không có sheet nào: tệp bị hỏng. Mở lại bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại.".to_string(),
            Kind::SheetUnreadable { .. } => "Không đọc được sheet này: phần dữ liệu của sheet bị hỏng. Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi thử lại.".to_string(),
            Kind::SheetCut { rows, cols } => format!("Sheet có dữ liệu ở ô này, ngoài vùng được đọc ({rows} dòng, {cols} cột đầu): phần đó bị bỏ qua. Xóa các ô thừa ở xa bảng số liệu."),
            Kind::SheetTooLarge { rows, cols } => format!("Sheet trải trên {rows} dòng × {cols} cột, quá lớn để đọc an toàn nên bị bỏ qua. Xóa các ô thừa ở xa bảng số liệu rồi lưu lại."),
            Kind::FileConsolidated => "Đây là bảng tổng hợp do baocao tạo ra (có sheet \"Tình hình nộp\"), không phải báo cáo của một đơn vị. Không dùng tệp này làm báo cáo đầu vào.".to_string(),
            Kind::SheetMissing { sheet, sheets } => format!("Thiếu sheet \"{sheet}\". Tệp có các sheet: {sheets}. Dùng mẫu báo cáo (lệnh baocao template) hoặc đổi tên sheet cho đúng."),
            Kind::HeaderNotFound { columns, rows, .. } => format!("Không tìm thấy dòng tiêu đề của bảng trong {rows} dòng đầu. Dòng tiêu đề phải có các cột: {columns}."),
            Kind::TextLegacyEncoding { encoding, value, converted } => format!("Ô này gõ bằng bảng mã cũ {encoding}: \"{value}\", đọc là \"{converted}\". Số liệu vẫn được tính; nên gõ lại bằng Unicode (phông Times New Roman)."),
            Kind::TextLegacyUnconverted { encoding, value } => format!("Ô này có vẻ gõ bằng bảng mã cũ {encoding}: \"{value}\", không chuyển được chắc chắn. Gõ lại bằng Unicode (phông Times New Roman)."),
            Kind::FormulaNoValue { formula } => format!("Ô có công thức ={formula} nhưng chưa có kết quả được lưu (tệp do phần mềm không tính công thức ghi ra). Mở tệp bằng Excel hoặc LibreOffice, để tính lại rồi lưu; hoặc nhập thẳng con số."),
            Kind::UnitMissing => "Chưa ghi đơn vị báo cáo. Ghi \"Mã đơn vị\" (ví dụ HCL) hoặc \"Tên đơn vị\" (ví dụ Huyện Cao Lãnh).".to_string(),
            Kind::UnitUnknownCode { value, suggestions } => format!("Mã đơn vị \"{value}\" không có trong kế hoạch. Có phải: {suggestions}? Xem danh sách bằng lệnh baocao plan."),
            Kind::UnitUnknownName { value, suggestions, .. } => format!("Tên đơn vị \"{value}\" không có trong kế hoạch. Có phải: {suggestions}? Ghi đúng tên như danh sách (lệnh baocao plan)."),
            Kind::UnitMismatch { code, code_name, name, name_code } => format!("Mã đơn vị {code} ({code_name}) không khớp với tên đơn vị \"{name}\" (mã {name_code}). Sửa mã hoặc tên cho cùng một đơn vị."),
            Kind::UnitNotExpected { unit, period, year, first } => format!("{unit} không thuộc diện báo cáo {ky}: đơn vị chỉ báo cáo từ kỳ {first}. Kiểm tra lại kỳ, năm hoặc đơn vị.", ky = ky(period, *year)),
            Kind::UnitEnded { unit, code, period, year, last, successors } => format!("{unit} ({code}) báo cáo đến kỳ {last}; đến {ky} đơn vị không còn (đã sắp xếp lại), báo cáo này không được tổng hợp. {}", if successors == "—" { "Kế hoạch không ghi đơn vị kế thừa. Kiểm tra lại kỳ và năm của báo cáo.".to_string() } else { format!("Đơn vị kế thừa theo kế hoạch: {successors}. Kiểm tra lại kỳ, năm, hoặc để đơn vị kế thừa báo cáo.") }, ky = ky(period, *year)),
            Kind::UnitGroupNotReporting { unit, group, period, year } => format!("{unit} thuộc nhóm \"{group}\", nhóm không phải báo cáo {ky} theo kế hoạch (nhom.bao_cao). Báo cáo này không được tổng hợp; nếu Tỉnh yêu cầu nhóm này báo cáo, Sở Nội vụ bật nhóm trong plan.toml.", ky = ky(period, *year)),
            Kind::UnitNameOtherPeriods { value, unit, valid, period, .. } => format!("Tên đơn vị \"{value}\" là cách viết của {unit} chỉ dùng {valid}, không dùng cho kỳ {period}: không đoán đơn vị nào mang tên này bây giờ. Ghi mã đơn vị hoặc tên đầy đủ (lệnh baocao plan --period … --year …)."),
            Kind::PeriodMissing => "Chưa ghi \"Kỳ báo cáo\". Ghi \"6 tháng\" hoặc \"Năm\".".to_string(),
            Kind::PeriodUnknown { value, known } => format!("Kỳ báo cáo \"{value}\" không có trong kế hoạch. Ghi một trong: {known}."),
            Kind::YearMissing => "Chưa ghi \"Năm\" báo cáo. Ghi năm bằng 4 chữ số, ví dụ 2024.".to_string(),
            Kind::YearInvalid { value, years } => format!("Năm \"{value}\" không đọc được. Ghi năm bằng 4 chữ số, trong khoảng {years}."),
            Kind::YearOutsidePlan { value, years } => format!("Năm {value} nằm ngoài thời gian của kế hoạch ({years}). Sửa lại năm báo cáo."),
            Kind::DateMissing => "Chưa ghi \"Ngày báo cáo\". Ghi ngày/tháng/năm, ví dụ 04/06/2024.".to_string(),
            Kind::DateUnreadable { value } => format!("Ngày báo cáo \"{value}\" không đọc được. Ghi ngày/tháng/năm, ví dụ 04/06/2024 hoặc \"ngày 04 tháng 6 năm 2024\"."),
            Kind::DateFuture { value, today } => format!("Ngày báo cáo {value} sau ngày hôm nay ({today}). Sửa lại ngày (ghi ngày trước, tháng sau)."),
            Kind::ReportLate { value, last_day, days } => format!("Báo cáo đề ngày {value}, trễ {days} ngày so với hạn cuối {last_day}."),
            Kind::TaskCodeMissing => "Dòng này có nội dung nhưng thiếu mã nhiệm vụ. Ghi mã (NV1 … NV9) ở ô này.".to_string(),
            Kind::TaskUnknown { value, known } => format!("Mã nhiệm vụ \"{value}\" không có trong kế hoạch. Dùng một trong: {known}."),
            Kind::TaskDuplicate { code, first } => format!("Nhiệm vụ {code} được ghi hai lần (lần đầu ở ô {first}). Gộp lại thành một dòng."),
            Kind::TaskMissing { code } => format!("Thiếu dòng của nhiệm vụ {code}, nhiệm vụ phải báo cáo ở kỳ này. Thêm dòng có mã {code}."),
            Kind::StatusMissing { code, allowed } => format!("Chưa chọn tình trạng của nhiệm vụ {code}. Chọn một trong: {allowed}."),
            Kind::StatusUnknown { value, allowed } => format!("Tình trạng \"{value}\" không nằm trong danh sách. Chọn một trong: {allowed}."),
            Kind::ResultMissing { code, status } => format!("Nhiệm vụ {code} có tình trạng \"{status}\" nhưng chưa ghi kết quả thực hiện. Ghi kết quả vào ô này."),
            Kind::DoneNotDue { code, status, schedule, period } => format!("Nhiệm vụ {code} ghi \"{status}\" nhưng chưa đến hạn ở kỳ {period} (thời gian thực hiện: {schedule}). Kiểm tra lại tình trạng."),
            Kind::IndicatorCodeMissing => "Dòng này có số liệu nhưng thiếu mã chỉ tiêu. Ghi mã chỉ tiêu ở ô này (xem lệnh baocao plan).".to_string(),
            Kind::IndicatorUnknown { value } => format!("Mã chỉ tiêu \"{value}\" không có trong kế hoạch; số liệu dòng này không được tính. Sửa mã cho đúng (xem lệnh baocao plan)."),
            Kind::IndicatorDuplicate { code, first } => format!("Chỉ tiêu {code} được ghi hai lần (lần đầu ở ô {first}); chỉ lần đầu được tính. Xóa dòng thừa."),
            Kind::IndicatorMissing { code } => format!("Thiếu chỉ tiêu {code}, đơn vị phải báo cáo ở kỳ này. Thêm dòng có mã {code} và số liệu (ghi 0 nếu không phát sinh)."),
            Kind::IndicatorBlank { code, name } => format!("Chỉ tiêu {code} ({name}) để trống (chưa báo cáo). Ghi số liệu; nếu không phát sinh thì ghi 0, vì ô trống không phải là 0."),
            Kind::IndicatorBlankYesno { code, name } => format!("Chỉ tiêu {code} ({name}) để trống (chưa báo cáo). Chọn \"Có\" hoặc \"Không\" trong danh sách của ô này."),
            Kind::IndicatorNotOwed { code, unit } => format!("Chỉ tiêu {code} không thuộc phần {unit} phải báo cáo; số liệu này không được tổng hợp. Xóa dòng hoặc kiểm tra lại đơn vị."),
            Kind::RateIgnored { code, numerator, denominator } => format!("Chỉ tiêu {code} là tỷ lệ, baocao tự tính từ {numerator} / {denominator}; số ghi ở đây không được dùng. Chỉ cần ghi {numerator} và {denominator}."),
            Kind::ValueNotNumber { code, value } => format!("Số liệu của {code} là \"{value}\", không phải số. Ghi một số, ví dụ 12, 1.234 hoặc 12,5."),
            Kind::ValueNegative { code, value } => format!("Số liệu của {code} là {value}, số âm. Ghi số từ 0 trở lên."),
            Kind::ValueNotWhole { code, value, measure } => format!("Số liệu của {code} là {value}, không phải số nguyên (đơn vị tính: {measure}). Ghi số nguyên, ví dụ 12."),
            Kind::ValueNotYesno { code, value } => format!("Chỉ tiêu {code} ghi \"{value}\". Ghi \"Có\" hoặc \"Không\"."),
            Kind::UnitAmbiguous { value, candidates } => format!("Tên đơn vị \"{value}\" chỉ nhiều đơn vị: {candidates}. baocao không đoán: ghi mã đơn vị hoặc tên đầy đủ (ví dụ \"Thành phố …\" hay \"Huyện …\")."),
            Kind::SheetDuplicate { sheet, chosen, ignored } => format!("Có nhiều sheet \"{sheet}\": đã đọc sheet \"{chosen}\" (sheet đang hiện), bỏ qua {ignored}. Xóa sheet cũ hoặc sheet thừa để khỏi nhầm."),
            Kind::ValueMerged { code, range } => format!("Ô số liệu của {code} nằm trong vùng ô gộp {range} trải qua nhiều dòng chỉ tiêu, nên không biết số liệu thuộc chỉ tiêu nào. Bỏ gộp ô và ghi số liệu riêng cho từng chỉ tiêu."),
            Kind::ValuePlaceholder { code, value } => format!("Số liệu của {code} là \"{value}\", không phải số. Chỉ tiêu này phải báo cáo ở kỳ này: không phát sinh thì ghi 0; chưa có số liệu thì để trống."),
            Kind::ValueAmbiguous { code, value, vietnamese, english, english_plain } => {
                let english_plain = format_number(*english_plain);
                format!("Số liệu của {code} là \"{value}\": đọc kiểu Việt Nam là {vietnamese}, đọc kiểu tiếng Anh là {english}, hai số cách nhau 1.000 lần. Ghi lại không có dấu phân cách (ví dụ {english_plain}) hoặc theo kiểu Việt Nam (dấu chấm phân cách hàng nghìn, dấu phẩy thập phân).")
            }
            Kind::ValueEnglishFormat { code, value, reading, vietnamese } => {
                let reading = format_number(*reading);
                format!("Số liệu của {code} là \"{value}\", viết kiểu tiếng Anh (dấu phẩy phân cách hàng nghìn), đọc là {reading}. Nên ghi kiểu Việt Nam: {vietnamese}.")
            }
            Kind::ValuePercent { code, value, measure } => format!("Số liệu của {code} là \"{value}\", một tỷ lệ phần trăm, nhưng chỉ tiêu này đếm {measure}. Ghi số {measure} (tỷ lệ do baocao tự tính)."),
            Kind::DateBeforePeriod { value, period, year, start } => format!("Ngày báo cáo {value} trước khi {ky} bắt đầu ({start}): có phải tệp của năm trước dùng lại? Sửa ngày báo cáo.", ky = ky(period, *year)),
            Kind::ReportOtherYear { year, period, value, date_year, date_last_day, days } => format!("Ô Năm ghi {year}: đây là báo cáo {period} năm {year}, nhưng đề ngày {value}, hợp với hạn của năm {date_year} ({date_last_day}), trễ {days} ngày so với hạn năm {year}. Nếu đây là báo cáo năm {date_year}, sửa ô Năm thành {date_year}."),
            Kind::DateSwapped { value, swapped, period, year, last_day, .. } => format!("Ngày báo cáo {value} không hợp với {ky} (hạn cuối {last_day}); đổi chỗ ngày và tháng thì là {swapped}, hợp với kỳ. Có phải ngày và tháng bị đảo? Ghi ngày trước, tháng sau.", ky = ky(period, *year)),
            Kind::RuleFailed { left_cell, left, left_value, op_words, right_cell, right, right_value, rule, .. } => {
                let left_value = format_number(*left_value);
                let op_words = &op_words.vi;
                let right_value = format_number(*right_value);
                let rule = &rule.vi;
                format!("{left_cell} ({left} = {left_value}) {op_words} {right_cell} ({right} = {right_value}): {rule}")
            }
            Kind::ReceivedNotAUnit { line, value } => format!("Sổ văn bản đến, dòng {line}: \"{value}\" không phải đơn vị báo cáo theo kế hoạch (hoặc tên chưa rõ, như \"Cao Lãnh\"); dòng này không được dùng. Nếu là đơn vị báo cáo, ghi mã đơn vị (xem: baocao plan) hoặc tên đầy đủ."),
            Kind::ReceivedBadDate { line, unit, value } => format!("Sổ văn bản đến, dòng {line}: ngày nhận \"{value}\" của {unit} không đọc được; dòng này không được dùng. Viết ngày/tháng/năm, ví dụ 05/06/2024."),
            Kind::HistoryUnknownStatus { value } => format!("Tình trạng \"{value}\" không phải tình trạng baocao ghi; đơn vị này được coi là không rõ tình trạng."),
            Kind::HistoryValueNotNumber { value } => format!("Số liệu \"{value}\" không phải là số; bỏ qua số liệu này khi so sánh."),
            Kind::HistoryTotalDiffers { indicator, total, sum } => format!("Tổng toàn tỉnh của {indicator} ghi {}, nhưng cộng số liệu các đơn vị ở trang \"Dữ liệu\" được {} (có thể đã sửa tay sau khi tổng hợp). Dùng tổng đã ghi; kiểm tra lại tệp.", shown(*total), shown(*sum)),
            Kind::CompareBeyondBound { indicator, code, current, previous, year, bound } => format!("{indicator} ({code}): {}, so với {} cùng kỳ năm {year}, vượt biên độ ×{bound} hoặc ÷{bound} của kế hoạch. Kiểm tra lại số liệu (có thể gõ nhầm, thừa hoặc thiếu chữ số).", figure(*current, true), figure(*previous, true), bound = figure(*bound, true)),
        }
    }

    /// The sentence in English.
    fn en(&self) -> String {
        match self {
            Kind::FileUnreadable { detail } => format!("Cannot open the file: {detail}. Check the path and that the file can be read."),
            Kind::FileNotFound => "There is no such file. Check the file name and folder (including the .xlsx, .xls or .ods ending).".to_string(),
            Kind::FileIsFolder => "This is a folder, not a report file. Pick the .xlsx, .xls or .ods file inside it.".to_string(),
            Kind::FileEmpty => "The file is empty (0 bytes): it was probably damaged while downloading or copying. Send the .xlsx, .xls or .ods report again.".to_string(),
            Kind::FileNotSpreadsheet { what } => format!("The file is not a spreadsheet but a {what} file. A report must be an Excel (.xlsx, .xls) or LibreOffice (.ods) workbook made from the template."),
            Kind::FileUnknownFormat => "The file is not a spreadsheet: its format is not recognised (damaged or renamed). A report must be an Excel (.xlsx, .xls) or LibreOffice (.ods) workbook made from the template.".to_string(),
            Kind::FileOldExcel => "The file is an old Excel format (Excel 2.x–4.0, before Excel 97) that cannot be read. Open it in Excel or LibreOffice and \"Save As\" Excel Workbook (.xlsx).".to_string(),
            Kind::FileHtml => "The file is a web page (HTML) with an Excel name, as the \"Export to Excel\" of web portals makes. Open it in Excel and \"Save As\" Excel Workbook (.xlsx).".to_string(),
            Kind::FileCsv => "The file is plain text (CSV or similar) with a spreadsheet name. Open it in Excel and \"Save As\" Excel Workbook (.xlsx) following the report template.".to_string(),
            Kind::FileBroken { .. } => "The workbook is damaged or incomplete and cannot be read. Open it in Excel or LibreOffice, save it again and resend it.".to_string(),
            Kind::FileZipBomb { entry, size } => format!("File refused: its part \"{entry}\" declares {size} MB uncompressed, beyond the safety limit. A normal report is a few hundred KB; save it again from the report template."),
            Kind::FilePassword => "The file is password-protected and cannot be read. Remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it) and send it again. If the file opens without asking for a password, turn off \"Protect Workbook\" (Review tab) and save it again.".to_string(),
            Kind::FileReaderPanic { .. } => "The spreadsheet reader failed on this file. Open it in Excel or LibreOffice, save it as .xlsx and try again.".to_string(),
            Kind::FileNoSheets => "The file opens but has no sheets at all: it is damaged. Open it in Excel or LibreOffice, save it again and resend it.".to_string(),
            Kind::SheetUnreadable { .. } => "This sheet cannot be read: its data is damaged. Open the file in Excel or LibreOffice, save it again and retry.".to_string(),
            Kind::SheetCut { rows, cols } => format!("The sheet has data at this cell, outside the area read (first {rows} rows, {cols} columns): that part is ignored. Delete stray cells far from the table."),
            Kind::SheetTooLarge { rows, cols } => format!("The sheet spans {rows} rows × {cols} columns, too large to read safely, so it is skipped. Delete stray cells far from the table and save again."),
            Kind::FileConsolidated => "This is a consolidated workbook written by baocao (it has a \"Tình hình nộp\" sheet), not a unit report. Do not use it as an input report.".to_string(),
            Kind::SheetMissing { sheet, sheets } => format!("Sheet \"{sheet}\" is missing. The file has the sheets: {sheets}. Use the report template (baocao template) or rename the sheet."),
            Kind::HeaderNotFound { columns, rows, .. } => format!("The table's header row was not found in the first {rows} rows. The header must have the columns: {columns}."),
            Kind::TextLegacyEncoding { encoding, value, converted } => format!("This cell is typed in the legacy {encoding} encoding: \"{value}\", read as \"{converted}\". The figures still count; retype it in Unicode (Times New Roman)."),
            Kind::TextLegacyUnconverted { encoding, value } => format!("This cell looks typed in the legacy {encoding} encoding: \"{value}\" and cannot be converted with certainty. Retype it in Unicode (Times New Roman)."),
            Kind::FormulaNoValue { formula } => format!("The cell has the formula ={formula} but no stored result (written by software that does not calculate). Open and save the file in Excel or LibreOffice so it is calculated, or type the number itself."),
            Kind::UnitMissing => "The reporting unit is missing. Fill in \"Mã đơn vị\" (e.g. HCL) or \"Tên đơn vị\" (e.g. Huyện Cao Lãnh).".to_string(),
            Kind::UnitUnknownCode { value, suggestions } => format!("Unit code \"{value}\" is not in the plan. Did you mean: {suggestions}? See the list with baocao plan."),
            Kind::UnitUnknownName { value, suggestions, .. } => format!("Unit name \"{value}\" is not in the plan. Did you mean: {suggestions}? Write the name as listed (baocao plan)."),
            Kind::UnitMismatch { code, code_name, name, name_code } => format!("Unit code {code} ({code_name}) does not match the unit name \"{name}\" (code {name_code}). Make the code and the name name the same unit."),
            Kind::UnitNotExpected { unit, period, year, first } => format!("{unit} does not report for {period} {year}: the unit reports from {first} only. Check the period, year or unit."),
            Kind::UnitEnded { unit, code, period, year, last, successors } => format!("{unit} ({code}) reports up to {last}; in {period} {year} the unit no longer exists (reorganised), so this report is not counted. {}", if successors == "—" { "The plan names no successor. Check the report's period and year.".to_string() } else { format!("Successor(s) in the plan: {successors}. Check the period and year, or have the successor report.") }),
            Kind::UnitGroupNotReporting { unit, group, period, year } => format!("{unit} belongs to group \"{group}\", which does not report for {period} {year} under the plan (nhom.bao_cao). This report is not counted; if the province asks this group to report, Sở Nội vụ switches it on in plan.toml."),
            Kind::UnitNameOtherPeriods { value, unit, valid, period, .. } => format!("Unit name \"{value}\" is a way of writing {unit} limited to other periods ({valid}), not to {period}: no unit carrying the name now is guessed. Write the unit code or the full name (baocao plan --period … --year …)."),
            Kind::PeriodMissing => "\"Kỳ báo cáo\" (period) is missing. Write \"6 tháng\" or \"Năm\".".to_string(),
            Kind::PeriodUnknown { value, known } => format!("Period \"{value}\" is not in the plan. Write one of: {known}."),
            Kind::YearMissing => "The report year (\"Năm\") is missing. Write it with 4 digits, e.g. 2024.".to_string(),
            Kind::YearInvalid { value, years } => format!("Year \"{value}\" cannot be read. Write a 4-digit year within {years}."),
            Kind::YearOutsidePlan { value, years } => format!("Year {value} is outside the plan's years ({years}). Correct the report year."),
            Kind::DateMissing => "\"Ngày báo cáo\" (report date) is missing. Write day/month/year, e.g. 04/06/2024.".to_string(),
            Kind::DateUnreadable { value } => format!("Report date \"{value}\" cannot be read. Write day/month/year, e.g. 04/06/2024 or \"ngày 04 tháng 6 năm 2024\"."),
            Kind::DateFuture { value, today } => format!("Report date {value} is after today ({today}). Correct the date (day first, then month)."),
            Kind::ReportLate { value, last_day, days } => format!("The report is dated {value}, {days} day(s) after the last on-time day {last_day}."),
            Kind::TaskCodeMissing => "This row has content but no task code. Write the code (NV1 … NV9) in this cell.".to_string(),
            Kind::TaskUnknown { value, known } => format!("Task code \"{value}\" is not in the plan. Use one of: {known}."),
            Kind::TaskDuplicate { code, first } => format!("Task {code} is listed twice (first at {first}). Merge them into one row."),
            Kind::TaskMissing { code } => format!("The row for task {code}, due in this period, is missing. Add a row with code {code}."),
            Kind::StatusMissing { code, allowed } => format!("No status chosen for task {code}. Choose one of: {allowed}."),
            Kind::StatusUnknown { value, allowed } => format!("Status \"{value}\" is not in the list. Choose one of: {allowed}."),
            Kind::ResultMissing { code, status } => format!("Task {code} has status \"{status}\" but no result. Write the result in this cell."),
            Kind::DoneNotDue { code, status, schedule, period } => format!("Task {code} is marked \"{status}\" but is not yet due in the {period} period (schedule: {schedule}). Check the status."),
            Kind::IndicatorCodeMissing => "This row has a figure but no indicator code. Write the indicator code in this cell (see baocao plan).".to_string(),
            Kind::IndicatorUnknown { value } => format!("Indicator code \"{value}\" is not in the plan; this row's figure is not counted. Correct the code (see baocao plan)."),
            Kind::IndicatorDuplicate { code, first } => format!("Indicator {code} is listed twice (first at {first}); only the first counts. Delete the extra row."),
            Kind::IndicatorMissing { code } => format!("Indicator {code}, owed in this period, is missing. Add a row with code {code} and its figure (0 if none)."),
            Kind::IndicatorBlank { code, name } => format!("Indicator {code} ({name}) is blank (not reported). Enter the figure; write 0 if there was none, since blank is not 0."),
            Kind::IndicatorBlankYesno { code, name } => format!("Indicator {code} ({name}) is blank (not reported). Choose \"Có\" (yes) or \"Không\" (no) from the cell's list."),
            Kind::IndicatorNotOwed { code, unit } => format!("Indicator {code} is not owed by {unit}; this figure is not consolidated. Delete the row or check the unit."),
            Kind::RateIgnored { code, numerator, denominator } => format!("Indicator {code} is a rate that baocao computes from {numerator} / {denominator}; the figure here is not used. Enter {numerator} and {denominator} only."),
            Kind::ValueNotNumber { code, value } => format!("The figure for {code} is \"{value}\", not a number. Write a number, e.g. 12, 1.234 or 12,5."),
            Kind::ValueNegative { code, value } => format!("The figure for {code} is {value}, a negative number. Write 0 or more."),
            Kind::ValueNotWhole { code, value, measure } => format!("The figure for {code} is {value}, not a whole number (unit: {measure}). Write a whole number, e.g. 12."),
            Kind::ValueNotYesno { code, value } => format!("Indicator {code} says \"{value}\". Write \"Có\" (yes) or \"Không\" (no)."),
            Kind::UnitAmbiguous { value, candidates } => format!("The unit name \"{value}\" names several units: {candidates}. baocao does not guess: write the unit code or the full name (e.g. \"Thành phố …\" or \"Huyện …\")."),
            Kind::SheetDuplicate { sheet, chosen, ignored } => format!("There are several \"{sheet}\" sheets: \"{chosen}\" (the visible one) was read, {ignored} ignored. Delete the old or extra sheet to avoid confusion."),
            Kind::ValueMerged { code, range } => format!("The figure cell of {code} is part of the merged range {range}, which spans several indicators' rows, so the figure belongs to no single indicator. Unmerge the cells and enter each indicator's figure."),
            Kind::ValuePlaceholder { code, value } => format!("The figure for {code} is \"{value}\", not a number. This indicator is due in this period: write 0 if nothing happened; leave it blank if the figure is not known."),
            Kind::ValueAmbiguous { code, value, vietnamese, english, english_plain } => {
                let english_plain = format_number(*english_plain);
                format!("The figure for {code} is \"{value}\": read the Vietnamese way it is {vietnamese}, the English way {english}, a thousand times apart. Write it without separators (e.g. {english_plain}) or the Vietnamese way (dot for thousands, comma for decimals).")
            }
            Kind::ValueEnglishFormat { code, value, reading, vietnamese } => {
                let reading = format_number(*reading);
                format!("The figure for {code} is \"{value}\", written the English way (comma for thousands), read as {reading}. Prefer the Vietnamese way: {vietnamese}.")
            }
            Kind::ValuePercent { code, value, measure } => format!("The figure for {code} is \"{value}\", a percentage, but this indicator counts {measure}. Enter the number of {measure} (baocao computes rates itself)."),
            Kind::DateBeforePeriod { value, period, year, start } => format!("The report date {value} is before the period {period} {year} began ({start}): is this last year's file reused? Correct the report date."),
            Kind::ReportOtherYear { year, period, value, date_year, date_last_day, days } => format!("The year cell says {year}: this is the {period} report of {year}, but it is dated {value}, which fits the {date_year} deadline ({date_last_day}) and is {days} day(s) after the {year} one. If this is the {date_year} report, change the year to {date_year}."),
            Kind::DateSwapped { value, swapped, period, year, last_day, .. } => format!("The report date {value} does not fit the period {period} {year} (last on-time day {last_day}); with day and month swapped it is {swapped}, which does. Were day and month swapped? Write the day first, then the month."),
            Kind::RuleFailed { left_cell, left, left_value, op_words, right_cell, right, right_value, rule, .. } => {
                let left_value = format_number(*left_value);
                let op_words = &op_words.en;
                let right_value = format_number(*right_value);
                let rule = &rule.en;
                format!("{left_cell} ({left} = {left_value}) {op_words} {right_cell} ({right} = {right_value}): {rule}")
            }
            Kind::ReceivedNotAUnit { line, value } => format!("Register, line {line}: \"{value}\" is not a reporting unit of the plan (or an unclear name such as \"Cao Lãnh\"); the line is not used. If it is a reporting unit, write its code (see: baocao plan) or its full name."),
            Kind::ReceivedBadDate { line, unit, value } => format!("Register, line {line}: the date received \"{value}\" for {unit} cannot be read; the line is not used. Write day/month/year, e.g. 05/06/2024."),
            Kind::HistoryUnknownStatus { value } => format!("Status \"{value}\" is not one baocao writes; the unit's status is taken as unknown."),
            Kind::HistoryValueNotNumber { value } => format!("The figure \"{value}\" is not a number; it is left out of the comparison."),
            Kind::HistoryTotalDiffers { indicator, total, sum } => format!("The province total of {indicator} reads {}, but the units' figures on \"Dữ liệu\" sum to {} (perhaps edited by hand after consolidation). The written total is used; check the file.", shown(*total), shown(*sum)),
            Kind::CompareBeyondBound { indicator, code, current, previous, year, bound } => format!("{indicator} ({code}): {}, against {} in the same period of {year}, beyond the plan's bound of ×{bound} or ÷{bound}. Check the figure (perhaps a typo, a digit too many or too few).", figure(*current, false), figure(*previous, false), bound = figure(*bound, false)),
        }
    }

    /// The kind's named facts as a JSON object (`{}` for a kind without facts).
    #[must_use]
    pub fn facts(&self) -> serde_json::Value {
        match serde_json::to_value(self) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            _ => serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    /// One of every kind, with example facts: the source of the snapshot of every finding
    /// message and of the facts table in `docs/report-format.md`.
    #[must_use]
    pub fn examples() -> Vec<Kind> {
        vec![
            Kind::FileUnreadable { detail: "Permission denied (os error 13)".into() },
            Kind::FileNotFound,
            Kind::FileIsFolder,
            Kind::FileEmpty,
            Kind::FileNotSpreadsheet { what: "PDF".into() },
            Kind::FileUnknownFormat,
            Kind::FileOldExcel,
            Kind::FileHtml,
            Kind::FileCsv,
            Kind::FileBroken { detail: "xl/sharedStrings.xml: uniqueCount=\"100000000000\"".into() },
            Kind::FileZipBomb { entry: "xl/worksheets/sheet1.xml".into(), size: 4096 },
            Kind::FilePassword,
            Kind::FileReaderPanic { detail: "range end index 12 out of range for slice of length 8".into() },
            Kind::FileNoSheets,
            Kind::SheetUnreadable { detail: "invalid XML at position 1024".into() },
            Kind::SheetCut { rows: 20000, cols: 200 },
            Kind::SheetTooLarge { rows: 65536, cols: 256 },
            Kind::FileConsolidated,
            Kind::SheetMissing { sheet: "Chỉ tiêu".into(), sheets: "\"Thông tin\", \"Nhiệm vụ\"".into() },
            Kind::HeaderNotFound {
                severity: Severity::Error,
                columns: "Mã | Chỉ tiêu | Đơn vị tính | Số liệu | Ghi chú".into(),
                rows: 15,
            },
            Kind::TextLegacyEncoding {
                encoding: "TCVN3".into(),
                value: "§ång Th¸p".into(),
                converted: "Đồng Tháp".into(),
            },
            Kind::TextLegacyUnconverted { encoding: "VNI".into(), value: "Ñoàng Thaùp 2".into() },
            Kind::FormulaNoValue { formula: "SUM(D7:D9)".into() },
            Kind::UnitMissing,
            Kind::UnitUnknownCode {
                value: "HCN".into(),
                suggestions: "Huyện Cao Lãnh (HCL), Huyện Châu Thành (HCT)".into(),
            },
            Kind::UnitUnknownName {
                severity: Severity::Error,
                value: "Huyện Cao Lảnh".into(),
                suggestions: "Huyện Cao Lãnh (HCL)".into(),
            },
            Kind::UnitMismatch {
                code: "HCL".into(),
                code_name: "Huyện Cao Lãnh".into(),
                name: "Huyện Tháp Mười".into(),
                name_code: "HTM".into(),
            },
            Kind::UnitNotExpected {
                unit: "Sở Nông nghiệp và Môi trường".into(),
                period: "6 tháng".into(),
                year: 2024,
                first: "6 tháng 2025".into(),
            },
            Kind::UnitEnded {
                unit: "Huyện Tháp Mười".into(),
                code: "HTM".into(),
                period: "Năm".into(),
                year: 2025,
                last: "6 tháng 2025".into(),
                successors: "—".into(),
            },
            Kind::UnitGroupNotReporting {
                unit: "UBND xã Tháp Mười".into(),
                group: "UBND xã, phường".into(),
                period: "Năm".into(),
                year: 2025,
            },
            Kind::UnitNameOtherPeriods {
                severity: Severity::Error,
                value: "Tháp Mười".into(),
                unit: "Huyện Tháp Mười (HTM)".into(),
                valid: "đến hết kỳ 6 tháng 2025".into(),
                period: "Năm 2025".into(),
            },
            Kind::PeriodMissing,
            Kind::PeriodUnknown { value: "Quý 2".into(), known: "6 tháng, Năm".into() },
            Kind::YearMissing,
            Kind::YearInvalid { value: "2O24".into(), years: "2022–2025".into() },
            Kind::YearOutsidePlan { value: 2021, years: "2022–2025".into() },
            Kind::DateMissing,
            Kind::DateUnreadable { value: "ngày 4 tháng sáu".into() },
            Kind::DateFuture { value: "25/06/2024".into(), today: "04/06/2024".into() },
            Kind::ReportLate { value: "10/06/2024".into(), last_day: "04/06/2024".into(), days: 6 },
            Kind::TaskCodeMissing,
            Kind::TaskUnknown { value: "NV10".into(), known: "NV1, NV2, NV3, NV4, NV5, NV6, NV7, NV8, NV9".into() },
            Kind::TaskDuplicate { code: "NV3".into(), first: "A9".into() },
            Kind::TaskMissing { code: "NV5".into() },
            Kind::StatusMissing {
                code: "NV2".into(), allowed: "Hoàn thành, Đang thực hiện, Chưa thực hiện".into()
            },
            Kind::StatusUnknown {
                value: "Xong".into(), allowed: "Hoàn thành, Đang thực hiện, Chưa thực hiện".into()
            },
            Kind::ResultMissing { code: "NV1".into(), status: "Hoàn thành".into() },
            Kind::DoneNotDue {
                code: "NV8".into(),
                status: "Hoàn thành".into(),
                schedule: "Quý IV hằng năm".into(),
                period: "6 tháng".into(),
            },
            Kind::IndicatorCodeMissing,
            Kind::IndicatorUnknown { value: "VB_CHIDAO2".into() },
            Kind::IndicatorDuplicate { code: "VB_CHIDAO".into(), first: "A7".into() },
            Kind::IndicatorMissing { code: "HN_QUANTRIET".into() },
            Kind::IndicatorBlank {
                code: "HN_LUOTNGUOI".into(),
                name: "Lượt người dự hội nghị quán triệt, triển khai".into(),
            },
            Kind::IndicatorBlankYesno {
                code: "KH_NAM".into(),
                name: "Đã ban hành kế hoạch thực hiện công tác dân vận chính quyền năm".into(),
            },
            Kind::IndicatorNotOwed { code: "KINHPHI".into(), unit: "Sở Tư pháp".into() },
            Kind::RateIgnored {
                code: "TL_DUNGHAN".into(),
                numerator: "TTHC_DUNGHAN".into(),
                denominator: "TTHC_TIEPNHAN".into(),
            },
            Kind::ValueNotNumber { code: "VB_CHIDAO".into(), value: "mười".into() },
            Kind::ValueNegative { code: "VB_CHIDAO".into(), value: "(12)".into() },
            Kind::ValueNotWhole { code: "VB_CHIDAO".into(), value: "12,5".into(), measure: "văn bản".into() },
            Kind::ValueNotYesno { code: "KH_NAM".into(), value: "Đang làm".into() },
            Kind::UnitAmbiguous {
                value: "UBND Cao Lãnh".into(),
                candidates: "Thành phố Cao Lãnh (TPCL), Huyện Cao Lãnh (HCL)".into(),
            },
            Kind::SheetDuplicate {
                sheet: "Chỉ tiêu".into(),
                chosen: "Chỉ tiêu (2)".into(),
                ignored: "\"Chỉ tiêu\" (ẩn)".into(),
            },
            Kind::ValueMerged { code: "VB_CHIDAO".into(), range: "D7:D9".into() },
            Kind::ValuePlaceholder { code: "VB_CHIDAO".into(), value: "-".into() },
            Kind::ValueAmbiguous {
                code: "KINHPHI".into(),
                value: "1,250".into(),
                vietnamese: "1,25".into(),
                english: "1.250".into(),
                english_plain: 1250.0,
            },
            Kind::ValueEnglishFormat {
                code: "KINHPHI".into(),
                value: "1,234.5".into(),
                reading: 1234.5,
                vietnamese: "1.234,5".into(),
            },
            Kind::ValuePercent { code: "VB_CHIDAO".into(), value: "85%".into(), measure: "văn bản".into() },
            Kind::DateBeforePeriod {
                value: "20/12/2023".into(),
                period: "6 tháng".into(),
                year: 2024,
                start: "01/01/2024".into(),
            },
            Kind::ReportOtherYear {
                year: 2023,
                period: "6 tháng".into(),
                value: "03/06/2024".into(),
                date_year: 2024,
                date_last_day: "04/06/2024".into(),
                days: 365,
            },
            Kind::DateSwapped {
                severity: Severity::Error,
                value: "06/02/2024".into(),
                swapped: "02/06/2024".into(),
                period: "6 tháng".into(),
                year: 2024,
                last_day: "04/06/2024".into(),
            },
            Kind::RuleFailed {
                severity: Severity::Error,
                left_cell: "Chỉ tiêu!D18".into(),
                left: "DON_GIAIQUYET".into(),
                left_value: 14.0,
                op: "<=".into(),
                op_words: Localized::new("không được lớn hơn", "must not be greater than"),
                right_cell: "Chỉ tiêu!D17".into(),
                right: "DON_THAMQUYEN".into(),
                right_value: 12.0,
                rule: Localized::new(
                    "Số đơn đã giải quyết không được lớn hơn số đơn thuộc thẩm quyền.",
                    "Applications settled cannot outnumber those within the unit's competence.",
                ),
                rule_id: "don-giai-quyet-le-tham-quyen".into(),
            },
            Kind::ReceivedNotAUnit { line: 12, value: "Cao Lãnh".into() },
            Kind::ReceivedBadDate { line: 14, unit: "HTM".into(), value: "32/05/2024".into() },
            Kind::HistoryUnknownStatus { value: "Đang xem xét".into() },
            Kind::HistoryValueNotNumber { value: "mười".into() },
            Kind::HistoryTotalDiffers {
                indicator: "TTHC_TIEPNHAN".into(),
                total: Some(385_065.0),
                sum: Some(385_000.0),
            },
            Kind::CompareBeyondBound {
                indicator: "Số hồ sơ thủ tục hành chính tiếp nhận".into(),
                code: "TTHC_TIEPNHAN".into(),
                current: 9549.0,
                previous: 955.0,
                year: 2023,
                bound: 5.0,
            },
        ]
    }
}

/// Named facts of a plan problem (`plan.rs`), substituted into its catalogue template.
pub type Args = Vec<(&'static str, String)>;

/// One problem found in a file, at a place: its kind (code and facts) and its severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// From the kind ([`Kind::severity`]), set when the finding is made.
    pub severity: Severity,
    /// What was found, with its facts; the code and the sentences come from it. Boxed: a
    /// finding travels in every `Vec` and `Result`, and the largest kinds are a few hundred bytes.
    pub kind: Box<Kind>,
    /// Canonical sheet name ("Chỉ tiêu"), or `None` for a problem with the whole file.
    pub sheet: Option<String>,
    /// A1-style cell ("D7"), or `None` when the problem has no single cell.
    pub cell: Option<String>,
}

impl From<Kind> for Finding {
    fn from(kind: Kind) -> Self {
        Finding::new(kind)
    }
}

impl Finding {
    /// A finding of `kind`, with the kind's severity, not yet placed.
    #[must_use]
    pub fn new(kind: Kind) -> Self {
        Finding { severity: kind.severity(), kind: Box::new(kind), sheet: None, cell: None }
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

    /// Stable kebab-case code, e.g. `value-not-number`; scripts branch on it.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(lang)
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

    /// The JSON shape scripts rely on: `{severity, code, sheet, cell, message, facts}`. `facts`
    /// is the object of the kind's named fields (the values its message is made from): text as
    /// strings, counts, years, days and figures as numbers, a plan's own sentence as
    /// `{"vi", "en"}`; `{}` for a kind without facts. Documented per code in
    /// `docs/report-format.md`.
    #[must_use]
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity,
            "code": self.code(),
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message(lang),
            "facts": self.kind.facts(),
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
    use std::collections::BTreeSet;

    #[test]
    fn json_carries_the_facts_beside_the_message() {
        let kind = Kind::ValueNotNumber { code: "CT01".into(), value: "85%".into() };
        let json = Finding::new(kind).at("Chỉ tiêu", "D7").to_json(Lang::En);
        assert_eq!(json["severity"], "error");
        assert_eq!(json["code"], "value-not-number");
        assert_eq!(json["sheet"], "Chỉ tiêu");
        assert_eq!(json["cell"], "D7");
        assert_eq!(json["facts"], serde_json::json!({"code": "CT01", "value": "85%"}));
        let late = Kind::ReportLate { value: "10/06/2024".into(), last_day: "04/06/2024".into(), days: 6 };
        assert_eq!(Finding::new(late).to_json(Lang::Vi)["facts"]["days"], 6);
        assert_eq!(Finding::new(Kind::FileEmpty).to_json(Lang::Vi)["facts"], serde_json::json!({}));
    }

    /// Every finding message, both languages, rendered with the example facts and pinned whole:
    /// a change of wording shows in review as a diff of `src/snapshots/`.
    #[test]
    fn every_finding_message_in_both_languages() {
        let mut text = String::new();
        for kind in Kind::examples() {
            let (code, severity) = (kind.code(), kind.severity().label(Lang::En));
            text.push_str(&format!("{code} ({severity}) {}\n", kind.facts()));
            text.push_str(&format!("  vi: {}\n  en: {}\n", kind.message(Lang::Vi), kind.message(Lang::En)));
        }
        insta::assert_snapshot!(text);
    }

    /// The position of each kind in [`Kind::examples`]: a new kind fails to compile here until it
    /// is given a place, and the test below fails until it has an example.
    fn ordinal(kind: &Kind) -> usize {
        match kind {
            Kind::FileUnreadable { .. } => 0,
            Kind::FileNotFound => 1,
            Kind::FileIsFolder => 2,
            Kind::FileEmpty => 3,
            Kind::FileNotSpreadsheet { .. } => 4,
            Kind::FileUnknownFormat => 5,
            Kind::FileOldExcel => 6,
            Kind::FileHtml => 7,
            Kind::FileCsv => 8,
            Kind::FileBroken { .. } => 9,
            Kind::FileZipBomb { .. } => 10,
            Kind::FilePassword => 11,
            Kind::FileReaderPanic { .. } => 12,
            Kind::FileNoSheets => 13,
            Kind::SheetUnreadable { .. } => 14,
            Kind::SheetCut { .. } => 15,
            Kind::SheetTooLarge { .. } => 16,
            Kind::FileConsolidated => 17,
            Kind::SheetMissing { .. } => 18,
            Kind::HeaderNotFound { .. } => 19,
            Kind::TextLegacyEncoding { .. } => 20,
            Kind::TextLegacyUnconverted { .. } => 21,
            Kind::FormulaNoValue { .. } => 22,
            Kind::UnitMissing => 23,
            Kind::UnitUnknownCode { .. } => 24,
            Kind::UnitUnknownName { .. } => 25,
            Kind::UnitMismatch { .. } => 26,
            Kind::UnitNotExpected { .. } => 27,
            Kind::UnitEnded { .. } => 28,
            Kind::UnitGroupNotReporting { .. } => 29,
            Kind::UnitNameOtherPeriods { .. } => 30,
            Kind::PeriodMissing => 31,
            Kind::PeriodUnknown { .. } => 32,
            Kind::YearMissing => 33,
            Kind::YearInvalid { .. } => 34,
            Kind::YearOutsidePlan { .. } => 35,
            Kind::DateMissing => 36,
            Kind::DateUnreadable { .. } => 37,
            Kind::DateFuture { .. } => 38,
            Kind::ReportLate { .. } => 39,
            Kind::TaskCodeMissing => 40,
            Kind::TaskUnknown { .. } => 41,
            Kind::TaskDuplicate { .. } => 42,
            Kind::TaskMissing { .. } => 43,
            Kind::StatusMissing { .. } => 44,
            Kind::StatusUnknown { .. } => 45,
            Kind::ResultMissing { .. } => 46,
            Kind::DoneNotDue { .. } => 47,
            Kind::IndicatorCodeMissing => 48,
            Kind::IndicatorUnknown { .. } => 49,
            Kind::IndicatorDuplicate { .. } => 50,
            Kind::IndicatorMissing { .. } => 51,
            Kind::IndicatorBlank { .. } => 52,
            Kind::IndicatorBlankYesno { .. } => 53,
            Kind::IndicatorNotOwed { .. } => 54,
            Kind::RateIgnored { .. } => 55,
            Kind::ValueNotNumber { .. } => 56,
            Kind::ValueNegative { .. } => 57,
            Kind::ValueNotWhole { .. } => 58,
            Kind::ValueNotYesno { .. } => 59,
            Kind::UnitAmbiguous { .. } => 60,
            Kind::SheetDuplicate { .. } => 61,
            Kind::ValueMerged { .. } => 62,
            Kind::ValuePlaceholder { .. } => 63,
            Kind::ValueAmbiguous { .. } => 64,
            Kind::ValueEnglishFormat { .. } => 65,
            Kind::ValuePercent { .. } => 66,
            Kind::DateBeforePeriod { .. } => 67,
            Kind::ReportOtherYear { .. } => 68,
            Kind::DateSwapped { .. } => 69,
            Kind::RuleFailed { .. } => 70,
            Kind::ReceivedNotAUnit { .. } => 71,
            Kind::ReceivedBadDate { .. } => 72,
            Kind::HistoryUnknownStatus { .. } => 73,
            Kind::HistoryValueNotNumber { .. } => 74,
            Kind::HistoryTotalDiffers { .. } => 75,
            Kind::CompareBeyondBound { .. } => 76,
        }
    }

    #[test]
    fn every_kind_has_one_example_and_its_own_code() {
        let examples = Kind::examples();
        let ordinals: Vec<usize> = examples.iter().map(ordinal).collect();
        assert_eq!(ordinals, (0..examples.len()).collect::<Vec<_>>(), "one example per kind, in order");
        let codes: BTreeSet<&str> = examples.iter().map(Kind::code).collect();
        assert_eq!(codes.len(), examples.len(), "two kinds share a code");
        for code in codes {
            let kebab = code.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
            assert!(kebab, "{code} is not kebab-case");
        }
    }

    /// `docs/report-format.md` lists every code with its facts, in a table generated from the
    /// examples: when this fails, paste the printed table over the old one.
    #[test]
    fn the_docs_list_every_code_and_its_facts() {
        let docs = include_str!("../docs/report-format.md");
        let table = facts_table();
        assert!(docs.contains(&table), "docs/report-format.md must contain this table:\n{table}");
        let described = include_str!("../docs/consolidation.md").to_string() + docs;
        for kind in Kind::examples() {
            let code = kind.code();
            assert!(described.contains(&format!("`{code}`")), "{code} is not described in docs/");
        }
    }

    fn facts_table() -> String {
        let mut table = String::from("| Mã — Code | Dữ kiện — Facts |\n|---|---|\n");
        for kind in Kind::examples() {
            let facts = kind.facts();
            let list: Vec<String> = facts
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, value)| {
                    let shape = match value {
                        serde_json::Value::String(_) => "chuỗi",
                        serde_json::Value::Number(n) if n.is_f64() => "số",
                        serde_json::Value::Number(_) => "số nguyên",
                        _ => "{vi, en}",
                    };
                    format!("`{name}` ({shape})")
                })
                .collect();
            let list = if list.is_empty() { "—".to_string() } else { list.join(", ") };
            table.push_str(&format!("| `{}` | {list} |\n", kind.code()));
        }
        table
    }

    #[test]
    fn cell_names_are_a1() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }
}
