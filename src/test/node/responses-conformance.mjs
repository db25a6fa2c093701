#!/usr/bin/env node
// Replays the Responses conformance cases (src/test/resources/conformance/responses-cases, format in
// the README there) through the official OpenAI SDK: client.responses.create and
// client.responses.stream against the gateway, with a fake upstream on 127.0.0.1 that answers in the
// OpenAI (/oai/v1/chat/completions) or Anthropic (/ant/v1/messages) dialect.
//
//   node responses-conformance.mjs --launch "java -jar target/quarkus-app/quarkus-run.jar" [--cases DIR] [--id ID] [--verbose]
//
// Prints one "PASS|FAIL <case> via <dialect>/<mode>: ..." line per run and finally
// "responses-conformance: N passed, M failed". Exit status: 0 all passed, 1 failures, 2 setup error.

import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LOCALHOST = '127.0.0.1';
const CLIENT_KEY = 'aimux-responses-conformance-key';
const RUN_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 90_000;
const PREFIX = { openai: 'oai', anthropic: 'ant' };
const DIALECT_PATH = { '/oai/v1/chat/completions': 'openai', '/ant/v1/messages': 'anthropic' };
const PAUSE_MS = 300;
const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v, n = 160) => { const s = JSON.stringify(v) ?? String(v); return s.length > n ? s.slice(0, n) + '…' : s; };

function parseArgs(argv) {
  const o = { cases: path.resolve(HERE, '../resources/conformance/responses-cases'), id: [], verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--launch') o.launch = argv[++i];
    else if (a === '--gateway') o.gateway = argv[++i];
    else if (a === '--cases') o.cases = path.resolve(argv[++i]);
    else if (a === '--id') o.id.push(argv[++i]);
    else if (a === '--verbose') o.verbose = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.launch === !o.gateway) throw new Error('give exactly one of --launch CMD or --gateway URL (the gateway must then use the printed config)');
  return o;
}

// ------------------------------------------------------------------ comparison

// Subset comparison: every expected key present and equal; arrays of the same length; a string
// equals an array of text parts holding it; an "arguments" string compares as parsed JSON.
function subsetDiffs(exp, act, p = '', out = [], key = null) {
  if (out.length >= 5) return out;
  if (key === 'arguments' && typeof exp === 'string' && typeof act === 'string') {
    try { return subsetDiffs(JSON.parse(exp), JSON.parse(act), p + '(parsed)', out); } catch { /* compare as text */ }
  }
  if (typeof exp === 'string' && Array.isArray(act) && act.every((x) => isObject(x) && x.type === 'text')) {
    act = act.map((x) => x.text).join('');
  }
  if (!isObject(exp) && !Array.isArray(exp)) {
    if (exp !== act) out.push(`${p || '(root)'}: expected ${show(exp, 80)}, got ${show(act, 80)}`);
    return out;
  }
  if (Array.isArray(exp)) {
    if (!Array.isArray(act) || act.length !== exp.length) {
      out.push(`${p}: expected ${exp.length} item(s), got ${show(act, 200)}`);
      return out;
    }
    exp.forEach((e, i) => subsetDiffs(e, act[i], `${p}[${i}]`, out));
    return out;
  }
  if (!isObject(act)) { out.push(`${p}: expected an object, got ${show(act, 80)}`); return out; }
  for (const k of Object.keys(exp)) {
    if (!(k in act)) out.push(`${p ? p + '.' : ''}${k}: missing (expected ${show(exp[k], 80)})`);
    else subsetDiffs(exp[k], act[k], `${p ? p + '.' : ''}${k}`, out, k);
  }
  return out;
}

function deepEqual(a, b) {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

// The event types of a stream with runs of one delta type collapsed, as cases write them.
function collapsed(types) {
  const out = [];
  for (const t of types) if (!(t.endsWith('.delta') && out[out.length - 1] === t)) out.push(t);
  return out;
}

// What the official stream helper guarantees plus what Codex relies on.
function streamProblems(events) {
  const fails = [];
  if (!events.length) return ['no events'];
  if (events[0].type !== 'response.created') fails.push(`first event is ${events[0].type}, not response.created`);
  events.forEach((e, i) => { if (e.sequence_number !== i) fails.push(`event ${i} (${e.type}) has sequence_number ${e.sequence_number}`); });
  const last = events[events.length - 1];
  if (!TERMINAL.has(last.type)) fails.push(`stream ended with ${last.type}, not a terminal response event`);
  if (events.filter((e) => TERMINAL.has(e.type)).length !== 1) fails.push('not exactly one terminal event');
  const open = new Map();
  let added = 0;
  for (const e of events) {
    if (e.type === 'response.output_item.added') {
      if (e.output_index !== added) fails.push(`output_item.added with output_index ${e.output_index}, expected ${added}`);
      open.set(e.output_index, e.item.id);
      added++;
    } else if (e.type === 'response.output_item.done') {
      if (open.get(e.output_index) !== e.item.id) fails.push(`output_item.done for an item that is not open (index ${e.output_index})`);
      open.delete(e.output_index);
    } else if ('item_id' in e && open.get(e.output_index) !== e.item_id) {
      fails.push(`${e.type} for item ${e.item_id} at index ${e.output_index}, which is not open`);
    }
  }
  if (open.size && last.type !== 'response.failed') fails.push(`items never done: ${[...open.values()].join(', ')}`);
  return fails.slice(0, 5);
}

function outputProblems(expected, response) {
  const fails = [];
  const items = response.output ?? [];
  if (items.length !== expected.length) {
    return [`expected ${expected.length} output item(s) (${expected.map((i) => i.type).join(', ')}), got ${items.length} (${items.map((i) => i.type).join(', ')})`];
  }
  expected.forEach((want, i) => {
    const got = items[i];
    const at = `output[${i}]`;
    if (got.type !== want.type) { fails.push(`${at}.type: expected ${want.type}, got ${got.type}`); return; }
    if (!got.id) fails.push(`${at}: no id`);
    if (want.name !== undefined && got.name !== want.name) fails.push(`${at}.name: expected ${want.name}, got ${got.name}`);
    if (want.role !== undefined && got.role !== want.role) fails.push(`${at}.role: expected ${want.role}, got ${got.role}`);
    if (want.arguments !== undefined) {
      let args;
      try { args = JSON.parse(got.arguments); } catch { fails.push(`${at}.arguments: not JSON: ${show(got.arguments)}`); return; }
      if (!deepEqual(args, want.arguments)) fails.push(`${at}.arguments: expected ${show(want.arguments)}, got ${show(args)}`);
      if (!got.call_id) fails.push(`${at}: no call_id`);
    }
    if (want.input !== undefined && got.input !== want.input) fails.push(`${at}.input: expected ${show(want.input)}, got ${show(got.input)}`);
    if (want.text !== undefined) {
      const text = (got.content ?? []).filter((c) => c.type === 'output_text').map((c) => c.text).join('');
      if (text !== want.text) fails.push(`${at} text: expected ${show(want.text)}, got ${show(text)}`);
    }
    if (want.summary_text !== undefined) {
      const text = (got.summary ?? []).map((s) => s.text).join('');
      if (text !== want.summary_text) fails.push(`${at} summary: expected ${show(want.summary_text)}, got ${show(text)}`);
    }
    if (want.encrypted_content !== undefined && (typeof got.encrypted_content === 'string' && got.encrypted_content.length > 0) !== want.encrypted_content) {
      fails.push(`${at}.encrypted_content: expected ${want.encrypted_content ? 'a value' : 'none'}, got ${show(got.encrypted_content)}`);
    }
  });
  return fails;
}

function responseProblems(expect, response, vars) {
  const fails = [];
  if (response.object !== 'response') fails.push(`object is ${show(response.object)}, not "response"`);
  if (typeof response.id !== 'string' || !response.id) fails.push('response has no id');
  if (expect.status && response.status !== expect.status) fails.push(`status: expected ${expect.status}, got ${response.status} ${show(response.error ?? response.incomplete_details ?? '')}`);
  if (expect.incomplete_reason && response.incomplete_details?.reason !== expect.incomplete_reason) fails.push(`incomplete_details.reason: expected ${expect.incomplete_reason}, got ${show(response.incomplete_details)}`);
  if (expect.error_code && response.error?.code !== expect.error_code) fails.push(`error.code: expected ${expect.error_code}, got ${show(response.error)}`);
  if (expect.output_text !== undefined && (response.output_text ?? '') !== expect.output_text) fails.push(`output_text: expected ${show(expect.output_text)}, got ${show(response.output_text)}`);
  if (expect.output_json !== undefined) {
    let parsed;
    try { parsed = JSON.parse(response.output_text); } catch { fails.push(`output_text is not JSON: ${show(response.output_text)}`); }
    if (parsed !== undefined && !deepEqual(parsed, expect.output_json)) fails.push(`output JSON: expected ${show(expect.output_json)}, got ${show(parsed)}`);
  }
  if (expect.text_format && response.text?.format?.type !== expect.text_format) fails.push(`text.format.type: expected ${expect.text_format}, got ${show(response.text)}`);
  if (expect.store !== undefined && response.store !== expect.store) fails.push(`store: expected ${expect.store}, got ${response.store}`);
  if (expect.previous_response_id !== undefined && response.previous_response_id !== substitute(expect.previous_response_id, vars)) {
    fails.push(`previous_response_id: expected ${substitute(expect.previous_response_id, vars)}, got ${response.previous_response_id}`);
  }
  if (expect.output) fails.push(...outputProblems(expect.output, response));
  if (expect.usage) fails.push(...subsetDiffs(expect.usage, response.usage ?? {}, 'usage'));
  const u = response.usage;
  if (response.status !== 'failed' && (!u || typeof u.input_tokens_details?.cached_tokens !== 'number' || typeof u.output_tokens_details?.reasoning_tokens !== 'number')) {
    fails.push(`usage lacks input_tokens_details.cached_tokens or output_tokens_details.reasoning_tokens: ${show(u)}`);
  }
  return fails;
}

function substitute(value, vars) {
  if (typeof value === 'string') return value.replace(/\{\{(\w+)\}\}/g, (m, k) => vars[k] ?? m);
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

// ------------------------------------------------------------------ fake upstream

class Upstream {
  constructor() {
    this.armed = null;
    this.server = http.createServer((req, res) => this.handle(req, res).catch(() => res.destroy()));
  }

  async listen() {
    await new Promise((r) => this.server.listen(0, LOCALHOST, r));
    this.base = `http://${LOCALHOST}:${this.server.address().port}`;
  }

  close() {
    this.server.closeAllConnections?.();
    return new Promise((r) => this.server.close(() => r()));
  }

  async handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const p = (req.url || '/').split('?')[0];
    if (req.method === 'GET' && (p === '/oai/v1/models' || p === '/ant/v1/models')) {
      return json(res, 200, p.startsWith('/oai') ? { object: 'list', data: [] } : { data: [], has_more: false });
    }
    const dialect = req.method === 'POST' ? DIALECT_PATH[p] : undefined;
    const a = this.armed;
    if (!dialect || !a) return json(res, 404, { error: { message: `no such endpoint ${req.method} ${p}`, type: 'invalid_request_error' } });
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { body = null; }
    a.calls.push({ dialect, body });
    if (dialect !== a.dialect) return json(res, 400, { error: { message: `expected the ${a.dialect} dialect`, type: 'invalid_request_error' } });
    const answer = a.upstream[dialect];
    if (body?.stream === true) {
      if (!answer.sse) return json(res, 500, { error: { message: 'case has no stream for this dialect', type: 'server_error' } });
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      for (const item of answer.sse) {
        if (res.destroyed) return;
        res.write(item + '\n\n');
        // an SSE comment ": pause" lets the gateway commit its stream first: what follows is mid-stream
        await sleep(item.startsWith(': pause') ? PAUSE_MS : 2);
      }
      return res.end();
    }
    if (!answer.body) return json(res, 500, { error: { message: 'case has no body for this dialect', type: 'server_error' } });
    return json(res, 200, answer.body);
  }
}

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// ------------------------------------------------------------------ runs

function client(gateway) {
  return new OpenAI({
    baseURL: gateway + '/v1', apiKey: CLIENT_KEY, maxRetries: 0, timeout: RUN_TIMEOUT_MS, logLevel: 'off',
    fetch: (input, init) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
      if (url.hostname !== LOCALHOST) throw new Error(`refusing to connect to ${url.host}`);
      return fetch(input, init);
    },
  });
}

async function runTurn(ctx, kase, turn, dialect, mode, vars) {
  const fails = [];
  const request = substitute(structuredClone(turn.request), vars);
  request.model = `${PREFIX[dialect]}/${request.model.slice(request.model.indexOf('/') + 1)}`;
  const armed = { dialect, upstream: turn.upstreams, calls: [] };
  ctx.upstream.armed = armed;
  const expect = { ...turn.expect, ...(turn.expect_by_upstream?.[dialect] ?? {}) };
  let response = null;
  let events = [];
  try {
    const openai = client(ctx.gateway);
    if (mode === 'stream') {
      const stream = openai.responses.stream(request);
      for await (const event of stream) events.push(event);
      response = await stream.finalResponse();
    } else {
      response = await openai.responses.create({ ...request, stream: false });
    }
  } catch (e) {
    if (expect.http_status !== undefined && e.status === expect.http_status) {
      if (expect.error_code && e.error?.code !== expect.error_code && e.code !== expect.error_code) fails.push(`error code: expected ${expect.error_code}, got ${show(e.error)}`);
      if (expect.error_param && e.param !== expect.error_param && e.error?.param !== expect.error_param) fails.push(`error param: expected ${expect.error_param}, got ${show(e.error)}`);
    } else {
      fails.push(`client error: ${e.status ? `HTTP ${e.status} ` : ''}${show(e.error ?? e.message, 300)}`);
    }
  } finally {
    ctx.upstream.armed = null;
  }
  if (expect.http_status !== undefined && response) fails.push(`expected HTTP ${expect.http_status}, got a response`);
  if (expect.upstream_calls !== undefined && armed.calls.length !== expect.upstream_calls) fails.push(`expected ${expect.upstream_calls} upstream call(s), got ${armed.calls.length}`);
  if (response) {
    fails.push(...responseProblems(expect, response, vars));
    if (mode === 'stream') {
      fails.push(...streamProblems(events));
      if (expect.events) {
        const seen = collapsed(events.map((e) => e.type));
        if (JSON.stringify(seen) !== JSON.stringify(expect.events)) fails.push(`events: expected ${expect.events.join(' ')}; got ${seen.join(' ')}`);
      }
    }
    if (!armed.calls.length) fails.push('the gateway answered without calling the upstream');
  }
  const first = armed.calls[0];
  if (first && first.dialect !== dialect) fails.push(`the gateway called the ${first.dialect} dialect`);
  const wanted = turn.expect_upstream_request?.[dialect];
  if (wanted && first) for (const d of subsetDiffs(substitute(wanted, vars), first.body ?? {})) fails.push(`upstream request: ${d}`);
  for (const key of turn.expect_upstream_absent?.[dialect] ?? []) if (first?.body && key in first.body) fails.push(`upstream request carries ${key}`);
  return { fails, response };
}

async function runCase(ctx, kase, dialect, mode) {
  const vars = {};
  const fails = [];
  const started = Date.now();
  const timeout = sleep(RUN_TIMEOUT_MS).then(() => 'timeout');
  const work = (async () => {
    for (let i = 0; i < kase.turns.length; i++) {
      const { fails: f, response } = await runTurn(ctx, kase, kase.turns[i], dialect, mode, vars);
      fails.push(...f.map((x) => (kase.turns.length > 1 ? `turn ${i + 1}: ${x}` : x)));
      if (response) vars.previous = response.id;
      if (f.length) break;
    }
  })();
  if ((await Promise.race([work, timeout])) === 'timeout') fails.push(`timed out after ${RUN_TIMEOUT_MS / 1000} s`);
  return { id: kase.id, via: `${dialect}/${mode}`, pass: fails.length === 0, fails, ms: Date.now() - started };
}

// ------------------------------------------------------------------ gateway

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, LOCALHOST, () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitReady(gateway, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) return false;
    try {
      const r = await fetch(`${gateway}/q/health/ready`, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) return true;
    } catch { /* not yet */ }
    await sleep(250);
  }
  return false;
}

async function main() {
  let o;
  try { o = parseArgs(process.argv.slice(2)); } catch (e) { console.error(`error: ${e.message}`); return 2; }
  const cases = fs.readdirSync(o.cases).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(o.cases, f), 'utf8')))
    .filter((c) => !o.id.length || o.id.includes(c.id));
  if (!cases.length) { console.error('error: no cases'); return 2; }
  const upstream = new Upstream();
  await upstream.listen();
  const config = {
    auth: { keys: { conformance: { key: CLIENT_KEY, role: 'client' } } },
    providers: {
      oai: { type: 'openai', base_url: `${upstream.base}/oai/v1`, api_key: 'sk-upstream-oai-test', models_refresh_seconds: 0 },
      ant: { type: 'anthropic', base_url: `${upstream.base}/ant`, api_key: 'sk-ant-upstream-test', models_refresh_seconds: 0 },
    },
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aimux-responses-conformance-'));
  const configPath = path.join(work, 'config.json');
  fs.writeFileSync(configPath, JSON.stringify(config));
  let child = null;
  let gateway = o.gateway;
  const stop = () => { if (child && child.exitCode === null) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } } };
  process.on('exit', stop);
  try {
    if (o.launch) {
      const port = await freePort();
      gateway = `http://${LOCALHOST}:${port}`;
      const log = fs.openSync(path.join(work, 'gateway.log'), 'a');
      child = spawn('sh', ['-c', o.launch], {
        detached: true, stdio: ['ignore', log, log],
        env: { ...process.env, AIMUX_CONFIG_FILE: configPath, AIMUX_DATA_DIR: path.join(work, 'data'), QUARKUS_HTTP_PORT: String(port), QUARKUS_HTTP_HOST: LOCALHOST },
      });
    } else {
      console.log(`fake upstream on ${upstream.base}; give the gateway this config:\n${JSON.stringify(config)}`);
    }
    if (!(await waitReady(gateway, child))) {
      console.error(`error: the gateway did not become ready; log in ${work}/gateway.log`);
      return 2;
    }
    const ctx = { gateway, upstream };
    let passed = 0;
    let failed = 0;
    for (const kase of cases) {
      for (const dialect of ['openai', 'anthropic']) {
        for (const mode of kase.modes ?? ['create', 'stream']) {
          const r = await runCase(ctx, kase, dialect, mode);
          if (r.pass) passed++; else failed++;
          console.log(`${r.pass ? 'PASS' : 'FAIL'} ${r.id} via ${r.via}: ${r.pass ? 'ok' : r.fails.slice(0, o.verbose ? 20 : 3).join('; ')}`);
        }
      }
    }
    console.log(`responses-conformance: ${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  } finally {
    if (child && child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      for (let i = 0; i < 100 && child.exitCode === null; i++) await sleep(100);
      stop();
    }
    await upstream.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (e) => { console.error(`error: ${e?.stack ?? e}`); process.exitCode = 2; });
