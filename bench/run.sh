#!/usr/bin/env bash
# The consolidation benchmark (issue 6), in one command:  bash bench/run.sh
#
# For each N (default "33 1000 5000"), on the same files in the same run:
#   - generates a plan with N units and N realistic reports (cached in target/bench-data/N);
#   - times (a) `baocao consolidate` as a whole process, (b) the floor (examples/floor.rs:
#     calamine in, rust_xlsxwriter out, nothing else), (c) the pandas reference
#     (bench/reference.py), each with its peak memory (RSS); consolidate and floor runs are
#     interleaved so that load from other processes hits both alike;
# then times `baocao validate` of one typical report (21 runs).
#
# Times are wall-clock, the fastest of the runs (the least disturbed by other processes);
# CPU is user + system time of that run. Results go to stdout and target/bench-data/results.md.
#
# Environment:
#   BENCH_N="33 1000"      sizes to run
#   BENCH_PYTHON_MAX=1000  skip the Python reference above this N (default: no limit)
#   BENCH_RUNS=3           runs of consolidate and floor per N (default 5 for N <= 1000, else 3)
#   BENCH_BIN=path        measure another baocao build (e.g. before/after an optimisation)
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
bin="${BENCH_BIN:-$root/target/release/baocao}"
gen="$root/target/release/examples/bench_data"
floor="$root/target/release/examples/floor"

venv="$root/target/bench-venv"
if [ ! -x "$venv/bin/python" ]; then
  echo "== installing pandas and openpyxl into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet pandas openpyxl
fi
py="$venv/bin/python"

# once FILE CMD...: runs CMD once, appends "elapsed_s cpu_s peak_kb exit_code" to FILE.
once() {
  local file=$1; shift
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$data/time" "$@" >"$data/stdout" 2>"$data/stderr"
  local rc=$?
  set -e
  awk -v rc="$rc" 'END {printf "%s %.2f %s %s\n", $1, $2 + $3, $4, rc}' "$data/time" >>"$file"
}

# best FILE: "elapsed cpu peak_kb exit_code" of the fastest run, with the peak RSS of all runs.
best() {
  sort -n "$1" | awk 'NR == 1 {e = $1; c = $2; rc = $4} $3 > m {m = $3} END {print e, c, m, rc}'
}

machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -h | awk '/^Mem:/ {print $2}') RAM"
results="$data/results.md"
{
  echo "Machine: $machine; load average at start $(cut -d' ' -f1-3 /proc/loadavg);"
  echo "$(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)."
  echo
  echo "| N | consolidate | floor | python | wall per file: consolidate / floor / python | CPU per file: consolidate / floor | consolidate ÷ floor (wall / CPU) | python ÷ consolidate | peak RSS: consolidate / floor / python |"
  echo "|---:|---:|---:|---:|---|---|---|---:|---|"
} >"$results"

for n in ${BENCH_N:-33 1000 5000}; do
  dir="$data/$n"
  if [ ! -f "$dir/done" ]; then
    echo "== generating $n reports in $dir" >&2
    rm -rf "$dir"
    "$gen" "$n" "$dir" >&2
    touch "$dir/done"
  fi
  runs=${BENCH_RUNS:-$(( n <= 1000 ? 5 : 3 ))}
  out="$data/out-$n"
  mkdir -p "$out"
  rm -f "$out/consolidate.runs" "$out/floor.runs" "$out/python.runs"

  echo "== N=$n: consolidate and floor, $runs runs each" >&2
  for ((r = 0; r < runs; r++)); do
    once "$out/consolidate.runs" "$bin" --plan "$dir/plan.toml" consolidate "$dir/reports" \
      --period 6-thang --year 2024 --as-of 2024-06-20 -o "$out/consolidate.xlsx" --format json
    c_rc=$(tail -n1 "$out/consolidate.runs" | cut -d' ' -f4)
    if [ "$c_rc" -gt 1 ]; then
      echo "   consolidate failed (exit $c_rc): $(head -c 300 "$data/stderr")" >&2
    fi
    once "$out/floor.runs" "$floor" "$out/floor.xlsx" "$dir/reports"
  done
  read -r c_s c_cpu c_kb c_rc < <(best "$out/consolidate.runs")
  [ "$c_rc" -le 1 ] || c_s=n/a
  read -r f_s f_cpu f_kb f_rc < <(best "$out/floor.runs")
  [ "$f_rc" -eq 0 ] || { echo "floor failed: $(cat "$data/stderr")" >&2; exit 1; }

  if [ -n "${BENCH_PYTHON_MAX:-}" ] && [ "$n" -gt "$BENCH_PYTHON_MAX" ]; then
    p_s=skipped; p_kb=0
  else
    echo "== N=$n: python reference (1 run)" >&2
    once "$out/python.runs" "$py" bench/reference.py "$dir/reports" "$out/python.xlsx"
    read -r p_s p_cpu p_kb p_rc < <(best "$out/python.runs")
    [ "$p_rc" -eq 0 ] || { echo "python failed: $(tail -5 "$data/stderr")" >&2; exit 1; }
  fi

  awk -v n="$n" -v c="$c_s" -v cc="$c_cpu" -v f="$f_s" -v fc="$f_cpu" -v p="$p_s" \
      -v ck="$c_kb" -v fk="$f_kb" -v pk="$p_kb" 'BEGIN {
    num = "^[0-9.]+$"
    ok = (c ~ num)
    cpf = ok ? sprintf("%.2f ms", 1000 * c / n) : "n/a"
    fpf = sprintf("%.2f ms", 1000 * f / n)
    ppf = (p ~ num) ? sprintf("%.1f ms", 1000 * p / n) : p
    cpu = ok ? sprintf("%.2f ms / %.2f ms", 1000 * cc / n, 1000 * fc / n) : sprintf("n/a / %.2f ms", 1000 * fc / n)
    cf  = ok ? sprintf("%.2f× / %.2f×", c / f, (fc > 0 ? cc / fc : 0)) : "n/a"
    pc  = (ok && p ~ num) ? sprintf("%.0f×", p / c) : "n/a"
    cs  = ok ? c " s" : "n/a"
    ps  = (p ~ num) ? p " s" : p
    cm  = ok ? sprintf("%.0f MB", ck / 1024) : "n/a"
    pm  = (p ~ num) ? sprintf("%.0f MB", pk / 1024) : "–"
    printf "| %d | %s | %s s | %s | %s / %s / %s | %s | %s | %s | %s / %.0f MB / %s |\n", n, cs, f, ps, cpf, fpf, ppf, cpu, cf, pc, cm, fk / 1024, pm
  }' >>"$results"
done

# validate: one typical report of the shipped plan, as a whole process.
typical="$data/33/reports/bao-cao_SYT_6-thang_2024.xlsx"
if [ ! -f "$typical" ]; then rm -rf "$data/33"; "$gen" 33 "$data/33" >&2; touch "$data/33/done"; fi
echo "== validate of one report (21 runs)" >&2
rm -f "$data/validate.runs"
for ((r = 0; r < 21; r++)); do
  t0=$(date +%s%N)
  once "$data/validate.runs" "$bin" validate "$typical" --as-of 2024-06-20
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000 )) >>"$data/validate.runs.us"
done
v_rc=$(tail -n1 "$data/validate.runs" | cut -d' ' -f4)
if [ "$v_rc" -gt 1 ]; then
  echo "   validate failed (exit $v_rc): $(head -c 300 "$data/stderr")" >&2
  v_text="n/a (validate exited $v_rc)"
else
  # /usr/bin/time has 10 ms resolution: take wall time from the clock around it (includes
  # the time of /usr/bin/time itself, about 1 ms, so slightly pessimistic).
  v_text=$(sort -n "$data/validate.runs.us" | awk '{a[NR] = $1} END {printf "median %.1f ms, fastest %.1f ms (21 runs)", a[int((NR + 1) / 2)] / 1000, a[1] / 1000}')
  v_text="$v_text, peak RSS $(( $(sort -k3 -n "$data/validate.runs" | tail -n1 | cut -d' ' -f3) / 1024 )) MB"
fi
rm -f "$data/validate.runs.us"
{
  echo
  echo "\`baocao validate\` of one typical report (whole process): $v_text"
} >>"$results"

echo >&2
cat "$results"
