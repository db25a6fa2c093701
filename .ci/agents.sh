#!/usr/bin/env bash
# Real coding agents (Claude Code, opencode, pi, Qwen Code, Codex CLI) and agent SDKs (Vercel AI
# SDK, LangChain JS, OpenAI Agents SDK) run a tool loop through the packaged gateway against a
# scripted upstream, with no network but loopback: everything runs in a private network namespace
# (unshare -n).
#
#   bash .ci/agents.sh [run.mjs options, e.g. --only 'pi ' --timeout 60 --keep]
#
# Expects the packaged jar at target/quarkus-app/quarkus-run.jar (override: AIMUX_JAR). Installs
# what it needs (iproute2/util-linux when missing, the pinned agents with npm ci). Prints one line
# per case and finally "agents: N passed, M failed"; exits non-zero when a case failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
AGENTS_DIR=$ROOT/src/test/agents
JAR=${AIMUX_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}

need() { command -v "$1" >/dev/null 2>&1; }

if [ ! -f "$JAR" ]; then
  echo "agents: packaged jar not found at $JAR (build it with ./mvnw -B package, or set AIMUX_JAR)" >&2
  exit 2
fi
if ! need unshare || ! need ip; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq iproute2 util-linux >/dev/null
  else
    echo "agents: unshare (util-linux) and ip (iproute2) are required" >&2; exit 2
  fi
fi
for tool in node npm java; do
  need "$tool" || { echo "agents: $tool is required" >&2; exit 2; }
done
if ! unshare -n true 2>/dev/null; then
  echo "agents: cannot create a network namespace (unshare -n needs root or CAP_SYS_ADMIN)" >&2
  exit 2
fi

echo "agents: installing the pinned agents (npm ci in src/test/agents and its opencode-plugin/)"
npm_install() { # one retry: a registry hiccup should not fail the run
  (cd "$1" && { npm ci --no-audit --no-fund --loglevel=error || npm ci --no-audit --no-fund --loglevel=error; })
}
npm_install "$AGENTS_DIR"
npm_install "$AGENTS_DIR/opencode-plugin"

# Inside the namespace only loopback exists: bring it up, then run the harness.
unshare -n bash -c 'ip link set lo up && exec node "$0" --jar "$1" "${@:2}"' \
  "$AGENTS_DIR/run.mjs" "$JAR" "$@"
