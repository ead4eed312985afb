//! The report workbook's contract between the units and Sở Nội vụ, declared once: sheet names,
//! the headers the template writes, the header spellings the reader accepts for each column, and
//! the "Thông tin" labels. The template writer (`workbook::template`), the sample writer
//! (`examples/sample/`), validation and `docs/report-format.md` all take it from here; a test
//! checks that every header the template writes is one the reader accepts, and that the docs
//! name every sheet and header.

/// Sheet names, canonical: findings name sheets this way, whatever the file's spelling.
pub const SHEET_INFO: &str = "Thông tin";
pub const SHEET_TASKS: &str = "Nhiệm vụ";
pub const SHEET_INDICATORS: &str = "Chỉ tiêu";
pub const SHEET_RECOMMENDATIONS: &str = "Kiến nghị";
pub const SHEET_MODELS: &str = "Mô hình";
/// Instructions for the clerk in the template; not read back.
pub const SHEET_GUIDE: &str = "Hướng dẫn";
/// The status sheet of baocao's own consolidated workbook (how it is told from a report).
pub const SHEET_CONSOLIDATED: &str = "Tình hình nộp";

// ---------------------------------------------------------------------------------------------
// baocao's own consolidated workbook, as `history` reads it back (`workbook::consolidated`
// writes it; `history`'s round-trip test checks the writer still writes every name below).
// ---------------------------------------------------------------------------------------------

/// The cover page of the consolidated workbook.
pub const OUT_SUMMARY: &str = "Tổng hợp";
/// Status counts per task, then the unit × task matrix.
pub const OUT_TASKS: &str = "Nhiệm vụ";
/// Province and group totals per indicator.
pub const OUT_TOTALS: &str = "Chỉ tiêu";
/// Units × indicators.
pub const OUT_BY_UNIT: &str = "Chỉ tiêu theo đơn vị";
pub const OUT_RECOMMENDATIONS: &str = "Kiến nghị";
pub const OUT_MODELS: &str = "Mô hình";
/// Every file read and every finding.
pub const OUT_CHECKS: &str = "Kiểm tra";
/// One row per unit × indicator value.
pub const OUT_DATA: &str = "Dữ liệu";

/// Custom document properties (docProps/custom.xml) of the consolidated workbook: the marker
/// `baocao-output = consolidated`, then the cycle it consolidates, machine-readable and never
/// printed: the plan's number and name, the period id, the year, and the baocao version that
/// wrote it.
pub const PROP_MARKER: (&str, &str) = ("baocao-output", "consolidated");
pub const PROP_PLAN: &str = "baocao-plan";
pub const PROP_PLAN_NAME: &str = "baocao-plan-name";
pub const PROP_PERIOD: &str = "baocao-period";
pub const PROP_YEAR: &str = "baocao-year";
pub const PROP_VERSION: &str = "baocao-version";

/// Headers of the consolidated workbook that `history` finds its columns by (exact text, the
/// writer's spelling). "Tình hình nộp": code, name, group, document number, report date,
/// submission date judged, status, days late.
pub const OUT_UNIT_HEADERS: [&str; 8] =
    ["Mã", "Tên đơn vị", "Nhóm", "Số văn bản", "Ngày báo cáo", "Ngày nộp được tính", "Tình trạng", "Số ngày trễ"];
/// "Chỉ tiêu": code, province total, units reported, units owing. The group subtotals sit
/// between the province total and "Đơn vị đã báo cáo", one column per group, headed by the
/// group's label.
pub const OUT_TOTAL_HEADERS: [&str; 4] = ["Mã", "Toàn tỉnh", "Đơn vị đã báo cáo", "Đơn vị phải báo cáo"];
/// What "Chỉ tiêu" shows instead of totals for an indicator not due in the period.
pub const OUT_NOT_DUE: &str = "chưa đến kỳ";
/// "Nhiệm vụ", the counts table: code, title, due this period; then one column per status of
/// the plan and [`OUT_TASK_BLANK`].
pub const OUT_TASK_HEADERS: [&str; 3] = ["Mã", "Nhiệm vụ", "Kỳ này"];
pub const OUT_TASK_BLANK: &str = "Không ghi";
/// "Kỳ này" of a task due in the period.
pub const OUT_TASK_DUE: &str = "Đến hạn";
/// "Nhiệm vụ", the matrix below the counts: the unit code column, then one column per task.
pub const OUT_MATRIX_UNIT: &str = "Mã đơn vị";
/// "Dữ liệu": unit code, indicator code, value.
pub const OUT_DATA_HEADERS: [&str; 3] = ["Mã ĐV", "Mã chỉ tiêu", "Số liệu"];
/// "Kiến nghị" and "Mô hình": the running number and unit code before each row's own columns
/// ([`RECOMMENDATION_HEADERS`] and [`MODEL_HEADERS`] after "STT").
pub const OUT_LIST_HEADERS: [&str; 2] = ["STT", "Mã ĐV"];

/// "Thông tin" labels as the template writes them, column A, in this order; [`info_key`] reads
/// these and their usual variants.
pub const INFO_LABELS: [&str; 9] =
    ["Mã đơn vị", "Tên đơn vị", "Kỳ báo cáo", "Năm", "Số văn bản", "Ngày báo cáo", "Người lập", "Điện thoại", "Email"];
/// Headers the template writes on each table sheet, left to right.
pub const TASK_HEADERS: [&str; 5] = ["Mã", "Nhiệm vụ", "Tình trạng", "Kết quả thực hiện", "Hạn chế, khó khăn"];
pub const INDICATOR_HEADERS: [&str; 5] = ["Mã", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"];
pub const RECOMMENDATION_HEADERS: [&str; 3] = ["STT", "Nội dung kiến nghị, đề xuất", "Cơ quan tiếp nhận"];
pub const MODEL_HEADERS: [&str; 4] = ["STT", "Tên mô hình", "Lĩnh vực", "Kết quả, hiệu quả"];

/// A table sheet's column as the reader finds it: a key, the header texts accepted for it
/// (lower case; compared through the folding key, and a header may also start with one of
/// them, "Số liệu (6 tháng)"), and whether the table needs it.
#[derive(Debug)]
pub struct Column {
    pub key: &'static str,
    pub labels: &'static [&'static str],
    pub required: bool,
}

const fn col(key: &'static str, labels: &'static [&'static str], required: bool) -> Column {
    Column { key, labels, required }
}

/// "Nhiệm vụ": code, title, status, result, limits.
pub const TASK_COLUMNS: &[Column] = &[
    col("code", &["mã", "mã số", "mã nhiệm vụ", "ma"], true),
    col("title", &["nhiệm vụ", "nội dung nhiệm vụ", "nội dung"], false),
    col("status", &["tình trạng", "tình trạng thực hiện", "trạng thái"], true),
    col("result", &["kết quả thực hiện", "kết quả"], true),
    col("limits", &["hạn chế, khó khăn", "hạn chế", "khó khăn", "tồn tại, hạn chế"], false),
];

/// "Chỉ tiêu": code, name, measure, value, note.
pub const INDICATOR_COLUMNS: &[Column] = &[
    col("code", &["mã", "mã số", "mã chỉ tiêu", "ma"], true),
    col("name", &["chỉ tiêu", "tên chỉ tiêu", "nội dung"], false),
    col("measure", &["đơn vị tính", "đvt"], false),
    col("value", &["số liệu", "giá trị", "kết quả", "số lượng"], true),
    col("note", &["ghi chú"], false),
];

/// "Kiến nghị": number, text, addressee.
pub const RECOMMENDATION_COLUMNS: &[Column] = &[
    col("stt", &["stt", "số thứ tự", "tt"], false),
    col(
        "text",
        &["nội dung kiến nghị, đề xuất", "nội dung kiến nghị", "kiến nghị, đề xuất", "kiến nghị", "nội dung"],
        true,
    ),
    col("addressee", &["cơ quan tiếp nhận", "nơi nhận", "cơ quan"], false),
];

/// "Mô hình": number, name, field, result.
pub const MODEL_COLUMNS: &[Column] = &[
    col("stt", &["stt", "số thứ tự", "tt"], false),
    col("name", &["tên mô hình", "mô hình"], true),
    col("field", &["lĩnh vực"], false),
    col("result", &["kết quả, hiệu quả", "kết quả", "hiệu quả"], false),
];

/// The field of a "Thông tin" label (lower case, as folded): `code`, `name`, `period`, `year`,
/// `doc_number`, `date`, `author`, `phone`, `email`; `None` for any other text.
#[must_use]
pub fn info_key(label: &str) -> Option<&'static str> {
    Some(match label {
        "mã đơn vị" | "mã đv" | "ma don vi" => "code",
        "tên đơn vị" | "đơn vị" | "đơn vị báo cáo" | "ten don vi" => "name",
        "kỳ báo cáo" | "kỳ" | "ky bao cao" => "period",
        "năm" | "năm báo cáo" | "nam" => "year",
        "số văn bản" | "số" | "số hiệu văn bản" => "doc_number",
        "ngày báo cáo" | "ngày" | "ngay bao cao" => "date",
        "người lập" | "người lập báo cáo" | "người báo cáo" => "author",
        "điện thoại" | "số điện thoại" | "đt" => "phone",
        "email" | "e-mail" | "thư điện tử" => "email",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every header the template writes is one the reader accepts, in the same order as the
    /// reader's columns, so a blank template always reads back.
    #[test]
    fn written_headers_are_accepted_headers() {
        for (written, columns) in [
            (&TASK_HEADERS[..], TASK_COLUMNS),
            (&INDICATOR_HEADERS[..], INDICATOR_COLUMNS),
            (&RECOMMENDATION_HEADERS[..], RECOMMENDATION_COLUMNS),
            (&MODEL_HEADERS[..], MODEL_COLUMNS),
        ] {
            assert_eq!(written.len(), columns.len());
            for (header, column) in written.iter().zip(columns) {
                assert!(column.labels.contains(&header.to_lowercase().as_str()), "{header} for {}", column.key);
            }
        }
        for label in INFO_LABELS {
            assert!(info_key(&label.to_lowercase()).is_some(), "{label}");
        }
    }

    /// `docs/report-format.md` names every sheet and every header of the contract.
    #[test]
    fn the_docs_name_every_sheet_and_header() {
        let docs = include_str!("../docs/report-format.md");
        let all = [SHEET_INFO, SHEET_TASKS, SHEET_INDICATORS, SHEET_RECOMMENDATIONS, SHEET_MODELS]
            .into_iter()
            .chain(INFO_LABELS)
            .chain(TASK_HEADERS)
            .chain(INDICATOR_HEADERS)
            .chain(RECOMMENDATION_HEADERS)
            .chain(MODEL_HEADERS);
        for name in all {
            assert!(docs.contains(name), "docs/report-format.md does not name \"{name}\"");
        }
    }
}
