//! xls workbooks trimmed before calamine sees them, so that a sheet costs what its cells cost.
//!
//! calamine 0.38 parses every sheet of an xls when the file is opened, reserves room for the
//! cells its DIMENSIONS record declares, and expands each sheet to a dense grid from its first
//! to its last cell: two formula cells at A1 and DZ32770 cost 472 MB. Rather than parse BIFF
//! cells a second time, the workbook stream is patched in place (in a copy of the file held in
//! memory, same length, so every offset stays right): cell records outside the area read
//! ([`MAX_ROWS`] × [`MAX_COLS`]) get a record type calamine skips, and every DIMENSIONS record
//! declares one cell. What is left is measured, and the workbook refused when its grids would
//! together be beyond the budget. The trim relies on calamine's record loop as of 0.38.0
//! (pinned in Cargo.toml); `tests/it/reader.rs` fails if that behaviour changes.

use std::collections::{BTreeSet, HashMap};

use super::styles::code_is_percent;
use super::{CFB_END, MAX_COLS, MAX_ENTRY_BYTES, MAX_ROWS, boundsheet, cfb_fat, le16, le32};

/// The record type a trimmed record is given: EXTSST, which only the workbook globals carry,
/// so calamine's sheet loop (and ours) passes over it.
const SKIPPED: [u8; 2] = 0x00FFu16.to_le_bytes();

/// Where each piece of the workbook stream lies in the file: the stream is `offsets.len()`
/// chunks of `chunk` bytes (a sector, or a 64-byte mini sector), cut to `len`.
#[derive(Debug)]
pub(super) struct StreamMap {
    chunk: usize,
    offsets: Vec<usize>,
    len: usize,
}

impl StreamMap {
    /// The stream's bytes, or `None` when a chunk lies past the end of the file.
    pub(super) fn read(&self, file: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(self.len);
        for &at in &self.offsets {
            out.extend_from_slice(file.get(at..at + self.chunk)?);
        }
        out.truncate(self.len);
        (out.len() == self.len).then_some(out)
    }

    /// Writes `bytes` at stream position `pos` into the file.
    pub(super) fn write(&self, file: &mut [u8], pos: usize, bytes: &[u8]) {
        for (i, b) in bytes.iter().enumerate() {
            let p = pos + i;
            if let Some(slot) = self.offsets.get(p / self.chunk).and_then(|at| file.get_mut(at + p % self.chunk)) {
                *slot = *b;
            }
        }
    }
}

/// The sector ids of a chain, until its end or until `limit` bytes of `chunk`-byte sectors;
/// `None` for a loop (more than `max` steps) or a link outside the table.
fn chain(start: usize, fat: &[usize], limit: usize, chunk: usize, max: usize) -> Option<Vec<usize>> {
    let mut ids = Vec::new();
    let mut n = start;
    while n < CFB_END && ids.len() * chunk < limit {
        if ids.len() >= max {
            return None;
        }
        ids.push(n);
        n = *fat.get(n)?;
    }
    Some(ids)
}

/// Where the "Workbook" (or "Book") stream of an OLE file lies, found the way
/// [`super::cfb_workbook_stream`] finds it. The caller checks that both read the same bytes.
pub(super) fn workbook_map(file: &[u8]) -> Option<StreamMap> {
    let fat = cfb_fat(file)?;
    let size = fat.size;
    let sector_at = |n: usize| (n + 1) * size;
    let dir_ids = chain(le32(file, 0x30)?, &fat.fat, 64 * 1024 * 1024, size, fat.sectors)?;
    let dir: Vec<u8> =
        dir_ids.iter().filter_map(|&n| file.get(sector_at(n)..sector_at(n) + size)).flatten().copied().collect();
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let name_of = |e: &[u8]| {
        let units: Vec<u16> = e[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units).split('\0').next().unwrap_or_default().to_string()
    };
    let find = |wanted: &str| entries.iter().find(|e| name_of(e).eq_ignore_ascii_case(wanted));
    let e = find("Workbook").or_else(|| find("Book"))?;
    let len = if size == 512 { le32(e, 120)? } else { le32(e, 120)? | (le32(e, 124)? << 32) };
    let (start, len) = (le32(e, 116)?, len.min(MAX_ENTRY_BYTES as usize));
    if len >= 4096 {
        let ids = chain(start, &fat.fat, len, size, fat.sectors)?;
        return Some(StreamMap { chunk: size, offsets: ids.into_iter().map(sector_at).collect(), len });
    }
    // A small stream: 64-byte sectors of the mini stream (the root entry's chain), linked by
    // the mini FAT.
    let root_len = le32(root, 120)?.min(MAX_ENTRY_BYTES as usize);
    let root_ids = chain(le32(root, 116)?, &fat.fat, root_len, size, fat.sectors)?;
    let minifat_len = le32(file, 0x40)?.saturating_mul(size).min(64 * 1024 * 1024);
    let minifat_ids = chain(le32(file, 0x3C)?, &fat.fat, minifat_len, size, fat.sectors)?;
    let minifat: Vec<usize> = minifat_ids
        .iter()
        .filter_map(|&n| file.get(sector_at(n)..sector_at(n) + size))
        .flat_map(|s| s.chunks_exact(4).map(|c| le32(c, 0).unwrap_or(CFB_END)))
        .take(minifat_len / 4)
        .collect();
    let mini_ids = chain(start, &minifat, len, 64, root_len / 64)?;
    let offsets = mini_ids
        .into_iter()
        .map(|m| root_ids.get(m * 64 / size).map(|&r| sector_at(r) + (m * 64) % size))
        .collect::<Option<Vec<usize>>>()?;
    Some(StreamMap { chunk: 64, offsets, len })
}

/// The BIFF records of a stream from byte `from`: `(position, type, data)`.
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = (usize, usize, &[u8])> {
    let mut at = from;
    std::iter::from_fn(move || {
        let (kind, len) = (le16(stream, at)?, le16(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        let pos = at;
        at += 4 + len;
        Some((pos, kind, data))
    })
}

/// What trimming a workbook stream does.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Trim {
    /// Bytes to write at stream positions.
    pub patches: Vec<(usize, Vec<u8>)>,
    /// Each sheet's `(name, rows, columns)` left for calamine's dense grid.
    pub extents: Vec<(String, u64, u64)>,
    /// Per sheet, the first cell with a value outside the area read, `(name, row, column)`.
    pub cut: Vec<(String, u32, u32)>,
    /// Per sheet, the number cells (NUMBER, RK, MULRK, FORMULA) whose cell format (XF) shows a
    /// percentage: built-in formats 9 and 10, or a FORMAT record with an unquoted `%`.
    pub percent: HashMap<String, BTreeSet<(u32, u32)>>,
}

/// The text of a FORMAT record: BIFF8 (`cch` u16, flags, Latin-1 or UTF-16 characters) or
/// BIFF5 (`cch` u8, bytes).
fn format_code(data: &[u8]) -> String {
    let biff8 = le16(data, 2).and_then(|cch| {
        let wide = data.get(4)? & 1 == 1;
        let chars = data.get(5..)?;
        Some(if wide {
            let units: Vec<u16> = chars.chunks_exact(2).take(cch).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        } else {
            chars.iter().take(cch).map(|&b| char::from(b)).collect()
        })
    });
    match biff8 {
        Some(code) if code.chars().count() == le16(data, 2).unwrap_or(0) => code,
        _ => data
            .get(3..)
            .unwrap_or_default()
            .iter()
            .take(usize::from(data.get(2).copied().unwrap_or(0)))
            .map(|&b| char::from(b))
            .collect(),
    }
}

/// Plans the trim of an xls workbook stream (see the module doc).
pub(super) fn trim(stream: &[u8]) -> Trim {
    let mut out = Trim::default();
    let mut sheets = Vec::new();
    let (mut formats, mut xfs): (HashMap<usize, bool>, Vec<usize>) = (HashMap::new(), Vec::new());
    for (_, kind, data) in records(stream, 0) {
        match kind {
            0x0085 => sheets.extend(boundsheet(data)),
            0x041E => {
                if let Some(id) = le16(data, 0) {
                    formats.insert(id, code_is_percent(&format_code(data)));
                }
            }
            0x00E0 => xfs.push(le16(data, 2).unwrap_or(0)),
            0x000A => break,
            _ => {}
        }
    }
    let percent_xf = |xf: Option<usize>| {
        xf.and_then(|i| xfs.get(i)).is_some_and(|id| formats.get(id).copied().unwrap_or(matches!(id, 9 | 10)))
    };
    for (pos, name) in sheets {
        let (mut rows, mut cols, mut depth, mut seen_bof, mut cut) = (0u64, 0u64, 0usize, false, None);
        let mut dropped_formula = false;
        let mut percent = BTreeSet::new();
        for (at, kind, data) in records(stream, pos) {
            if depth > 0 {
                match kind {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            // The cached text result of a formula follows it; calamine puts it at the last
            // formula's cell, so it goes with its formula.
            let follows_dropped = std::mem::take(&mut dropped_formula);
            match kind {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => out.patches.push((at + 4, vec![0; data.len()])),
                0x0207 if follows_dropped => out.patches.push((at, SKIPPED.to_vec())),
                0x0203 | 0x027E | 0x00FD | 0x0204 | 0x00D6 | 0x0205 | 0x0006 | 0x00BD => {
                    let (Some(row), Some(col)) = (le16(data, 0), le16(data, 2)) else { continue };
                    // MULRK ends with its last column.
                    let last =
                        if kind == 0x00BD { le16(data, data.len().saturating_sub(2)).unwrap_or(col) } else { col };
                    if row >= MAX_ROWS as usize || col >= MAX_COLS as usize {
                        out.patches.push((at, SKIPPED.to_vec()));
                        dropped_formula = kind == 0x0006;
                        cut = cut.or(Some((row as u32, col as u32)));
                    } else {
                        (rows, cols) = (rows.max(row as u64 + 1), cols.max(last as u64 + 1));
                        if matches!(kind, 0x0203 | 0x027E | 0x0006) && percent_xf(le16(data, 4)) {
                            percent.insert((row as u32, col as u32));
                        }
                        if kind == 0x00BD {
                            for (i, c) in (col..=last.min(MAX_COLS as usize - 1)).enumerate() {
                                if percent_xf(le16(data, 4 + 6 * i)) {
                                    percent.insert((row as u32, c as u32));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some((row, col)) = cut {
            out.cut.push((name.clone(), row, col));
        }
        if !percent.is_empty() {
            out.percent.insert(name.clone(), percent);
        }
        out.extents.push((name, rows, cols));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    #[test]
    fn cells_outside_the_area_are_skipped_and_dimensions_shrunk() {
        // Globals: BOF, BOUNDSHEET (sheet at 30), EOF; then the sheet.
        let mut stream = record(0x0809, &[0; 4]);
        stream.extend(record(0x0085, &[30, 0, 0, 0, 0, 0, 1, 0, b'S']));
        stream.extend(record(0x000A, &[]));
        assert_eq!(stream.len(), 25);
        stream.extend([0; 5]);
        stream.extend(record(0x0809, &[0; 4]));
        let dims = stream.len();
        stream.extend(record(0x0200, &[0, 0, 0, 0, 2, 128, 0, 0, 130, 0, 0, 0, 0, 0]));
        stream.extend(record(0x0006, &[0; 20]));
        let far = stream.len();
        stream.extend(record(0x0006, &[1, 128, 129, 0].iter().chain(&[0; 16]).copied().collect::<Vec<_>>()));
        let string = stream.len();
        stream.extend(record(0x0207, &[1, 0, 0, b'x']));
        stream.extend(record(0x000A, &[]));
        let t = trim(&stream);
        assert_eq!(t.extents, vec![("S".to_string(), 1, 1)]);
        assert!(t.percent.is_empty());
        assert_eq!(t.cut, vec![("S".to_string(), 32_769, 129)]);
        assert_eq!(t.patches, vec![(dims + 4, vec![0; 14]), (far, SKIPPED.to_vec()), (string, SKIPPED.to_vec())]);
    }

    #[test]
    fn format_records_read_in_both_biff_versions() {
        // BIFF8: ifmt 164, cch 4, flags 0, "0.0%".
        assert_eq!(format_code(&[164, 0, 4, 0, 0, b'0', b'.', b'0', b'%']), "0.0%");
        // BIFF8 wide.
        assert_eq!(format_code(&[164, 0, 2, 0, 1, b'0', 0, b'%', 0]), "0%");
        // BIFF5: ifmt, cch u8, bytes.
        assert_eq!(format_code(&[164, 0, 2, b'0', b'%']), "0%");
    }
}
