//! Command-line arguments: raw clap values, turned into checked types by the commands.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::messages::Lang;

/// baocao: báo cáo công tác dân vận chính quyền theo Kế hoạch 15/KH-UBND (Đồng Tháp).
///
/// Kiểm tra báo cáo của từng đơn vị và tổng hợp báo cáo của cả tỉnh thành một tệp Excel
/// sẵn sàng in.
///
/// Ví dụ: baocao consolidate examples/reports --period 6-thang --year 2024 --as-of 2024-06-20 -o tong-hop.xlsx
#[derive(Debug, Parser)]
#[command(name = "baocao", version, propagate_version = true)]
pub struct Cli {
    /// Tệp kế hoạch (mặc định: ./plan.toml nếu có, nếu không dùng bản tích hợp sẵn).
    #[arg(long, global = true, env = "BAOCAO_PLAN", value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Ngôn ngữ thông báo: vi (tiếng Việt) hoặc en (English).
    #[arg(long, global = true, env = "BAOCAO_LANG", value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,

    #[command(subcommand)]
    pub command: Command,
}

/// Output format of commands whose output is data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Bảng cho người đọc.
    #[default]
    Text,
    /// JSON ổn định cho script.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Xem, kiểm tra kế hoạch và lịch báo cáo (plan.toml).
    #[command(visible_alias = "kehoach")]
    Plan(PlanArgs),
    /// Tạo mẫu báo cáo Excel cho một đơn vị (hoặc cho tất cả đơn vị).
    #[command(visible_alias = "mau")]
    Template(TemplateArgs),
    /// Kiểm tra tệp báo cáo của đơn vị trước khi gửi.
    #[command(visible_alias = "kiemtra")]
    Validate(ValidateArgs),
    /// Tổng hợp báo cáo của các đơn vị thành một tệp Excel.
    #[command(visible_alias = "tonghop")]
    Consolidate(ConsolidateArgs),
    /// Xem nhanh đơn vị nào đã nộp, nộp trễ, chưa nộp (không ghi tệp).
    #[command(visible_alias = "tinhhinh")]
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub action: Option<PlanAction>,
    /// Định dạng kết quả.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum PlanAction {
    /// Kiểm tra một tệp kế hoạch: in "ok" hoặc mọi lỗi kèm số dòng.
    Check {
        /// Tệp cần kiểm tra (mặc định: kế hoạch đang dùng).
        file: Option<PathBuf>,
    },
    /// Hạn cuối của từng kỳ trong một năm, thứ trong tuần và số ngày còn lại.
    Calendar {
        /// Năm báo cáo.
        #[arg(long)]
        year: i32,
        /// Tính số ngày còn lại đến ngày này thay cho hôm nay (dd/mm/yyyy hoặc yyyy-mm-dd).
        #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Định dạng kết quả.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Mã đơn vị (xem: baocao plan).
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub unit: Option<String>,
    /// Mã kỳ báo cáo: 6-thang hoặc nam.
    #[arg(long)]
    pub period: String,
    /// Năm báo cáo.
    #[arg(long)]
    pub year: i32,
    /// Tệp ghi ra (mặc định: bao-cao_<đơn vị>_<kỳ>_<năm>.xlsx).
    #[arg(short, long, value_name = "FILE", conflicts_with = "all")]
    pub output: Option<PathBuf>,
    /// Tạo mẫu cho mọi đơn vị phải báo cáo kỳ này.
    #[arg(long, requires = "out_dir")]
    pub all: bool,
    /// Thư mục ghi các mẫu khi dùng --all.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Các tệp báo cáo (.xlsx, .xls, .ods) hoặc thư mục chứa chúng.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Định dạng kết quả.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Xét hạn nộp tại ngày này thay cho hôm nay (dd/mm/yyyy hoặc yyyy-mm-dd).
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ConsolidateArgs {
    /// Thư mục (tìm cả thư mục con) và/hoặc tệp báo cáo.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Mã kỳ báo cáo: 6-thang hoặc nam.
    #[arg(long)]
    pub period: String,
    /// Năm báo cáo.
    #[arg(long)]
    pub year: i32,
    /// Xét hạn nộp tại ngày này thay cho hôm nay; cũng là ngày ghi trên bảng tổng hợp.
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Tệp Excel tổng hợp ghi ra.
    #[arg(short, long, value_name = "OUT.xlsx")]
    pub output: PathBuf,
    /// Sổ văn bản đến (CSV hoặc xlsx: mã đơn vị, ngày nhận): ngày nhận thay cho "Ngày báo cáo".
    #[arg(long, value_name = "FILE")]
    pub received: Option<PathBuf>,
    /// Trả mã thoát 1 khi có đơn vị nộp trễ, chưa nộp, báo cáo lỗi, hai báo cáo xung đột hoặc
    /// báo cáo mới nhất có lỗi.
    #[arg(long)]
    pub strict: bool,
    /// Định dạng kết quả in ra màn hình.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Thư mục (tìm cả thư mục con) và/hoặc tệp báo cáo.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Mã kỳ báo cáo: 6-thang hoặc nam.
    #[arg(long)]
    pub period: String,
    /// Năm báo cáo.
    #[arg(long)]
    pub year: i32,
    /// Xét hạn nộp tại ngày này thay cho hôm nay.
    #[arg(long, value_parser = parse_date_arg, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Sổ văn bản đến (CSV hoặc xlsx: mã đơn vị, ngày nhận).
    #[arg(long, value_name = "FILE")]
    pub received: Option<PathBuf>,
    /// Định dạng kết quả.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Dates on the command line: day first like every Vietnamese date, or ISO.
fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    crate::text::parse_date(s)
        .ok_or_else(|| format!("ngày không hợp lệ / invalid date: \"{s}\" (dd/mm/yyyy, yyyy-mm-dd)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
