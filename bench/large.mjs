// Large requests and long streams: what a Claude Code-sized request (a 48 KB body with 12 tools)
// and a 2,000-event answer cost through the gateway, and how much memory each in-flight stream
// holds. Uses the side-by-side harness' mock upstream (../shared/perf/mock-upstream.mjs or
// PERF_MOCK) and the packaged jar; everything on loopback, bounded in time. See bench/README.md.
//
//   node bench/large.mjs [--requests N] [--streams N] [--concurrent N] [--out FILE]
// Environment: AIMUX_JAVA (java command, default java), AIMUX_JAVA_OPTS (extra JVM flags).
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import { readFileSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { freePort, waitReady } from '../src/test/node/gateway-process.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const REQUESTS = Number(opt('--requests', 400));
const STREAMS = Number(opt('--streams', 40));
const CONCURRENT = Number(opt('--concurrent', 200));
const OUT = opt('--out', join(here, 'results', 'large.json'));
const MOCK = process.env.PERF_MOCK || resolve(repo, '..', 'shared', 'perf', 'mock-upstream.mjs');
const JAR = join(repo, 'target', 'quarkus-app', 'quarkus-run.jar');
for (const f of [MOCK, JAR]) if (!existsSync(f)) { console.error(`missing ${f}`); process.exit(1); }

const children = [];
const stopAll = () => { for (const c of children) { try { c.kill('SIGTERM'); } catch { /* gone */ } } };
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));
const deadline = setTimeout(() => { console.error('large: time limit reached'); process.exit(1); }, 15 * 60 * 1000);
deadline.unref();

// ---- the request: 12 tools shaped like a coding agent's, a long system prompt, a long history
const TOOL_NAMES = ['Bash', 'Read', 'Edit', 'Write', 'Glob', 'Grep', 'LS', 'WebFetch', 'TodoWrite', 'NotebookEdit',
  'MultiEdit', 'Task'];
const words = (n, seed) => Array.from({ length: n }, (_, i) => `word${(i * 7 + seed) % 97}`).join(' ');
const schema = (i) => ({
  type: 'object',
  properties: {
    path: { type: 'string', description: words(30, i) },
    content: { type: 'string', description: words(25, i + 1) },
    options: { type: 'object', properties: { recursive: { type: 'boolean' }, limit: { type: 'integer', minimum: 1 } } },
  },
  required: ['path'],
});
const antTools = TOOL_NAMES.map((name, i) => ({ name, description: words(120, i), input_schema: schema(i) }));
const oaiTools = TOOL_NAMES.map((name, i) => ({ type: 'function',
  function: { name, description: words(120, i), parameters: schema(i) } }));
const system = words(1800, 3);
const history = [];
for (let i = 0; history.length < 16; i++) {
  history.push({ role: "user", content: words(190, i) });
  history.push({ role: 'assistant', content: words(120, i + 50) });
}
history.push({ role: 'user', content: 'Say hello.' });
const antBody = (model, stream) => JSON.stringify({ model, max_tokens: 1024, stream, system, tools: antTools, messages: history });
const noToolsBody = (model) => JSON.stringify({ model, max_tokens: 1024, stream: true, system, messages: history });
const oaiBody = (model, stream, tools) => JSON.stringify({ model, stream, ...(tools ? { tools: oaiTools } : {}),
  ...(stream ? { stream_options: { include_usage: true } } : {}),
  messages: [{ role: 'system', content: system }, ...history] });

// ---- processes
const work = mkdtempSync(join(tmpdir(), 'aimux-large-'));
const [mockPort, longPort, gwPort] = [await freePort(), await freePort(), await freePort()];
const startMock = (port, env) => {
  const c = spawn(process.execPath, [MOCK], { env: { ...process.env, MOCK_PORT: String(port), ...env }, stdio: 'ignore' });
  children.push(c);
};
startMock(mockPort, {});
startMock(longPort, { MOCK_CHUNKS: '2000' });
const slowPort = await freePort();
startMock(slowPort, { MOCK_CHUNKS: '200', MOCK_CHUNK_DELAY_MS: '50' }); // ~10 s per stream
const config = { providers: {
  ant: { type: 'anthropic', base_url: `http://127.0.0.1:${mockPort}`, api_key: 'sk-x' },
  oai: { type: 'openai', base_url: `http://127.0.0.1:${mockPort}/v1`, api_key: 'sk-x' },
  long: { type: 'openai', base_url: `http://127.0.0.1:${longPort}/v1`, api_key: 'sk-x' },
  slow: { type: 'openai', base_url: `http://127.0.0.1:${slowPort}/v1`, api_key: 'sk-x' } } };
writeFileSync(join(work, 'config.json'), JSON.stringify(config));
const javaOpts = (process.env.AIMUX_JAVA_OPTS || '').split(' ').filter(Boolean);
const gw = spawn(process.env.AIMUX_JAVA || 'java', [...javaOpts, '-jar', JAR], {
  env: { ...process.env, AIMUX_CONFIG_FILE: join(work, 'config.json'), QUARKUS_HTTP_PORT: String(gwPort),
    QUARKUS_HTTP_HOST: '127.0.0.1' }, stdio: 'ignore' });
children.push(gw);
if (!(await waitReady(`http://127.0.0.1:${gwPort}`))) { console.error("large: gateway not ready"); process.exit(1); }

// ---- client
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT + 8 });
function post(port, path, body, headers = {}) {
  return new Promise((resolveP, reject) => {
    const started = process.hrtime.bigint();
    let first = 0n;
    let events = 0;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let tail = '';
      res.on('data', (chunk) => {
        if (!first) first = process.hrtime.bigint();
        const text = tail + chunk.toString('latin1');
        const parts = text.split('\n\n');
        tail = parts.pop();
        events += parts.length;
      });
      res.on('end', () => {
        const ms = (t) => Number(t - started) / 1e6;
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode} on ${path}`));
        else resolveP({ total: ms(process.hrtime.bigint()), first: ms(first), events });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
const OAI_H = { authorization: 'Bearer sk-client' };
const ANT_H = { 'x-api-key': 'sk-client', 'anthropic-version': '2023-06-01' };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
async function series(n, fn) { const out = []; for (let i = 0; i < n; i++) out.push(await fn()); return out; }
const round = (x) => Math.round(x * 1000) / 1000;

const paths = {
  passthrough: { direct: () => post(mockPort, '/v1/messages', antBody('claude-mock', false), ANT_H),
    gateway: () => post(gwPort, '/v1/messages', antBody('ant/claude-mock', false), ANT_H) },
  translated: { direct: () => post(mockPort, '/v1/chat/completions', oaiBody('mock-model', false, true), OAI_H),
    gateway: () => post(gwPort, '/v1/messages', antBody('oai/mock-model', false), ANT_H) },
  // without tools: the mock answers a request with tools by a tool call, not 2,000 text events
  long_stream: { direct: () => post(longPort, '/v1/chat/completions', oaiBody('mock-model', true, false), OAI_H),
    gateway: () => post(gwPort, '/v1/messages', noToolsBody('long/mock-model'), ANT_H) },
};

const results = { body_bytes: Buffer.byteLength(antBody('ant/claude-mock', false)), tools: TOOL_NAMES.length, scenarios: {} };
console.error(`large: request body ${results.body_bytes} bytes, ${TOOL_NAMES.length} tools; warming up`);
for (let round_ = 0; round_ < 3; round_++) {
  for (const p of Object.values(paths)) { await series(round_ === 0 ? 100 : 60, p.gateway); await series(20, p.direct); }
}
for (const [name, p] of Object.entries(paths)) {
  const n = name === 'long_stream' ? STREAMS : REQUESTS;
  const direct = [];
  const gateway = [];
  for (let i = 0; i < n; i++) { direct.push(await p.direct()); gateway.push(await p.gateway()); } // interleaved
  const stat = (xs, k) => ({ p50: round(pct(xs.map((x) => x[k]), 50)), p99: round(pct(xs.map((x) => x[k]), 99)) });
  results.scenarios[name] = { requests: n, direct: stat(direct, 'total'), gateway: stat(gateway, 'total'),
    direct_first: stat(direct, 'first'), gateway_first: stat(gateway, 'first'),
    events: { direct: direct[0].events, gateway: gateway[0].events } };
  const r = results.scenarios[name];
  console.error(`large: ${name}: direct p50 ${r.direct.p50} ms, gateway p50 ${r.gateway.p50} ms (added ${round(r.gateway.p50 - r.direct.p50)}), `
    + `events ${r.events.direct} -> ${r.events.gateway}`);
}

// ---- memory per in-flight stream: heap after a full GC, idle vs with CONCURRENT slow streams open
const jcmd = (...a) => execFileSync(process.env.AIMUX_JCMD || 'jcmd', [String(gw.pid), ...a]).toString();
const heapUsedKb = () => {
  jcmd('GC.run');
  const m = jcmd('GC.heap_info').match(/used (\d+)K/);
  return m ? Number(m[1]) : NaN;
};
const rssKb = () => Number(readFileSync(`/proc/${gw.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const idleHeap = heapUsedKb();
const idleRss = rssKb();
const slowBody = noToolsBody('slow/mock-model');
const open = Array.from({ length: CONCURRENT }, () => post(gwPort, '/v1/messages', slowBody, ANT_H));
await new Promise((r) => setTimeout(r, 4000)); // all streams are half-way through
const busyHeap = heapUsedKb();
const busyRss = rssKb();
const finished = await Promise.all(open);
results.memory = { concurrent_streams: CONCURRENT, heap_idle_kb: idleHeap, heap_busy_kb: busyHeap,
  heap_per_stream_kb: round((busyHeap - idleHeap) / CONCURRENT), rss_idle_kb: idleRss, rss_busy_kb: busyRss,
  completed: finished.filter((f) => f.events > 100).length };
console.error(`large: ${CONCURRENT} streams in flight: heap +${results.memory.heap_per_stream_kb} KB per stream `
  + `(${idleHeap} -> ${busyHeap} KB after a full GC), RSS ${idleRss} -> ${busyRss} KB; ${results.memory.completed} completed`);
writeFileSync(OUT, JSON.stringify(results, null, 2));
console.log(`large: results in ${OUT}`);
process.exit(0);
