#!/usr/bin/env bash
# The consolidation benchmark (issue 6), in one command:  bash bench/run.sh
#
# For each N (default "33 1000 5000"), on the same files in the same run:
#   - generates a plan with N units and N realistic reports (cached in target/bench-data/N);
#   - times (a) `baocao consolidate` as a whole process, (b) the floor (examples/floor.rs:
#     calamine in, rust_xlsxwriter out, nothing else), (c) the pandas reference
#     (bench/reference.py), each with its peak memory (RSS);
# then times `baocao validate` of one typical report (median of 21 runs).
#
# Environment:
#   BENCH_N="33 1000"      sizes to run
#   BENCH_PYTHON_MAX=1000  skip the Python reference above this N (default: no limit)
#   BENCH_RUNS=3           runs per measurement (median time, max RSS); default 5 for N <= 100,
#                          3 for N <= 1000, 1 above
# Needs /usr/bin/time (apt-get install time) and python3 with venv and pip (pandas and
# openpyxl are installed into target/bench-venv on the first run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data="$root/target/bench-data"
mkdir -p "$data"

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install -y time" >&2; exit 2; }

echo "== building (release)" >&2
cargo build --release --quiet --bin baocao --example bench_data --example floor
bin="$root/target/release/baocao"
gen="$root/target/release/examples/bench_data"
floor="$root/target/release/examples/floor"

venv="$root/target/bench-venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "== installing pandas and openpyxl into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pandas openpyxl
fi
py="$venv/bin/python"

# measure RUNS CMD...: prints "seconds peak_kb exit_code" (median time, max RSS, last exit code)
measure() {
  local runs=$1; shift
  local times=() peak=0 rc=0 t0 t1 kb
  for ((r = 0; r < runs; r++)); do
    t0=$(date +%s%N)
    set +e
    /usr/bin/time -f %M -o "$data/rss" "$@" >"$data/stdout" 2>"$data/stderr"
    rc=$?
    set -e
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
    kb=$(tail -n1 "$data/rss")
    [[ $kb =~ ^[0-9]+$ ]] && (( kb > peak )) && peak=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$(awk -v us="$median" 'BEGIN {printf "%.3f", us / 1e6}') $peak $rc"
}

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -h | awk '/^Mem:/ {print $2}') RAM"
results="$data/results.md"
{
  echo "Machine: $machine; $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD)"
  echo
  echo "| N | consolidate | floor | python | per file: consolidate / floor / python | consolidate ÷ floor | python ÷ consolidate | peak RSS: consolidate / floor / python |"
  echo "|---:|---:|---:|---:|---|---:|---:|---|"
} >"$results"

for n in ${BENCH_N:-33 1000 5000}; do
  dir="$data/$n"
  if [ ! -f "$dir/done" ]; then
    echo "== generating $n reports in $dir" >&2
    rm -rf "$dir"
    "$gen" "$n" "$dir" >&2
    touch "$dir/done"
  fi
  runs=${BENCH_RUNS:-$(( n <= 100 ? 5 : (n <= 1000 ? 3 : 1) ))}
  out="$data/out-$n"
  mkdir -p "$out"

  echo "== N=$n: consolidate ($runs runs)" >&2
  read -r c_s c_kb c_rc < <(measure "$runs" "$bin" --plan "$dir/plan.toml" consolidate "$dir/reports" \
    --period 6-thang --year 2024 --as-of 2024-06-20 -o "$out/consolidate.xlsx" --format json)
  if [ "$c_rc" -gt 1 ]; then
    echo "   consolidate failed (exit $c_rc): $(head -c 300 "$data/stderr")" >&2
    c_s=n/a
  fi
  echo "== N=$n: floor ($runs runs)" >&2
  read -r f_s f_kb f_rc < <(measure "$runs" "$floor" "$out/floor.xlsx" "$dir/reports")
  [ "$f_rc" -eq 0 ] || { echo "floor failed: $(cat "$data/stderr")" >&2; exit 1; }

  if [ -n "${BENCH_PYTHON_MAX:-}" ] && [ "$n" -gt "$BENCH_PYTHON_MAX" ]; then
    p_s=skipped; p_kb=0
  else
    pruns=$(( runs < 3 ? runs : 1 ))
    echo "== N=$n: python reference ($pruns run)" >&2
    read -r p_s p_kb p_rc < <(measure "$pruns" "$py" bench/reference.py "$dir/reports" "$out/python.xlsx")
    [ "$p_rc" -eq 0 ] || { echo "python failed: $(tail -5 "$data/stderr")" >&2; exit 1; }
  fi

  awk -v n="$n" -v c="$c_s" -v f="$f_s" -v p="$p_s" -v ck="$c_kb" -v fk="$f_kb" -v pk="$p_kb" 'BEGIN {
    num = "^[0-9.]+$"
    cpf = (c ~ num) ? sprintf("%.2f ms", 1000 * c / n) : "n/a"
    fpf = sprintf("%.2f ms", 1000 * f / n)
    ppf = (p ~ num) ? sprintf("%.1f ms", 1000 * p / n) : p
    cf  = (c ~ num) ? sprintf("%.2f×", c / f) : "n/a"
    pc  = (c ~ num && p ~ num) ? sprintf("%.0f×", p / c) : "n/a"
    cs  = (c ~ num) ? c " s" : "n/a"
    ps  = (p ~ num) ? p " s" : p
    cm  = (c ~ num) ? sprintf("%.0f MB", ck / 1024) : "n/a"
    pm  = (p ~ num) ? sprintf("%.0f MB", pk / 1024) : "–"
    printf "| %d | %s | %s s | %s | %s / %s / %s | %s | %s | %s / %.0f MB / %s |\n", n, cs, f, ps, cpf, fpf, ppf, cf, pc, cm, fk / 1024, pm
  }' >>"$results"
done

# validate: one typical report of the shipped plan, as a whole process, median of 21 runs.
typical="$data/33/reports/bao-cao_SYT_6-thang_2024.xlsx"
[ -f "$typical" ] || { "$gen" 33 "$data/33" >&2; touch "$data/33/done"; }
echo "== validate of one report (21 runs)" >&2
read -r v_s v_kb v_rc < <(measure 21 "$bin" validate "$typical" --as-of 2024-06-20)
if [ "$v_rc" -gt 1 ]; then
  echo "   validate failed (exit $v_rc): $(head -c 300 "$data/stderr")" >&2
  v_text="n/a (validate exited $v_rc)"
else
  v_text="$(awk -v s="$v_s" 'BEGIN {printf "%.1f ms", s * 1000}') median of 21, peak RSS $(( v_kb / 1024 )) MB"
fi
{
  echo
  echo "\`baocao validate\` of one typical report (whole process): $v_text"
} >>"$results"

echo >&2
cat "$results"
