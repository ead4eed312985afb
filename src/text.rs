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
    // "ngày 04 tháng 6 năm 2024" (the words may be missing their diacritics).
    let numbers: Vec<&str> = folded.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).collect();
    let wordy = ["ngày", "ngay", "tháng", "thang", "năm", "nam"].iter().any(|w| folded.contains(w));
    if wordy {
        if let [d, m, y] = numbers.as_slice() {
            return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
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
