#!/usr/bin/env bash
# CPU and allocation profiles of the packaged gateway under load, one per scenario of the
# side-by-side harness (../shared/perf): its mock upstream on CPU 0 with the load generator, the
# gateway alone on CPU 1, as there. Profiles are JFR recordings; bench/profile/summary.mjs
# prints their top frames and allocation rates. See bench/README.md#profiles.
#
#   bench/profile.sh [--scenarios "a b c d e"] [--seconds S] [--out DIR]
# Environment: PERF_MOCK (the harness' mock-upstream.mjs), JAVA (java binary), AIMUX_JAVA_OPTS.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$REPO_DIR/target/quarkus-app/quarkus-run.jar"
PERF_MOCK=${PERF_MOCK:-$REPO_DIR/../shared/perf/mock-upstream.mjs}
LUA=$(dirname "$PERF_MOCK")/lib/post.lua
JAVA=${JAVA:-java}
JCMD=$(dirname "$(command -v "$JAVA")")/jcmd
SCENARIOS="a b c d e"
SECONDS_PER=10
OUT=${TMPDIR:-/tmp}/aimux-profiles

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenarios) SCENARIOS="$2"; shift ;;
    --seconds) SECONDS_PER="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
for f in "$JAR" "$PERF_MOCK" "$LUA"; do [[ -f $f ]] || { echo "missing $f" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk is required" >&2; exit 1; }
mkdir -p "$OUT"
log() { printf '[profile %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

MOCK_PORT=18080 GW_PORT=18090
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

cat >"$OUT/config.json" <<JSON
{"providers":{"oai":{"type":"openai","base_url":"http://127.0.0.1:$MOCK_PORT/v1","api_key":"sk-x"},
              "ant":{"type":"anthropic","base_url":"http://127.0.0.1:$MOCK_PORT","api_key":"sk-x"}}}
JSON
MSG='[{"role":"user","content":"Say hello in twenty tokens."}]'
OAI_TOOLS='[{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]'
ANT_TOOLS='[{"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]'
printf '%s\n' "authorization: Bearer sk-client" >"$OUT/h-oai.txt"
printf '%s\n' "x-api-key: sk-client" "anthropic-version: 2023-06-01" >"$OUT/h-ant.txt"
spec() { # scenario -> PATH_ BODY HDR
  case $1 in
    a) PATH_=/v1/chat/completions HDR=h-oai; echo "{\"model\":\"oai/mock-model\",\"messages\":$MSG}" >"$OUT/body-a.json" ;;
    b) PATH_=/v1/chat/completions HDR=h-oai; echo "{\"model\":\"oai/mock-model\",\"stream\":true,\"messages\":$MSG}" >"$OUT/body-b.json" ;;
    c) PATH_=/v1/messages HDR=h-ant; echo "{\"model\":\"oai/mock-model\",\"max_tokens\":256,\"stream\":true,\"tools\":$ANT_TOOLS,\"messages\":$MSG}" >"$OUT/body-c.json" ;;
    d) PATH_=/v1/chat/completions HDR=h-oai; echo "{\"model\":\"ant/claude-mock\",\"stream\":true,\"messages\":$MSG}" >"$OUT/body-d.json" ;;
    e) PATH_=/v1/messages HDR=h-ant; echo "{\"model\":\"ant/claude-mock\",\"max_tokens\":256,\"messages\":$MSG}" >"$OUT/body-e.json" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
  BODY=$OUT/body-$1.json
}
load() { # conc seconds
  BODY_FILE=$BODY HEADERS_FILE=$OUT/$HDR.txt taskset -c 0 wrk -t1 -c"$1" -d"$2"s --timeout 5s --latency -s "$LUA" \
    "http://127.0.0.1:$GW_PORT$PATH_" | grep '^WRKJSON' | sed 's/^WRKJSON //'
}

MOCK_PORT=$MOCK_PORT taskset -c 0 node "$PERF_MOCK" >"$OUT/mock.log" 2>&1 & PIDS+=($!)
# shellcheck disable=SC2086
AIMUX_CONFIG_FILE=$OUT/config.json QUARKUS_HTTP_PORT=$GW_PORT QUARKUS_HTTP_HOST=127.0.0.1 \
  taskset -c 1 "$JAVA" -XX:StartFlightRecording=name=profile,settings=profile,maxage=5m ${AIMUX_JAVA_OPTS:-} -jar "$JAR" >"$OUT/gateway.log" 2>&1 & GW=$!; PIDS+=($GW)
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$GW_PORT/q/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$GW_PORT/q/health/ready" >/dev/null || { log "gateway not ready"; exit 1; }

# The recording runs from the start (starting one later deoptimises the JIT'd code and the
# first seconds would profile a cold JVM); each scenario's window is cut out of it afterwards.
# On one CPU the JIT needs about 40 s of traffic before throughput settles: the first scenario
# gets 8 rounds of warm-up, the others 3.
rounds=8
for s in $SCENARIOS; do
  spec "$s"
  log "scenario $s: warm-up ($rounds x 5 s)"
  for _ in $(seq 1 $rounds); do load 8 5 >/dev/null; done
  rounds=3
  log "scenario $s: ${SECONDS_PER}s at c8"
  load 8 "$SECONDS_PER" >"$OUT/wrk-$s.json"
  "$JCMD" "$GW" JFR.dump name=profile begin=-"$SECONDS_PER"s filename="$OUT/$s.jfr" >/dev/null
  log "scenario $s: $(cat "$OUT/wrk-$s.json")"
done
log "recordings in $OUT; summary: node bench/profile/summary.mjs $OUT/<scenario>.jfr"
