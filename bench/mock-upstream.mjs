#!/usr/bin/env node
// OpenAI-compatible mock upstream for the benchmark.
//
//   node bench/mock-upstream.mjs [--port N] [--host H] [--chunk-delay-ms N]
//
// Port also from env MOCK_PORT (0 = pick a free port). Prints "listening <port>" on stdout
// once bound. Answers POST /v1/chat/completions with a fixed chat.completion, or with a
// short chat.completion.chunk SSE stream when the request says "stream": true.
// No dependencies beyond Node's standard library.

import http from 'node:http';

function parseArgs(argv) {
  const out = {
    port: Number(process.env.MOCK_PORT ?? 0),
    host: process.env.MOCK_HOST ?? '127.0.0.1',
    chunkDelayMs: Number(process.env.MOCK_CHUNK_DELAY_MS ?? 0),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port') out.port = Number(next());
    else if (a === '--host') out.host = next();
    else if (a === '--chunk-delay-ms') out.chunkDelayMs = Number(next());
    else if (/^\d+$/.test(a)) out.port = Number(a);
    else throw new Error(`unknown argument: ${a}`);
  }
  return out;
}

const opts = parseArgs(process.argv.slice(2));
const CREATED = 1735689600;
const CONTENT_PIECES = [
  'The capital', ' of France', ' is Paris.', ' It sits on', ' the Seine', ' and is known', ' for the Eiffel Tower.',
];
const FULL_TEXT = CONTENT_PIECES.join('');
const USAGE = { prompt_tokens: 24, completion_tokens: 21, total_tokens: 45 };

function completionBody(model) {
  return JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000001',
    object: 'chat.completion',
    created: CREATED,
    model,
    system_fingerprint: 'fp_bench_0001',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: FULL_TEXT, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: {
      ...USAGE,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    },
    service_tier: 'default',
  });
}

function chunk(model, choices, extra) {
  return JSON.stringify({
    id: 'chatcmpl-bench0000000000000000000002',
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    system_fingerprint: 'fp_bench_0001',
    choices,
    ...extra,
  });
}

function streamEvents(model, includeUsage) {
  const events = [];
  events.push(chunk(model, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
  for (const piece of CONTENT_PIECES) {
    events.push(chunk(model, [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }]));
  }
  events.push(chunk(model, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
  if (includeUsage) events.push(chunk(model, [], { usage: USAGE }));
  return events.map((e) => `data: ${e}\n\n`).concat('data: [DONE]\n\n');
}

function sendJson(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function handleChat(req, res, raw) {
  let request;
  try {
    request = JSON.parse(raw);
  } catch {
    sendJson(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
    return;
  }
  const model = typeof request.model === 'string' ? request.model : 'bench-model';
  if (!request.stream) {
    const body = completionBody(model);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  const includeUsage = Boolean(request.stream_options && request.stream_options.include_usage);
  const events = streamEvents(model, includeUsage);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (!(opts.chunkDelayMs > 0)) {
    // Each event is its own write, so the client sees separate chunks as a real provider sends them.
    for (const e of events) res.write(e);
    res.end();
    return;
  }
  let i = 0;
  const tick = () => {
    if (res.destroyed) return;
    res.write(events[i++]);
    if (i < events.length) setTimeout(tick, opts.chunkDelayMs);
    else res.end();
  };
  tick();
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') handleChat(req, res, raw);
    else if (req.method === 'GET' && path === '/v1/models')
      sendJson(res, 200, { object: 'list', data: [{ id: 'bench-model', object: 'model', created: CREATED, owned_by: 'bench' }] });
    else sendJson(res, 404, { error: { message: `no route for ${req.method} ${path}`, type: 'not_found' } });
  });
  req.on('error', () => res.destroy());
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.requestTimeout = 0;

server.listen(opts.port, opts.host, () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
