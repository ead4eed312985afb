#!/bin/bash
# Runs `baocao validate --format json` on every spreadsheet of a folder (recursively), each
# under a timeout and an address-space limit, and prints counts by outcome: crash (killed by a
# signal, or anything on stderr), timeout, exit 2, over 100 MB peak RSS, and each finding code
# of files that were refused (exit 1). Not part of CI: it is for public test corpora fetched by
# hand, e.g. calamine's or Apache POI's test files, never committed.
#
#   bench/corpus-sweep.sh FOLDER [TIMEOUT_S=30] [LIMIT_KB=2000000]
#   BAOCAO_BIN=other/baocao bench/corpus-sweep.sh FOLDER
#
# Needs GNU time (`apt-get install -y time`). Files whose outcome is a crash, a timeout, exit 2
# or too much memory are listed by name after the counts.
set -eu
cd "$(dirname "$0")/.."
folder=${1:?usage: bench/corpus-sweep.sh FOLDER [TIMEOUT_S] [LIMIT_KB]}
timeout_s=${2:-30}
limit_kb=${3:-2000000}
if [ ! -x /usr/bin/time ]; then
    echo "GNU time is missing: apt-get install -y time" >&2
    exit 2
fi
if [ -z "${BAOCAO_BIN:-}" ]; then
    cargo build --release --quiet
fi
# BAOCAO_BIN=path/to/baocao sweeps another build (before and after a change).
bin=${BAOCAO_BIN:-$PWD/target/release/baocao}
plan=$PWD/plan.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/outcomes"
: >"$work/notable"
total=0
while IFS= read -r -d '' f; do
    total=$((total + 1))
    set +e
    (
        ulimit -v "$limit_kb"
        exec timeout "$timeout_s" /usr/bin/time -f '%M' -o "$work/rss" \
            "$bin" --plan "$plan" validate --as-of 20/06/2024 --format json "$f"
    ) >"$work/out" 2>"$work/err"
    code=$?
    set -e
    rss_kb=$(tail -n 1 "$work/rss" 2>/dev/null || echo 0)
    case "$rss_kb" in *[!0-9]*|'') rss_kb=0 ;; esac
    # GNU time writes "Command exited with non-zero status N" / "Command terminated by signal"
    # into its own file, so stderr holds only what baocao printed.
    if [ "$code" -eq 124 ]; then
        outcome=timeout
    elif [ "$code" -gt 2 ] || grep -q "terminated by signal" "$work/rss" 2>/dev/null || [ -s "$work/err" ]; then
        outcome=crash
    elif [ "$code" -eq 2 ]; then
        outcome=exit-2
    elif [ "$code" -eq 0 ]; then
        outcome=valid
    else
        # Refused or with errors: the first finding's code says why.
        outcome="exit-1:$(grep -o '"code": "[a-z0-9-]*"' "$work/out" | head -n 1 | cut -d'"' -f4)"
    fi
    echo "$outcome" >>"$work/outcomes"
    if [ "$rss_kb" -gt 102400 ]; then
        echo "over-100MB" >>"$work/outcomes"
        echo "over-100MB ($((rss_kb / 1024)) MB): $f" >>"$work/notable"
    fi
    case "$outcome" in
        timeout|crash|exit-2) echo "$outcome (exit $code): $f $(head -c 200 "$work/err")" >>"$work/notable" ;;
    esac
done < <(find "$folder" -type f \( -iname '*.xls' -o -iname '*.xlsx' -o -iname '*.xlsm' \
    -o -iname '*.xlsb' -o -iname '*.ods' -o -iname '*.fods' \) -print0 | sort -z)

echo "files: $total (timeout ${timeout_s}s, ulimit -v ${limit_kb} KB)"
sort "$work/outcomes" | uniq -c | sort -rn
if [ -s "$work/notable" ]; then
    echo
    cat "$work/notable"
fi
