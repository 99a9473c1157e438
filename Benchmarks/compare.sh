#!/usr/bin/env bash
# Side by side, on one generated day: joinaudit analyze (database on disk, findings
# computed) against DuckDB loading the same file into a database, zcat, and a plain Python
# gzip+json+sqlite3 loader. Runs each tool in turn, RUNS times, and prints medians, ratios and
# peak RSS as a Markdown table for docs/performance.md.
#
#   Benchmarks/compare.sh [EVENTS] [RUNS]      (defaults: 1000000 and 5)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
runs=${2:-5}
work=$(mktemp -d /tmp/joinaudit-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT

python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb >&2
swift build -c release -q --product joinaudit
bin=.build/release/joinaudit
day="$work/day.jsonl.gz"
"$bin" simulate --events "$events" --seed 1 --output "$day" --write-policy "$work/policy.json" >&2

cat > "$work/load.py" <<'PY'
import gzip, json, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE TABLE ev (id TEXT, ts TEXT, type TEXT, tenant_id TEXT, meeting_id TEXT, doc TEXT)")
rows = []
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
    for line in f:
        try:
            e = json.loads(line)
        except ValueError:
            continue
        rows.append((e.get("id"), e.get("ts"), e.get("type"), e.get("tenant_id"), e.get("meeting_id"), line))
        if len(rows) == 50000:
            db.executemany("INSERT INTO ev VALUES (?,?,?,?,?,?)", rows); rows.clear()
db.executemany("INSERT INTO ev VALUES (?,?,?,?,?,?)", rows)
db.commit()
PY
cat > "$work/duck.py" <<'PY'
import duckdb, sys
con = duckdb.connect(sys.argv[2])
con.execute(f"CREATE TABLE ev AS SELECT * FROM read_ndjson('{sys.argv[1]}', ignore_errors=true)")
con.close()
PY

# One timed run: prints "seconds peak_kib".
measure() {
  rm -f "$work"/*.db "$work"/*.db-* "$work"/*.duckdb "$work"/*.duckdb.wal
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || [ $? -eq 1 ]
  tail -n 1 "$work/time"
}

declare -A secs rss
tools=(joinaudit duckdb zcat python)
for ((i = 1; i <= runs; i++)); do
  for tool in "${tools[@]}"; do
    case $tool in
      joinaudit) out=$(measure "$bin" analyze --policy "$work/policy.json" --db "$work/ja.db" --quiet --format jsonl "$day") ;;
      duckdb) out=$(measure python3 "$work/duck.py" "$day" "$work/ev.duckdb") ;;
      zcat) out=$(measure zcat "$day") ;;
      python) out=$(measure python3 "$work/load.py" "$day" "$work/py.db") ;;
    esac
    secs[$tool]+="${out% *} "
    rss[$tool]+="${out#* } "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ja=$(echo "${secs[joinaudit]}" | median)
echo "| tool | median s | peak RSS MiB | joinaudit ÷ tool |"
echo "|---|---|---|---|"
for tool in "${tools[@]}"; do
  m=$(echo "${secs[$tool]}" | median)
  r=$(echo "${rss[$tool]}" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)
  printf "| %s | %.2f | %.0f | %.2f |\n" "$tool" "$m" "$(echo "$r / 1024" | bc -l)" "$(echo "$ja / $m" | bc -l)"
done
echo
echo "events: $events, runs: $runs, gzip size: $(du -h "$day" | cut -f1), machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
