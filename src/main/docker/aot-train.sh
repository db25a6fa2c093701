#!/usr/bin/env bash
# AOT cache training run (JDK 25, JEP 514/515), used by Dockerfile.jvm: start the packaged jar with
# -XX:AOTCacheOutput, send it the requests a gateway serves (probes, models, chat and streams in both
# client protocols, on the offline mock provider), then stop it with SIGTERM; the JVM writes the cache
# as it exits. Needs only bash (requests go over /dev/tcp), so it runs in the JDK image.
#   aot-train.sh APP_DIR CACHE_FILE
set -euo pipefail
APP=$1
CACHE=$2
PORT=${AOT_TRAIN_PORT:-18080} # the build container has its own network; override elsewhere
cd "$APP"
# the same absolute jar path as the ENTRYPOINT: the cache is checked against the class path
AIMUX_DATA_DIR=$(mktemp -d) QUARKUS_HTTP_PORT=$PORT java -XX:AOTCacheOutput="$CACHE" -jar "$PWD/quarkus-run.jar" &
PID=$!

http() { # METHOD PATH [JSON]: one request, the answer read to the end
  local body=${3:-}
  exec 3<>"/dev/tcp/127.0.0.1/$PORT"
  printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nanthropic-version: 2023-06-01\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "${#body}" "$body" >&3
  cat <&3
  exec 3<&-
}

for _ in $(seq 1 240); do
  if http GET /q/health/ready 2>/dev/null | head -n 1 | grep -q ' 200 '; then break; fi
  kill -0 "$PID" || exit 1
  sleep 0.5
done
chat='{"model":"mock/MODEL","stream":STREAM,"messages":[{"role":"user","content":"Rescue my tool call, please"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}'
messages='{"model":"mock/MODEL","max_tokens":256,"stream":STREAM,"messages":[{"role":"user","content":"Hello there"}]}'
for _ in $(seq 1 20); do
  for model in echo tool think hermes qwen3-xml glm; do
    for stream in false true; do
      http POST /v1/chat/completions "$(echo "$chat" | sed "s/MODEL/$model/; s/STREAM/$stream/")" > /dev/null
      http POST /v1/messages "$(echo "$messages" | sed "s/MODEL/$model/; s/STREAM/$stream/")" > /dev/null
    done
  done
  http GET /v1/models > /dev/null
  http GET /q/metrics > /dev/null
  http GET /q/health/live > /dev/null
done
kill -TERM "$PID"
wait "$PID"
test -s "$CACHE"
