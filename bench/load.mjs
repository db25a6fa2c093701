#!/usr/bin/env node
// Closed-loop HTTP load client for the benchmark (Node 20, no dependencies).
//
//   node bench/load.mjs --url http://127.0.0.1:PORT/v1/chat/completions --model M
//        [--stream] [--concurrency N] [--duration SECONDS] [--out FILE] [--label TEXT]
//
// Runs N workers over a keep-alive agent with N sockets; each worker sends the next request
// as soon as the previous one has been read to the end. Requests started before the deadline
// are allowed to finish. For every request it records, with process.hrtime.bigint():
//   latency = request start -> last body byte
//   ttfb    = request start -> first body byte (for a stream: the first SSE chunk)
// and reports exact (nearest-rank) percentiles in milliseconds, as JSON on stdout or in --out.

import fs from 'node:fs';
import http from 'node:http';

function parseArgs(argv) {
  const o = { url: null, model: 'bench-model', stream: false, concurrency: 1, duration: 8, out: null, label: '', bodyFile: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--url') o.url = next();
    else if (a === '--model') o.model = next();
    else if (a === '--stream') o.stream = true;
    else if (a === '--concurrency' || a === '-c') o.concurrency = Number(next());
    else if (a === '--duration' || a === '-d') o.duration = Number(next());
    else if (a === '--out') o.out = next();
    else if (a === '--label') o.label = next();
    else if (a === '--body-file') o.bodyFile = next();
    else throw new Error(`unknown argument: ${a}`);
  }
  if (!o.url) throw new Error('--url is required');
  if (!(o.concurrency >= 1) || !(o.duration > 0)) throw new Error('bad --concurrency or --duration');
  return o;
}

function requestBody(model, stream) {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: 'You are a concise assistant. Answer in at most two sentences.' },
      { role: 'user', content: 'What is the capital of France, and what is it known for?' },
    ],
    max_tokens: 64,
    temperature: 0.2,
    stream,
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function summarize(values) {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return null;
  let sum = 0;
  for (const v of s) sum += v;
  const r = (x) => (x == null ? null : Math.round(x * 1000) / 1000);
  return {
    min: r(s[0]),
    mean: r(sum / s.length),
    p50: r(percentile(s, 50)),
    p90: r(percentile(s, 90)),
    p99: r(percentile(s, 99)),
    max: r(s[s.length - 1]),
  };
}

async function run(o) {
  const url = new URL(o.url);
  // --body-file sends a fixed body instead (e.g. an Anthropic Messages request with tools).
  const body = o.bodyFile ? fs.readFileSync(o.bodyFile) : Buffer.from(requestBody(o.model, o.stream));
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency, maxFreeSockets: o.concurrency });
  const headers = {
    'content-type': 'application/json',
    'content-length': body.length,
    accept: o.stream ? 'text/event-stream' : 'application/json',
  };
  const latencies = [];
  const ttfbs = [];
  const errors = {};
  const countError = (k) => (errors[k] = (errors[k] ?? 0) + 1);

  const once = () =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      let tFirst = 0n;
      let tail = '';
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers },
        (res) => {
          res.on('data', (c) => {
            if (tFirst === 0n) tFirst = process.hrtime.bigint();
            tail = (tail + c.toString('latin1')).slice(-64);
          });
          res.on('end', () => {
            const t1 = process.hrtime.bigint();
            if (res.statusCode !== 200) countError(`http_${res.statusCode}`);
            else if (o.stream ? !tail.includes('data: [DONE]') : !tail.trimEnd().endsWith('}')) countError('bad_body');
            else {
              latencies.push(Number(t1 - t0) / 1e6);
              ttfbs.push(Number(tFirst - t0) / 1e6);
            }
            resolve();
          });
          res.on('error', (e) => {
            countError(e.code ?? 'response_error');
            resolve();
          });
        },
      );
      req.on('error', (e) => {
        countError(e.code ?? 'request_error');
        resolve();
      });
      req.end(body);
    });

  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(o.duration * 1e9));
  const worker = async () => {
    while (process.hrtime.bigint() < deadline) await once();
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();

  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    label: o.label,
    url: o.url,
    stream: o.stream,
    concurrency: o.concurrency,
    duration_s: Math.round(elapsed * 1000) / 1000,
    requests: latencies.length,
    errors: errorCount,
    error_kinds: errors,
    rps: Math.round((latencies.length / elapsed) * 10) / 10,
    latency_ms: summarize(latencies),
    ttfb_ms: summarize(ttfbs),
  };
}

{
  const o = parseArgs(process.argv.slice(2));
  const result = await run(o);
  const json = JSON.stringify(result);
  if (o.out) fs.writeFileSync(o.out, json + '\n');
  else process.stdout.write(json + '\n');
  const l = result.latency_ms;
  const t = result.ttfb_ms;
  process.stderr.write(
    `  ${o.label || o.url} c=${o.concurrency}: ${result.requests} req, ${result.errors} err, ${result.rps} req/s` +
      (l ? `, latency p50 ${l.p50} p99 ${l.p99} ms` : '') +
      (o.stream && t ? `, ttfb p50 ${t.p50} p99 ${t.p99} ms` : '') +
      '\n',
  );
  if (result.requests === 0) process.exit(2);
}
