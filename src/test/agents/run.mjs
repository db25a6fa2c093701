#!/usr/bin/env node
// Drives real coding agents and agent SDKs through a tool loop against the AIMUX gateway, with a
// scripted upstream behind it, entirely on loopback.
//
//   node run.mjs --jar target/quarkus-app/quarkus-run.jar [--only REGEX] [--timeout SEC]
//                [--budget SEC] [--keep] [--verbose] [--no-proxy]
//   node run.mjs --direct [--only REGEX] ...      (agents straight at the scripted upstream)
//   node run.mjs --record DIR [--only REGEX]      (the same, writing down what each agent sent)
//
// Run it inside a private network namespace (see .ci/agents.sh) so that nothing leaves loopback.
// Gateway mode prints one "PASS|FAIL <case> (<seconds>s): <detail>" line per case and finally
// "agents: N passed, M failed". Exit status: 0 all passed, 1 failures, 2 setup error.
// See README.md in this folder for what each case checks.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AGENTS } from './agents.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const READY_TIMEOUT_MS = 120_000;

// ------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const args = { timeout: 120, budget: 720, keep: false, only: null, record: null, direct: false, jar: null, proxy: true, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    const take = () => {
      if (value === undefined) throw new Error(`${name} needs a value`);
      i++;
      return value;
    };
    switch (name) {
      case '--jar': args.jar = take(); break;
      case '--record': args.record = take(); break;
      case '--direct': args.direct = true; break;
      case '--only': args.only = new RegExp(take()); break;
      case '--timeout': args.timeout = Number(take()); break;
      case '--budget': args.budget = Number(take()); break;
      case '--keep': args.keep = true; break;
      case '--verbose': case '-v': args.verbose = true; break;
      case '--no-proxy': args.proxy = false; break;
      case '--help': case '-h':
        console.log('usage: node run.mjs (--jar JAR | --direct | --record DIR) [--only REGEX] [--timeout SEC] [--budget SEC] [--keep] [--verbose] [--no-proxy]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${name}`);
    }
  }
  if ([args.jar, args.record, args.direct].filter(Boolean).length !== 1) {
    throw new Error('give exactly one of --jar JAR, --direct or --record DIR');
  }
  if (args.record) args.direct = true;
  if (!(args.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
  if (!(args.budget > 0)) throw new Error('--budget must be a positive number of seconds');
  return args;
}

// ------------------------------------------------------------------ processes

const children = new Set();

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a process in its own process group with stdout/stderr going to files. */
function start(cmd, argv, { env, cwd, out, err, stdin = 'ignore' }) {
  const outFd = fs.openSync(out, 'w');
  const errFd = err === out ? outFd : fs.openSync(err, 'w');
  const child = spawn(cmd, argv, { env, cwd, detached: true, stdio: [stdin, outFd, errFd] });
  fs.closeSync(outFd);
  if (errFd !== outFd) fs.closeSync(errFd);
  children.add(child);
  child.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => { children.delete(child); resolve({ code, signal }); });
    child.on('error', (e) => { children.delete(child); resolve({ code: null, signal: null, error: e }); });
  });
  return child;
}

/** SIGTERM to the child's process group, SIGKILL after `graceMs`. */
async function stop(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    // the leader is gone; its group may still hold stragglers
    if (child?.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* none left */ }
    return;
  }
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, graceMs);
  await child.done;
  clearTimeout(t);
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group empty */ }
}

function stopAllSync() {
  for (const child of children) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function httpJson(url, { method = 'GET', body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json', ...headers } : headers,
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text };
}

// ------------------------------------------------------------------ scripted upstream and gateway

async function startUpstream(dir) {
  const out = path.join(dir, 'upstream.out');
  const child = start(process.execPath, [path.join(HERE, 'scripted-upstream.mjs'), '--port', '0'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: dir, out, err: path.join(dir, 'upstream.err'),
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const m = /listening on (\d+)/.exec(fs.readFileSync(out, 'utf8'));
    if (m) return { child, port: Number(m[1]) };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`scripted upstream did not start: ${fs.readFileSync(path.join(dir, 'upstream.err'), 'utf8')}`);
}

async function startGateway(jar, dir, upstreamPort) {
  const port = await freePort();
  const config = {
    providers: {
      sopenai: { type: 'openai', base_url: `http://127.0.0.1:${upstreamPort}/v1`, api_key: 'x', models: ['scripted-model'] },
      santhropic: { type: 'anthropic', base_url: `http://127.0.0.1:${upstreamPort}`, api_key: 'x', models: ['scripted-model'] },
      // the scripted upstream's own Responses API: Responses clients get it relayed
      sresponses: { type: 'openai-responses', base_url: `http://127.0.0.1:${upstreamPort}/v1`, api_key: 'x', models: ['scripted-model'] },
    },
  };
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  fs.mkdirSync(path.join(dir, 'gateway-data'), { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    AIMUX_CONFIG_FILE: configFile,
    AIMUX_DATA_DIR: path.join(dir, 'gateway-data'),
    QUARKUS_HTTP_PORT: String(port),
    QUARKUS_HTTP_HOST: '127.0.0.1',
  };
  if (process.env.JAVA_HOME) env.JAVA_HOME = process.env.JAVA_HOME;
  const log = path.join(dir, 'gateway.log');
  const child = start('java', ['-jar', path.resolve(jar)], { env, cwd: dir, out: log, err: log });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const r = await httpJson(`${base}/q/health/ready`);
      if (r.status === 200) return { child, port, base, log };
    } catch { /* not yet */ }
    await sleep(300);
  }
  const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
  await stop(child);
  throw new Error(`gateway did not become ready on port ${port}:\n${tail}`);
}

// ------------------------------------------------------------------ observing proxy

/**
 * A transparent HTTP proxy in front of the gateway that records what each agent sent and, for every
 * answer, its status and the first 64 KiB of its body (so failures can quote the gateway's error).
 */
function startProxy(targetPort) {
  const state = { log: [] };
  const server = http.createServer((req, res) => {
    const reqChunks = [];
    const entry = { method: req.method, url: req.url, status: 0, body: null, response: '' };
    state.log.push(entry);
    const headers = { ...req.headers, host: `127.0.0.1:${targetPort}` };
    delete headers.connection;
    delete headers['keep-alive'];
    const up = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers }, (upRes) => {
      entry.status = upRes.statusCode;
      const h = { ...upRes.headers };
      delete h.connection;
      delete h['keep-alive'];
      delete h['transfer-encoding'];
      res.writeHead(upRes.statusCode, h);
      let kept = 0;
      upRes.on('data', (c) => {
        if (kept < 65536) { entry.response += c.toString('utf8').slice(0, 65536 - kept); kept += c.length; }
        res.write(c);
      });
      upRes.on('end', () => res.end());
      upRes.on('error', () => res.destroy());
    });
    up.on('error', (e) => {
      entry.status = -1;
      entry.response = `proxy: ${e.message}`;
      if (!res.headersSent) { res.writeHead(502, { 'content-type': 'application/json' }); }
      res.end(JSON.stringify({ error: { message: `proxy: ${e.message}` } }));
    });
    req.on('data', (c) => { reqChunks.push(c); up.write(c); });
    req.on('end', () => {
      up.end();
      const raw = Buffer.concat(reqChunks).toString('utf8');
      try { entry.body = raw ? JSON.parse(raw) : null; } catch { entry.body = raw; }
    });
    res.on('close', () => { if (!res.writableFinished) up.destroy(); });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, state }));
  });
}

/** Whether a client request body carries a tool result (any of the three protocols). */
function carriesToolResult(body) {
  if (!body || typeof body !== 'object') return false;
  if (Array.isArray(body.input) && body.input.some((i) => /_call_output$/.test(i?.type ?? ''))) return true;
  for (const m of body.messages ?? []) {
    if (m?.role === 'tool' || m?.role === 'function') return true;
    if (Array.isArray(m?.content) && m.content.some((b) => b?.type === 'tool_result')) return true;
  }
  return false;
}

// ------------------------------------------------------------------ cases

function casesFor(args) {
  const cases = [];
  for (const agent of AGENTS) {
    for (const api of agent.apis) {
      const targets = args.direct
        ? [{ upstream: 'direct', model: 'scripted-model' }]
        : [
          { upstream: 'openai', model: 'sopenai/scripted-model' },
          { upstream: 'anthropic', model: 'santhropic/scripted-model' },
          { upstream: 'mock', model: 'mock/tool' },
          ...(api === 'responses' ? [{ upstream: 'responses', model: 'sresponses/scripted-model' }] : []),
        ];
      for (const t of targets) {
        const to = t.upstream === 'mock' ? 'mock/tool' : t.upstream === 'direct' ? 'scripted upstream' : `${t.upstream}-upstream`;
        const name = `${agent.name} ${api}-api → ${to}`;
        if (args.only && !args.only.test(name)) continue;
        cases.push({ agent, api, ...t, name });
      }
    }
  }
  return cases;
}

function tail(text, lines = 6, width = 400) {
  return text.trim().split('\n').slice(-lines).map((l) => (l.length > width ? l.slice(0, width) + '…' : l)).join(' ⏎ ');
}

function readJsonl(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** Prompt given to every agent. The absolute path lets the upstream (and a human) find the file. */
function promptFor(workspace) {
  return `Read the file ${workspace}/notes.txt and reply with the code word it contains. Use your file reading tool.`;
}

async function runCase(c, ctx) {
  const caseDir = path.join(ctx.dir, 'cases', String(ctx.index).padStart(2, '0'));
  const workspace = path.join(caseDir, 'workspace');
  const home = path.join(caseDir, 'home');
  const tmp = path.join(caseDir, 'tmp');
  for (const d of [workspace, home, tmp]) fs.mkdirSync(d, { recursive: true });
  const token = `AIMUX-${crypto.randomBytes(8).toString('hex')}`;
  fs.writeFileSync(path.join(workspace, 'notes.txt'), `The code word is ${token}\n`);
  const upstreamLog = path.join(caseDir, 'upstream.jsonl');
  await httpJson(`http://127.0.0.1:${ctx.upstreamPort}/__control/case`, {
    method: 'POST', body: { name: c.name, workspace, token, log: upstreamLog },
  });

  const direct = c.upstream === 'direct';
  const base = direct ? `http://127.0.0.1:${ctx.upstreamPort}` : `http://127.0.0.1:${ctx.clientPort}`;
  const plan = c.agent.plan({
    api: c.api,
    model: c.model,
    anthropicBase: base,
    openaiBase: `${base}/v1`,
    apiKey: 'aimux-agents-dummy-key',
    home,
    tmp,
    workspace,
    prompt: promptFor(workspace),
    here: HERE,
  });
  if (plan.setup) plan.setup();
  for (const [file, content] of Object.entries(plan.files ?? {})) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  const env = {
    PATH: [...new Set([path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'])].join(':'),
    HOME: home,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    ...plan.env,
  };
  fs.writeFileSync(path.join(caseDir, 'command.json'), JSON.stringify({ cmd: plan.cmd, args: plan.args, env }, null, 2));
  const outFile = path.join(caseDir, 'stdout.txt');
  const errFile = path.join(caseDir, 'stderr.txt');
  const proxyStart = ctx.proxy ? ctx.proxy.state.log.length : 0;
  const t0 = Date.now();
  const child = start(plan.cmd, plan.args, { env, cwd: workspace, out: outFile, err: errFile });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; stop(child, 3000); }, ctx.timeout * 1000);
  const exit = await child.done;
  clearTimeout(timer);
  await stop(child, 1000); // stragglers left in the group
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const stdout = fs.readFileSync(outFile, 'utf8');
  const stderr = fs.readFileSync(errFile, 'utf8');
  const upstream = readJsonl(upstreamLog);
  const seen = ctx.proxy ? ctx.proxy.state.log.slice(proxyStart) : [];
  fs.writeFileSync(path.join(caseDir, 'client-requests.json'), JSON.stringify(seen, null, 2));

  const output = plan.output ? plan.output(stdout, stderr) : stdout;
  const problems = [];
  if (exit.error) problems.push(`could not start: ${exit.error.message}`);
  if (timedOut) problems.push(`timed out after ${ctx.timeout}s`);
  else if (exit.code !== 0) problems.push(`exit ${exit.code ?? exit.signal}`);
  let detail;
  if (c.upstream === 'mock') {
    // the proxy saw the request bodies; without it, the mock's own words are the evidence (it
    // says "Tool results received" only when the request ends with tool results)
    const summary = /Tool results received[^\n"]{0,80}/.exec(output)?.[0];
    const round = ctx.proxy ? seen.find((e) => carriesToolResult(e.body) && e.status === 200) : summary;
    if (!round) problems.push('no request carrying a tool result was answered 200 (no tool round trip)');
    detail = round ? `tool round trip done${summary ? `; answered "${summary}"` : ''}` : '';
  } else {
    const calls = upstream.filter((e) => e.reply?.kind === 'tool').map((e) => e.reply.name);
    const sawToken = upstream.some((e) => e.reply?.sawToken);
    if (!sawToken) {
      problems.push(calls.length
        ? `upstream called ${[...new Set(calls)].join(', ')} but no tool result with the token came back`
        : `upstream saw no tool-capable request (${upstream.length} requests)`);
    }
    if (!output.includes(token)) problems.push('token missing from the agent output');
    else if (plan.check) { const p = plan.check(output, token); if (p) problems.push(p); }
    detail = `${upstream.length} upstream requests, tool ${[...new Set(calls)].join('+') || 'none'}`;
  }
  // the reason, when failing: the client-visible errors first (the gateway's answer), then output
  if (problems.length) {
    const errors = seen.filter((e) => e.status !== 200).map((e) => `${e.method} ${e.url} → ${e.status} ${e.response.trim().slice(0, 600)}`);
    const streamError = /event: (error|response\.failed)|"error"\s*:\s*[{"]/;
    const streamErrors = seen.filter((e) => e.status === 200 && streamError.test(e.response) && !/"type":"(message|chat\.completion)/.test(e.response.slice(0, 200)))
      .map((e) => `${e.method} ${e.url} → 200 with stream error ${e.response.slice(e.response.search(streamError)).slice(0, 600).trim()}`);
    const extra = [...new Set([...errors, ...streamErrors])];
    if (extra.length) problems.push(`client saw: ${extra.slice(0, 3).join(' | ')}`);
    const out = tail(output, 4, 300);
    const err = tail(stderr, 4, 300);
    if (out) problems.push(`stdout: ${out}`);
    if (err) problems.push(`stderr: ${err}`);
  }
  return { name: c.name, ok: problems.length === 0, seconds, detail: problems.length ? problems.join('; ') : detail, upstream, caseDir, token, workspace, home, tmp };
}

// ------------------------------------------------------------------ recording

const KEEP_HEADERS = /^(anthropic-|x-stainless-|user-agent$|content-type$|accept$|accept-encoding$|x-app$|x-client|x-title$|http-referer$|openai-|x-goog|x-claude|x-opencode|x-session|session_id$|session-id$|thread-id$|originator$|x-codex-|x-qwen|x-dashscope)/i;
const CREDENTIAL_HEADERS = /^(authorization|x-api-key|api-key|proxy-authorization|cookie)$/i;

function scrubber(result) {
  const pairs = [
    [result.workspace, '/workspace'],
    [result.home, '/home/user'],
    [result.tmp, '/tmp'],
    [path.dirname(result.caseDir), '/tmp/cases'],
    [result.token, 'AIMUX-0123456789abcdef'],
    [HERE, '/opt/aimux-agents'],
    // agents that key per-project state by the workspace path spelled with dashes
    [result.workspace.replace(/[^A-Za-z0-9]/g, '-'), '-workspace'],
  ].filter(([from]) => from && from.length > 2);
  pairs.sort((a, b) => b[0].length - a[0].length);
  const kernel = os.release();
  const host = os.hostname();
  const hostRe = host.length >= 4 ? new RegExp(`\\b${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g') : null;
  const fix = (s) => {
    for (const [from, to] of pairs) s = s.split(from).join(to);
    if (kernel.length > 3) s = s.split(kernel).join('6.1.0');
    if (hostRe) s = s.replace(hostRe, 'host');
    // Claude Code's metadata.user_id carries a per-machine device id
    s = s.replace(/(device_id\\*"\s*:\s*\\*")([0-9a-f]{16,})/g, (_, head, id) => head + '0'.repeat(id.length));
    return s;
  };
  const walk = (v) => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [fix(k), walk(x)]));
    return v;
  };
  return walk;
}

function shortName(e) {
  if (e.method === 'GET') return e.path.replace(/^\/v1\//, '').replace(/\W+/g, '-');
  if (e.path.endsWith('/count_tokens')) return 'count-tokens';
  const body = e.body && typeof e.body === 'object' ? e.body : {};
  if (carriesToolResult(body)) return 'tool-result';
  if ((body.tools ?? []).length) return 'tools';
  return 'side';
}

function writeRecording(result, c, dir) {
  const scrub = scrubber(result);
  const chosen = [];
  const seenSide = new Set();
  // the first request of each kind, and another where an agent sends the same kind with the other
  // stream flag (the Agents SDK runs once without and once with streaming)
  const seenKind = new Map();
  for (const e of result.upstream) {
    let kind = shortName(e);
    if (kind === 'tools' || kind === 'tool-result') {
      const stream = Boolean(e.body?.stream);
      const flags = seenKind.get(kind) ?? new Set();
      if (flags.has(stream)) continue;
      if (flags.size) kind = `${kind}-${stream ? 'stream' : 'json'}`;
      flags.add(stream);
      seenKind.set(shortName(e), flags);
    }
    else {
      // one of each kind of side request: same path, same stream flag, same first system words
      const body = e.body && typeof e.body === 'object' ? e.body : {};
      const sys = JSON.stringify(body.system ?? body.messages?.[0] ?? '').slice(0, 80);
      const key = `${e.method} ${e.path} ${kind} ${body.stream} ${sys}`;
      if (seenSide.has(key)) continue;
      seenSide.add(key);
    }
    chosen.push({ e, kind });
  }
  const out = path.join(dir, c.agent.name);
  fs.mkdirSync(out, { recursive: true });
  const existing = fs.readdirSync(out).filter((f) => f.endsWith('.json')).length;
  const written = [];
  chosen.forEach(({ e, kind }, i) => {
    const headers = {};
    for (const [k, v] of Object.entries(e.headers ?? {})) {
      if (CREDENTIAL_HEADERS.test(k)) headers[k] = 'REDACTED';
      else if (KEEP_HEADERS.test(k)) headers[k] = v;
    }
    const record = scrub({
      agent: c.agent.name,
      version: c.agent.versionFor ? c.agent.versionFor(c.api) : c.agent.version,
      packages: c.agent.packagesFor ? c.agent.packagesFor(c.api) : { [c.agent.package]: c.agent.version },
      api: e.api === 'unknown' ? c.api : e.api,
      method: e.method,
      path: e.path,
      query: e.query,
      headers,
      body: e.body,
    });
    const file = path.join(out, `${String(existing + i + 1).padStart(2, '0')}-${c.api}-${kind}.json`);
    fs.writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    written.push(path.relative(dir, file));
  });
  return written;
}

// ------------------------------------------------------------------ main

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`run.mjs: ${e.message}`);
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aimux-agents-'));
  const cleanup = () => { stopAllSync(); if (!args.keep) fs.rmSync(dir, { recursive: true, force: true }); };
  process.on('SIGINT', () => { cleanup(); process.exit(130); });
  process.on('SIGTERM', () => { cleanup(); process.exit(143); });

  const cases = casesFor(args);
  if (!cases.length) {
    console.error('run.mjs: no case selected');
    process.exit(2);
  }
  const t0 = Date.now();
  let upstream;
  let gateway;
  let proxy;
  const results = [];
  try {
    upstream = await startUpstream(dir);
    let clientPort = upstream.port;
    if (!args.direct) {
      gateway = await startGateway(args.jar, dir, upstream.port);
      if (args.proxy) {
        proxy = await startProxy(gateway.port);
        clientPort = proxy.port;
      } else {
        clientPort = gateway.port;
      }
      console.log(`gateway ready on ${gateway.port} after ${((Date.now() - t0) / 1000).toFixed(1)}s; ${cases.length} cases`);
    }
    const recorded = [];
    const deadline = t0 + args.budget * 1000;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      const left = Math.floor((deadline - Date.now()) / 1000);
      if (left < 5) {
        results.push({ name: c.name, ok: false });
        console.log(`FAIL ${c.name} (0.0s): not run, the ${args.budget}s budget for all cases is spent`);
        continue;
      }
      const timeout = Math.min(args.timeout, left);
      const r = await runCase(c, { dir, index: i + 1, upstreamPort: upstream.port, clientPort, proxy, timeout });
      results.push(r);
      console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.seconds}s): ${r.detail}`);
      if (args.verbose || (!r.ok && args.keep)) console.log(`     case files: ${r.caseDir}`);
      if (args.record) {
        const files = writeRecording(r, c, args.record);
        recorded.push(...files);
        for (const f of files) console.log(`     recorded ${f}`);
      }
    }
  } catch (e) {
    console.error(`run.mjs: setup failed: ${e.message}`);
    if (proxy) proxy.server.close();
    if (gateway) await stop(gateway.child);
    if (upstream) await stop(upstream.child);
    cleanup();
    // every case that did not run counts as failed, so the summary never looks green
    const passed = results.filter((r) => r.ok).length;
    console.log(`agents: ${passed} passed, ${cases.length - passed} failed`);
    process.exit(2);
  }
  if (proxy) proxy.server.close();
  if (gateway) await stop(gateway.child);
  if (upstream) await stop(upstream.child);
  if (args.keep) console.log(`kept ${dir}`);
  cleanup();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`wall time ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  console.log(`agents: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
