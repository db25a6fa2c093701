#!/usr/bin/env bash
# HTTP benchmark: the same load client against the mock upstream directly and through the
# gateway, in one run, on loopback. See bench/README.md.
#
#   bench/run.sh [--no-build] [--duration S] [--warmup S] [--rps-concurrency N]
#                [--chunk-delay-ms N] [--no-wrk] [--keep-work]
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$REPO_DIR/target/quarkus-app/quarkus-run.jar"
RESULTS_DIR="$BENCH_DIR/results"

BUILD=1
DURATION=8
WARMUP=5
RPS_CONCURRENCY=64
CHUNK_DELAY_MS=0
USE_WRK=1
KEEP_WORK=0
CONCURRENCIES=(1 8)

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'

  --no-build            do not build the jar (fail if it is missing)
  --duration S          seconds per measurement (default 8)
  --warmup S            seconds of warm-up load per path and mode (default 5)
  --rps-concurrency N   connections for the max-throughput run (default 64)
  --chunk-delay-ms N    delay between SSE chunks in the mock upstream (default 0)
  --no-wrk              use the Node client for max throughput even if wrk is present
  --keep-work           keep the work directory (logs, raw results) and print its path
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --duration) DURATION="$2"; shift ;;
    --warmup) WARMUP="$2"; shift ;;
    --rps-concurrency) RPS_CONCURRENCY="$2"; shift ;;
    --chunk-delay-ms) CHUNK_DELAY_MS="$2"; shift ;;
    --no-wrk) USE_WRK=0 ;;
    --keep-work) KEEP_WORK=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for tool in node java curl; do
  command -v "$tool" >/dev/null || die "$tool is required"
done

# --- max-throughput tool: wrk if present (installed when missing and running as root) ---
RPS_TOOL=node
if [[ $USE_WRK -eq 1 ]]; then
  if ! command -v wrk >/dev/null && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "wrk is missing; installing it with apt-get"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 || log "could not install wrk"
    fi
  fi
  if command -v wrk >/dev/null; then RPS_TOOL=wrk; fi
fi
[[ $RPS_TOOL == node ]] && log "max throughput is measured with the Node client (wrk not used)"

# --- build ---
if [[ ! -f "$JAR" ]]; then
  [[ $BUILD -eq 1 ]] || die "$JAR is missing and --no-build was given"
  log "building the gateway"
  (cd "$REPO_DIR" && ./mvnw -B -q package -DskipTests)
fi
[[ -f "$JAR" ]] || die "build did not produce $JAR"

# Load average before anything of ours runs: other work on the machine skews the numbers.
LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

# --- processes, cleaned up on exit by their own PIDs ---
WORK="$(mktemp -d "${TMPDIR:-/tmp}/aimux-bench.XXXXXX")"
MOCK_PID=""
GW_PID=""
cleanup() {
  local rc=$?
  for pid in "$GW_PID" "$MOCK_PID"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
  done
  for pid in "$GW_PID" "$MOCK_PID"; do
    if [[ -n "$pid" ]]; then
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [[ $KEEP_WORK -eq 1 || $rc -ne 0 ]]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

log "starting the mock upstream"
node "$BENCH_DIR/mock-upstream.mjs" --port 0 --chunk-delay-ms "$CHUNK_DELAY_MS" >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!
UP_PORT=""
for _ in $(seq 100); do
  UP_PORT="$(awk '/^listening /{print $2; exit}' "$WORK/mock.log")"
  [[ -n "$UP_PORT" ]] && break
  kill -0 "$MOCK_PID" 2>/dev/null || { cat "$WORK/mock.log" >&2; die "mock upstream exited"; }
  sleep 0.1
done
[[ -n "$UP_PORT" ]] || die "mock upstream did not report its port"

GW_PORT="$(free_port)"
cat >"$WORK/config.json" <<EOF
{"providers":{"up":{"type":"openai","base_url":"http://127.0.0.1:$UP_PORT/v1","api_key":"bench-key"}}}
EOF

log "starting the gateway on port $GW_PORT (upstream on $UP_PORT)"
# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of JVM options
AIMUX_CONFIG_FILE="$WORK/config.json" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$GW_PORT" \
  java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!

GW="http://127.0.0.1:$GW_PORT"
UP="http://127.0.0.1:$UP_PORT"
ready=0
for _ in $(seq 600); do
  if ! kill -0 "$GW_PID" 2>/dev/null; then tail -n 40 "$WORK/gateway.log" >&2; die "gateway exited during startup"; fi
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$GW/q/health/ready" || true)" == 200 ]]; then ready=1; break; fi
  sleep 0.1
done
[[ $ready -eq 1 ]] || { tail -n 40 "$WORK/gateway.log" >&2; die "gateway not ready after 60 s"; }
log "gateway ready"

DIRECT_MODEL=bench-model
GATEWAY_MODEL=up/bench-model
body() { printf '{"model":"%s","messages":[{"role":"user","content":"ping"}],"stream":%s}' "$1" "$2"; }

# --- sanity checks: both paths answer, and the gateway strips the usage chunk it asked for ---
check=$(curl -s -H 'content-type: application/json' -d "$(body "$GATEWAY_MODEL" false)" "$GW/v1/chat/completions")
[[ "$check" == *'"chat.completion"'* ]] || die "unexpected non-stream answer from the gateway: ${check:0:300}"
check=$(curl -sN -H 'content-type: application/json' -d "$(body "$GATEWAY_MODEL" true)" "$GW/v1/chat/completions")
[[ "$check" == *'data: [DONE]'* ]] || die "gateway stream did not end with [DONE]: ${check:0:300}"
[[ "$check" != *'"choices":[]'* ]] || log "warning: the gateway stream kept the usage-only chunk"
GW_EVENTS=$(grep -c '^data: ' <<<"$check" || true)
check=$(curl -sN -H 'content-type: application/json' -d "$(body "$DIRECT_MODEL" true)" "$UP/v1/chat/completions")
UP_EVENTS=$(grep -c '^data: ' <<<"$check" || true)
[[ "$GW_EVENTS" == "$UP_EVENTS" ]] || log "warning: stream events differ: direct $UP_EVENTS, gateway $GW_EVENTS"

load() { # name url model concurrency duration [--stream]
  local name=$1 url=$2 model=$3 conc=$4 dur=$5
  shift 5
  node "$BENCH_DIR/load.mjs" --url "$url/v1/chat/completions" --model "$model" \
    --concurrency "$conc" --duration "$dur" --label "$name" --out "$WORK/$name.json" "$@"
}

# --- warm-up: let the JIT settle on both paths and both modes ---
# The JVM needs far longer than Node to reach steady state, so the gateway gets two rounds.
log "warming up (${WARMUP}s per run: gateway twice, direct once, both modes)"
for round in 1 2; do
  load "warmup$round-ns-gateway" "$GW" "$GATEWAY_MODEL" 8 "$WARMUP"
  load "warmup$round-st-gateway" "$GW" "$GATEWAY_MODEL" 8 "$WARMUP" --stream
done
load warmup-ns-direct "$UP" "$DIRECT_MODEL" 8 "$WARMUP"
load warmup-st-direct "$UP" "$DIRECT_MODEL" 8 "$WARMUP" --stream
rm -f "$WORK"/warmup*.json

curl -s "$GW/q/metrics" >"$WORK/metrics-before.txt"

# --- non-stream latency ---
for c in "${CONCURRENCIES[@]}"; do
  log "non-stream, concurrency $c"
  load "ns-c$c-direct" "$UP" "$DIRECT_MODEL" "$c" "$DURATION"
  load "ns-c$c-gateway" "$GW" "$GATEWAY_MODEL" "$c" "$DURATION"
done

# --- non-stream max throughput ---
wrk_run() { # name url model
  local name=$1 url=$2 model=$3 outf="$WORK/$1.wrk.txt"
  WRK_BODY="$(body "$model" false)" wrk -t2 -c"$RPS_CONCURRENCY" -d"${DURATION}s" --latency \
    -s "$BENCH_DIR/wrk-post.lua" "$url/v1/chat/completions" >"$outf"
  node - "$outf" "$RPS_CONCURRENCY" >"$WORK/$name.json" <<'EOF'
const fs = require('node:fs');
const [file, conc] = process.argv.slice(2);
const t = fs.readFileSync(file, 'utf8');
const num = (re) => { const m = re.exec(t); return m ? Number(m[1]) : null; };
const ms = (re) => { const m = re.exec(t); if (!m) return null;
  const f = { us: 0.001, ms: 1, s: 1000, m: 60000 }[m[2]]; return Math.round(Number(m[1]) * f * 1000) / 1000; };
const errs = (num(/Non-2xx or 3xx responses:\s*(\d+)/) ?? 0)
  + [...t.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
console.log(JSON.stringify({ tool: 'wrk', concurrency: Number(conc), rps: num(/Requests\/sec:\s*([\d.]+)/),
  requests: num(/(\d+) requests in/), errors: errs,
  latency_ms: { p50: ms(/^\s+50%\s+([\d.]+)(us|ms|s|m)\b/m), p99: ms(/^\s+99%\s+([\d.]+)(us|ms|s|m)\b/m) } }));
EOF
  log "  $name: $(grep -E 'Requests/sec' "$outf" | tr -s ' ')"
}
log "non-stream max throughput, $RPS_CONCURRENCY connections ($RPS_TOOL)"
if [[ $RPS_TOOL == wrk ]]; then
  wrk_run rps-direct "$UP" "$DIRECT_MODEL"
  wrk_run rps-gateway "$GW" "$GATEWAY_MODEL"
else
  load rps-direct "$UP" "$DIRECT_MODEL" "$RPS_CONCURRENCY" "$DURATION"
  load rps-gateway "$GW" "$GATEWAY_MODEL" "$RPS_CONCURRENCY" "$DURATION"
  for side in direct gateway; do
    node -e 'const f=process.argv[1],o=JSON.parse(require("fs").readFileSync(f));o.tool="node";require("fs").writeFileSync(f,JSON.stringify(o))' "$WORK/rps-$side.json"
  done
fi

# --- stream: first chunk and total ---
for c in "${CONCURRENCIES[@]}"; do
  log "stream, concurrency $c"
  load "st-c$c-direct" "$UP" "$DIRECT_MODEL" "$c" "$DURATION" --stream
  load "st-c$c-gateway" "$GW" "$GATEWAY_MODEL" "$c" "$DURATION" --stream
done

curl -s "$GW/q/metrics" >"$WORK/metrics-after.txt"
LOADAVG_END="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

cat >"$WORK/meta.json" <<EOF
{"date":"$(date -u +%Y-%m-%dT%H:%M:%SZ)","git_commit":"$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)",
 "cpus":$(node -e 'console.log(require("os").cpus().length)'),"node":"$(node --version)",
 "java":"$(java -version 2>&1 | head -n1 | sed 's/"//g')","duration_s":$DURATION,"warmup_s":$WARMUP,
 "concurrencies":[$(IFS=,; echo "${CONCURRENCIES[*]}")],"rps_concurrency":$RPS_CONCURRENCY,"rps_tool":"$RPS_TOOL",
 "chunk_delay_ms":$CHUNK_DELAY_MS,"loadavg_start":"$LOADAVG_START","loadavg_end":"$LOADAVG_END","stream_events_direct":$UP_EVENTS,"stream_events_gateway":$GW_EVENTS}
EOF

mkdir -p "$RESULTS_DIR"
echo
node "$BENCH_DIR/report.mjs" --dir "$WORK" --out "$RESULTS_DIR/latest.json"
echo
log "results written to bench/results/latest.json"
