#!/bin/sh
# Time and peak memory of `baocao validate` on the worst files the reader must survive
# (written by `examples/worst_files.rs`): a zip bomb, a stray cell at XFD1048576, an .xls with
# a value in IV65536, 10,000 recommendation rows, 30,000-character cells.
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
for f in "$dir"/files/*; do
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
