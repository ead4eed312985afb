//! The message catalogue: the user-facing sentences other than findings (plan problems,
//! consolidation notes, headings, labels, verdict lines), in Vietnamese and English, keyed by a
//! stable code. The plan checker carries codes and named facts; text is made here only, so the
//! two languages stay in step (a test checks that both sides of every entry use the same
//! placeholders). Findings' sentences are in `findings.rs`, typed.
//!
//! Each area of the tool has its own section below; add entries to your area's section.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt (default).
    #[default]
    Vi,
    /// English.
    En,
}

/// One catalogue entry: a code and its two texts. `{name}` is replaced by the fact `name`.
struct Entry {
    code: &'static str,
    vi: &'static str,
    en: &'static str,
}

const fn e(code: &'static str, vi: &'static str, en: &'static str) -> Entry {
    Entry { code, vi, en }
}

// ---------------------------------------------------------------------------------------------
// Plan file (plan.rs)
// ---------------------------------------------------------------------------------------------
const PLAN: &[Entry] = &[
    e(
        "plan-syntax",
        "Sai cú pháp TOML: {detail}. Sửa dòng này cho đúng cú pháp (chuỗi đặt trong ngoặc kép, mỗi khóa một dòng).",
        "TOML syntax error: {detail}. Fix this line (strings in double quotes, one key per line).",
    ),
    e(
        "plan-missing-section",
        "Thiếu mục [{section}]. Thêm mục này (xem plan.toml mẫu đi kèm baocao).",
        "Section [{section}] is missing. Add it (see the plan.toml shipped with baocao).",
    ),
    e(
        "plan-duplicate-code",
        "Mã \"{code}\" bị trùng trong {what} (đã dùng ở dòng {first_line}). Đổi một trong hai mã cho khác nhau.",
        "Code \"{code}\" is used twice in {what} (first at line {first_line}). Give one of them another code.",
    ),
    e(
        "plan-bad-code",
        "Mã \"{code}\" không hợp lệ. Mã chỉ gồm chữ không dấu, số, '-' và '_', không có khoảng trắng.",
        "Code \"{code}\" is not valid. Use only unaccented letters, digits, '-' and '_', no spaces.",
    ),
    e(
        "plan-unknown-indicator",
        "{field} = \"{code}\": không có chỉ tiêu nào mang mã này. Dùng mã của một mục [[chi_tieu]].",
        "{field} = \"{code}\": no indicator has this code. Use the code of a [[chi_tieu]] entry.",
    ),
    e(
        "plan-unknown-task",
        "nhiem_vu = \"{code}\": không có nhiệm vụ nào mang mã này. Dùng một trong: {known}.",
        "nhiem_vu = \"{code}\": no task has this code. Use one of: {known}.",
    ),
    e(
        "plan-unknown-period",
        "{field} = \"{value}\": không có kỳ báo cáo \"{code}\". Dùng một trong: {known}.",
        "{field} = \"{value}\": there is no period \"{code}\". Use one of: {known}.",
    ),
    e(
        "plan-unknown-unit",
        "don_vi = \"{code}\": không có đơn vị nào mang mã này.",
        "don_vi = \"{code}\": no unit has this code.",
    ),
    e(
        "plan-bad-date",
        "Ngày \"{value}\" không có thật hoặc sai dạng. Viết ngày/tháng/năm, ví dụ \"14/01/2022\".",
        "Date \"{value}\" does not exist or is malformed. Write day/month/year, e.g. \"14/01/2022\".",
    ),
    e(
        "plan-bad-day-month",
        "han_ngay = \"{value}\" không phải ngày/tháng có thật. Viết \"ngày/tháng\", ví dụ \"05/06\" hoặc \"31/10\".",
        "han_ngay = \"{value}\" is not a real day/month. Write \"day/month\", e.g. \"05/06\" or \"31/10\".",
    ),
    e(
        "plan-bad-years",
        "nam = [{first}, {last}]: năm đầu phải nhỏ hơn hoặc bằng năm cuối, trong khoảng 2000–2100.",
        "nam = [{first}, {last}]: the first year must not be after the last, both within 2000–2100.",
    ),
    e(
        "plan-bad-period-ref",
        "{field} = \"{value}\" sai dạng. Viết \"mã-kỳ/năm\", ví dụ \"6-thang/2025\".",
        "{field} = \"{value}\" is malformed. Write \"period/year\", e.g. \"6-thang/2025\".",
    ),
    e(
        "plan-bad-bound",
        "bien_do = {value} của chỉ tiêu {code} không dùng được: ghi một số lớn hơn 1, ví dụ 5 (số liệu gấp hơn 5 lần hoặc chưa bằng 1/5 cùng kỳ năm trước thì cảnh báo).",
        "bien_do = {value} of indicator {code} is not usable: write a number above 1, e.g. 5 (a figure more than 5 times, or under a fifth, of the same period last year gets a warning).",
    ),
    e(
        "plan-bad-range",
        "tu_ky \"{from}\" đứng sau den_ky \"{to}\". Đổi lại cho đúng thứ tự.",
        "tu_ky \"{from}\" comes after den_ky \"{to}\". Swap them.",
    ),
    e(
        "plan-period-outside-plan",
        "{field} = \"{value}\": năm nằm ngoài các năm của kế hoạch ({years}). Sửa năm (ví dụ \"6-thang/2025\").",
        "{field} = \"{value}\": the year is outside the plan's years ({years}). Fix the year (e.g. \"6-thang/2025\").",
    ),
    e(
        "plan-unknown-predecessor",
        "ke_thua của {unit}: \"{code}\" không phải mã của một đơn vị khác trong kế hoạch. Ghi mã của đơn vị được kế thừa (mục [[don_vi]]).",
        "ke_thua of {unit}: \"{code}\" is not the code of another unit of the plan. Write the code of the unit succeeded ([[don_vi]] entry).",
    ),
    e(
        "plan-predecessor-never-ends",
        "{unit} kế thừa {code}, nhưng {code} không có den_ky: một đơn vị vẫn báo cáo thì không có đơn vị kế thừa. Ghi den_ky cho {code} (kỳ báo cáo cuối cùng của nó).",
        "{unit} succeeds {code}, but {code} has no den_ky: a unit still reporting has no successor. Give {code} a den_ky (its last period).",
    ),
    e(
        "plan-no-units",
        "Kế hoạch chưa có đơn vị báo cáo nào. Thêm ít nhất một mục [[don_vi]].",
        "The plan has no reporting units. Add at least one [[don_vi]] entry.",
    ),
    e(
        "plan-no-tasks",
        "Kế hoạch chưa có nhiệm vụ nào. Thêm ít nhất một mục [[nhiem_vu]].",
        "The plan has no tasks. Add at least one [[nhiem_vu]] entry.",
    ),
    e(
        "plan-no-periods",
        "Kế hoạch chưa có kỳ báo cáo nào. Thêm ít nhất một mục [[ky]].",
        "The plan has no reporting periods. Add at least one [[ky]] entry.",
    ),
    e(
        "plan-no-statuses",
        "Kế hoạch chưa có danh sách tình trạng. Thêm các mục [[tinh_trang]].",
        "The plan has no status list. Add [[tinh_trang]] entries.",
    ),
    e(
        "plan-shared-alias",
        "Cách viết \"{alias}\" của {unit} trùng với {other} (dòng {other_line}). Một cách viết chỉ được thuộc về một đơn vị: xóa hoặc viết rõ hơn.",
        "Alias \"{alias}\" of {unit} is also used by {other} (line {other_line}). An alias may belong to one unit only: remove it or make it specific.",
    ),
    e(
        "plan-shared-period-alias",
        "Cách viết \"{alias}\" của kỳ {period} trùng với kỳ {other}. Xóa ở một trong hai kỳ.",
        "Alias \"{alias}\" of period {period} is also used by period {other}. Remove it from one of them.",
    ),
    e(
        "plan-rate-part-not-number",
        "Tỷ lệ {code}: {field} = \"{part}\" là chỉ tiêu loại \"{kind}\", không phải số. Tử số và mẫu số phải là chỉ tiêu \"so-luong\" hoặc \"gia-tri\".",
        "Rate {code}: {field} = \"{part}\" is of kind \"{kind}\", not a number. Numerator and denominator must be \"so-luong\" or \"gia-tri\" indicators.",
    ),
    e(
        "plan-rate-missing-part",
        "Tỷ lệ {code} cần cả tu_so và mau_so (mã hai chỉ tiêu số).",
        "Rate {code} needs both tu_so and mau_so (codes of two numeric indicators).",
    ),
    e(
        "plan-rule-not-number",
        "Quy tắc {id}: {field} = \"{code}\" là chỉ tiêu loại \"{kind}\"; quy tắc chỉ so sánh chỉ tiêu số.",
        "Rule {id}: {field} = \"{code}\" is of kind \"{kind}\"; rules compare numeric indicators only.",
    ),
    e(
        "plan-bad-value",
        "{field} = \"{value}\" không hợp lệ. Dùng một trong: {allowed}.",
        "{field} = \"{value}\" is not valid. Use one of: {allowed}.",
    ),
    e(
        "plan-no-status-meaning",
        "Danh sách tình trạng phải có một mục y_nghia = \"{meaning}\".",
        "The status list needs an entry with y_nghia = \"{meaning}\".",
    ),
    // [ky_ten]: the signer of the consolidated report (issue 13).
    e(
        "plan-bad-authority",
        "quyen_han = \"{value}\": thẩm quyền ký phải bắt đầu bằng \"KT. \", \"TL. \", \"TUQ. \" hoặc \"Q. \" (ví dụ \"KT. GIÁM ĐỐC\"), hoặc để trống khi người đứng đầu ký.",
        "quyen_han = \"{value}\": the signing authority must start with \"KT. \", \"TL. \", \"TUQ. \" or \"Q. \" (e.g. \"KT. GIÁM ĐỐC\"), or be empty when the head signs.",
    ),
    e(
        "plan-bad-number-pattern",
        "so_van_ban = \"{value}\": viết số báo cáo với {so} ở chỗ số do văn thư cấp, ví dụ \"{so}/BC-SNV\".",
        "so_van_ban = \"{value}\": write the report number with {so} where the register's number goes, e.g. \"{so}/BC-SNV\".",
    ),
    e("plan-empty-field", "{field} đang để trống. Điền nội dung cho trường này.", "{field} is empty. Fill it in."),
    e("plan-unreadable", "Không đọc được tệp kế hoạch {path}: {detail}.", "Cannot read plan file {path}: {detail}."),
];

// Findings (report.rs, validation.rs, register.rs) are not here: each kind of finding has its
// facts as typed fields and its two sentences in `findings.rs`, where an exhaustive `match` per
// language makes a missing translation or a misspelt fact a compile error.

// ---------------------------------------------------------------------------------------------
// Consolidation (consolidation.rs, commands/consolidate.rs, commands/status.rs)
// ---------------------------------------------------------------------------------------------
const CONSOLIDATION: &[Entry] = &[
    e("consolidation-status-on_time", "Đúng hạn", "On time"),
    e("consolidation-status-late", "Trễ hạn", "Late"),
    e("consolidation-status-missing", "Chưa nộp", "Missing"),
    e("consolidation-status-not_due", "Chưa đến hạn", "Not yet due"),
    e("consolidation-status-invalid", "Báo cáo có lỗi", "Report has errors"),
    e("consolidation-role-used", "Được tổng hợp", "Used"),
    e("consolidation-role-superseded", "Bị thay thế", "Superseded"),
    e("consolidation-role-invalid", "Có lỗi, không tổng hợp", "Has errors, not counted"),
    e("consolidation-role-skipped", "Bỏ qua", "Skipped"),
    e(
        "consolidation-skip-other-period",
        "báo cáo của kỳ khác ({period} {year})",
        "a report for another period ({period} {year})",
    ),
    e(
        "consolidation-skip-unit-not-expected",
        "đơn vị không phải báo cáo kỳ này",
        "the unit does not report for this period",
    ),
    e(
        "consolidation-skip-consolidated",
        "tệp tổng hợp do baocao tạo, không phải báo cáo đơn vị",
        "a consolidated workbook written by baocao, not a unit report",
    ),
    e(
        "consolidation-skip-other-spreadsheet",
        "bảng tính không có sheet \"Thông tin\", không phải báo cáo",
        "a spreadsheet without a \"Thông tin\" sheet, not a report",
    ),
    e("consolidation-skip-unreadable", "không đọc được như một bảng tính", "cannot be read as a spreadsheet"),
    e("consolidation-skip-lock-file", "tệp khóa tạm của Office (~$)", "an Office lock file (~$)"),
    e(
        "consolidation-skip-not-spreadsheet",
        "không phải bảng tính (xét cả đuôi tệp lẫn nội dung)",
        "not a spreadsheet (by its extension or its content)",
    ),
    e("consolidation-replaced-by", "được thay bằng {file}", "replaced by {file}"),
    e(
        "consolidation-skip-register",
        "sổ văn bản đến (--received), đọc để lấy ngày nhận",
        "the register of incoming documents (--received), read for the dates received",
    ),
    e("consolidation-evidence-doc_number", "số văn bản lớn hơn", "a higher document number"),
    e(
        "consolidation-evidence-correction_mark",
        "ghi \"bản sửa\", \"bản cuối\" hoặc \"lần 2\" ở tên tệp hoặc tiêu đề",
        "\"bản sửa\", \"bản cuối\" or \"lần 2\" in the file name or title",
    ),
    e("consolidation-evidence-report_date", "ngày báo cáo muộn hơn", "a later report date"),
    e(
        "consolidation-evidence-file_time",
        "giờ lưu tệp muộn hơn (trong tệp không có căn cứ nào khác)",
        "a later file time (nothing in the files told them apart)",
    ),
    e(
        "consolidation-evidence-file_name",
        "thứ tự tên tệp (không có căn cứ nào khác)",
        "file name order (nothing else told them apart)",
    ),
    e("consolidation-story-used", "dùng {file} (căn cứ: {evidence})", "{file} counts (decided by: {evidence})"),
    e(
        "consolidation-story-superseded",
        "{file} bị thay thế bởi {used} (căn cứ: {evidence})",
        "{file} superseded by {used} (decided by: {evidence})",
    ),
    e(
        "consolidation-story-conflict",
        "XUNG ĐỘT: {file} cùng ngày báo cáo {date} với {used} nhưng số liệu khác; đã dùng {used} (căn cứ: {evidence}), cần kiểm tra lại với đơn vị",
        "CONFLICT: {file} has the same report date {date} as {used} but other figures; {used} was used (decided by: {evidence}); check with the unit",
    ),
    e(
        "consolidation-story-latest-invalid",
        "tệp mới nhất {file} có {errors} lỗi{first} nên không được tổng hợp; dùng {used} thay thế",
        "the latest file {file} has {errors} error(s){first} and is not counted; {used} is used instead",
    ),
    e(
        "consolidation-story-invalid",
        "{file} có {errors} lỗi, không tổng hợp",
        "{file} has {errors} error(s), not counted",
    ),
    e(
        "ui.received-unreadable",
        "Không đọc được sổ văn bản đến {path}: {detail}",
        "Cannot read the register {path}: {detail}",
    ),
    e(
        "consolidation-story-received-no-file",
        "sổ văn bản đến ghi đã nhận ngày {date} nhưng không có tệp báo cáo nào của đơn vị trong các thư mục đã tổng hợp; tìm tệp đính kèm rồi tổng hợp lại",
        "the register says it was received on {date}, but no report file of this unit is in the inputs; find the attachment and consolidate again",
    ),
    e(
        "consolidation-story-other-period",
        "đã nhận tệp của kỳ khác: {file} ({period} {year})",
        "a file for another period was received: {file} ({period} {year})",
    ),
];

// ---------------------------------------------------------------------------------------------
// Past cycles read back, and the comparison with them (history.rs, consolidate --so-sanh)
// ---------------------------------------------------------------------------------------------
const HISTORY: &[Entry] = &[
    e("history-unreadable", "Không đọc được {path}: {reason}", "Cannot read {path}: {reason}"),
    e(
        "history-unit-report",
        "{path} là báo cáo của một đơn vị, không phải bảng tổng hợp. Truyền tệp .xlsx mà lệnh \"baocao consolidate\" đã ghi (-o) cho kỳ cần so sánh.",
        "{path} is a unit's report, not a consolidated workbook. Pass the .xlsx file that \"baocao consolidate\" wrote (-o) for the period to compare with.",
    ),
    e(
        "history-not-consolidated",
        "{path} không phải bảng tổng hợp do baocao tạo ra (không có trang \"Tình hình nộp\"). Truyền tệp .xlsx mà lệnh \"baocao consolidate\" đã ghi (-o) cho kỳ cần so sánh.",
        "{path} is not a consolidated workbook made by baocao (it has no \"Tình hình nộp\" sheet). Pass the .xlsx file that \"baocao consolidate\" wrote (-o) for the period to compare with.",
    ),
    e(
        "history-no-identity",
        "{path} là bảng tổng hợp do một phiên bản baocao cũ tạo ra, không ghi kế hoạch, kỳ và năm của nó. Tổng hợp lại kỳ đó bằng phiên bản này (baocao consolidate THƯ_MỤC --period KỲ --year NĂM -o TỆP.xlsx) rồi truyền tệp mới.",
        "{path} is a consolidated workbook made by an older baocao, which does not record its plan, period and year. Consolidate that period again with this version (baocao consolidate FOLDER --period ID --year YYYY -o FILE.xlsx) and pass the new file.",
    ),
    e(
        "history-missing-sheet",
        "{path} không còn trang \"{sheet}\" của bảng tổng hợp. Dùng tệp đúng như baocao đã ghi, hoặc tổng hợp lại kỳ đó.",
        "{path} no longer has the consolidated workbook's sheet \"{sheet}\". Use the file as baocao wrote it, or consolidate that period again.",
    ),
    e(
        "history-missing-columns",
        "Trang \"{sheet}\" của {path} không có đủ các cột {headers}. Dùng tệp đúng như baocao đã ghi, hoặc tổng hợp lại kỳ đó.",
        "Sheet \"{sheet}\" of {path} lacks the columns {headers}. Use the file as baocao wrote it, or consolidate that period again.",
    ),
    e(
        "compare-other-plan",
        "{path} là bảng tổng hợp theo kế hoạch {found}, không phải kế hoạch {expected} đang dùng. Truyền bảng tổng hợp cùng kỳ năm trước của kế hoạch {expected}.",
        "{path} is a consolidated workbook of plan {found}, not of plan {expected} in use. Pass last year's consolidated workbook of the same period under plan {expected}.",
    ),
    e(
        "compare-other-cycle",
        "{path} là bảng tổng hợp {found}; để so với cùng kỳ cần bảng tổng hợp {expected}. Truyền tệp .xlsx mà lệnh \"baocao consolidate\" đã ghi cho kỳ đó.",
        "{path} is the consolidated workbook of {found}; comparing with the same period of last year needs the one of {expected}. Pass the .xlsx file that \"baocao consolidate\" wrote for that period.",
    ),
    e("ui.compare-col-previous", "Cùng kỳ {year}", "Same period {year}"),
    e("ui.compare-col-change", "Tăng, giảm", "Change"),
    e("ui.compare-col-change-pct", "Tăng, giảm (%)", "Change (%)"),
    e("ui.compare-points", "điểm %", "pts"),
    e(
        "ui.compare-is-output",
        "{path} vừa là tệp ghi ra (-o) vừa là bảng tổng hợp cùng kỳ (--so-sanh): bảng năm trước sẽ bị ghi đè. Đặt tên khác cho tệp ghi ra.",
        "{path} is both the output (-o) and last year's workbook (--so-sanh): last year's would be overwritten. Give the output another name.",
    ),
    e(
        "ui.compare-warnings",
        "Số liệu vượt biên độ so với cùng kỳ năm {year} ({count}), xem trang \"Kiểm tra\":",
        "Figures beyond the bound against the same period of {year} ({count}), see sheet \"Kiểm tra\":",
    ),
];

// ---------------------------------------------------------------------------------------------
// The term's summary (consolidation/term.rs, commands/summary.rs: baocao tong-ket)
// ---------------------------------------------------------------------------------------------
const SUMMARY: &[Entry] = &[
    e(
        "summary-not-found",
        "Không có tệp {path}. Kiểm tra lại đường dẫn; các tệp còn lại vẫn được tổng kết.",
        "There is no file {path}. Check the path; the other files are still summed up.",
    ),
    e(
        "summary-unreadable",
        "Không đọc được {path}: {reason}. Truyền bảng tổng hợp .xlsx mà lệnh \"baocao consolidate\" đã ghi (-o).",
        "Cannot read {path}: {reason}. Pass the consolidated .xlsx workbook that \"baocao consolidate\" wrote (-o).",
    ),
    e(
        "summary-unit-report",
        "{path} là báo cáo của một đơn vị, không phải bảng tổng hợp. Tổng hợp kỳ đó trước (baocao consolidate THƯ_MỤC --period KỲ --year NĂM -o TỆP.xlsx) rồi truyền tệp tổng hợp.",
        "{path} is a unit's report, not a consolidated workbook. Consolidate that period first (baocao consolidate FOLDER --period ID --year YYYY -o FILE.xlsx) and pass the consolidated workbook.",
    ),
    e(
        "summary-not-consolidated",
        "{path} không phải bảng tổng hợp do baocao tạo ra. Truyền tệp .xlsx mà lệnh \"baocao consolidate\" đã ghi (-o) cho mỗi kỳ.",
        "{path} is not a consolidated workbook made by baocao. Pass the .xlsx file that \"baocao consolidate\" wrote (-o) for each period.",
    ),
    e(
        "summary-no-identity",
        "{path} là bảng tổng hợp do một phiên bản baocao cũ tạo ra, không ghi kế hoạch, kỳ và năm của nó. Tổng hợp lại kỳ đó bằng phiên bản này rồi truyền tệp mới.",
        "{path} is a consolidated workbook made by an older baocao, which does not record its plan, period and year. Consolidate that period again with this version and pass the new file.",
    ),
    e(
        "summary-damaged",
        "{path} thiếu trang hoặc cột \"{sheet}\" của bảng tổng hợp. Dùng tệp đúng như baocao đã ghi, hoặc tổng hợp lại kỳ đó.",
        "{path} lacks the consolidated workbook's sheet or columns \"{sheet}\". Use the file as baocao wrote it, or consolidate that period again.",
    ),
    e(
        "summary-other-plan",
        "{path} là bảng tổng hợp theo kế hoạch {found}, không phải kế hoạch {expected} đang dùng; tệp này không được tổng kết. Chỉ truyền bảng tổng hợp của kế hoạch {expected}.",
        "{path} is a consolidated workbook of plan {found}, not of plan {expected} in use; it is left out. Pass only consolidated workbooks of plan {expected}.",
    ),
    e(
        "summary-unknown-period",
        "{path} là bảng tổng hợp của kỳ \"{period}\", kế hoạch không có kỳ này (các kỳ: {known}); tệp này không được tổng kết.",
        "{path} is a consolidated workbook of the period \"{period}\", which the plan does not have (its periods: {known}); it is left out.",
    ),
    e(
        "summary-outside-term",
        "{path} là bảng tổng hợp {cycle}, ngoài thời gian kế hoạch ({years}); tệp này không được tổng kết.",
        "{path} is the consolidated workbook of {cycle}, outside the plan's years ({years}); it is left out.",
    ),
    e(
        "summary-duplicate",
        "{path} và {kept} đều là bảng tổng hợp {cycle}; dùng {kept} (tệp truyền trước), bỏ qua tệp này. Mỗi kỳ chỉ truyền một tệp.",
        "{path} and {kept} are both the consolidated workbook of {cycle}; {kept} (given first) is used and this file left out. Pass one file per period.",
    ),
    e("summary-no-workbook", "{cycle}: không có bảng tổng hợp", "{cycle}: no consolidated workbook"),
    e(
        "ui.summary-output-is-input",
        "Tệp ghi ra {path} cũng là một bảng tổng hợp đầu vào; baocao không bao giờ ghi đè tệp đầu vào. Chọn tên khác cho -o.",
        "The output {path} is also an input workbook; baocao never overwrites an input. Choose another name for -o.",
    ),
    e(
        "ui.summary-heading",
        "Tổng kết giai đoạn {first}–{last}: {present}/{cycles} kỳ có bảng tổng hợp.",
        "Summary of the term {first}–{last}: {present} of {cycles} periods have a consolidated workbook.",
    ),
    e("ui.summary-col-cycle", "Kỳ báo cáo", "Period"),
    e("ui.summary-col-workbook", "Bảng tổng hợp", "Consolidated workbook"),
    e("ui.summary-no-workbook", "(không có bảng tổng hợp)", "(no consolidated workbook)"),
    e("ui.summary-rejected", "Các tệp không được tổng kết:", "Files left out of the summary:"),
    e("ui.summary-written", "Đã ghi bảng tổng kết: {path}", "Summary workbook written: {path}"),
];

// ---------------------------------------------------------------------------------------------
// Terminal text: table headers, verdicts, labels (commands/*)
// ---------------------------------------------------------------------------------------------
const UI: &[Entry] = &[
    e("ui.error", "Lỗi: {detail}", "Error: {detail}"),
    e(
        "ui.plan-ok",
        "Kế hoạch hợp lệ: {path} ({tasks} nhiệm vụ, {periods} kỳ, {units} đơn vị, {indicators} chỉ tiêu, {rules} quy tắc).",
        "Plan is valid: {path} ({tasks} tasks, {periods} periods, {units} units, {indicators} indicators, {rules} rules).",
    ),
    e(
        "ui.plan-problems",
        "Kế hoạch {path} có {count} lỗi, cần sửa trước khi dùng:",
        "Plan {path} has {count} problem(s) to fix before use:",
    ),
    e("ui.line", "dòng {line}", "line {line}"),
    e("ui.tasks", "NHIỆM VỤ", "TASKS"),
    e("ui.periods", "KỲ BÁO CÁO", "REPORTING PERIODS"),
    e("ui.units", "ĐƠN VỊ BÁO CÁO", "REPORTING UNITS"),
    e("ui.indicators", "CHỈ TIÊU", "INDICATORS"),
    e("ui.rules", "QUY TẮC KIỂM TRA", "CHECKS"),
    e("ui.col-code", "Mã", "Code"),
    e("ui.col-task", "Nhiệm vụ", "Task"),
    e("ui.col-schedule", "Thời gian thực hiện", "Schedule"),
    e("ui.col-due-in", "Phải báo cáo ở kỳ", "Due in"),
    e("ui.col-period", "Kỳ", "Period"),
    e("ui.col-deadline-text", "Thời hạn (văn bản)", "Deadline (as written)"),
    e("ui.col-last-day", "Hạn cuối", "Last on-time day"),
    e("ui.col-name", "Tên", "Name"),
    e("ui.col-aliases", "Cách viết khác", "Aliases"),
    e("ui.col-valid", "Hiệu lực", "Valid"),
    e("ui.col-indicator", "Chỉ tiêu", "Indicator"),
    e("ui.col-measure", "Đơn vị tính", "Unit of measure"),
    e("ui.col-kind", "Loại", "Kind"),
    e("ui.col-owed-by", "Đơn vị phải báo cáo", "Owed by"),
    e("ui.col-rule", "Quy tắc", "Rule"),
    e("ui.col-severity", "Mức độ", "Severity"),
    e("ui.col-message", "Nội dung", "Message"),
    e("ui.col-date", "Ngày", "Date"),
    e("ui.col-weekday", "Thứ", "Weekday"),
    e("ui.col-days-left", "Còn lại", "Days left"),
    e("ui.col-note", "Ghi chú", "Note"),
    e("ui.all-units", "tất cả", "all"),
    e("ui.last-day-before", "ngày {day} (trước ngày {mark})", "{day} (before {mark})"),
    e("ui.last-day-on", "ngày {day}", "{day}"),
    e(
        "ui.rollover-on",
        "Hạn rơi vào thứ Bảy, Chủ nhật được lùi sang ngày làm việc tiếp theo (Điều 148 khoản 5 Bộ luật Dân sự 2015).",
        "A deadline on a Saturday or Sunday moves to the next working day (Civil Code 2015, art. 148(5)).",
    ),
    e(
        "ui.rollover-off",
        "Không lùi hạn khi rơi vào ngày nghỉ (thoi_han.lui_ngay_nghi = false).",
        "Deadlines on weekends are not moved (thoi_han.lui_ngay_nghi = false).",
    ),
    e("ui.calendar-title", "LỊCH BÁO CÁO NĂM {year} ({plan})", "REPORTING CALENDAR {year} ({plan})"),
    e(
        "ui.weekend-warning",
        "Cảnh báo: hạn cuối kỳ {period} ({date}) rơi vào {weekday}, ngày nghỉ cuối tuần.",
        "Warning: the last day of period {period} ({date}) falls on a {weekday}, a weekend day.",
    ),
    e("ui.weekend", "⚠ cuối tuần", "⚠ weekend"),
    e("ui.rolled-over", "đã lùi từ {from} (ngày nghỉ)", "moved from {from} (weekend)"),
    e("ui.days-left", "còn {days} ngày", "{days} days left"),
    e("ui.days-today", "hôm nay là hạn cuối", "today is the last day"),
    e("ui.days-passed", "đã quá {days} ngày", "passed {days} days ago"),
    e("ui.as-of", "Tính đến ngày {date}.", "As of {date}."),
    e("ui.group-off", "không báo cáo (bao_cao = false)", "does not report (bao_cao = false)"),
    e("ui.group-limited", "báo cáo {valid}", "reports ({valid})"),
    e("ui.group-units", "{group}: {count} đơn vị", "{group}: {count} units"),
    e("ui.succeeds", "kế thừa {units}", "succeeds {units}"),
    e("ui.succeeded-by", "đơn vị kế thừa: {units}", "succeeded by {units}"),
    e("ui.valid-always", "cả kế hoạch", "the whole plan"),
    e("ui.why-expected", "nhóm {group}; {valid}", "group {group}; {valid}"),
    e("ui.col-why", "Vì sao", "Why"),
    e(
        "ui.expected-title",
        "ĐƠN VỊ PHẢI BÁO CÁO {period} {year} (kỳ {code}/{year}): {count} đơn vị — {plan}",
        "UNITS REPORTING FOR {period} {year} (period {code}/{year}): {count} units — {plan}",
    ),
    e(
        "ui.not-expected-title",
        "KHÔNG PHẢI BÁO CÁO KỲ NÀY ({count} đơn vị)",
        "NOT REPORTING FOR THIS PERIOD ({count} units)",
    ),
    e("ui.absence-ended", "báo cáo lần cuối kỳ {last}", "last reported for {last}"),
    e("ui.absence-not-started", "báo cáo từ kỳ {first}", "reports from {first}"),
    e("ui.absence-group-off", "nhóm {group} không báo cáo kỳ này", "group {group} does not report for this period"),
    e(
        "ui.expected-recipients",
        "Nơi nhận báo cáo tổng hợp kỳ này: {recipients}.",
        "Recipients of this period's consolidated report: {recipients}.",
    ),
    e(
        "ui.calendar-ended",
        "{period}: thôi báo cáo (đã sắp xếp lại): {units}.",
        "{period}: no longer reporting (reorganised): {units}.",
    ),
    e("ui.calendar-starting", "{period}: bắt đầu báo cáo: {units}.", "{period}: reporting from now on: {units}."),
    e("ui.kind-count", "số lượng", "count"),
    e("ui.kind-amount", "giá trị", "amount"),
    e("ui.kind-yesno", "có/không", "yes/no"),
    e("ui.kind-rate", "tỷ lệ = {numerator} / {denominator} × 100", "rate = {numerator} / {denominator} × 100"),
    e(
        "ui.consolidate-unknown-period",
        "Kế hoạch không có kỳ báo cáo \"{period}\". Dùng một trong: {known}.",
        "The plan has no reporting period \"{period}\". Use one of: {known}.",
    ),
    e(
        "ui.consolidate-year-outside",
        "Năm {year} nằm ngoài các năm của kế hoạch ({years}).",
        "Year {year} is outside the plan's years ({years}).",
    ),
    e(
        "ui.consolidate-input-missing",
        "Không tìm thấy {path}. Kiểm tra lại đường dẫn thư mục hoặc tệp báo cáo.",
        "{path} not found. Check the path of the folder or report file.",
    ),
    e(
        "ui.consolidate-output-is-input",
        "Tệp ghi ra {path} cũng là tệp đầu vào; baocao không bao giờ ghi đè báo cáo của đơn vị. Chọn tên khác cho -o.",
        "The output {path} is also an input; baocao never overwrites a unit report. Choose another name for -o.",
    ),
    e(
        "ui.consolidate-heading",
        "Báo cáo {period}: hạn cuối {last_day}, tính đến ngày {as_of}.",
        "Reports for {period}: last on-time day {last_day}, as of {as_of}.",
    ),
    e("ui.consolidate-col-group", "Nhóm đơn vị", "Group"),
    e("ui.consolidate-col-expected", "Phải báo cáo", "Expected"),
    e("ui.consolidate-col-unit", "Đơn vị", "Unit"),
    e("ui.consolidate-col-status", "Tình trạng", "Status"),
    e("ui.consolidate-col-days-late", "Số ngày trễ", "Days late"),
    e("ui.consolidate-col-file", "Tệp", "File"),
    e("ui.consolidate-col-province", "Toàn tỉnh", "Province"),
    e("ui.consolidate-col-reported", "Đơn vị báo cáo", "Units reporting"),
    e("ui.consolidate-total", "Tổng cộng", "Total"),
    e(
        "ui.consolidate-files",
        "{total} tệp: {used} được tổng hợp, {superseded} bị thay thế, {invalid} có lỗi, {skipped} bỏ qua.",
        "{total} files: {used} used, {superseded} superseded, {invalid} with errors, {skipped} skipped.",
    ),
    e("ui.consolidate-written", "Đã ghi bảng tổng hợp: {path}", "Consolidated workbook written: {path}"),
    e(
        "ui.fate-superseded",
        "bị thay thế bởi {file} (căn cứ: {evidence})",
        "superseded by {file} (decided by: {evidence})",
    ),
    e("ui.fate-invalid", "có {errors} lỗi, không tổng hợp", "{errors} error(s), not counted"),
    e("ui.files-superseded", "Tệp bị thay thế ({count}):", "Files superseded ({count}):"),
    e("ui.files-invalid", "Tệp có lỗi, không tổng hợp ({count}):", "Files with errors, not counted ({count}):"),
    e("ui.files-skipped", "Tệp bỏ qua ({count}):", "Files skipped ({count}):"),
    e(
        "ui.consolidate-gathered",
        "Đã tập hợp từ các báo cáo được tổng hợp: {narratives} nội dung kết quả thực hiện, {recommendations} kiến nghị, {models} mô hình.",
        "Gathered from the counted reports: {narratives} task narratives, {recommendations} recommendations, {models} models.",
    ),
    e("ui.unit-notes", "Ghi chú theo đơn vị:", "Notes by unit:"),
    e("ui.status-col-submitted", "Ngày nộp", "Submitted"),
    e("ui.consolidate-yes-units", "đơn vị \u{201c}Có\u{201d}", "units answering \u{201c}Có\u{201d}"),
    e("ui.template-written", "Đã tạo mẫu: {path}", "Template written: {path}"),
    e(
        "ui.template-unknown-unit",
        "Không có đơn vị nào mang mã \"{code}\".{suggest} Xem danh sách mã đơn vị: baocao plan.",
        "No unit has the code \"{code}\".{suggest} See the unit codes: baocao plan.",
    ),
    e("ui.template-did-you-mean", " Có phải là: {codes}?", " Did you mean: {codes}?"),
    e(
        "ui.template-unknown-period",
        "Không có kỳ báo cáo \"{period}\". Dùng một trong: {known}.",
        "There is no reporting period \"{period}\". Use one of: {known}.",
    ),
    e(
        "ui.template-bad-year",
        "Năm {year} nằm ngoài thời gian của kế hoạch ({years}). Chọn một năm trong khoảng này.",
        "Year {year} is outside the plan's years ({years}). Choose a year within them.",
    ),
    e(
        "ui.template-unit-not-expected",
        "{name} ({code}) không phải báo cáo kỳ {period} {year}: đơn vị báo cáo từ {first} đến {last}.",
        "{name} ({code}) does not report for {period} {year}: the unit reports from {first} to {last}.",
    ),
    e("ui.template-range-start", "đầu kế hoạch", "the start of the plan"),
    e(
        "ui.unit-group-off",
        "{name} ({code}) không phải báo cáo kỳ {period} {year}: nhóm \"{group}\" không báo cáo kỳ này theo kế hoạch.",
        "{name} ({code}) does not report for {period} {year}: group \"{group}\" does not report then under the plan.",
    ),
    e("ui.unit-successors", "Đơn vị kế thừa: {units}.", "Succeeded by: {units}."),
    e(
        "ui.unit-name-other-periods",
        "\"{typed}\" là cách viết của {unit} chỉ dùng {valid}, không dùng cho kỳ {period}. Ghi mã đơn vị hoặc tên đầy đủ (xem: baocao plan --period … --year …).",
        "\"{typed}\" is a way of writing {unit} limited to other periods ({valid}), not to {period}. Write the unit code or the full name (see: baocao plan --period … --year …).",
    ),
    e("ui.template-range-end", "hết kế hoạch", "the end of the plan"),
    e(
        "ui.template-no-units",
        "Không có đơn vị nào phải báo cáo kỳ {period} năm {year}; không tạo mẫu nào.",
        "No unit reports for period {period} of {year}; no template written.",
    ),
    e("ui.template-cannot-write", "Không ghi được tệp {path}", "Cannot write file {path}"),
    e(
        "ui.output-open",
        "Không ghi được tệp {path}: tệp đang được mở trong Excel hoặc LibreOffice (có tệp khóa {lock}). Đóng tệp đó rồi chạy lại lệnh.",
        "Cannot write {path}: the file is open in Excel or LibreOffice (lock file {lock}). Close it and run the command again.",
    ),
    e(
        "ui.output-no-folder",
        "Không ghi được tệp {path}: không có thư mục {dir}. Tạo thư mục trước hoặc chọn đường dẫn khác.",
        "Cannot write {path}: there is no folder {dir}. Create it first or choose another path.",
    ),
    e(
        "ui.output-read-only",
        "Không ghi được tệp {path}: thư mục {dir} chỉ cho đọc hoặc bạn không có quyền ghi vào đó. Chọn thư mục khác hoặc xin quyền ghi.",
        "Cannot write {path}: folder {dir} is read-only or you may not write there. Choose another folder or ask for write access.",
    ),
    e(
        "ui.output-disk-full",
        "Không ghi được tệp {path}: ổ đĩa đã đầy. Giải phóng dung lượng rồi chạy lại; tệp cũ (nếu có) vẫn còn nguyên.",
        "Cannot write {path}: the disk is full. Free some space and run again; the previous file, if any, is unchanged.",
    ),
    e(
        "ui.output-failed",
        "Không ghi được tệp {path}: {detail}. Tệp cũ (nếu có) vẫn còn nguyên.",
        "Cannot write {path}: {detail}. The previous file, if any, is unchanged.",
    ),
    e(
        "ui.ambiguous-unit",
        "\"{unit}\" là tên của nhiều đơn vị: {candidates}. Ghi mã hoặc tên đầy đủ của đơn vị cần chọn.",
        "\"{unit}\" names several units: {candidates}. Write the code or the full name of the one you mean.",
    ),
    e(
        "ui.output-is-folder",
        "{path} là một thư mục; -o cần tên tệp, ví dụ {path}/tong-hop.xlsx.",
        "{path} is a folder; -o needs a file name, e.g. {path}/tong-hop.xlsx.",
    ),
    e("ui.cannot-read", "Không đọc được {path}: {reason}.", "Cannot read {path}: {reason}."),
    e(
        "ui.cannot-write",
        "Không ghi được tệp {path}: {reason}. Tệp cũ (nếu có) vẫn còn nguyên.",
        "Cannot write {path}: {reason}. The previous file, if any, is unchanged.",
    ),
    e("ui.cannot-create-folder", "Không tạo được thư mục {path}: {reason}.", "Cannot create folder {path}: {reason}."),
    e("ui.cannot-write-stdout", "Không in được kết quả ra màn hình: {reason}.", "Cannot write the output: {reason}."),
    e(
        "ui.io-not-found",
        "không có tệp hoặc thư mục này. Kiểm tra lại đường dẫn",
        "there is no such file or folder. Check the path",
    ),
    e(
        "ui.io-permission",
        "bạn không có quyền truy cập. Xin quyền đọc/ghi hoặc chọn chỗ khác",
        "you do not have permission. Ask for access or choose another place",
    ),
    e(
        "ui.io-is-folder",
        "đây là một thư mục, không phải tệp. Ghi cả tên tệp trong thư mục đó",
        "this is a folder, not a file. Give the name of a file in it",
    ),
    e(
        "ui.io-not-folder",
        "một phần của đường dẫn là tệp chứ không phải thư mục. Kiểm tra lại đường dẫn",
        "part of the path is a file, not a folder. Check the path",
    ),
    e(
        "ui.io-disk-full",
        "ổ đĩa đã đầy. Giải phóng dung lượng rồi chạy lại",
        "the disk is full. Free some space and run again",
    ),
    e("ui.io-read-only", "ổ đĩa chỉ cho đọc. Chọn thư mục khác", "the disk is read-only. Choose another folder"),
    e(
        "ui.io-in-use",
        "tệp đang được chương trình khác mở. Đóng tệp đó (Excel, LibreOffice) rồi chạy lại",
        "the file is in use by another program. Close it (Excel, LibreOffice) and run again",
    ),
    e(
        "ui.io-not-text",
        "tệp không phải văn bản UTF-8. Lưu lại tệp dạng UTF-8",
        "the file is not UTF-8 text. Save it as UTF-8",
    ),
    e(
        "ui.io-other",
        "lỗi hệ thống (mã {code}). Chạy lại; nếu vẫn lỗi, báo người quản trị máy",
        "a system error (code {code}). Run again; if it persists, tell your administrator",
    ),
    e("ui.cli-usage", "Cách dùng:", "Usage:"),
    e("ui.cli-commands", "Các lệnh", "Commands"),
    e("ui.cli-arguments", "Đối số", "Arguments"),
    e("ui.cli-options", "Tùy chọn", "Options"),
    e("ui.cli-command-value", "LỆNH", "COMMAND"),
    e("ui.cli-options-tag", "[TÙY_CHỌN]", "[OPTIONS]"),
    e("ui.cli-help", "In hướng dẫn (-h: tóm tắt, --help: đầy đủ)", "Print help (-h: summary, --help: in full)"),
    e("ui.cli-version", "In phiên bản", "Print version"),
    e("ui.cli-help-command", "In hướng dẫn của baocao hoặc của một lệnh", "Print the help of baocao or of a command"),
    e("ui.cli-help-command-arg", "Lệnh cần xem hướng dẫn", "The command to show the help of"),
    e("ui.cli-default", "[mặc định: {value}]", "[default: {value}]"),
    e("ui.cli-env", "[biến môi trường: {name}]", "[env: {name}]"),
    e("ui.cli-values", "[giá trị: {values}]", "[possible values: {values}]"),
    e("ui.cli-aliases", "[tên khác: {names}]", "[aliases: {names}]"),
    e("ui.cli-missing", "thiếu đối số bắt buộc: {args}", "required arguments were not given: {args}"),
    e(
        "ui.cli-invalid-value",
        "giá trị \"{value}\" không dùng được cho {arg}; dùng một trong: {valid}",
        "the value \"{value}\" is not accepted by {arg}; use one of: {valid}",
    ),
    e("ui.cli-empty-value", "{arg} cần một giá trị", "{arg} needs a value"),
    e(
        "ui.cli-bad-value",
        "giá trị \"{value}\" không dùng được cho {arg}: {hint}",
        "the value \"{value}\" is not accepted by {arg}: {hint}",
    ),
    e("ui.cli-hint-year", "ghi năm bằng số, ví dụ 2024", "write the year in digits, e.g. 2024"),
    e(
        "ui.cli-hint-date",
        "ghi ngày/tháng/năm (20/06/2024) hoặc năm-tháng-ngày (2024-06-20)",
        "write day/month/year (20/06/2024) or year-month-day (2024-06-20)",
    ),
    e("ui.cli-hint-other", "xem hướng dẫn bên dưới", "see the help below"),
    e("ui.cli-unknown-arg", "không có tùy chọn {arg}", "there is no option {arg}"),
    e("ui.cli-unknown-command", "không có lệnh \"{command}\"", "there is no command \"{command}\""),
    e("ui.cli-did-you-mean", ". Có phải là: {suggestion}?", ". Did you mean: {suggestion}?"),
    e("ui.cli-conflict", "{arg} không dùng cùng với {other}", "{arg} cannot be used with {other}"),
    e("ui.cli-missing-command", "thiếu tên lệnh", "a command is missing"),
    e("ui.cli-not-utf8", "đối số không phải văn bản UTF-8", "an argument is not UTF-8 text"),
    e("ui.cli-invalid", "đối số không dùng được: {arg}", "an argument is not accepted: {arg}"),
    e("ui.cli-more", "Xem thêm: {command} --help", "For more, see: {command} --help"),
    e("ui.validate-col-code", "Mã lỗi", "Code"),
    e("ui.validate-col-place", "Vị trí", "Place"),
    e("ui.validate-ok", "✔ {subject}: hợp lệ, {warnings} cảnh báo", "✔ {subject}: valid, {warnings} warning(s)"),
    e(
        "ui.validate-bad",
        "✘ {subject}: {errors} lỗi, {warnings} cảnh báo",
        "✘ {subject}: {errors} error(s), {warnings} warning(s)",
    ),
];

const SECTIONS: &[&[Entry]] = &[PLAN, CONSOLIDATION, HISTORY, SUMMARY, UI];

fn catalogue() -> &'static HashMap<&'static str, &'static Entry> {
    static MAP: OnceLock<HashMap<&'static str, &'static Entry>> = OnceLock::new();
    MAP.get_or_init(|| SECTIONS.iter().flat_map(|s| s.iter()).map(|e| (e.code, e)).collect())
}

/// The text of `code` in `lang` with `{name}` placeholders filled from `args`.
///
/// An unknown code never panics: it renders as the code and its facts, so a missing entry shows
/// up in output (and in the catalogue test) rather than crashing a batch.
#[must_use]
pub fn render(code: &str, lang: Lang, args: &[(&'static str, String)]) -> String {
    let Some(entry) = catalogue().get(code) else {
        let facts: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        return format!("{code} ({})", facts.join(", "));
    };
    let template = match lang {
        Lang::Vi => entry.vi,
        Lang::En => entry.en,
    };
    fill(template, args)
}

/// A UI string without facts.
#[must_use]
pub fn t(code: &str, lang: Lang) -> String {
    render(code, lang, &[])
}

fn fill(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(close) = after.find('}') {
            let name = &after[..close];
            if let Some((_, v)) = args.iter().find(|(k, _)| *k == name) {
                out.push_str(v);
            } else {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
            rest = &after[close + 1..];
        } else {
            out.push_str(&rest[open..]);
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<String> {
        let mut set = BTreeSet::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            if let Some(close) = after.find('}') {
                set.insert(after[..close].to_string());
                rest = &after[close + 1..];
            } else {
                break;
            }
        }
        set
    }

    #[test]
    fn both_languages_use_the_same_facts() {
        for entry in SECTIONS.iter().flat_map(|s| s.iter()) {
            assert!(!entry.vi.trim().is_empty() && !entry.en.trim().is_empty(), "{}", entry.code);
            assert_eq!(placeholders(entry.vi), placeholders(entry.en), "placeholders differ in {}", entry.code);
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = BTreeSet::new();
        for entry in SECTIONS.iter().flat_map(|s| s.iter()) {
            assert!(seen.insert(entry.code), "duplicate catalogue code {}", entry.code);
        }
    }

    #[test]
    fn fills_named_facts() {
        let text = render("plan-unknown-unit", Lang::Vi, &[("code", "XYZ".into())]);
        assert_eq!(text, "don_vi = \"XYZ\": không có đơn vị nào mang mã này.");
        assert!(render("no-such-code", Lang::En, &[("a", "1".into())]).contains("no-such-code"));
    }

    /// Every message of the catalogue, both languages, pinned whole: a change of wording shows
    /// in review as a diff of `src/snapshots/`, never by surprise to a clerk.
    #[test]
    fn every_message_in_both_languages() {
        let mut text = String::new();
        for entry in SECTIONS.iter().flat_map(|s| s.iter()) {
            text.push_str(&format!("{}\n  vi: {}\n  en: {}\n", entry.code, entry.vi, entry.en));
        }
        insta::assert_snapshot!(text);
    }
}
