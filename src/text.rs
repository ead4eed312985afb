//! Text as Vietnamese offices type it: Unicode normalisation and the comparison key used to
//! match names, labels and headers; Vietnamese numbers and dates; legacy 8-bit encodings.

use unicode_normalization::UnicodeNormalization;

/// The text in NFC (composed) form: files from macOS or web forms arrive decomposed.
#[must_use]
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The key two strings are compared by: NFC, lower case, dots and colons read as spaces,
/// runs of white space folded to one, trimmed. "UBND TP. Cao Lãnh" and "ubnd  tp cao lãnh"
/// fold alike; "Cao Lãnh" stays different from both.
#[must_use]
pub fn fold(s: &str) -> String {
    let composed: String = s.nfc().collect::<String>().to_lowercase();
    let mut out = String::with_capacity(composed.len());
    let mut pending_space = false;
    for c in composed.chars() {
        if c.is_whitespace() || c == '.' || c == ':' || c == '\u{a0}' {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_spaces_dots_and_decomposition() {
        let nfd: String = "UBND TP. Cao Lãnh".nfd().collect();
        assert_eq!(fold(&nfd), "ubnd tp cao lãnh");
        assert_eq!(fold("  ubnd   tp cao LÃNH "), "ubnd tp cao lãnh");
        assert_eq!(fold("Mã đơn vị:"), "mã đơn vị");
        assert_ne!(fold("Cao Lãnh"), fold("TP. Cao Lãnh"));
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

/// "1.234.567": a leading group of 1–3 digits, then groups of exactly three.
fn groups_of_three(s: &str) -> bool {
    let mut groups = s.split('.');
    let Some(first) = groups.next() else { return false };
    if first.is_empty() || first.len() > 3 {
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
    fn uncertain_text_is_not_converted() {
        assert_eq!(convert_legacy("§ång ½", Legacy::Tcvn3).as_deref(), Some("Đồng ẵ"));
        assert_eq!(convert_legacy("ab\u{b0}c", Legacy::Tcvn3), None);
        assert_eq!(convert_legacy("x\u{b0}", Legacy::Vni), None);
    }
}
