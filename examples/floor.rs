//! The benchmark's floor: the cost of moving every byte once. Opens each workbook with
//! calamine, reads every cell of every sheet, and writes every cell read into one output
//! workbook with `rust_xlsxwriter`: no checks, no formatting, no totals.
//!
//! `cargo run --release --example floor -- OUT.xlsx INPUT_DIR`
//!
//! Files are read in parallel (rayon, in chunks so memory stays bounded) and written in order
//! to one constant-memory worksheet, which is the best any consolidation can do on this
//! machine with these crates.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use calamine::{Data, Reader, open_workbook_auto};
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;

/// Files read in parallel before their cells are written.
const CHUNK: usize = 256;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            out.push(path);
        }
    }
    Ok(())
}

/// Every non-empty cell of every sheet of one workbook, as rows.
fn read(path: &Path) -> anyhow::Result<Vec<Vec<Data>>> {
    let mut wb = open_workbook_auto(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut rows = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name)?;
        rows.extend(range.rows().map(<[Data]>::to_vec));
    }
    Ok(rows)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, input] = args.as_slice() else { bail!("usage: floor OUT.xlsx INPUT_DIR") };
    let mut files = Vec::new();
    collect(Path::new(input), &mut files)?;
    files.sort();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    let mut row = 0u32;
    let mut cells = 0usize;
    for chunk in files.chunks(CHUNK) {
        let read: Vec<Vec<Vec<Data>>> = chunk.par_iter().map(|p| read(p)).collect::<anyhow::Result<_>>()?;
        for file_rows in read {
            for cols in file_rows {
                for (c, cell) in cols.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Data::Empty => continue,
                        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => ws.write_string(row, c, s)?,
                        Data::Float(f) => ws.write_number(row, c, *f)?,
                        Data::Int(i) => ws.write_number(row, c, *i as f64)?,
                        Data::Bool(b) => ws.write_boolean(row, c, *b)?,
                        Data::DateTime(d) => ws.write_number(row, c, d.as_f64())?,
                        Data::Error(e) => ws.write_string(row, c, e.to_string())?,
                    };
                    cells += 1;
                }
                row += 1;
            }
        }
    }
    wb.save(out).with_context(|| format!("cannot write {out}"))?;
    println!("{} files, {cells} cells, {row} rows", files.len());
    Ok(())
}
