//! Text measured with Times New Roman's real advance widths (`metrics.rs`), so the
//! consolidated workbook can size its columns and rows before any office program lays the
//! text out: neither Excel nor `LibreOffice` grows a row to fit wrapped text a program wrote,
//! and a column narrower than its text clips it or spills it over the next cell.
//!
//! Units: text widths in points; column widths in Excel's character units of the workbook's
//! default font (Times New Roman 13, whose digit is [`DIGIT_PX`] pixels wide at 96 dpi).

use super::metrics::{ADVANCES, UNITS_PER_EM};

/// The width in pixels of one Excel column unit: the maximum digit width of Times New Roman 13
/// at 96 dpi (13 pt × 96/72 × 0.5 em = 8.7 px, which Excel rounds up).
pub const DIGIT_PX: f64 = 9.0;

/// Advance of a character missing from the table: the widest capital, so unknown text is
/// never under-measured.
const UNKNOWN: (u16, u16) = (1933, 2048);

/// Advance widths of `c` in font units, regular and bold.
fn advance(c: char) -> (u16, u16) {
    match ADVANCES.binary_search_by_key(&c, |&(ch, _, _)| ch) {
        Ok(i) => (ADVANCES[i].1, ADVANCES[i].2),
        // Other marks of decomposed (NFD) text take no room of their own.
        Err(_) if ('\u{300}'..='\u{36f}').contains(&c) => (0, 0),
        Err(_) => UNKNOWN,
    }
}

/// Width in points of one line of `text` in Times New Roman at `size` points.
#[must_use]
pub fn text_points(text: &str, size: f64, bold: bool) -> f64 {
    let units: u32 = text.chars().map(|c| u32::from(if bold { advance(c).1 } else { advance(c).0 })).sum();
    f64::from(units) / f64::from(UNITS_PER_EM) * size
}

/// The column width (Excel units) a line of text needs to show whole: its width in pixels,
/// plus the cell's inner margins and a 5 % allowance for renderers that round glyph positions.
#[must_use]
pub fn column_units(text: &str, size: f64, bold: bool) -> f64 {
    let px = text_points(text, size, bold) * 96.0 / 72.0;
    (px * 1.05 + 6.0) / DIGIT_PX
}

/// Room for text, in points, inside a column `width` Excel units wide (the inverse of
/// [`column_units`]).
fn room_points(width: f64) -> f64 {
    ((width * DIGIT_PX - 6.0) / 1.05 * 72.0 / 96.0).max(1.0)
}

/// Lines `text` takes when wrapped in a column `width` units wide: each paragraph is broken
/// at spaces, greedily, as Excel and `LibreOffice` do; a word wider than the column is broken
/// at characters. At least 1.
#[must_use]
pub fn wrapped_lines(text: &str, width: f64, size: f64, bold: bool) -> usize {
    let room = room_points(width);
    let space = text_points(" ", size, bold);
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut used: Option<f64> = None;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = text_points(word, size, bold);
            match used {
                Some(u) if u + space + w <= room + 1e-6 => used = Some(u + space + w),
                Some(_) | None => {
                    if used.is_some() {
                        lines += 1;
                    }
                    // A word longer than a line fills whole lines of its own.
                    let whole = (w / room).ceil().max(1.0) as usize;
                    lines += whole - 1;
                    used = Some(w - (whole - 1) as f64 * room);
                }
            }
        }
        lines += 1;
    }
    lines.max(1)
}

/// `text` cut into pieces that each wrap to at most `max_lines` lines in a column `width`
/// units wide, at spaces or line breaks (the separator dropped), or inside a word only when
/// one word is longer than that. A row can be at most 409 points high in Excel, so a text
/// longer than that is spread over rows rather than cut off in print.
#[must_use]
pub fn split_at_lines(text: &str, width: f64, size: f64, max_lines: usize) -> Vec<&str> {
    let fits = |t: &str| wrapped_lines(t, width, size, false) <= max_lines;
    let mut parts = Vec::new();
    let mut rest = text;
    while !fits(rest) {
        // The longest prefix ending before a space or line break that fits. Lines only grow
        // as a prefix grows, so the first break that does not fit ends the search.
        let mut cut = None;
        for (i, ch) in rest.char_indices() {
            if ch == ' ' || ch == '\n' {
                if fits(&rest[..i]) {
                    cut = Some((i, i + 1));
                } else {
                    break;
                }
            }
        }
        let (end, next) = match cut {
            Some((end, next)) if end > 0 => (end, next),
            // One word longer than the piece: the longest run of characters that fits.
            _ => {
                let bounds: Vec<usize> = rest.char_indices().map(|(i, _)| i).skip(1).collect();
                let n = bounds.partition_point(|&i| fits(&rest[..i])).max(1);
                let end = bounds.get(n - 1).copied().unwrap_or(rest.len());
                (end, end)
            }
        };
        parts.push(&rest[..end]);
        rest = &rest[next..];
    }
    parts.push(rest);
    parts
}

/// Height in points of `n` lines of 13-point text, as `LibreOffice` and Excel render Times New
/// Roman 13 (15.5 points a line, measured on rendered pages), within Excel's 409-point row limit.
#[must_use]
pub fn row_points(n: usize) -> f64 {
    (n as f64 * 15.5 + 3.0).min(409.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_times_new_roman_s() {
        // Digits are half an em; "W" is 1933/2048 em in Times New Roman.
        assert!((text_points("00", 13.0, false) - 13.0).abs() < 1e-9);
        assert!((text_points("W", 2048.0, false) - 1933.0).abs() < 1e-9);
        assert!(text_points("Đồng Tháp", 13.0, true) > text_points("Đồng Tháp", 13.0, false));
        // Decomposed text measures like composed text.
        let nfd = "Đo\u{302}\u{300}ng";
        assert!((text_points(nfd, 13.0, false) - text_points("Đồng", 13.0, false)).abs() < 1e-9);
    }

    #[test]
    fn long_text_is_split_into_pieces_that_fit_a_row() {
        let text = "Kết quả thực hiện nhiệm vụ trong kỳ. ".repeat(200);
        let parts = split_at_lines(&text, 70.0, 13.0, 24);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| wrapped_lines(p, 70.0, 13.0, false) <= 24));
        assert_eq!(parts.join(" "), text);
        let word = "x".repeat(5000);
        let parts = split_at_lines(&word, 10.0, 13.0, 24);
        assert!(parts.len() > 1 && parts.iter().all(|p| wrapped_lines(p, 10.0, 13.0, false) <= 24));
        assert_eq!(parts.concat(), word);
        assert_eq!(split_at_lines("ngắn", 10.0, 13.0, 24), vec!["ngắn"]);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_long_words() {
        assert_eq!(wrapped_lines("", 10.0, 13.0, false), 1);
        assert_eq!(wrapped_lines("a\nb", 10.0, 13.0, false), 2);
        let word = "x".repeat(200);
        assert!(wrapped_lines(&word, 10.0, 13.0, false) > 5);
        let w = column_units("Sở Nội vụ", 13.0, false);
        assert_eq!(wrapped_lines("Sở Nội vụ", w, 13.0, false), 1);
        assert_eq!(wrapped_lines("Sở Nội vụ", column_units("Sở Nội", 13.0, false), 13.0, false), 2);
        assert!(w > column_units("Sở Nội", 13.0, false));
    }
}
