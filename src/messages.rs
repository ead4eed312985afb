//! The message catalogue: every user-facing sentence, in Vietnamese and English, keyed by a
//! stable code. Findings and the plan checker carry codes and named facts; text is made here
//! only, so the two languages stay in step (a test checks that both sides of every entry use
//! the same placeholders).
//!
//! Each area of the tool has its own section below; add entries to your area's section.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
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
        "plan-bad-range",
        "tu_ky \"{from}\" đứng sau den_ky \"{to}\". Đổi lại cho đúng thứ tự.",
        "tu_ky \"{from}\" comes after den_ky \"{to}\". Swap them.",
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
    e("plan-empty-field", "{field} đang để trống. Điền nội dung cho trường này.", "{field} is empty. Fill it in."),
    e("plan-unreadable", "Không đọc được tệp kế hoạch {path}: {detail}.", "Cannot read plan file {path}: {detail}."),
];

// ---------------------------------------------------------------------------------------------
// Reading report files (report.rs)
// ---------------------------------------------------------------------------------------------
const READING: &[Entry] = &[];

// ---------------------------------------------------------------------------------------------
// Checking reports against the plan (validation.rs)
// ---------------------------------------------------------------------------------------------
const VALIDATION: &[Entry] = &[];

// ---------------------------------------------------------------------------------------------
// Consolidation (consolidation.rs, commands/consolidate.rs, commands/status.rs)
// ---------------------------------------------------------------------------------------------
const CONSOLIDATION: &[Entry] = &[];

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
    e("ui.group-so-nganh", "Sở, ngành Tỉnh", "Provincial departments"),
    e("ui.group-huyen-tp", "UBND huyện, thành phố", "District and city People's Committees"),
    e("ui.kind-count", "số lượng", "count"),
    e("ui.kind-amount", "giá trị", "amount"),
    e("ui.kind-yesno", "có/không", "yes/no"),
    e("ui.kind-rate", "tỷ lệ = {numerator} / {denominator} × 100", "rate = {numerator} / {denominator} × 100"),
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
        "{name} ({code}) không phải báo cáo kỳ {period} năm {year}: đơn vị báo cáo từ {first} đến {last}.",
        "{name} ({code}) does not report for period {period} of {year}: the unit reports from {first} to {last}.",
    ),
    e("ui.template-range-start", "đầu kế hoạch", "the start of the plan"),
    e("ui.template-range-end", "hết kế hoạch", "the end of the plan"),
    e(
        "ui.template-no-units",
        "Không có đơn vị nào phải báo cáo kỳ {period} năm {year}; không tạo mẫu nào.",
        "No unit reports for period {period} of {year}; no template written.",
    ),
    e("ui.template-cannot-create-dir", "Không tạo được thư mục {path}", "Cannot create folder {path}"),
    e("ui.template-cannot-write", "Không ghi được tệp {path}", "Cannot write file {path}"),
];

const SECTIONS: &[&[Entry]] = &[PLAN, READING, VALIDATION, CONSOLIDATION, UI];

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
}
