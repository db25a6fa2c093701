#!/usr/bin/env node
// Completes package-lock.json with the per-platform optional packages that `npm install` left out.
//
// Several agents ship native binaries as optional dependencies, one package per os/cpu. When the
// registry cannot serve some of those packages (404), `npm install` still succeeds but leaves
// them out of the lock, and `npm ci` then refuses the lock as out of sync with package.json.
// This adds each missing one as an optional entry restricted to its platform (taken from the
// package name: darwin/linux/win32|windows, arm64/x64, musl/gnu), which npm ci skips on any other
// platform. A platform package given as an npm alias (Codex: "@openai/codex-linux-x64":
// "npm:@openai/codex@0.171.0-linux-x64") gets an entry naming the real package and version.
// Run after `npm install`, in this folder or naming another one:
//
//   npm install && node lock-platforms.mjs [DIR]

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.join(process.argv[2] ?? path.dirname(fileURLToPath(import.meta.url)), 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

function platformOf(name) {
  const n = name.split('/').pop();
  const os = /darwin/.test(n) ? 'darwin' : /linux/.test(n) ? 'linux' : /win32|windows/.test(n) ? 'win32' : null;
  const cpu = /arm64/.test(n) ? 'arm64' : /x64/.test(n) ? 'x64' : /ia32/.test(n) ? 'ia32' : null;
  const libc = os === 'linux' ? (/musl/.test(n) ? 'musl' : /gnu/.test(n) ? 'glibc' : null) : null;
  return os && cpu ? { os, cpu, libc } : null;
}

/** Where npm would look up `name` from the package at `from` (nested first, then upwards). */
function resolves(from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

const added = [];
for (const [where, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(where, name)) continue;
    const platform = platformOf(name);
    const alias = /^npm:((?:@[\w.-]+\/)?[\w.-]+)@(.+)$/.exec(spec);
    const version = alias ? alias[2] : spec;
    if (!platform || !/^\d+\.\d+\.\d+(-[\w.-]+)?$/.test(version)) {
      console.error(`lock-platforms: ${name}@${spec} (wanted by ${where || 'the root'}) is missing and not a pinned platform package; left alone`);
      continue;
    }
    const add = { ...(alias ? { name: alias[1] } : {}), version, cpu: [platform.cpu], optional: true, os: [platform.os] };
    if (platform.libc) add.libc = [platform.libc];
    packages[`node_modules/${name}`] = add;
    added.push(`${name}@${spec}`);
  }
}
lock.packages = Object.fromEntries(Object.entries(packages)
  .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added.length} entries${added.length ? `: ${added.join(', ')}` : ''}`);
