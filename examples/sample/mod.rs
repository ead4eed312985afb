//! Realistic unit reports, written the way another office program would write them: the
//! example reports shipped in `examples/reports/` and the benchmark's thousands of files.
//!
//! Everything is deterministic: a seeded splitmix64 stream picks the sentences, figures and
//! names, and the document creation date is pinned to the report date, so the same
//! [`SampleSpec`] always gives the same bytes (the examples test relies on it).
//!
//! The layout follows the report contract (sheets "Thông tin", "Nhiệm vụ", "Chỉ tiêu",
//! "Kiến nghị", "Mô hình"), but deliberately not the way `template` writes it: a title row
//! above each header, Times New Roman, labels ending with ":", numbers as numbers (or as
//! Vietnamese text numbers when asked), the report date as an Excel date cell.
//!
//! Not part of the shipped library: `examples/make_examples.rs`, `examples/bench_data.rs` and
//! `tests/examples.rs` include this file with `#[path]`, each using part of it.

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use baocao::contract::{
    INDICATOR_HEADERS, MODEL_HEADERS, RECOMMENDATION_HEADERS, SHEET_INDICATORS, SHEET_INFO, SHEET_MODELS,
    SHEET_RECOMMENDATIONS, SHEET_TASKS, TASK_HEADERS,
};
use baocao::plan::{Kind, Op, Plan, StatusMeaning, Unit};
use baocao::workbook::FONT;

/// What to write, and which deliberate defects or variations to put in.
#[derive(Debug, Clone)]
pub struct SampleSpec {
    /// Plan unit code.
    pub unit: String,
    /// Plan period id ("6-thang", "nam").
    pub period: String,
    pub year: i32,
    pub report_date: NaiveDate,
    /// "Số văn bản"; made up from the seed when `None`.
    pub doc_number: Option<String>,
    /// Seed of the text and figures (mixed with the unit code).
    pub seed: u64,
    /// Leave "Mã đơn vị" blank and type the unit's first alias as its name.
    pub unit_by_alias: bool,
    /// Write counts of 1000 and more as Vietnamese text numbers ("1.234").
    pub text_numbers: bool,
    /// Start one result text with "=>", which must stay text, never become a formula.
    pub equals_narrative: bool,
    /// Break this rule of the plan (by id): the report then has an error.
    pub broken_rule: Option<String>,
    /// Put this status, outside the plan's vocabulary, on the first task.
    pub bad_status: Option<String>,
    /// Figures of the year before another's, for comparisons (`consolidate --so-sanh`): the
    /// figures this spec gives for `year + 1`, each count or amount scaled by a factor drawn
    /// between 0.75 and 1.1, except the indicators listed here, scaled by their own factor (a
    /// jump that the plan's `bien_do` flags). `None`: the year's own figures.
    pub previous_year: Option<Vec<(String, f64)>>,
}

impl SampleSpec {
    /// A clean report of `unit` for `period` of `year`, dated `report_date`.
    #[must_use]
    pub fn new(unit: &str, period: &str, year: i32, report_date: NaiveDate, seed: u64) -> Self {
        SampleSpec {
            unit: unit.to_string(),
            period: period.to_string(),
            year,
            report_date,
            doc_number: None,
            seed,
            unit_by_alias: false,
            text_numbers: false,
            equals_narrative: false,
            broken_rule: None,
            bad_status: None,
            previous_year: None,
        }
    }
}

// =============================================================================================
// Randomness
// =============================================================================================

/// splitmix64: tiny, fast, and good enough to vary text and figures.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, salt: &str) -> Self {
        // FNV-1a of the salt, so each unit gets its own stream from one seed.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in salt.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(seed ^ h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Whole number in `[lo, hi]`.
    fn int(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.next() as usize % (i + 1);
            items.swap(i, j);
        }
    }
}

// =============================================================================================
// Text banks
// =============================================================================================

/// Sentences about one task (or any task, `""`). `{CODE}` is replaced by that indicator's
/// figure; a sentence naming an indicator the unit did not report is left out. `{don_vi}`
/// and `{nam}` are the unit and the year.
const SENTENCES: &[(&str, &str)] = &[
    (
        "NV1",
        "Ngay từ đầu năm, {don_vi} đã ban hành Kế hoạch thực hiện công tác dân vận chính quyền năm {nam}, phân công cụ thể nhiệm vụ cho từng phòng, ban và cán bộ, công chức phụ trách.",
    ),
    (
        "NV1",
        "Đơn vị đã ban hành {VB_CHIDAO} văn bản chỉ đạo, triển khai thực hiện các chỉ thị, nghị quyết, kết luận của Trung ương và văn bản của Tỉnh về công tác dân vận.",
    ),
    (
        "NV1",
        "Tổ chức {HN_QUANTRIET} hội nghị quán triệt, triển khai với {HN_LUOTNGUOI} lượt cán bộ, công chức, viên chức và người lao động tham dự.",
    ),
    (
        "NV1",
        "Công tác dân vận chính quyền được lồng ghép vào chương trình công tác hằng tháng, hằng quý; người đứng đầu trực tiếp chỉ đạo và chịu trách nhiệm về kết quả thực hiện.",
    ),
    (
        "NV2",
        "Tập trung thực hiện đồng bộ các giải pháp phát triển kinh tế - xã hội, chú trọng chăm lo đời sống vật chất và tinh thần của Nhân dân, nhất là hộ nghèo, hộ cận nghèo và gia đình chính sách.",
    ),
    (
        "NV2",
        "Các chính sách an sinh xã hội được triển khai kịp thời, đúng đối tượng; dịp Tết Nguyên đán đã tổ chức thăm hỏi, tặng quà cho gia đình chính sách, người có công với cách mạng và hộ có hoàn cảnh khó khăn.",
    ),
    (
        "NV2",
        "Phối hợp với các ngành, đoàn thể vận động Nhân dân tham gia xây dựng nông thôn mới, chỉnh trang đô thị, giữ gìn vệ sinh môi trường và phòng, chống dịch bệnh.",
    ),
    (
        "NV3",
        "Trong kỳ, đơn vị đã tiếp nhận {TTHC_TIEPNHAN} hồ sơ thủ tục hành chính, trong đó giải quyết đúng hạn {TTHC_DUNGHAN} hồ sơ; có {TTHC_TRUCTUYEN} hồ sơ được nộp trực tuyến qua Cổng dịch vụ công.",
    ),
    (
        "NV3",
        "Bộ phận Tiếp nhận và Trả kết quả được bố trí công chức có năng lực, tác phong chuẩn mực; niêm yết công khai đầy đủ thủ tục hành chính và số điện thoại đường dây nóng.",
    ),
    (
        "NV3",
        "Tiếp tục đẩy mạnh chuyển đổi số, sử dụng chữ ký số và hệ thống quản lý văn bản điều hành; 100% văn bản đi, đến (trừ văn bản mật) được xử lý trên môi trường mạng.",
    ),
    (
        "NV3",
        "Triển khai các giải pháp nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) và Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI), tạo thuận lợi tối đa cho người dân và doanh nghiệp.",
    ),
    (
        "NV4",
        "Quán triệt cán bộ, công chức, viên chức thực hiện nghiêm quy tắc ứng xử, văn hóa công vụ; thực hiện “4 xin, 4 luôn” khi giao tiếp với người dân.",
    ),
    (
        "NV4",
        "Tổ chức khảo sát {KS_PHIEU} phiếu lấy ý kiến đánh giá sự hài lòng của người dân, doanh nghiệp; có {KS_HAILONG} phiếu đánh giá hài lòng và rất hài lòng.",
    ),
    (
        "NV4",
        "Tăng cường kiểm tra công vụ, chấn chỉnh kịp thời những biểu hiện nhũng nhiễu, gây phiền hà cho Nhân dân; trong kỳ không có cán bộ, công chức bị xử lý kỷ luật do vi phạm đạo đức công vụ.",
    ),
    (
        "NV5",
        "Thực hiện nghiêm Quy chế dân chủ ở cơ sở; trong kỳ đã tiếp {TCD_LUOT} lượt với {TCD_NGUOI} người đến kiến nghị, phản ánh, không phát sinh đoàn đông người.",
    ),
    (
        "NV5",
        "Người đứng đầu đã thực hiện {TCD_DINHKY_TH}/{TCD_DINHKY_QD} ngày tiếp công dân định kỳ theo quy định và tổ chức {DOITHOAI} cuộc đối thoại trực tiếp với Nhân dân.",
    ),
    (
        "NV5",
        "Tiếp nhận {DON_TIEPNHAN} đơn khiếu nại, tố cáo, kiến nghị, phản ánh; trong đó {DON_THAMQUYEN} đơn thuộc thẩm quyền, đã giải quyết {DON_GIAIQUYET} đơn, số còn lại đang xác minh theo quy định.",
    ),
    (
        "NV5",
        "Tổ chức {PBGDPL_CUOC} cuộc tuyên truyền, phổ biến, giáo dục pháp luật với {PBGDPL_NGUOI} lượt người tham dự, tập trung vào Luật Đất đai, Luật Tiếp công dân và Luật Khiếu nại.",
    ),
    (
        "NV6",
        "Phong trào thi đua “Dân vận khéo” tiếp tục được triển khai sâu rộng; trong kỳ đã đăng ký xây dựng {DVK_MOHINH} mô hình và {DVK_DIENHINH} điển hình “Dân vận khéo” trên các lĩnh vực.",
    ),
    (
        "NV6",
        "Toàn địa bàn hiện có {HOIQUAN} Hội quán đang hoạt động, sinh hoạt định kỳ, trở thành nơi người dân chia sẻ kinh nghiệm sản xuất, liên kết tiêu thụ nông sản và tham gia xây dựng nông thôn mới.",
    ),
    (
        "NV6",
        "Gắn phong trào “Dân vận khéo” với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; kịp thời biểu dương, nhân rộng các gương điển hình tiên tiến.",
    ),
    (
        "NV7",
        "Phối hợp với Ban Dân vận Tỉnh ủy kiểm tra việc thực hiện công tác dân vận chính quyền tại {KIEMTRA} cơ quan, đơn vị và địa phương.",
    ),
    (
        "NV7",
        "Tổ chức {TAPHUAN} hội nghị tập huấn, chia sẻ kinh nghiệm về công tác dân vận của chính quyền cho cán bộ, công chức làm công tác dân vận.",
    ),
    (
        "NV8",
        "Thực hiện đánh giá, xếp loại công tác dân vận chính quyền theo Quyết định số 817/QĐ-UBND-HC; đề nghị khen thưởng {KT_TAPTHE} tập thể và {KT_CANHAN} cá nhân có thành tích xuất sắc.",
    ),
    (
        "NV9",
        "Phối hợp chặt chẽ với Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội cùng cấp trong tuyên truyền, vận động Nhân dân thực hiện chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    ),
    (
        "NV9",
        "Tạo điều kiện để Mặt trận Tổ quốc và các đoàn thể thực hiện {GIAMSAT} cuộc giám sát, phản biện xã hội, góp ý xây dựng chính quyền; các ý kiến góp ý đều được tiếp thu, phản hồi kịp thời.",
    ),
    (
        "NV9",
        "Đã đăng tải {TIN_BAI} tin, bài phản ánh kết quả công tác dân vận chính quyền và các gương điển hình “Dân vận khéo”.",
    ),
    (
        "",
        "Kết quả trên góp phần củng cố niềm tin của Nhân dân đối với cấp ủy, chính quyền, tạo sự đồng thuận trong thực hiện nhiệm vụ chính trị của địa phương.",
    ),
    (
        "",
        "Nhìn chung, nhiệm vụ được triển khai đúng tiến độ, bảo đảm chất lượng và bám sát Kế hoạch số 15/KH-UBND của Ủy ban nhân dân Tỉnh.",
    ),
    (
        "",
        "Thường xuyên theo dõi, đôn đốc, định kỳ sơ kết, rút kinh nghiệm để kịp thời khắc phục những hạn chế trong quá trình thực hiện.",
    ),
    (
        "",
        "Đội ngũ cán bộ, công chức ngày càng nâng cao ý thức trách nhiệm, thực hiện phương châm “gần dân, hiểu dân, giúp dân, học dân và có trách nhiệm với dân”.",
    ),
    (
        "",
        "Công tác thông tin, báo cáo được thực hiện đầy đủ, đúng thời gian quy định; những khó khăn, vướng mắc phát sinh được báo cáo kịp thời để xin ý kiến chỉ đạo.",
    ),
];

const LIMITS: &[&str] = &[
    "Một số cán bộ, công chức chưa nhận thức đầy đủ vị trí, vai trò của công tác dân vận chính quyền.",
    "Tỷ lệ hồ sơ nộp trực tuyến còn thấp so với chỉ tiêu; người dân, nhất là người cao tuổi, còn ngại sử dụng dịch vụ công trực tuyến.",
    "Một số vụ việc khiếu nại liên quan đến đất đai còn phức tạp, kéo dài, chưa giải quyết dứt điểm.",
    "Kinh phí bố trí cho công tác dân vận chính quyền còn hạn chế.",
    "Việc nhân rộng các mô hình “Dân vận khéo” ở một số nơi còn chậm, chưa đều.",
    "Hạ tầng công nghệ thông tin chưa đồng bộ, đường truyền có lúc chưa ổn định.",
    "Công tác phối hợp giữa các ngành trong giải quyết kiến nghị của Nhân dân có lúc chưa chặt chẽ.",
];

const NOT_DUE_RESULT: &str =
    "Đang xây dựng kế hoạch, dự kiến triển khai thực hiện trong Quý III và Quý IV theo tiến độ của Kế hoạch.";

const RECOMMENDATIONS: &[(&str, &str)] = &[
    (
        "Đề nghị Ủy ban nhân dân Tỉnh quan tâm bố trí kinh phí cho hoạt động của các Hội quán và mô hình “Dân vận khéo”.",
        "Ủy ban nhân dân Tỉnh",
    ),
    (
        "Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ công tác dân vận chính quyền cho cán bộ, công chức mới được phân công.",
        "Sở Nội vụ",
    ),
    (
        "Đề nghị Ban Dân vận Tỉnh ủy hướng dẫn tiêu chí công nhận mô hình “Dân vận khéo” cấp tỉnh năm {nam}.",
        "Ban Dân vận Tỉnh ủy",
    ),
    (
        "Đề nghị Sở Thông tin và Truyền thông nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính, khắc phục tình trạng lỗi đồng bộ hồ sơ.",
        "Sở Thông tin và Truyền thông",
    ),
    (
        "Đề nghị Sở Tài nguyên và Môi trường hướng dẫn giải quyết dứt điểm các trường hợp khiếu nại về bồi thường, hỗ trợ, tái định cư.",
        "Sở Tài nguyên và Môi trường",
    ),
    (
        "Đề nghị Ủy ban nhân dân Tỉnh sớm ban hành quy định về đánh giá, xếp loại công tác dân vận chính quyền phù hợp với tình hình mới.",
        "Ủy ban nhân dân Tỉnh",
    ),
];

const MODELS: &[(&str, &str, &str)] = &[
    (
        "Hội quán nông dân liên kết sản xuất lúa chất lượng cao",
        "Kinh tế",
        "Thu hút {n} hội viên tham gia, giảm chi phí sản xuất, lợi nhuận tăng 15 - 20% so với sản xuất truyền thống.",
    ),
    (
        "Tổ “Dân vận khéo” hỗ trợ người dân nộp hồ sơ trực tuyến",
        "Cải cách hành chính",
        "Hướng dẫn {n} lượt người dân nộp hồ sơ trực tuyến, góp phần nâng tỷ lệ hồ sơ trực tuyến của đơn vị.",
    ),
    (
        "Ngày thứ Bảy tình nguyện vì Nhân dân",
        "Văn hóa - xã hội",
        "Tổ chức {n} buổi ra quân dọn vệ sinh, sửa chữa nhà cho hộ khó khăn, được Nhân dân đồng tình hưởng ứng.",
    ),
    (
        "Camera an ninh kết nối gia đình",
        "Quốc phòng - an ninh",
        "Lắp đặt {n} camera tại các tuyến đường, góp phần giữ vững an ninh trật tự trên địa bàn.",
    ),
    (
        "Tuyến đường hoa, sạch, đẹp",
        "Xây dựng nông thôn mới",
        "Vận động Nhân dân trồng hoa trên {n} mét đường giao thông nông thôn, tạo cảnh quan xanh, sạch, đẹp.",
    ),
    (
        "Mỗi tuần một thủ tục hành chính",
        "Tuyên truyền",
        "Giới thiệu {n} thủ tục hành chính trên trang thông tin điện tử và nhóm Zalo của khu dân cư.",
    ),
    (
        "Cán bộ, công chức đồng hành cùng hộ nghèo",
        "An sinh xã hội",
        "Mỗi cán bộ, công chức nhận giúp đỡ một hộ nghèo; đã hỗ trợ {n} hộ thoát nghèo bền vững.",
    ),
    (
        "Bếp ăn yêu thương",
        "An sinh xã hội",
        "Duy trì {n} suất ăn miễn phí mỗi tuần cho bệnh nhân nghèo và người có hoàn cảnh khó khăn.",
    ),
];

const FAMILY: &[&str] = &["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi"];
const MIDDLE: &[&str] = &["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Quốc", "Thị Kim"];
const GIVEN: &[&str] =
    &["An", "Bình", "Châu", "Dũng", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Tâm", "Thảo", "Trung", "Vy"];

// =============================================================================================
// Figures
// =============================================================================================

/// The group code of the shipped plan's districts and cities, whose figures run larger.
const DISTRICTS: &str = "huyen-tp";

/// Plausible range of a base figure for one 6-month period.
fn base_range(code: &str, group: &str) -> (f64, f64) {
    let district = group == DISTRICTS;
    match code {
        "VB_CHIDAO" => (2.0, 15.0),
        "HN_QUANTRIET" => (1.0, 6.0),
        "KINHPHI" => (50.0, 500.0),
        "TTHC_TIEPNHAN" if district => (6_000.0, 45_000.0),
        "TTHC_TIEPNHAN" => (150.0, 12_000.0),
        "KS_PHIEU" => (60.0, 2_000.0),
        "TCD_LUOT" if district => (40.0, 400.0),
        "TCD_LUOT" => (2.0, 80.0),
        "TCD_DINHKY_QD" => (6.0, 6.0),
        "DOITHOAI" => (1.0, 10.0),
        "DON_TIEPNHAN" if district => (30.0, 320.0),
        "DON_TIEPNHAN" => (1.0, 60.0),
        "PBGDPL_CUOC" if district => (20.0, 250.0),
        "PBGDPL_CUOC" => (2.0, 40.0),
        "DVK_MOHINH" => (1.0, 20.0),
        "DVK_DIENHINH" => (1.0, 12.0),
        "HOIQUAN" => (12.0, 60.0),
        "KIEMTRA" | "TAPHUAN" => (0.0, 2.0),
        "KT_TAPTHE" => (0.0, 6.0),
        "KT_CANHAN" => (0.0, 15.0),
        "GIAMSAT" => (1.0, 18.0),
        "TIN_BAI" => (60.0, 600.0),
        _ => (0.0, 30.0),
    }
}

/// Figures derived from another: (code, from, low factor, high factor), in dependency order.
const DERIVED: &[(&str, &str, f64, f64)] = &[
    ("HN_LUOTNGUOI", "HN_QUANTRIET", 40.0, 250.0),
    ("TTHC_DUNGHAN", "TTHC_TIEPNHAN", 0.93, 1.0),
    ("TTHC_TRUCTUYEN", "TTHC_TIEPNHAN", 0.25, 0.85),
    ("KS_HAILONG", "KS_PHIEU", 0.82, 1.0),
    ("TCD_NGUOI", "TCD_LUOT", 1.0, 1.6),
    ("TCD_DINHKY_TH", "TCD_DINHKY_QD", 0.8, 1.0),
    ("DON_THAMQUYEN", "DON_TIEPNHAN", 0.3, 0.85),
    ("DON_GIAIQUYET", "DON_THAMQUYEN", 0.7, 1.0),
    ("PBGDPL_NGUOI", "PBGDPL_CUOC", 25.0, 120.0),
];

/// One entered indicator value.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Number(f64),
    YesNo(bool),
}

/// The figures of one report: every indicator the unit owes, respecting every rule of the
/// plan, and then breaking `broken_rule` if asked.
fn figures(plan: &Plan, unit: &Unit, spec: &SampleSpec, rng: &mut Rng) -> Vec<(String, Value)> {
    let owed = plan.owed_indicators(&unit.code);
    let yearly = spec.period != "6-thang";
    let scale = if yearly { 2.0 } else { 1.0 };
    let mut values: Vec<(String, Value)> = Vec::with_capacity(owed.len());
    let get = |values: &[(String, Value)], code: &str| {
        values.iter().find_map(|(c, v)| match v {
            Value::Number(n) if c == code => Some(*n),
            _ => None,
        })
    };
    for ind in &owed {
        // Figures of a task not yet due are nought: nothing has been done yet.
        let due = plan.task(&ind.task).is_none_or(|t| t.is_due_in(&spec.period));
        let value = match ind.kind {
            Kind::Count | Kind::Amount if !due => Value::Number(0.0),
            Kind::YesNo => Value::YesNo(rng.chance(0.95)),
            Kind::Amount => {
                let (lo, hi) = base_range(&ind.code, &unit.group);
                Value::Number((rng.between(lo, hi) * scale * 10.0).round() / 10.0)
            }
            Kind::Count | Kind::Rate { .. } => {
                let (lo, hi) = base_range(&ind.code, &unit.group);
                Value::Number((rng.between(lo, hi) * scale).round())
            }
        };
        values.push((ind.code.clone(), value));
    }
    for (code, from, lo, hi) in DERIVED {
        let (Some(base), Some(pos)) = (get(&values, from), values.iter().position(|(c, _)| c == code)) else {
            continue;
        };
        let v = (base * rng.between(*lo, *hi)).round();
        values[pos].1 = Value::Number(v);
    }
    settle_rules(plan, &mut values);
    if let Some(rule) = spec.broken_rule.as_ref().and_then(|id| plan.rules.iter().find(|r| &r.id == id))
        && let (Some(r), Some(pos)) = (get(&values, &rule.right), values.iter().position(|(c, _)| *c == rule.left))
    {
        let broken = match rule.op {
            Op::Le | Op::Lt | Op::Eq => r + 3.0,
            Op::Ge | Op::Gt => (r - 3.0).max(0.0),
        };
        values[pos].1 = Value::Number(broken);
    }
    values
}

/// The figures of the year before `next`'s (see [`SampleSpec::previous_year`]), every rule of
/// the plan holding.
fn previous_figures(
    plan: &Plan,
    next: &[(String, Value)],
    jumps: &[(String, f64)],
    rng: &mut Rng,
) -> Vec<(String, Value)> {
    let mut values: Vec<(String, Value)> = next
        .iter()
        .map(|(code, v)| {
            let v = match v {
                Value::Number(n) => {
                    let factor =
                        jumps.iter().find(|(c, _)| c == code).map_or_else(|| rng.between(0.75, 1.1), |(_, f)| *f);
                    let amount = plan.indicator(code).is_some_and(|i| i.kind == Kind::Amount);
                    Value::Number(if amount { (n * factor * 10.0).round() / 10.0 } else { (n * factor).round() })
                }
                Value::YesNo(b) => Value::YesNo(*b),
            };
            (code.clone(), v)
        })
        .collect();
    settle_rules(plan, &mut values);
    values
}

/// Whatever the ranges gave, every rule of the plan holds (a few passes settle chains).
fn settle_rules(plan: &Plan, values: &mut [(String, Value)]) {
    let get = |values: &[(String, Value)], code: &str| {
        values.iter().find_map(|(c, v)| match v {
            Value::Number(n) if c == code => Some(*n),
            _ => None,
        })
    };
    for _ in 0..4 {
        for rule in &plan.rules {
            let (Some(l), Some(r)) = (get(values, &rule.left), get(values, &rule.right)) else { continue };
            if rule.op.holds(l, r) {
                continue;
            }
            let fixed = match rule.op {
                Op::Le | Op::Ge | Op::Eq => r,
                Op::Lt => (r - 1.0).max(0.0),
                Op::Gt => r + 1.0,
            };
            if let Some(pos) = values.iter().position(|(c, _)| *c == rule.left) {
                values[pos].1 = Value::Number(fixed);
            }
        }
    }
}

/// 1234567 → "1.234.567", the Vietnamese way.
fn vi_number(n: f64) -> String {
    if n.fract().abs() > 1e-9 {
        let s = format!("{n:.1}");
        let (int, frac) = s.split_once('.').unwrap_or((&s, "0"));
        return format!("{},{frac}", vi_number(int.parse().unwrap_or(0.0)));
    }
    let digits = format!("{}", n.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// How a unit names itself inside a sentence: "Sở Y tế", "Ủy ban nhân dân huyện Tháp Mười".
fn unit_subject(unit: &Unit) -> String {
    if unit.group != DISTRICTS {
        return unit.name.clone();
    }
    let mut chars = unit.name.chars();
    let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
    format!("Ủy ban nhân dân {first}{}", chars.as_str())
}

/// Fills `{CODE}`, `{don_vi}`, `{nam}`; `None` when a named figure is missing.
fn fill(sentence: &str, values: &[(String, Value)], unit: &Unit, year: i32) -> Option<String> {
    let mut out = String::with_capacity(sentence.len() + 16);
    let mut rest = sentence;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}')?;
        let key = &rest[start + 1..end];
        match key {
            "don_vi" => out.push_str(&unit_subject(unit)),
            "nam" => out.push_str(&year.to_string()),
            code => match values.iter().find(|(c, _)| c == code) {
                Some((_, Value::Number(n))) => out.push_str(&vi_number(*n)),
                _ => return None,
            },
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// One to three paragraphs about `task`, separated by line breaks inside the cell.
fn narrative(task: &str, values: &[(String, Value)], unit: &Unit, year: i32, rng: &mut Rng) -> String {
    let mut topical: Vec<String> =
        SENTENCES.iter().filter(|(t, _)| *t == task).filter_map(|(_, s)| fill(s, values, unit, year)).collect();
    let mut general: Vec<String> =
        SENTENCES.iter().filter(|(t, _)| t.is_empty()).filter_map(|(_, s)| fill(s, values, unit, year)).collect();
    rng.shuffle(&mut topical);
    rng.shuffle(&mut general);
    let mut pool = topical.into_iter().chain(general);
    let paragraphs = rng.int(1, 3);
    let mut out: Vec<String> = Vec::new();
    for _ in 0..paragraphs {
        let n = rng.int(2, 3);
        let para: Vec<String> = pool.by_ref().take(n as usize).collect();
        if para.is_empty() {
            break;
        }
        out.push(para.join(" "));
    }
    out.join("\n")
}

// =============================================================================================
// Writing
// =============================================================================================

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    decimal: Format,
    date: Format,
    label: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(13);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Formats {
            title: base.clone().set_bold().set_align(FormatAlign::Center),
            header: cell.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            number: cell.clone().set_num_format("#,##0"),
            decimal: cell.clone().set_num_format("#,##0.0"),
            date: base.clone().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Left),
            label: base.set_bold(),
        }
    }
}

fn title_row(ws: &mut Worksheet, last_col: u16, text: &str, f: &Formats) -> anyhow::Result<()> {
    ws.merge_range(0, 0, 0, last_col, text, &f.title)?;
    Ok(())
}

fn header_row(ws: &mut Worksheet, row: u32, headers: &[&str], widths: &[f64], f: &Formats) -> anyhow::Result<()> {
    for (col, (h, w)) in headers.iter().zip(widths).enumerate() {
        ws.write_string_with_format(row, col as u16, *h, &f.header)?;
        ws.set_column_width(col as u16, *w)?;
    }
    Ok(())
}

fn excel_date(d: NaiveDate) -> anyhow::Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(u16::try_from(d.year())?, d.month() as u8, d.day() as u8)?)
}

/// The report of `spec` as the bytes of an `.xlsx` file.
///
/// # Errors
/// The unit or period is not in the plan, or the workbook cannot be built.
pub fn sample_report_bytes(plan: &Plan, spec: &SampleSpec) -> anyhow::Result<Vec<u8>> {
    let unit = plan.unit(&spec.unit).with_context(|| format!("unknown unit {}", spec.unit))?;
    let period = plan.period(&spec.period).with_context(|| format!("unknown period {}", spec.period))?;
    let mut rng = Rng::new(spec.seed, &format!("{}/{}/{}", unit.code, spec.period, spec.year));
    let values = match &spec.previous_year {
        None => figures(plan, unit, spec, &mut rng),
        Some(jumps) => {
            let next = SampleSpec { year: spec.year + 1, previous_year: None, ..spec.clone() };
            let mut next_rng = Rng::new(next.seed, &format!("{}/{}/{}", unit.code, next.period, next.year));
            previous_figures(plan, &figures(plan, unit, &next, &mut next_rng), jumps, &mut rng)
        }
    };
    let f = Formats::new();
    let author = format!("{} {} {}", rng.pick(FAMILY), rng.pick(MIDDLE), rng.pick(GIVEN));

    let mut wb = Workbook::new();
    let created = excel_date(spec.report_date)?.and_hms(8, 0, 0)?;
    wb.set_properties(
        &DocProperties::new().set_author(&author).set_company(&unit.name).set_creation_datetime(&created),
    );

    // --- Thông tin ----------------------------------------------------------------------------
    let ws = wb.add_worksheet().set_name(SHEET_INFO)?;
    title_row(
        ws,
        1,
        &format!("BÁO CÁO KẾT QUẢ CÔNG TÁC DÂN VẬN CHÍNH QUYỀN {} NĂM {}", period.name.to_uppercase(), spec.year),
        &f,
    )?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 60)?;
    let colon = if rng.chance(0.5) { ":" } else { "" };
    let label = |s: &str| format!("{s}{colon}");
    let (code_cell, name_cell) = if spec.unit_by_alias {
        (String::new(), unit.aliases.first().map_or_else(|| unit.name.clone(), |a| a.text.clone()))
    } else {
        (unit.code.clone(), unit.name.clone())
    };
    let doc_number = spec.doc_number.clone().unwrap_or_else(|| {
        let suffix = if unit.group == DISTRICTS { "UBND".to_string() } else { unit.code.clone() };
        format!("{}/BC-{suffix}", rng.int(12, 240))
    });
    let phone = format!("0277 3{:06}", rng.int(800_000, 899_999));
    let email = format!("vanthu.{}@dongthap.gov.vn", unit.code.to_lowercase());
    let mut row = 2;
    for (l, v) in
        [("Mã đơn vị", code_cell.as_str()), ("Tên đơn vị", name_cell.as_str()), ("Kỳ báo cáo", period.name.as_str())]
    {
        ws.write_string_with_format(row, 0, label(l), &f.label)?;
        if !v.is_empty() {
            ws.write_string(row, 1, v)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, label("Năm"), &f.label)?;
    ws.write_number_with_format(
        row,
        1,
        f64::from(spec.year),
        &Format::new().set_font_name(FONT).set_align(FormatAlign::Left),
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, label("Số văn bản"), &f.label)?;
    ws.write_string(row, 1, &doc_number)?;
    row += 1;
    ws.write_string_with_format(row, 0, label("Ngày báo cáo"), &f.label)?;
    ws.write_date_with_format(row, 1, &excel_date(spec.report_date)?, &f.date)?;
    row += 1;
    for (l, v) in [("Người lập", author.as_str()), ("Điện thoại", phone.as_str()), ("Email", email.as_str())]
    {
        ws.write_string_with_format(row, 0, label(l), &f.label)?;
        ws.write_string(row, 1, v)?;
        row += 1;
    }

    // --- Nhiệm vụ -----------------------------------------------------------------------------
    let ws = wb.add_worksheet().set_name(SHEET_TASKS)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    title_row(ws, 4, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ THEO KẾ HOẠCH SỐ 15/KH-UBND", &f)?;
    header_row(ws, 2, &TASK_HEADERS, &[7.0, 45.0, 16.0, 80.0, 40.0], &f)?;
    let label_of = |m: StatusMeaning| plan.statuses.iter().find(|s| s.meaning == m).map(|s| s.label.clone());
    let mut equals_pending = spec.equals_narrative;
    for (i, task) in plan.tasks.iter().enumerate() {
        let r = 3 + i as u32;
        let due = task.is_due_in(&spec.period);
        let (meaning, mut result) = if due {
            let m = if rng.chance(0.45) { StatusMeaning::Done } else { StatusMeaning::InProgress };
            (m, narrative(&task.code, &values, unit, spec.year, &mut rng))
        } else if rng.chance(0.5) {
            (StatusMeaning::NotStarted, String::new())
        } else {
            (StatusMeaning::InProgress, NOT_DUE_RESULT.to_string())
        };
        if equals_pending && due {
            result = format!("=> {result}");
            equals_pending = false;
        }
        let mut status = label_of(meaning).unwrap_or_default();
        if i == 0
            && let Some(bad) = &spec.bad_status
        {
            status.clone_from(bad);
        }
        let limits = if due && rng.chance(0.6) {
            let n = rng.int(1, 2) as usize;
            let mut l: Vec<&str> = LIMITS.to_vec();
            rng.shuffle(&mut l);
            l[..n].join(" ")
        } else {
            String::new()
        };
        ws.write_string_with_format(r, 0, &task.code, &f.text)?;
        ws.write_string_with_format(r, 1, &task.title, &f.wrap)?;
        ws.write_string_with_format(r, 2, &status, &f.text)?;
        ws.write_string_with_format(r, 3, &result, &f.wrap)?;
        ws.write_string_with_format(r, 4, &limits, &f.wrap)?;
    }

    // --- Chỉ tiêu -----------------------------------------------------------------------------
    let ws = wb.add_worksheet().set_name(SHEET_INDICATORS)?;
    title_row(ws, 4, "SỐ LIỆU CÁC CHỈ TIÊU", &f)?;
    header_row(ws, 2, &INDICATOR_HEADERS, &[18.0, 60.0, 14.0, 14.0, 30.0], &f)?;
    for (i, (code, value)) in values.iter().enumerate() {
        let r = 3 + i as u32;
        let ind = plan.indicator(code).context("owed indicator is in the plan")?;
        ws.write_string_with_format(r, 0, code, &f.text)?;
        ws.write_string_with_format(r, 1, &ind.name, &f.wrap)?;
        ws.write_string_with_format(r, 2, &ind.measure, &f.text)?;
        match value {
            Value::YesNo(yes) => {
                ws.write_string_with_format(r, 3, if *yes { "Có" } else { "Không" }, &f.text)?;
            }
            Value::Number(n) if spec.text_numbers && *n >= 1000.0 => {
                ws.write_string_with_format(r, 3, vi_number(*n), &f.text)?;
            }
            Value::Number(n) if ind.kind == Kind::Amount => {
                ws.write_number_with_format(r, 3, *n, &f.decimal)?;
            }
            Value::Number(n) => {
                ws.write_number_with_format(r, 3, *n, &f.number)?;
            }
        }
        let note = if matches!(value, Value::Number(n) if *n > 0.0) && rng.chance(0.15) {
            format!("Tăng {}% so với cùng kỳ", rng.int(3, 25))
        } else {
            String::new()
        };
        ws.write_string_with_format(r, 4, note, &f.text)?;
    }

    // --- Kiến nghị ----------------------------------------------------------------------------
    let ws = wb.add_worksheet().set_name(SHEET_RECOMMENDATIONS)?;
    title_row(ws, 2, "KIẾN NGHỊ, ĐỀ XUẤT", &f)?;
    header_row(ws, 2, &RECOMMENDATION_HEADERS, &[6.0, 80.0, 30.0], &f)?;
    let mut recs: Vec<&(&str, &str)> = RECOMMENDATIONS.iter().collect();
    rng.shuffle(&mut recs);
    for (i, (text, to)) in recs.iter().take(rng.int(1, 3) as usize).enumerate() {
        let r = 3 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.number)?;
        ws.write_string_with_format(r, 1, text.replace("{nam}", &spec.year.to_string()), &f.wrap)?;
        ws.write_string_with_format(r, 2, *to, &f.text)?;
    }

    // --- Mô hình ------------------------------------------------------------------------------
    let ws = wb.add_worksheet().set_name(SHEET_MODELS)?;
    title_row(ws, 3, "MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”", &f)?;
    header_row(ws, 2, &MODEL_HEADERS, &[6.0, 45.0, 24.0, 70.0], &f)?;
    let mut models: Vec<&(&str, &str, &str)> = MODELS.iter().collect();
    rng.shuffle(&mut models);
    for (i, (name, field, result)) in models.iter().take(rng.int(1, 4) as usize).enumerate() {
        let r = 3 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &f.number)?;
        ws.write_string_with_format(r, 1, *name, &f.wrap)?;
        ws.write_string_with_format(r, 2, *field, &f.text)?;
        ws.write_string_with_format(r, 3, result.replace("{n}", &rng.int(12, 480).to_string()), &f.wrap)?;
    }

    Ok(wb.save_to_buffer()?)
}

// =============================================================================================
// The example set and the benchmark plan
// =============================================================================================

/// One generated file: a path relative to the output folder, and its bytes.
#[derive(Debug, Clone)]
pub struct ExampleFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Seed of the shipped examples.
pub const EXAMPLES_SEED: u64 = 15_2022;

/// Units of the shipped example set that send nothing.
pub const EXAMPLES_MISSING: [&str; 3] = ["SNGV", "BQLKKT", "HTN"];
/// Units that send late, with the day of June 2024 they send.
pub const EXAMPLES_LATE: [(&str, u32); 4] = [("SXD", 5), ("SKHCN", 7), ("HLVG", 10), ("TPHN", 15)];
/// The unit whose report has errors.
pub const EXAMPLES_INVALID: &str = "STNMT";
/// The unit that sends a corrected report; the first one is superseded.
pub const EXAMPLES_SUPERSEDED: &str = "HCL";

/// The example reports for 6-thang 2024 of the shipped plan: most on time, some late, some
/// missing, one invalid, one superseded by a corrected version, one for another period, an
/// Office lock file and a note. See `examples/reports/README.md`.
///
/// # Errors
/// The plan lacks the period 6-thang or a unit the set names.
pub fn example_set(plan: &Plan) -> anyhow::Result<Vec<ExampleFile>> {
    let mut files = Vec::new();
    let june = |d: u32| NaiveDate::from_ymd_opt(2024, 6, d).context("valid June day");
    let mut rng = Rng::new(EXAMPLES_SEED, "dates");
    for unit in plan.expected_units("6-thang", 2024) {
        let code = unit.code.as_str();
        if EXAMPLES_MISSING.contains(&code) {
            continue;
        }
        let date = if let Some((_, d)) = EXAMPLES_LATE.iter().find(|(c, _)| *c == code) {
            june(*d)?
        } else {
            // 20/05 .. 04/06.
            NaiveDate::from_ymd_opt(2024, 5, 20).context("date")? + chrono::Duration::days(rng.int(0, 15) as i64)
        };
        let mut spec = SampleSpec::new(code, "6-thang", 2024, date, EXAMPLES_SEED);
        match code {
            "STNMT" => {
                spec.broken_rule = Some("don-giai-quyet-le-tham-quyen".into());
                spec.bad_status = Some("Đã xong".into());
            }
            "HTM" => spec.unit_by_alias = true,
            "SYT" | "TPCL" => spec.text_numbers = true,
            "SCT" => spec.equals_narrative = true,
            _ => {}
        }
        let folder = if unit.group == DISTRICTS { "huyen-tp" } else { "so-nganh" };
        if code == EXAMPLES_SUPERSEDED {
            let mut first = spec.clone();
            first.report_date = NaiveDate::from_ymd_opt(2024, 5, 27).context("date")?;
            first.doc_number = Some("52/BC-UBND".into());
            files.push(ExampleFile {
                path: format!("{folder}/bao-cao_{code}_6-thang_2024.xlsx"),
                bytes: sample_report_bytes(plan, &first)?,
            });
            spec.report_date = june(3)?;
            spec.doc_number = Some("58/BC-UBND".into());
            spec.seed += 1;
            files.push(ExampleFile {
                path: format!("{folder}/bao-cao_{code}_6-thang_2024_ban-sua.xlsx"),
                bytes: sample_report_bytes(plan, &spec)?,
            });
            continue;
        }
        files.push(ExampleFile {
            path: format!("{folder}/bao-cao_{code}_6-thang_2024.xlsx"),
            bytes: sample_report_bytes(plan, &spec)?,
        });
    }
    // Last year's yearly report left in the same folder: skipped, never an error.
    let old =
        SampleSpec::new("TPSD", "nam", 2023, NaiveDate::from_ymd_opt(2023, 10, 27).context("date")?, EXAMPLES_SEED);
    files.push(ExampleFile {
        path: "huyen-tp/bao-cao_TPSD_nam_2023.xlsx".into(),
        bytes: sample_report_bytes(plan, &old)?,
    });
    // The lock file Excel leaves while a workbook is open: 165 bytes, the user's name first.
    let mut lock = vec![0u8; 165];
    let owner = b"Nguyen Thi Lan";
    lock[0] = owner.len() as u8;
    lock[1..=owner.len()].copy_from_slice(owner);
    files.push(ExampleFile { path: "so-nganh/~$bao-cao_SYT_6-thang_2024.xlsx".into(), bytes: lock });
    files.push(ExampleFile {
        path: "ghi-chu.txt".into(),
        bytes: "Thư mục nhận báo cáo 6 tháng đầu năm 2024 (công tác dân vận chính quyền).\n\
                Văn thư lưu tệp đính kèm thư điện tử của các đơn vị vào đây; tệp này không phải báo cáo.\n"
            .as_bytes()
            .to_vec(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Units of the 2023 example set that send late, with the day of June 2023 they send.
pub const EXAMPLES_2023_LATE: [(&str, u32); 2] = [("SGTVT", 8), ("HCT", 12)];
/// The unit of the 2023 example set that sends nothing.
pub const EXAMPLES_2023_MISSING: &str = "HHN";
/// Figures of 2023 far from 2024's, that `bien_do` flags on the 2024 report: (unit,
/// indicator, 2023 figure as a multiple of 2024's). SNV's 2024 count is ten times 2023's (a
/// digit too many, the typo the bound is for); HTB's 2024 count an eighth of 2023's.
pub const EXAMPLES_2023_JUMPS: [(&str, &str, f64); 2] = [("SNV", "TTHC_TIEPNHAN", 0.1), ("HTB", "TCD_LUOT", 8.0)];

/// The example reports for 6-thang 2023 (`examples/reports-2023/`), the year before
/// [`example_set`]: the same units, figures near 2024's ([`SampleSpec::previous_year`]) but
/// for [`EXAMPLES_2023_JUMPS`], two late and one missing. Consolidated, they are what the
/// README compares the 2024 consolidation with (`--so-sanh`).
///
/// # Errors
/// The plan lacks the period 6-thang or a unit the set names.
pub fn previous_year_set(plan: &Plan) -> anyhow::Result<Vec<ExampleFile>> {
    let mut files = Vec::new();
    let mut rng = Rng::new(EXAMPLES_SEED, "dates-2023");
    for unit in plan.expected_units("6-thang", 2023) {
        let code = unit.code.as_str();
        if code == EXAMPLES_2023_MISSING {
            continue;
        }
        let date = if let Some((_, d)) = EXAMPLES_2023_LATE.iter().find(|(c, _)| *c == code) {
            NaiveDate::from_ymd_opt(2023, 6, *d).context("valid June day")?
        } else {
            // 19/05 .. 02/06.
            NaiveDate::from_ymd_opt(2023, 5, 19).context("date")? + chrono::Duration::days(rng.int(0, 14) as i64)
        };
        // The figures near those of the unit's counted 2024 report (HCL's corrected one).
        let seed = if code == EXAMPLES_SUPERSEDED { EXAMPLES_SEED + 1 } else { EXAMPLES_SEED };
        let mut spec = SampleSpec::new(code, "6-thang", 2023, date, seed);
        let jumps = EXAMPLES_2023_JUMPS.iter().filter(|(u, _, _)| *u == code).map(|(_, i, f)| ((*i).to_string(), *f));
        spec.previous_year = Some(jumps.collect());
        let folder = if unit.group == DISTRICTS { "huyen-tp" } else { "so-nganh" };
        files.push(ExampleFile {
            path: format!("{folder}/bao-cao_{code}_6-thang_2023.xlsx"),
            bytes: sample_report_bytes(plan, &spec)?,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Units without a report in the 2025 example cycles, by period.
pub const EXAMPLES_2025_MISSING: [(&str, &str); 2] = [("6-thang", "HTB"), ("nam", "SCT")];
/// Late in the 2025 example cycles: period, unit, report date (year, month, day).
pub const EXAMPLES_2025_LATE: [(&str, &str, (i32, u32, u32)); 2] =
    [("6-thang", "SNNMT", (2025, 6, 10)), ("nam", "BPTTH", (2025, 11, 5))];
/// Reports from units that do not report in that cycle: period, unit, why. Each must get a
/// finding at its "Thông tin" cell and never be counted.
pub const EXAMPLES_2025_ABSENT: [(&str, &str); 3] = [
    // Sở Kế hoạch và Đầu tư, merged into Sở Tài chính about March 2025, still sent one.
    ("6-thang", "SKHDT"),
    // Huyện Tháp Mười after the district level ended on 01/07/2025.
    ("nam", "HTM"),
    // The new xã Tháp Mười, whose group the plan does not ask to report.
    ("nam", "XTHAPMUOI"),
];

/// The example reports of the plan's last year, `examples/reports-2025/`: the 6-month cycle
/// (the departments as merged in March, the 12 districts and cities) and the yearly cycle (the
/// new province's agencies), each in a folder of its own, with a missing unit, a late one and
/// reports from units that no longer (or do not) report. See `examples/reports-2025/README.md`.
///
/// # Errors
/// The plan lacks a period or unit the set names.
pub fn example_set_2025(plan: &Plan) -> anyhow::Result<Vec<ExampleFile>> {
    let mut files = Vec::new();
    for (period, (first, days)) in [("6-thang", ((2025, 5, 20), 15)), ("nam", ((2025, 10, 10), 21))] {
        let mut rng = Rng::new(EXAMPLES_SEED, period);
        let start = NaiveDate::from_ymd_opt(first.0, first.1, first.2).context("date")?;
        let absent = EXAMPLES_2025_ABSENT.iter().filter(|(p, _)| *p == period).map(|(_, c)| *c);
        let expected = plan.expected_units(period, 2025).into_iter().map(|u| u.code.as_str());
        for code in expected.chain(absent) {
            if EXAMPLES_2025_MISSING.contains(&(period, code)) {
                continue;
            }
            let date = match EXAMPLES_2025_LATE.iter().find(|(p, c, _)| *p == period && *c == code) {
                Some((_, _, (y, m, d))) => NaiveDate::from_ymd_opt(*y, *m, *d).context("date")?,
                None => start + chrono::Duration::days(rng.int(0, days) as i64),
            };
            let spec = SampleSpec::new(code, period, 2025, date, EXAMPLES_SEED);
            files.push(ExampleFile {
                path: format!("{period}-2025/bao-cao_{code}_{period}_2025.xlsx"),
                bytes: sample_report_bytes(plan, &spec)?,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The shipped plan's text with synthetic units appended so that `n` units in all report for
/// 6-thang/2024 (the benchmark's plan); `base_units` is how many of the shipped plan's do.
/// Units alternate between the two groups.
#[must_use]
pub fn synthetic_plan_text(base: &str, base_units: usize, n: usize) -> String {
    let mut text = base.to_string();
    for i in base_units..n {
        let k = i - base_units + 1;
        let (name, group) = if k.is_multiple_of(3) {
            (format!("Sở thử nghiệm số {k}"), "so-nganh")
        } else {
            (format!("Xã thử nghiệm số {k}"), "huyen-tp")
        };
        text.push_str(&format!("\n[[don_vi]]\ncode = \"DV{k:05}\"\nten = \"{name}\"\nnhom = \"{group}\"\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use baocao::plan::{BUILTIN, BUILTIN_NAME, parse};

    fn plan() -> Plan {
        parse(BUILTIN, BUILTIN_NAME).expect("shipped plan loads")
    }

    #[test]
    fn same_spec_gives_the_same_bytes() {
        let plan = plan();
        let spec = SampleSpec::new("SYT", "6-thang", 2024, NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(), 7);
        assert_eq!(sample_report_bytes(&plan, &spec).unwrap(), sample_report_bytes(&plan, &spec).unwrap());
    }

    #[test]
    fn figures_respect_every_rule_unless_one_is_broken_on_purpose() {
        let plan = plan();
        for unit in &plan.units {
            for seed in 0..20 {
                let mut spec =
                    SampleSpec::new(&unit.code, "6-thang", 2024, NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(), seed);
                let values = figures(&plan, unit, &spec, &mut Rng::new(seed, &unit.code));
                let num = |c: &str| {
                    values.iter().find_map(|(k, v)| match v {
                        Value::Number(n) if k == c => Some(*n),
                        _ => None,
                    })
                };
                assert_eq!(values.len(), plan.owed_indicators(&unit.code).len());
                for rule in &plan.rules {
                    if let (Some(l), Some(r)) = (num(&rule.left), num(&rule.right)) {
                        assert!(rule.op.holds(l, r), "{} {}: {l} {} {r}", unit.code, rule.id, rule.op.symbol());
                    }
                }
                spec.broken_rule = Some("don-giai-quyet-le-tham-quyen".into());
                let values = figures(&plan, unit, &spec, &mut Rng::new(seed, &unit.code));
                let get = |c: &str| {
                    values.iter().find_map(|(k, v)| match v {
                        Value::Number(n) if k == c => Some(*n),
                        _ => None,
                    })
                };
                assert!(get("DON_GIAIQUYET").unwrap() > get("DON_THAMQUYEN").unwrap());
            }
        }
    }

    #[test]
    fn narratives_fill_every_placeholder() {
        let plan = plan();
        let unit = plan.unit("HTM").unwrap();
        let spec = SampleSpec::new("HTM", "6-thang", 2024, NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(), 3);
        let mut rng = Rng::new(3, "x");
        let values = figures(&plan, unit, &spec, &mut rng);
        for task in &plan.tasks {
            let text = narrative(&task.code, &values, unit, 2024, &mut rng);
            assert!(!text.is_empty() && !text.contains('{'), "{}: {text}", task.code);
        }
    }

    #[test]
    fn vietnamese_number_text() {
        assert_eq!(vi_number(1_234_567.0), "1.234.567");
        assert_eq!(vi_number(12.0), "12");
        assert_eq!(vi_number(1234.5), "1.234,5");
    }

    #[test]
    fn synthetic_plan_has_n_units() {
        let base = plan().expected_units("6-thang", 2024).len();
        let text = synthetic_plan_text(BUILTIN, base, 100);
        let plan = parse(&text, "synthetic").expect("synthetic plan loads");
        assert_eq!(plan.expected_units("6-thang", 2024).len(), 100);
    }
}
