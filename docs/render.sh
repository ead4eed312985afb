#!/bin/sh
# Renders the README example's consolidated workbook to pictures for docs/consolidation.md
# ("Bản in"): one small PNG per sheet kind in docs/img/, and docs/img/SOURCE.sha256, the
# SHA-256 of the workbook they were rendered from (tests/it/print.rs compares it with a fresh
# consolidation, so the pictures cannot go stale silently).
#
# Needs: cargo, LibreOffice (soffice), poppler-utils (pdftoppm, pdftotext, pdfinfo).
#   apt-get install -y libreoffice-calc-nogui poppler-utils fonts-liberation
# Run from anywhere: sh docs/render.sh
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same command as tests/it/print.rs, from the repository root, with the shipped plan.
env -u BAOCAO_PLAN -u BAOCAO_LANG cargo run -q -- consolidate examples/reports --period 6-thang \
    --year 2024 --as-of 2024-06-20 -o "$tmp/tong-hop.xlsx" >/dev/null
soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/tong-hop.xlsx" >/dev/null 2>&1
pdf="$tmp/tong-hop.pdf"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')

# The first page whose text holds $2, rendered as docs/img/$1.png.
shot() {
    p=1
    while [ "$p" -le "$pages" ]; do
        if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q -- "$2"; then
            pdftoppm -r 40 -png -singlefile -f "$p" -l "$p" "$pdf" "docs/img/$1"
            echo "docs/img/$1.png: page $p"
            return
        fi
        p=$((p + 1))
    done
    echo "no page with \"$2\"" >&2
    exit 1
}
shot bao-cao "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
shot tinh-hinh-nop "Phụ lục I$"
shot nhiem-vu "Phụ lục II$"
shot nhiem-vu-don-vi "TÌNH TRẠNG TỪNG NHIỆM VỤ THEO ĐƠN VỊ"
shot chi-tieu "Phụ lục III$"
shot chi-tieu-don-vi "Phụ lục IV$"
shot ket-qua "Phụ lục V$"
shot bieu-do "Phụ lục VIII"
shot du-lieu "DỮ LIỆU GỐC"

data=$(for p in $(seq 1 "$pages"); do pdftotext -f "$p" -l "$p" "$pdf" - | grep -c -e "DỮ LIỆU GỐC" -e "KẾT QUẢ KIỂM TRA CÁC TỆP" || true; done | awk '$1 > 0' | wc -l)
echo "pages: $pages in all; document part $((pages - data)), data part $data"
sha256sum "$tmp/tong-hop.xlsx" | awk '{print $1 "  tong-hop.xlsx (README example, as of 2024-06-20)"}' > docs/img/SOURCE.sha256
