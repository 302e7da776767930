#!/usr/bin/env bash
# End-to-end ingest harness: the simulator and the recorder as two processes over loopback.
#   bench/e2e.sh [SECONDS] [SYMBOLS] [RATE] [INTERVAL]
# Defaults: 15 s, 1 symbol, --rate 0 (as fast as the recorder reads), --interval 1s.
# Prints the recorder's CPU-seconds per million verified messages, messages/s, lines/s and peak RSS.
# AOT=1 publishes the NativeAOT build instead of the JIT one (the simulator is then AOT too).
# SAMPLE_EVERY=N (seconds) also prints the recorder's RSS and CPU-seconds every N seconds, to show flatness.
set -euo pipefail
secs=${1:-15}; count=${2:-1}; rate=${3:-0}; interval=${4:-1s}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
if [ -n "${AOT:-}" ]; then
  dotnet publish src/L2Rec -c Release -r linux-x64 -p:PublishAot=true -o "$out/bin" -v quiet -nologo >/dev/null
else
  dotnet publish src/L2Rec -c Release -o "$out/bin" -v quiet -nologo >/dev/null
fi
symbols=$(python3 -c "import sys; n=int(sys.argv[1]); print('BTC/USD' if n == 1 else ','.join(f'S{i:03d}/USD' for i in range(n)))" "$count")
"$out/bin/l2rec" simulate --port 0 --symbol "$symbols" --rate "$rate" --seed 1 > "$out/sim.out" 2>/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 50); do grep -q ws:// "$out/sim.out" 2>/dev/null && break; sleep 0.1; done
url=$(head -1 "$out/sim.out")
/usr/bin/time -f "TIME %U %S %e %M" -o "$out/time" "$out/bin/l2rec" record --symbol "$symbols" --ws-url "$url" \
  --duration "${secs}s" --interval "$interval" --data-dir "$out/data" 2> "$out/log" &
timed=$!
if [ -n "${SAMPLE_EVERY:-}" ]; then
  sleep 1
  rec=$(pgrep -P "$timed" -f "l2rec record" | head -1)
  tick=$(getconf CLK_TCK); began=$(date +%s)
  while kill -0 "$rec" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$rec/status" 2>/dev/null) || break
    cpu=$(awk -v t="$tick" '{printf "%.2f", ($14 + $15) / t}' "/proc/$rec/stat" 2>/dev/null) || break
    echo "sample t=$(( $(date +%s) - began ))s rss=${rss}MB cpu=${cpu}s"
    sleep "$SAMPLE_EVERY"
  done
fi
wait "$timed"
read -r _ user sys wall rss < "$out/time"
updates=$(grep -oE "updates [0-9]+" "$out/log" | tail -1 | grep -oE "[0-9]+")
lines=$(cat "$out"/data/*.jsonl | wc -l)
if [ -n "${SAMPLE_EVERY:-}" ]; then
  # The recorder's own minute-by-minute account: updates so far, memory, bytes allocated, collections.
  grep "Status:" "$out/log" | sed -E 's/.*(elapsed [^,]*).*(updates [0-9]+).*(memory .*)/status \1, \2, \3/' || true
fi
ending=$(grep "Session end" "$out/log" | tail -1)
python3 - "$user" "$sys" "$wall" "$rss" "$updates" "$lines" "$ending" <<'PY'
import re, sys
user, sys_, wall, rss, updates, lines = map(float, sys.argv[1:7])
units = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}
m = re.search(r"allocated ([0-9.]+) (K?M?G?B), gc ([0-9/]+)", sys.argv[7])
if m:
    allocated = float(m.group(1)) * units[m.group(2)]
    print(f"allocated {allocated / 1024 ** 2:.1f} MB in all ({allocated / max(updates, 1):.1f} B per message, start-up included); "
          f"collections gen0/1/2 {m.group(3)}")
print(f"messages {updates:,.0f} in {wall:.1f} s ({updates / wall:,.0f}/s); lines {lines:,.0f} ({lines / wall:,.0f}/s)")
print(f"recorder CPU user {user:.2f} s + sys {sys_:.2f} s = {(user + sys_) / wall * 100:.1f} % of a core; "
      f"{(user + sys_) / (updates / 1e6):.2f} CPU-s per million messages; peak RSS {rss / 1024:.0f} MB")
PY
