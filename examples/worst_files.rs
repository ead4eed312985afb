//! Writes the worst report files the reader must survive into a folder, for
//! `bench/worst-files.sh` (which times `baocao validate` on each):
//!
//! - `0-binh-thuong.xlsx`: a typical clean report, for reference;
//! - `zip-bomb.xlsx`: a sheet whose XML expands to 1 GiB (`--bomb-mb N` to change);
//! - `o-xa-XFD1048576.xlsx`: a clean report with one value in the last cell of a sheet;
//! - `o-goc-IV65536.xls`: a clean .xls report with a value in its last cell (65536 × 256);
//! - `kien-nghi-10000-dong.xlsx`: a clean report with 10,000 recommendation rows;
//! - `o-30000-ky-tu.xlsx`: a clean report with 200 recommendation cells of 30,000 characters;
//! - `mot-trieu-o.xlsx`: a clean report whose "Kiến nghị" sheet fills the reader's whole cell
//!   budget (5,000 rows × 200 columns = 1,000,000 cells; not written by the test).
//!
//! The reports start from the checked-in fixtures (saved by `LibreOffice`); rows are added to their sheet
//! XML as inline strings, the way other software writes them.
//!
//! `cargo run --release --example worst_files -- DIR [--bomb-mb N]`

use std::io::{Read, Write};
use std::path::Path;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: worst_files DIR [--bomb-mb N]");
        std::process::exit(2);
    };
    let bomb_mb = args
        .iter()
        .position(|a| a == "--bomb-mb")
        .and_then(|i| args.get(i + 1))
        .map_or(1024, |n| n.parse().expect("--bomb-mb takes a number"));
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).expect("output folder");
    write_all(dir, bomb_mb).expect("worst files written");
    full_sheet(&dir.join("mot-trieu-o.xlsx")).expect("full sheet written");
    println!("{}", dir.display());
}

/// Writes every worst file into `dir`; the zip bomb expands to `bomb_mb` MiB.
///
/// # Errors
/// A fixture cannot be read or a file cannot be written.
pub fn write_all(dir: &Path, bomb_mb: u64) -> std::io::Result<()> {
    // The reference: a typical clean report.
    std::fs::copy(Path::new(FIXTURES).join("clean-hcl-6-thang-2024-libreoffice.xlsx"), dir.join("0-binh-thuong.xlsx"))?;
    zip_bomb(&dir.join("zip-bomb.xlsx"), bomb_mb)?;
    std::fs::copy(Path::new(FIXTURES).join("xa-hcl-6-thang-2024.xls"), dir.join("o-goc-IV65536.xls"))?;
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#.to_string();
    patched_report(&dir.join("o-xa-XFD1048576.xlsx"), "xl/worksheets/sheet3.xml", &far)?;
    let rows: String = (3..=10_002)
        .map(|r| recommendation_row(r, &format!("Kiến nghị số {} về kinh phí tập huấn cán bộ cơ sở.", r - 1)))
        .collect();
    patched_report(&dir.join("kien-nghi-10000-dong.xlsx"), "xl/worksheets/sheet4.xml", &rows)?;
    let long = "Kết quả dài. ".repeat(2_308).chars().take(30_000).collect::<String>();
    let rows: String = (3..=202).map(|r| recommendation_row(r, &long)).collect();
    patched_report(&dir.join("o-30000-ky-tu.xlsx"), "xl/worksheets/sheet4.xml", &rows)
}

/// The reader's whole cell budget in one sheet: 5,000 rows of 200 text cells.
fn full_sheet(path: &Path) -> std::io::Result<()> {
    let mut rows = String::new();
    for r in 3..5_003 {
        rows.push_str(&format!("<row r=\"{r}\">"));
        for c in 0..200u32 {
            let letters = if c < 26 {
                char::from(b'A' + c as u8).to_string()
            } else {
                format!("{}{}", char::from(b'A' + (c / 26 - 1) as u8), char::from(b'A' + (c % 26) as u8))
            };
            rows.push_str(&format!(r#"<c r="{letters}{r}" t="inlineStr"><is><t>Kiến nghị {r}-{c}</t></is></c>"#));
        }
        rows.push_str("</row>");
    }
    patched_report(path, "xl/worksheets/sheet4.xml", &rows)
}

/// A "Kiến nghị" row: number, text, addressee.
fn recommendation_row(r: u32, text: &str) -> String {
    format!(
        r#"<row r="{r}"><c r="A{r}"><v>{}</v></c><c r="B{r}" t="inlineStr"><is><t>{text}</t></is></c><c r="C{r}" t="inlineStr"><is><t>Sở Tài chính</t></is></c></row>"#,
        r - 1
    )
}

/// The clean LibreOffice-saved report with `rows` added at the end of one sheet's data.
fn patched_report(path: &Path, sheet: &str, rows: &str) -> std::io::Result<()> {
    let bytes = std::fs::read(Path::new(FIXTURES).join("clean-hcl-6-thang-2024-libreoffice.xlsx"))?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(std::io::Error::other)?;
    let mut out = zip::ZipWriter::new(std::fs::File::create(path)?);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(std::io::Error::other)?;
        let name = entry.name().map_err(std::io::Error::other)?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        if name == sheet {
            let xml = String::from_utf8(data).map_err(std::io::Error::other)?;
            let xml = xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1);
            // The dimension no longer tells the truth; readers must not trust it anyway.
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).map_err(std::io::Error::other)?;
        out.write_all(&data)?;
    }
    out.finish().map_err(std::io::Error::other)?;
    Ok(())
}

/// An xlsx whose only sheet is `mb` MiB of XML once inflated (about 1,000 times its size).
fn zip_bomb(path: &Path, mb: u64) -> std::io::Result<()> {
    let mut out = zip::ZipWriter::new(std::fs::File::create(path)?);
    let opts = zip::write::SimpleFileOptions::default().large_file(mb >= 4096);
    out.start_file("[Content_Types].xml", opts).map_err(std::io::Error::other)?;
    out.write_all(
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
    )?;
    out.start_file("xl/workbook.xml", opts).map_err(std::io::Error::other)?;
    out.write_all(
        r#"<workbook><sheets><sheet name="Thông tin" sheetId="1" r:id="rId1"/></sheets></workbook>"#.as_bytes(),
    )?;
    out.start_file("xl/worksheets/sheet1.xml", opts).map_err(std::io::Error::other)?;
    out.write_all(b"<worksheet><sheetData>")?;
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..mb {
        out.write_all(&chunk)?;
    }
    out.write_all(b"</sheetData></worksheet>")?;
    out.finish().map_err(std::io::Error::other)?;
    Ok(())
}
