#!/usr/bin/env bash
# Startup time and memory of the packaged jar, per JVM and CPU count (docs/deployment.md#startup-and-footprint).
#
#   bench/startup.sh [REPS]        # default 3 runs per row; prints a Markdown table
#
# Rows: JDK 17 (java on PATH), JDK 25 ($JAVA25), JDK 25 with an AOT cache made by a training run
# (-XX:AOTCacheOutput, JEP 514/515), each pinned to 1 CPU (taskset -c 0) and to 2 CPUs (taskset -c 0,1).
# Per run: time to ready = process start to the first 200 from /q/health/ready (polled every 20 ms);
# RSS idle = 3 s after ready; RSS after load = after bench/load.mjs ran 16 concurrent clients on mock/echo
# for 5 s (the load client itself is not pinned). Medians over the runs. The mock provider only: no network.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
JAR=target/quarkus-app/quarkus-run.jar
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
WORK=$(mktemp -d)
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill "$PID" || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }

# start CPUS JAVA [JVM flags...]: starts the gateway, sets PID, PORT and READY_MS (start to ready)
start() {
  local cpus=$1; shift
  PORT=$(free_port)
  local t0; t0=$(now_ms)
  AIMUX_DATA_DIR="$WORK/data" QUARKUS_HTTP_PORT=$PORT taskset -c "$cpus" "$@" -jar "$JAR" > "$WORK/gateway.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; then READY_MS=$(( $(now_ms) - t0 )); return 0; fi
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/gateway.log" >&2; return 1; }
    sleep 0.02
  done
  echo "not ready after 60 s" >&2; return 1
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
load() {
  node bench/load.mjs --url "http://127.0.0.1:$PORT/v1/chat/completions" --model mock/echo \
    --concurrency 16 --duration 5 > "$WORK/load.json" 2> "$WORK/load.log"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# the AOT cache: one training run under the same load the measurement uses, written at exit
AOT="$WORK/aimux.aot"
start 0,1 "$JAVA25" -XX:AOTCacheOutput="$AOT"
load
stop
[ -f "$AOT" ] || { echo "no AOT cache was written" >&2; exit 1; }

row() { # LABEL CPUS JAVA [flags]
  local label=$1 cpus=$2; shift 2
  local ready=() idle=() busy=()
  for _ in $(seq 1 "$REPS"); do
    start "$cpus" "$@"
    ready+=("$READY_MS")
    sleep 3
    idle+=("$(rss_mib "$PID")")
    load
    busy+=("$(rss_mib "$PID")")
    stop
  done
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(echo "$cpus" | tr ',' '\n' | wc -l)" \
    "$(printf '%s\n' "${ready[@]}" | median)" "$(printf '%s\n' "${idle[@]}" | median)" "$(printf '%s\n' "${busy[@]}" | median)"
}

echo "| JVM | CPUs | time to ready (ms) | RSS idle (MiB) | RSS after load (MiB) |"
echo "| --- | --- | --- | --- | --- |"
for cpus in 0 0,1; do
  row "JDK 17" "$cpus" "$JAVA17"
  row "JDK 25" "$cpus" "$JAVA25"
  row "JDK 25 + AOT cache" "$cpus" "$JAVA25" -XX:AOTCache="$AOT"
done
echo
echo "runs per row: $REPS; $("$JAVA17" -version 2>&1 | head -1); $("$JAVA25" -version 2>&1 | head -1); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
