#!/usr/bin/env bash
# Fails when a tracked file holds something shaped like a secret (provider and cloud keys, private
# keys, tokens in URLs...), using secretlint's recommended rules at a pinned version, installed into
# a temporary directory. Config: .ci/secretlintrc.json; narrow, commented exceptions: .ci/secretlintignore.
# Usage: .ci/secrets.sh [repository directory, default: this repository]
set -euo pipefail
SECRETLINT_VERSION=9.3.4 # the last line that runs on Node 16+ (Debian's nodejs); 10 and later need Node 20+
CI_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "${1:-$CI_DIR/..}" && pwd)
TOOLS=$(mktemp -d)
trap 'rm -rf "$TOOLS"' EXIT

npm install --prefix "$TOOLS" --no-audit --no-fund --silent --no-package-lock \
  "secretlint@$SECRETLINT_VERSION" "@secretlint/secretlint-rule-preset-recommend@$SECRETLINT_VERSION" >/dev/null

cd "$REPO"
# tracked files that exist in the work tree (a deletion not yet committed is not scanned)
git ls-files -z | while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done > "$TOOLS/files"
FILES=$(tr -cd '\0' < "$TOOLS/files" | wc -c)

# secretlint exits 1 on findings and 2 on a fatal error; findings are counted from its JSON reports
mapfile -d '' -t files < "$TOOLS/files"
for ((i = 0; i < ${#files[@]}; i += 200)); do
  status=0
  "$TOOLS/node_modules/.bin/secretlint" --format json --maskSecrets --no-color \
    --secretlintrc "$CI_DIR/secretlintrc.json" --secretlintignore "$CI_DIR/secretlintignore" \
    "${files[@]:i:200}" > "$TOOLS/report-$i.json" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "secrets: the scanner failed (exit $status)" >&2
    exit 2
  fi
done
FINDINGS=$(node -e '
  const fs = require("fs"), path = require("path");
  let n = 0;
  for (const report of fs.readdirSync(process.argv[1]).filter(f => f.startsWith("report-"))) {
    const text = fs.readFileSync(path.join(process.argv[1], report), "utf8").trim();
    for (const result of text ? JSON.parse(text) : []) {
      for (const m of result.messages) {
        n++;
        const at = m.loc && m.loc.start ? `${m.loc.start.line}:${m.loc.start.column}` : "?";
        console.error(`${path.relative(process.argv[2], result.filePath)}:${at} ${m.ruleId}: ${m.message}`);
      }
    }
  }
  console.log(n);' "$TOOLS" "$REPO")
echo "secrets: $FILES files scanned, $FINDINGS findings"
[ "$FINDINGS" -eq 0 ]
