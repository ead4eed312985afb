#!/bin/sh
# Time and peak memory of `baocao validate` on the worst files the reader must survive
# (written by `examples/worst_files.rs`): a zip bomb, a stray cell at XFD1048576, an .xls with
# a value in IV65536, 10,000 recommendation rows, 30,000-character cells; then on every case of
# issue 12 (`tests/fixtures/reader/`); then `consolidate` of a folder of twenty copies of the
# heaviest case on 1, 2 and 4 reading threads, and `validate` of each case under
# `ulimit -v 1000000` (no abort allowed).
#
#   bench/worst-files.sh [--bomb-mb N]
#
# Prints, per file: wall time (s), peak RSS (MB), exit code and the findings' codes.
# Needs GNU time (`apt-get install -y time`).
set -eu
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
    echo "GNU time is missing: apt-get install -y time" >&2
    exit 2
fi
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo run --release --quiet --example worst_files -- "$dir/files" "$@" >/dev/null
printf '%-28s %10s %8s %8s  %s\n' "file" "size" "time(s)" "RSS(MB)" "exit, findings"
for f in "$dir"/files/* tests/fixtures/reader/*; do
    set +e
    /usr/bin/time -f '%e %M' -o "$dir/time" target/release/baocao --plan plan.toml \
        validate --as-of 20/06/2024 --format json "$f" >"$dir/out" 2>/dev/null
    code=$?
    set -e
    # GNU time puts "Command exited with non-zero status N" above its figures.
    secs=$(tail -n 1 "$dir/time" | cut -d' ' -f1)
    kb=$(tail -n 1 "$dir/time" | cut -d' ' -f2)
    codes=$(grep -o '"code": "[a-z-]*"' "$dir/out" | cut -d'"' -f4 | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')
    size=$(wc -c <"$f")
    printf '%-28s %10s %8s %8s  %s %s\n' "$(basename "$f")" "$size" "$secs" "$((kb / 1024))" "$code" "${codes:-clean}"
done

# A folder of twenty copies of the sparse .xls (and the cell-budget file), consolidated on
# 1, 2 and 4 threads: the budget is per workbook, so memory grows with threads, not files.
mkdir -p "$dir/twenty"
for i in $(seq -w 1 20); do
    cp tests/fixtures/reader/o_mem_32770x130_fmla.xls "$dir/twenty/o_mem_$i.xls"
done
[ -f "$dir/files/mot-trieu-o.xlsx" ] && cp "$dir/files/mot-trieu-o.xlsx" "$dir/twenty/"
for threads in 1 2 4; do
    set +e
    RAYON_NUM_THREADS=$threads /usr/bin/time -f '%e %M' -o "$dir/time" target/release/baocao --plan plan.toml \
        consolidate "$dir/twenty" --period 6-thang --year 2024 --as-of 2024-06-20 -o "$dir/out.xlsx" \
        --format json >/dev/null 2>&1
    code=$?
    set -e
    printf 'consolidate 20 files, %s thread(s): %s s, %s MB, exit %s\n' "$threads" \
        "$(tail -n 1 "$dir/time" | cut -d' ' -f1)" "$(($(tail -n 1 "$dir/time" | cut -d' ' -f2) / 1024))" "$code"
done

# No abort (exit 134) and nothing on stderr under a 1 GB address-space limit.
for f in "$dir"/files/* tests/fixtures/reader/*; do
    set +e
    (ulimit -v 1000000; exec target/release/baocao --plan plan.toml validate --as-of 20/06/2024 \
        --format json "$f") >/dev/null 2>"$dir/err"
    code=$?
    set -e
    if [ "$code" -gt 1 ] || [ -s "$dir/err" ]; then
        echo "under ulimit -v 1000000: $(basename "$f") exit $code: $(head -c 200 "$dir/err")"
    fi
done
echo "ulimit -v 1000000 check done"
