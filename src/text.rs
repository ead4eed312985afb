//! Text as Vietnamese offices type it: Unicode normalisation and the comparison key used to
//! match names, labels and headers; Vietnamese numbers and dates; legacy 8-bit encodings.

use unicode_normalization::UnicodeNormalization;

/// "12", "12.5": a number as users typed it.
#[must_use]
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// `v` with `decimals` digits after `point` and its thousands grouped by `group`: "1.234,5"
/// (Vietnamese: `.` and `,`) or "1,234.5" (English). The reader's form of a figure in a sentence.
#[must_use]
pub fn grouped_number(v: f64, decimals: usize, group: char, point: char) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(group);
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{frac}") }
}

/// Whether a period's name is the year itself ("Năm"): it is written "năm 2025", never
/// "Năm năm 2025".
#[must_use]
pub fn is_yearly_period(name: &str) -> bool {
    fold(name) == "năm"
}

/// A period of a year as documents write it: "6 tháng năm 2024", or "năm 2025" for the
/// yearly period. `name` is used as given (callers choose its case).
#[must_use]
pub fn period_of_year(name: &str, year: i32) -> String {
    if is_yearly_period(name) { format!("năm {year}") } else { format!("{name} năm {year}") }
}

/// The text in NFC (composed) form: files from macOS or web forms arrive decomposed.
#[must_use]
pub fn nfc(s: &str) -> String {
    // Nearly every cell is already NFC (Excel, LibreOffice and WPS write composed text): the
    // quick check skips decomposing and recomposing it, which cost 4 % of a consolidation.
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return s.to_string();
    }
    s.nfc().collect()
}

/// The key every comparison with the plan goes through (units, periods, statuses, task and
/// indicator codes, headers, sheet names, the register). Two texts a clerk would call the same
/// fold alike; the table of what it ignores is in `docs/report-format.md` ("Khóa so sánh"):
///
/// - Unicode form (NFC), case, runs of white space (also non-breaking ones), dots and colons
///   (read as spaces), leading and trailing space;
/// - invisible characters (zero-width spaces and joiners, BOM, soft hyphen), dropped;
/// - look-alike letters: "Ð" (U+00D0, Icelandic eth) for "Đ", and Cyrillic or Greek letters that
///   look like Latin ones ("а", "о", "с" …);
/// - the two tone placements: new-style "hoà", "uỷ", "hoá" fold like the classical "hòa", "ủy",
///   "hóa" (the key carries the classical placement);
/// - the standard abbreviations of administrative names, as whole words: "UBND" (also
///   "U.B.N.D") = "Ủy ban nhân dân", "TP" = "Thành phố", "H" = "Huyện", "VP" = "Văn phòng".
///
/// "UBND TP. Cao Lãnh" and "Ủy ban nhân dân thành phố Cao Lãnh" fold alike; "Cao Lãnh" stays
/// different from both (it names two units, and is never guessed).
#[must_use]
pub fn fold(s: &str) -> String {
    let composed: String = nfc(s).to_lowercase();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in composed.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c == '.' || c == ':' {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push(look_alike(c));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let words = join_initials(&words);
    let mut out = String::with_capacity(composed.len() + 16);
    for w in &words {
        let expanded = match w.as_str() {
            "ubnd" => "ủy ban nhân dân",
            "tp" => "thành phố",
            "h" => "huyện",
            "vp" => "văn phòng",
            _ => "",
        };
        if !out.is_empty() {
            out.push(' ');
        }
        if expanded.is_empty() {
            out.push_str(&classical_tones(w));
        } else {
            out.push_str(expanded);
        }
    }
    out
}

/// Characters that take no room on screen: zero-width space, joiners and marks, word joiner,
/// BOM, soft hyphen, Mongolian vowel separator.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{180e}')
}

/// A lower-case letter that looks like another: the Latin one it is taken for.
fn look_alike(c: char) -> char {
    match c {
        // Ð (U+00D0) lower-cases to ð; Vietnamese fonts draw it like Đ.
        '\u{f0}' => 'đ',
        // Cyrillic and Greek letters drawn like Latin ones.
        'а' | 'α' => 'a',
        'е' => 'e',
        'о' | 'ο' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' | 'н' => 'h',
        'ԁ' => 'd',
        'ӏ' => 'l',
        'к' => 'k',
        'м' => 'm',
        'т' => 't',
        'в' => 'b',
        'ν' => 'v',
        _ => c,
    }
}

/// "u b n d" (from "U.B.N.D.") and "t p" (from "T.P.") back into one word: one-letter words
/// in a row that spell a known abbreviation.
fn join_initials(words: &[String]) -> Vec<String> {
    const SPELT: [&str; 3] = ["ubnd", "tp", "vp"];
    let single = |w: &str| w.chars().count() == 1 && w.chars().all(|c| c.is_ascii_alphabetic());
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let run = words[i..].iter().take_while(|w| single(w)).count();
        let spelt = SPELT.iter().find(|a| a.len() <= run && words[i..i + a.len()].concat() == **a);
        if let Some(a) = spelt.filter(|a| a.len() > 1) {
            out.push((*a).to_string());
            i += a.len();
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Every syllable of a lower-case word with its tone mark where the classical rule puts it:
/// on the vowel with a hat or horn; else, when a consonant closes the syllable, on the last
/// vowel; else on the first of two vowels ("hòa", "ủy", "của") or the middle of three
/// ("ngoài"). "qu" and "gi" before a vowel count as consonants ("quý", "già"). Text that is not
/// a Vietnamese syllable comes back as it was.
fn classical_tones(word: &str) -> String {
    if word.is_ascii() {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut syllable = String::new();
    for c in word.chars() {
        if c.is_alphabetic() {
            syllable.push(c);
        } else {
            out.push_str(&place_tone(&syllable));
            syllable.clear();
            out.push(c);
        }
    }
    out.push_str(&place_tone(&syllable));
    out
}

fn place_tone(syllable: &str) -> String {
    // Most syllables carry no tone, or are not Vietnamese: nothing to move.
    let has_tone =
        |c: char| "àáãèéìíòóõùúýĩũ".contains(c) || ('\u{1ea0}'..='\u{1ef9}').contains(&c) || TONES.contains(&c);
    if !syllable.chars().any(has_tone) {
        return syllable.to_string();
    }
    let decomposed: Vec<char> = syllable.nfd().collect();
    let tones: Vec<char> = decomposed.iter().copied().filter(|c| TONES.contains(c)).collect();
    let [tone] = tones.as_slice() else { return syllable.to_string() };
    // The syllable's letters without the tone, each with its hat or horn.
    let bare: Vec<char> = decomposed.iter().copied().filter(|c| !TONES.contains(c)).collect::<String>().nfc().collect();
    let vowel = |c: char| "aăâeêioôơuưy".contains(c);
    let hat = |c: char| "ăâêôơư".contains(c);
    let mut first = bare.iter().position(|&c| vowel(c)).unwrap_or(bare.len());
    // "qu" and "gi" followed by another vowel: the u and the i belong to the consonant.
    if first > 0 && first + 1 < bare.len() && vowel(bare[first + 1]) {
        let pair = (bare[first - 1], bare[first]);
        if pair == ('q', 'u') || (pair == ('g', 'i') && first == 1) {
            first += 1;
        }
    }
    let mut last = first;
    while last + 1 < bare.len() && vowel(bare[last + 1]) {
        last += 1;
    }
    if first >= bare.len() || (last + 1 < bare.len() && bare[last + 1..].iter().any(|&c| vowel(c))) {
        return syllable.to_string();
    }
    let closed = last + 1 < bare.len();
    let at = if let Some(h) = (first..=last).rev().find(|&i| hat(bare[i])) {
        h
    } else if closed || first == last {
        last
    } else if last - first == 1 {
        first
    } else {
        first + 1
    };
    let mut out = String::with_capacity(syllable.len() + 2);
    for (i, c) in bare.iter().enumerate() {
        out.push(*c);
        if i == at {
            out.push(*tone);
        }
    }
    nfc(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_spaces_dots_and_decomposition() {
        let nfd: String = "UBND TP. Cao Lãnh".nfd().collect();
        assert_eq!(fold(&nfd), "ủy ban nhân dân thành phố cao lãnh");
        assert_eq!(fold("  ubnd   tp cao LÃNH "), "ủy ban nhân dân thành phố cao lãnh");
        assert_eq!(fold("Mã đơn vị:"), "mã đơn vị");
        assert_ne!(fold("Cao Lãnh"), fold("TP. Cao Lãnh"));
    }

    /// The table "Khóa so sánh" of docs/report-format.md, row by row: each pair folds alike.
    #[test]
    fn the_folding_key_table_holds_row_by_row() {
        let nfd: String = "Huyện Tháp Mười".nfd().collect();
        let same = [
            (nfd.as_str(), "Huyện Tháp Mười"),
            ("HUYỆN THÁP MƯỜI", "huyện tháp mười"),
            ("  Huyện   Tháp\tMười ", "Huyện Tháp Mười"),
            ("Huyện\u{a0}Tháp Mười", "Huyện Tháp Mười"),
            ("H\u{200b}TH", "HTH"),
            ("\u{feff}NV1\u{200d}", "NV1"),
            ("Thá\u{ad}p Mười", "Tháp Mười"),
            ("\u{d0}ồng Tháp", "Đồng Tháp"),
            ("Ð\u{1ed3}ng Tháp", "Đồng Tháp"),
            ("Sở Tài chính", "Sở Tài сhính"),
            ("Văn hoá", "Văn hóa"),
            ("Hoà Long", "Hòa Long"),
            ("Uỷ ban", "Ủy ban"),
            ("Thuý", "Thúy"),
            ("khoẻ", "khỏe"),
            ("UBND H. Tháp Mười", "Ủy ban nhân dân huyện Tháp Mười"),
            ("UBND TP. Cao Lãnh", "Ủy ban nhân dân Thành phố Cao Lãnh"),
            ("UBND TP.Cao Lãnh", "U.B.N.D T.P Cao Lãnh"),
            ("VP UBND Tỉnh", "Văn phòng Uỷ ban nhân dân Tỉnh"),
            ("Mã đơn vị:", "mã đơn vị"),
        ];
        for (a, b) in same {
            assert_eq!(fold(a), fold(b), "{a:?} / {b:?}");
        }
        // Different words stay different, and classical spellings keep their letters.
        for (a, b) in
            [("Cao Lãnh", "TP. Cao Lãnh"), ("Hồng Ngự", "Hồng Ngữ"), ("Mỹ Thọ", "Mỹ Tho"), ("Tân Thành", "Tân Thạnh")]
        {
            assert_ne!(fold(a), fold(b), "{a} / {b}");
        }
        for word in ["ngày", "tháng", "năm", "của", "quý", "già", "người", "nguyễn", "ngoài", "hoàn thành", "mười"]
        {
            assert_eq!(fold(word), word);
        }
    }
}

/// A date typed as text, always day first: "04/06/2024", "4/6/2024", "04-06-2024",
/// "04.06.2024", "2024-06-04" (ISO, year first), "ngày 04 tháng 6 năm 2024". A time after the
/// date ("04/06/2024 10:30") is dropped. `None` for anything else, or a day that does not exist.
#[must_use]
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    use chrono::NaiveDate;
    let folded = fold(s);
    let folded = folded.as_str();
    // "ngày 04 tháng 6 năm 2024" (the words may lack diacritics), also after a place name as on
    // the date line: "Đồng Tháp, ngày 05 tháng 6 năm 2024". Nothing else may stand around it,
    // so a hint such as "Ngày/tháng/năm, ví dụ 04/06/2024" is not a date.
    let tokens: Vec<&str> = folded.split(' ').collect();
    if let Some(start) = tokens.iter().position(|t| matches!(*t, "ngày" | "ngay")) {
        let prefix_ok = start == 0 || tokens[start - 1].ends_with(',');
        if let [d, month_word, m, year_word, y] = &tokens[start + 1..] {
            let number = |t: &str| -> Option<u32> { t.chars().all(|c| c.is_ascii_digit()).then(|| t.parse().ok())? };
            if prefix_ok && matches!(*month_word, "tháng" | "thang") && matches!(*year_word, "năm" | "nam") {
                let y = y.trim_end_matches(['.', ',']);
                return NaiveDate::from_ymd_opt(i32::try_from(number(y)?).ok()?, number(m)?, number(d)?);
            }
        }
        return None;
    }
    // Drop a time part: "04/06/2024 10:30:00" or "2024-06-04T10:30".
    let date_part = s.trim().split([' ', 'T']).next()?;
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    if !parts.iter().all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit())) {
        return None;
    }
    let (a, b, c): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    if parts[0].len() == 4 {
        // ISO: year-month-day.
        return NaiveDate::from_ymd_opt(i32::try_from(a).ok()?, b, u32::try_from(c).ok()?);
    }
    if parts[2].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(c, b, a)
}

/// A number typed as text the Vietnamese way: "." groups thousands and "," marks decimals
/// ("1.234" is 1234, "12,5" is 12.5, "1.234,5" is 1234.5); spaces and a trailing "%" are
/// allowed. A lone "." followed by other than three digits is read as a decimal point
/// ("12.5" is 12.5), since that is how software writes numbers. `None` when it is not a number.
#[must_use]
pub fn parse_number(s: &str) -> Option<f64> {
    let t: String = s.trim().trim_end_matches('%').chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if t.is_empty() {
        return None;
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let normalised = if commas > 1 {
        return None;
    } else if commas == 1 {
        // "1.234,5": dots group thousands, the comma is the decimal mark.
        let (int, frac) = body.split_once(',')?;
        if dots > 0 && !groups_of_three(int) {
            return None;
        }
        format!("{}.{frac}", int.replace('.', ""))
    } else if dots == 0 {
        body.to_string()
    } else if groups_of_three(body) {
        body.replace('.', "")
    } else if dots == 1 {
        body.to_string()
    } else {
        return None;
    };
    if normalised.starts_with('.') || normalised.ends_with('.') {
        return None;
    }
    let v: f64 = normalised.parse().ok()?;
    Some(if neg { -v } else { v })
}

/// What a figure typed as text says, by the rules of the table "Số liệu gõ thành chữ" in
/// `docs/report-format.md`. The caller decides what each means for its indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberText {
    /// Nothing but white space or invisible characters.
    Blank,
    /// One reading: "1.234", "12,5", "(12)" (= −12), "0.500" (= 0.5).
    Value(f64),
    /// Only the English reading fits ("1,234.5", "1,234,567"): the value, to be shown to the
    /// clerk, since the form is not the Vietnamese one.
    English(f64),
    /// "1,250": 1,25 the Vietnamese way or 1250 the English way, a thousand times apart.
    Ambiguous { vietnamese: f64, english: f64 },
    /// A number with a "%" sign: "85%", "85,3 %".
    Percent(f64),
    /// A mark that stands for "nothing" in a table: "-", "–", "—", "x", "không".
    Placeholder,
    /// Anything else.
    NotNumber,
}

/// Reads a figure typed as text (see [`NumberText`]). Non-breaking and invisible characters
/// are dropped; a space may group thousands ("1 234").
#[must_use]
pub fn read_number(s: &str) -> NumberText {
    let t: String = s.chars().filter(|&c| !c.is_whitespace() && !is_invisible(c)).collect();
    if t.is_empty() {
        return NumberText::Blank;
    }
    if matches!(t.as_str(), "-" | "–" | "—" | "−" | "--" | "x" | "X") || fold(s) == "không" || fold(s) == "khong"
    {
        return NumberText::Placeholder;
    }
    if let Some(body) = t.strip_suffix('%') {
        return match read_number(body) {
            NumberText::Value(v) | NumberText::English(v) => NumberText::Percent(v),
            NumberText::Ambiguous { vietnamese, .. } => NumberText::Percent(vietnamese),
            _ => NumberText::NotNumber,
        };
    }
    // An accountant's negative: "(12)".
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return match read_number(inner) {
            NumberText::Value(v) => NumberText::Value(-v),
            NumberText::English(v) => NumberText::English(-v),
            NumberText::Ambiguous { vietnamese, english } => {
                NumberText::Ambiguous { vietnamese: -vietnamese, english: -english }
            }
            _ => NumberText::NotNumber,
        };
    }
    let (neg, body) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let sign = |v: f64| if neg { -v } else { v };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return NumberText::NotNumber;
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    // English thousands: "1,234,567" or "1,234.5" (commas group, a dot after them).
    let english = || -> Option<f64> {
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if frac.contains(['.', ',']) || !groups_of(int, ',') {
            return None;
        }
        let digits = int.replace(',', "");
        if frac.is_empty() { digits.parse().ok() } else { format!("{digits}.{frac}").parse().ok() }
    };
    if commas >= 1 && dots <= 1 && body.find(',') < body.find('.').or(Some(usize::MAX)) {
        if commas == 1 && dots == 0 {
            let (int, frac) = body.split_once(',').unwrap_or((body, ""));
            let vietnamese: Option<f64> = format!("{int}.{frac}").parse().ok();
            if groups_of(body, ',') {
                // "1,250": both readings are numbers, a thousand times apart.
                if let (Some(vi), Some(en)) = (vietnamese, english()) {
                    return NumberText::Ambiguous { vietnamese: sign(vi), english: sign(en) };
                }
            }
            if !int.is_empty() && !frac.is_empty() {
                return vietnamese.map_or(NumberText::NotNumber, |v| NumberText::Value(sign(v)));
            }
            return NumberText::NotNumber;
        }
        if let Some(v) = english() {
            return NumberText::English(sign(v));
        }
    }
    parse_number(body).map_or(NumberText::NotNumber, |v| NumberText::Value(sign(v)))
}

/// "1,234,567" with `sep` ","; a leading group of 1–3 digits not starting with 0 (unless it is
/// the only digit), then groups of exactly three.
fn groups_of(s: &str, sep: char) -> bool {
    let mut groups = s.split(sep);
    let Some(first) = groups.next() else { return false };
    if first.is_empty() || first.len() > 3 || first.starts_with('0') || !first.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut any = false;
    for g in groups {
        if g.len() != 3 || !g.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        any = true;
    }
    any
}

/// "1.234.567": a leading group of 1–3 digits, then groups of exactly three.
fn groups_of_three(s: &str) -> bool {
    let mut groups = s.split('.');
    let Some(first) = groups.next() else { return false };
    // "0.500" is no thousands grouping: a group never starts with 0.
    if first.is_empty() || first.len() > 3 || (first.starts_with('0')) {
        return false;
    }
    let mut any = false;
    for g in groups {
        if g.len() != 3 {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod parse_tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn dates_are_day_first() {
        let d = NaiveDate::from_ymd_opt(2024, 6, 4);
        for s in [
            "04/06/2024",
            "4/6/2024",
            "04-06-2024",
            "2024-06-04",
            "04.06.2024",
            "ngày 04 tháng 6 năm 2024",
            "Ngày 4 tháng 06 năm 2024",
            "04/06/2024 10:30",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        assert_eq!(parse_date("31/02/2024"), None);
        assert_eq!(parse_date("06/2024"), None);
        assert_eq!(parse_date("hôm qua"), None);
        assert_eq!(parse_date("4/6/24"), None);
        assert_eq!(parse_date("Đồng Tháp, ngày 05 tháng 6 năm 2024"), NaiveDate::from_ymd_opt(2024, 6, 5));
        // A template hint is not a date.
        assert_eq!(parse_date("Ngày/tháng/năm, ví dụ 04/06/2024"), None);
        assert_eq!(parse_date("ngày 04 tháng 6"), None);
    }

    #[test]
    fn numbers_use_vietnamese_separators() {
        assert_eq!(parse_number("1.234"), Some(1234.0));
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number(" 45 "), Some(45.0));
        assert_eq!(parse_number("1.234.567"), Some(1_234_567.0));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("85,3%"), Some(85.3));
        assert_eq!(parse_number("1 234"), Some(1234.0));
        assert_eq!(parse_number("12.5"), Some(12.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("1,2,3"), None);
    }

    /// The table "Số liệu gõ thành chữ" of docs/report-format.md, row by row.
    #[test]
    fn the_number_table_holds_row_by_row() {
        use NumberText::{Ambiguous, Blank, English, NotNumber, Percent, Placeholder, Value};
        let rows: &[(&str, NumberText)] = &[
            ("1.234", Value(1234.0)),
            ("1.234.567", Value(1_234_567.0)),
            ("12,5", Value(12.5)),
            ("1.234,5", Value(1234.5)),
            ("0,500", Value(0.5)),
            ("12.5", Value(12.5)),
            ("0.500", Value(0.5)),
            ("1 234", Value(1234.0)),
            (" 45 ", Value(45.0)),
            ("\u{a0}45\u{a0}", Value(45.0)),
            ("4\u{200b}5", Value(45.0)),
            ("(12)", Value(-12.0)),
            ("-3", Value(-3.0)),
            ("1,250", Ambiguous { vietnamese: 1.25, english: 1250.0 }),
            ("1,234.5", English(1234.5)),
            ("1,234,567", English(1_234_567.0)),
            ("85%", Percent(85.0)),
            ("85,3 %", Percent(85.3)),
            ("-", Placeholder),
            ("–", Placeholder),
            ("—", Placeholder),
            ("x", Placeholder),
            ("Không", Placeholder),
            ("", Blank),
            ("\u{200b}", Blank),
            ("1,2,3", NotNumber),
            ("mười", NotNumber),
            ("12,", NotNumber),
        ];
        for (typed, want) in rows {
            assert_eq!(read_number(typed), *want, "{typed:?}");
        }
    }
}

// =============================================================================================
// Legacy 8-bit encodings (TCVN3 and VNI-Windows)
// =============================================================================================

/// A legacy Vietnamese encoding found in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN3 (ABC), fonts ".VnTime"/".VnTimeH": one byte per letter.
    Tcvn3,
    /// VNI-Windows, fonts "VNI-Times": a base letter followed by a mark byte.
    Vni,
}

impl Legacy {
    /// The name clerks know the encoding by.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, phông .VnTime)",
            Legacy::Vni => "VNI (phông VNI-Times)",
        }
    }
}

/// TCVN3 bytes (as the Latin-1 characters a spreadsheet shows them) and the letters they stand
/// for. Capitals share these bytes (the `.VnTimeH` font draws them in capitals), so converted
/// text is in lower case.
const TCVN3: &[(char, &str)] = &[
    ('\u{a1}', "Ă"),
    ('\u{a2}', "Â"),
    ('\u{a3}', "Ê"),
    ('\u{a4}', "Ô"),
    ('\u{a5}', "Ơ"),
    ('\u{a6}', "Ư"),
    ('\u{a7}', "Đ"),
    ('\u{a8}', "ă"),
    ('\u{a9}', "â"),
    ('\u{aa}', "ê"),
    ('\u{ab}', "ô"),
    ('\u{ac}', "ơ"),
    ('\u{ad}', "ư"),
    ('\u{ae}', "đ"),
    ('\u{b5}', "à"),
    ('\u{b6}', "ả"),
    ('\u{b7}', "ã"),
    ('\u{b8}', "á"),
    ('\u{b9}', "ạ"),
    ('\u{bb}', "ằ"),
    ('\u{bc}', "ẳ"),
    ('\u{bd}', "ẵ"),
    ('\u{be}', "ắ"),
    ('\u{c6}', "ặ"),
    ('\u{c7}', "ầ"),
    ('\u{c8}', "ẩ"),
    ('\u{c9}', "ẫ"),
    ('\u{ca}', "ấ"),
    ('\u{cb}', "ậ"),
    ('\u{cc}', "è"),
    ('\u{ce}', "ẻ"),
    ('\u{cf}', "ẽ"),
    ('\u{d0}', "é"),
    ('\u{d1}', "ẹ"),
    ('\u{d2}', "ề"),
    ('\u{d3}', "ể"),
    ('\u{d4}', "ễ"),
    ('\u{d5}', "ế"),
    ('\u{d6}', "ệ"),
    ('\u{d7}', "ì"),
    ('\u{d8}', "ỉ"),
    ('\u{dc}', "ĩ"),
    ('\u{dd}', "í"),
    ('\u{de}', "ị"),
    ('\u{df}', "ò"),
    ('\u{e1}', "ỏ"),
    ('\u{e2}', "õ"),
    ('\u{e3}', "ó"),
    ('\u{e4}', "ọ"),
    ('\u{e5}', "ồ"),
    ('\u{e6}', "ổ"),
    ('\u{e7}', "ỗ"),
    ('\u{e8}', "ố"),
    ('\u{e9}', "ộ"),
    ('\u{ea}', "ờ"),
    ('\u{eb}', "ở"),
    ('\u{ec}', "ỡ"),
    ('\u{ed}', "ớ"),
    ('\u{ee}', "ợ"),
    ('\u{ef}', "ù"),
    ('\u{f1}', "ủ"),
    ('\u{f2}', "ũ"),
    ('\u{f3}', "ú"),
    ('\u{f4}', "ụ"),
    ('\u{f5}', "ừ"),
    ('\u{f6}', "ử"),
    ('\u{f7}', "ữ"),
    ('\u{f8}', "ứ"),
    ('\u{f9}', "ự"),
    ('\u{fa}', "ỳ"),
    ('\u{fb}', "ỷ"),
    ('\u{fc}', "ỹ"),
    ('\u{fd}', "ý"),
    ('\u{fe}', "ỵ"),
];

/// VNI marks that never occur in Unicode Vietnamese text: one of them is needed before text
/// is taken for VNI, since "oà" is both VNI "ồ" and the ordinary Unicode "oà" of "Hoàng".
const VNI_ONLY: &str = "øûïñÑöÖäåëüæØÛÏÄÅËÜÆ";

fn tcvn3_letter(c: char) -> Option<&'static str> {
    TCVN3.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// A letter of Unicode Vietnamese that no legacy encoding shows (ă, ơ, ư, đ, ạ …): text with
/// one of these is already Unicode.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(c, '\u{102}'..='\u{1b0}' | '\u{1ea0}'..='\u{1ef9}')
}

/// Which legacy encoding `s` looks like, if any. Text that already holds Unicode Vietnamese
/// letters is never flagged.
#[must_use]
pub fn detect_legacy(s: &str) -> Option<Legacy> {
    if s.chars().any(is_unicode_vietnamese) {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let next_to_letter = |i: usize| {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphabetic());
        let after = chars.get(i + 1).is_some_and(|c| c.is_alphabetic());
        before || after
    };
    // TCVN3's own range (U+00A1–U+00BE) holds đ, ă, â, ê, ô, ơ, ư and the toned a's: nearly
    // every Vietnamese phrase in TCVN3 has one of them next to a letter.
    let tcvn3 = chars.iter().enumerate().any(|(i, &c)| {
        matches!(c, '\u{a1}'..='\u{ae}' | '\u{b5}'..='\u{b9}' | '\u{bb}'..='\u{be}') && next_to_letter(i)
    });
    if tcvn3 {
        return Some(Legacy::Tcvn3);
    }
    let vni = chars.iter().enumerate().any(|(i, &c)| VNI_ONLY.contains(c) && next_to_letter(i));
    vni.then_some(Legacy::Vni)
}

/// Legacy-encoded text anywhere in a cell: the whole cell ("§ång Th¸p"), or only some words of
/// a Unicode sentence ("Báo cáo của §ång Th¸p", text pasted from an old document). Returns
/// the encoding and the whole cell converted, or `None` for the conversion when some character
/// has no certain meaning. Words already holding Unicode Vietnamese letters are never touched.
#[must_use]
pub fn find_legacy(s: &str) -> Option<(Legacy, Option<String>)> {
    // Both detections need one of these bytes: most cells have none and cost one scan.
    if !s
        .chars()
        .any(|c| matches!(c, '\u{a1}'..='\u{ae}' | '\u{b5}'..='\u{b9}' | '\u{bb}'..='\u{be}') || VNI_ONLY.contains(c))
    {
        return None;
    }
    if let Some(legacy) = detect_legacy(s) {
        return Some((legacy, convert_legacy(s, legacy)));
    }
    if !s.chars().any(is_unicode_vietnamese) {
        return None;
    }
    // Only part of the cell: look word by word, quotes around a word aside (« and » are TCVN3
    // letters too).
    let quote = |c: char| matches!(c, '«' | '»' | '"' | '“' | '”' | '(' | ')' | ',' | ';');
    // TCVN3 first: its letters Ö, Ë … are also VNI tone bytes, never the other way round.
    let kinds: Vec<Legacy> = s.split_whitespace().filter_map(|w| detect_legacy(w.trim_matches(quote))).collect();
    let legacy = if kinds.contains(&Legacy::Tcvn3) { Legacy::Tcvn3 } else { *kinds.first()? };
    // Once the cell is known to hold TCVN3, a word with a byte that no Unicode Vietnamese word
    // uses ("huyÖn") is TCVN3 too, even without one of the bytes detection looks for.
    // In VNI, a word with a tone byte that Unicode never puts after a vowel ("Thaùp").
    let vni_tone = |core: &str| {
        let chars: Vec<char> = core.chars().collect();
        chars.windows(2).any(|w| "aeiouyAEIOUY".contains(w[0]) && "ùøûõïÙØÛÕÏ".contains(w[1]))
    };
    let is_legacy = |core: &str| {
        detect_legacy(core) == Some(legacy)
            || (legacy == Legacy::Vni && !core.chars().any(is_unicode_vietnamese) && vni_tone(core))
            || (legacy == Legacy::Tcvn3
                && !core.chars().any(is_unicode_vietnamese)
                && core
                    .chars()
                    .any(|c| ('\u{a1}'..='\u{ff}').contains(&c) && !"àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ«»".contains(c)))
    };
    let mut out = String::with_capacity(s.len() + 8);
    let mut certain = true;
    let mut rest = s;
    while !rest.is_empty() {
        let start = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        let core = word.trim_matches(quote);
        if is_legacy(core) {
            let lead = &word[..word.find(core).unwrap_or(0)];
            let tail = &word[lead.len() + core.len()..];
            if let Some(c) = convert_legacy(core, legacy) {
                out.push_str(lead);
                out.push_str(&c);
                out.push_str(tail);
            } else {
                certain = false;
                out.push_str(word);
            }
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    Some((legacy, certain.then_some(out)))
}

/// `s` converted from `legacy` to Unicode (NFC), or `None` when some character has no certain
/// meaning in that encoding.
#[must_use]
pub fn convert_legacy(s: &str, legacy: Legacy) -> Option<String> {
    match legacy {
        Legacy::Tcvn3 => {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if let Some(letter) = tcvn3_letter(c) {
                    out.push_str(letter);
                } else if ('\u{80}'..='\u{ff}').contains(&c) && c != '\u{a0}' {
                    return None;
                } else {
                    out.push(c);
                }
            }
            Some(out)
        }
        Legacy::Vni => convert_vni(s),
    }
}

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31b}';

/// VNI-Windows: "Ñoàng Thaùp" is "Đồng Tháp". Letters are built as base plus combining marks,
/// then composed.
fn convert_vni(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 8);
    // The base vowel of the letter being built, if the last thing written was a vowel.
    let mut vowel: Option<char> = None;
    for c in s.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let marks: Option<&[char]> = match lower {
            'ù' => Some(&[ACUTE]),
            'ø' => Some(&[GRAVE]),
            'û' => Some(&[HOOK]),
            'õ' => Some(&[TILDE]),
            'ï' => Some(&[DOT]),
            'â' => Some(&[CIRCUMFLEX]),
            'á' => Some(&[CIRCUMFLEX, ACUTE]),
            'à' => Some(&[CIRCUMFLEX, GRAVE]),
            'å' => Some(&[CIRCUMFLEX, HOOK]),
            'ã' => Some(&[CIRCUMFLEX, TILDE]),
            'ä' => Some(&[CIRCUMFLEX, DOT]),
            'ê' => Some(&[BREVE]),
            'é' => Some(&[BREVE, ACUTE]),
            'è' => Some(&[BREVE, GRAVE]),
            'ú' => Some(&[BREVE, HOOK]),
            'ü' => Some(&[BREVE, TILDE]),
            'ë' => Some(&[BREVE, DOT]),
            _ => None,
        };
        if let (Some(marks), Some(base)) = (marks, vowel) {
            let base = base.to_ascii_lowercase();
            let fits = match marks[0] {
                CIRCUMFLEX => matches!(base, 'a' | 'e' | 'o'),
                BREVE => base == 'a',
                _ => true,
            };
            if fits {
                out.extend(marks.iter());
                // Only one mark group per letter; a tone after a circumflex comes in one byte.
                vowel = None;
                continue;
            }
        }
        let standalone = match lower {
            'ô' => Some(('o', Some(HORN), None)),
            'ö' => Some(('u', Some(HORN), None)),
            'ñ' => Some(('đ', None, None)),
            'ì' => Some(('i', None, Some(GRAVE))),
            'í' => Some(('i', None, Some(ACUTE))),
            'æ' => Some(('i', None, Some(HOOK))),
            'ó' => Some(('i', None, Some(TILDE))),
            'ò' => Some(('i', None, Some(DOT))),
            _ => None,
        };
        if let Some((base, horn, tone)) = standalone {
            let base = if c.is_uppercase() { base.to_uppercase().next().unwrap_or(base) } else { base };
            out.push(base);
            out.extend(horn);
            out.extend(tone);
            // ơ and ư take a tone byte after them.
            vowel = horn.map(|_| base);
            continue;
        }
        if ('\u{80}'..='\u{ff}').contains(&c) && c != '\u{a0}' {
            return None;
        }
        out.push(c);
        vowel = "aeiouyAEIOUY".contains(c).then_some(c);
    }
    Some(nfc(&out))
}

#[cfg(test)]
mod legacy_tests {
    use super::*;

    #[test]
    fn tcvn3_is_detected_and_converted() {
        assert_eq!(detect_legacy("§ång Th¸p"), Some(Legacy::Tcvn3));
        assert_eq!(convert_legacy("§ång Th¸p", Legacy::Tcvn3).as_deref(), Some("Đồng Tháp"));
        assert_eq!(convert_legacy("Hµ Néi", Legacy::Tcvn3).as_deref(), Some("Hà Nội"));
        assert_eq!(convert_legacy("Së Néi vô", Legacy::Tcvn3).as_deref(), Some("Sở Nội vụ"));
    }

    #[test]
    fn vni_is_detected_and_converted() {
        assert_eq!(detect_legacy("Ñoàng Thaùp"), Some(Legacy::Vni));
        assert_eq!(convert_legacy("Ñoàng Thaùp", Legacy::Vni).as_deref(), Some("Đồng Tháp"));
        assert_eq!(convert_legacy("Sôû Noäi vuï", Legacy::Vni).as_deref(), Some("Sở Nội vụ"));
        assert_eq!(convert_legacy("Hoaøn thaønh", Legacy::Vni).as_deref(), Some("Hoàn thành"));
        assert_eq!(convert_legacy("ñöôïc", Legacy::Vni).as_deref(), Some("được"));
    }

    #[test]
    fn unicode_and_plain_text_are_not_legacy() {
        for s in ["Đồng Tháp", "Hoàng", "Hoàn thành", "abc 123", "Sở Nội vụ", "© 2024", "85,3%", ""] {
            assert_eq!(detect_legacy(s), None, "{s}");
        }
        let nfd: String = "Đồng Tháp".nfd().collect();
        assert_eq!(detect_legacy(&nfd), None);
    }

    #[test]
    fn legacy_words_inside_a_unicode_sentence_are_found_and_converted() {
        assert_eq!(
            find_legacy("Báo cáo của UBND huyÖn Th¸p M\u{ad}êi năm 2024"),
            Some((Legacy::Tcvn3, Some("Báo cáo của UBND huyện Tháp Mười năm 2024".to_string())))
        );
        assert_eq!(
            find_legacy("Mô hình «Dân vận khéo» ở Ñoàng Thaùp"),
            Some((Legacy::Vni, Some("Mô hình «Dân vận khéo» ở Đồng Tháp".to_string())))
        );
        assert_eq!(find_legacy("§ång Th¸p"), Some((Legacy::Tcvn3, Some("Đồng Tháp".to_string()))));
        for s in ["Mô hình «Dân vận khéo» năm 2024", "Hoàng Văn Thụ", "Đồng Tháp, ngày 05 tháng 6"] {
            assert_eq!(find_legacy(s), None, "{s}");
        }
    }

    #[test]
    fn uncertain_text_is_not_converted() {
        assert_eq!(convert_legacy("§ång ½", Legacy::Tcvn3).as_deref(), Some("Đồng ẵ"));
        assert_eq!(convert_legacy("ab\u{b0}c", Legacy::Tcvn3), None);
        assert_eq!(convert_legacy("x\u{b0}", Legacy::Vni), None);
    }
}
