#!/usr/bin/env node
// A scripted LLM upstream for the agent harness: one loopback HTTP server that speaks an
// OpenAI-type API (POST /v1/chat/completions, GET /v1/models), an Anthropic-type API
// (POST /v1/messages, POST /v1/messages/count_tokens, GET /v1/models) and the OpenAI Responses API
// (POST /v1/responses), JSON and SSE. The gateway talks to the first two; the third lets
// Responses clients (Codex, the Agents SDK) be pointed at it directly, to record what they send.
//
// It plays a fixed two-turn script against whatever client talks to it:
//   1. a request that declares tools gets a call to the client's own file-reading tool (or its
//      shell tool with `cat`) for the absolute path of notes.txt;
//   2. once a tool result carrying the case token comes back, it answers with text containing it.
// Requests without tools (titles, summaries, topic checks) get a short plain answer.
//
//   node scripted-upstream.mjs [--port 0] [--host 127.0.0.1] [--log FILE]
//
// Prints "scripted-upstream listening on PORT" once ready. The harness switches cases with
//   POST /__control/case {"name","workspace","token","log"}
// after which every request is appended as one JSON line to `log` (method, path, query, headers
// with credentials masked, body, and what was answered). GET /__control/state shows the state.
// No dependencies beyond node's standard library.

import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';

const state = {
  name: '',
  workspace: '',
  token: '',
  log: '',
  quirk: '',
  seq: 0,
};

// ------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const args = { port: 0, host: '127.0.0.1', log: '' };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--port': args.port = Number(v); i++; break;
      case '--host': args.host = v; i++; break;
      case '--log': args.log = v; i++; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return args;
}

// ------------------------------------------------------------------ helpers

const id = (prefix, n = 12) => `${prefix}${crypto.randomBytes(n).toString('hex')}`;
const TOKEN_RE = /AIMUX-[0-9a-f]{6,}/;

function logRequest(entry) {
  const file = state.log;
  if (!file) return;
  try {
    fs.appendFileSync(file, JSON.stringify(entry) + '\n');
  } catch (err) {
    process.stderr.write(`scripted-upstream: cannot write ${file}: ${err.message}\n`);
  }
}

function maskedHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = /^(authorization|x-api-key|api-key|cookie|proxy-authorization)$/i.test(k) ? 'REDACTED' : v;
  }
  return out;
}

/** Concatenates every string found in a JSON value (used to search prompts and tool results). */
function allText(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allText(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => allText(v, out));
  return out;
}

function estimateTokens(value) {
  return Math.max(1, Math.ceil(JSON.stringify(value ?? '').length / 4));
}

// ------------------------------------------------------------------ request model

/** Normalises an OpenAI chat request: tools, tool results, prompt text, whether we already called. */
function fromOpenAi(body) {
  const tools = [];
  for (const t of body.tools ?? []) {
    const fn = t?.function ?? t;
    if (fn?.name) tools.push({ name: fn.name, schema: fn.parameters ?? {} });
  }
  for (const f of body.functions ?? []) if (f?.name) tools.push({ name: f.name, schema: f.parameters ?? {} });
  const toolResults = [];
  const calls = [];
  const prompt = [];
  for (const m of body.messages ?? []) {
    if (m?.role === 'tool' || m?.role === 'function') toolResults.push(allText(m.content).join('\n'));
    else if (m?.role === 'assistant') {
      for (const c of m.tool_calls ?? []) calls.push(c?.function?.name);
      if (m.function_call) calls.push(m.function_call.name);
    } else prompt.push(allText(m?.content).join('\n'));
  }
  return { tools, toolResults, calls, prompt: prompt.join('\n'), system: '' };
}

/** Normalises an Anthropic Messages request the same way. */
function fromAnthropic(body) {
  const tools = [];
  for (const t of body.tools ?? []) {
    if (t?.name && (t.input_schema || !t.type || t.type === 'custom')) tools.push({ name: t.name, schema: t.input_schema ?? {} });
  }
  const toolResults = [];
  const calls = [];
  const prompt = [];
  for (const m of body.messages ?? []) {
    const blocks = typeof m?.content === 'string' ? [{ type: 'text', text: m.content }] : (m?.content ?? []);
    for (const b of blocks) {
      if (b?.type === 'tool_result') toolResults.push(allText(b.content).join('\n'));
      else if (b?.type === 'tool_use') calls.push(b.name);
      else if (m.role === 'user' && b?.type === 'text') prompt.push(b.text ?? '');
    }
  }
  return { tools, toolResults, calls, prompt: prompt.join('\n'), system: allText(body.system).join('\n') };
}

/**
 * Normalises a Responses API request. Function tools keep their schema; a freeform `custom` tool
 * (Codex's apply_patch) and the built-in `local_shell` tool are listed by kind. History items
 * (`function_call`, `custom_tool_call`, `local_shell_call` and their `*_output`s) give calls and
 * tool results; user and developer messages give the prompt.
 */
function fromResponses(body) {
  const tools = [];
  for (const t of body.tools ?? []) {
    if (t?.type === 'function' && t.name) tools.push({ name: t.name, schema: t.parameters ?? {} });
    else if (t?.type === 'custom' && t.name) tools.push({ name: t.name, schema: {}, custom: true });
    else if (t?.type === 'local_shell') tools.push({ name: 'local_shell', schema: {}, localShell: true });
  }
  const toolResults = [];
  const calls = [];
  const prompt = [];
  const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
  for (const item of input) {
    const type = item?.type ?? 'message';
    if (/_call_output$/.test(type)) toolResults.push(allText(item.output).join('\n'));
    else if (type === 'function_call' || type === 'custom_tool_call') calls.push(item.name);
    else if (type === 'local_shell_call') calls.push('local_shell');
    else if (type === 'message' && item.role !== 'assistant') prompt.push(allText(item.content).join('\n'));
  }
  return { tools, toolResults, calls, prompt: prompt.join('\n'), system: allText(body.instructions).join('\n') };
}

// ------------------------------------------------------------------ the script

function notesPath(req) {
  if (state.workspace) return `${state.workspace.replace(/\/+$/, '')}/notes.txt`;
  const m = /(\/[^\s'"`<>()]*notes\.txt)/.exec(req.prompt) ?? /(\/[^\s'"`<>()]*notes\.txt)/.exec(req.system);
  return m ? m[1] : '/workspace/notes.txt';
}

function props(schema) {
  return schema && typeof schema === 'object' && schema.properties && typeof schema.properties === 'object'
    ? schema.properties : {};
}

function isString(p) {
  if (!p || typeof p !== 'object') return false;
  if (p.type === 'string') return true;
  if (Array.isArray(p.type)) return p.type.includes('string');
  for (const alt of p.anyOf ?? p.oneOf ?? []) if (alt?.type === 'string') return true;
  return false;
}

const KNOWN_READ = [
  ['Read', 'file_path'], ['read', 'filePath'], ['read', 'path'], ['read', 'file_path'],
  ['read_file', 'absolute_path'], ['read_file', 'file_path'], ['read_file', 'path'], ['readFile', 'path'],
];
const KNOWN_SHELL = ['Bash', 'bash', 'run_shell_command', 'shell', 'exec', 'execute_command'];

/** Value for a required property other than the one we care about, from its schema. */
function filler(name, p) {
  if (p?.default !== undefined) return p.default;
  if (Array.isArray(p?.enum) && p.enum.length) return p.enum[0];
  const type = Array.isArray(p?.type) ? p.type[0] : p?.type;
  switch (type) {
    case 'boolean': return false;
    case 'integer': case 'number': return p.minimum ?? 1;
    case 'array': return [];
    case 'object': return {};
    default: return /desc/i.test(name) ? 'Read notes.txt' : '';
  }
}

function withRequired(schema, main) {
  const out = { ...main };
  for (const key of schema?.required ?? []) {
    if (!(key in out)) out[key] = filler(key, props(schema)[key]);
  }
  return out;
}

/** Candidate calls in order of preference: file readers first, then shells. */
function candidates(tools, path) {
  const list = [];
  const seen = new Set();
  const add = (tool, input, kind) => {
    if (seen.has(tool.name)) return;
    seen.add(tool.name);
    list.push({ name: tool.name, input: withRequired(tool.schema, input), kind });
  };
  for (const [name, key] of KNOWN_READ) {
    const t = tools.find((x) => x.name === name && isString(props(x.schema)[key]));
    if (t) add(t, { [key]: path }, 'read');
  }
  for (const t of tools) {
    if (!/read|file|cat|view|open/i.test(t.name) || /write|edit|create|delete|many|dir|list|glob|grep|search|mcp|image/i.test(t.name)) continue;
    const key = Object.keys(props(t.schema)).find((k) => /path|file/i.test(k) && isString(props(t.schema)[k]));
    if (key) add(t, { [key]: path }, 'read');
  }
  const cmd = `cat ${path}`;
  for (const name of KNOWN_SHELL) {
    const t = tools.find((x) => x.name === name && isString(props(x.schema).command));
    if (t) add(t, { command: cmd }, 'shell');
  }
  for (const t of tools) {
    if (!/bash|shell|exec|run|command|terminal/i.test(t.name)) continue;
    const key = Object.keys(props(t.schema)).find((k) => /^(command|cmd|script)$/i.test(k) && isString(props(t.schema)[k]));
    if (key) add(t, { [key]: cmd }, 'shell');
    // an argv array (Codex's `shell` function tool)
    const argv = Object.keys(props(t.schema)).find((k) => /^(command|cmd|argv)$/i.test(k) && props(t.schema)[k]?.type === 'array');
    if (argv) add(t, { [argv]: ['cat', path] }, 'shell');
  }
  const local = tools.find((x) => x.localShell);
  if (local) add(local, { type: 'exec', command: ['cat', path] }, 'local-shell');
  return list;
}

/**
 * Decides the answer: {kind:'text', text} or {kind:'tool', name, input}.
 * `note` says why, for the log.
 */
function decide(req) {
  const token = state.token;
  const found = req.toolResults.find((r) => (token ? r.includes(token) : TOKEN_RE.test(r)));
  if (found !== undefined) {
    const t = token || TOKEN_RE.exec(found)[0];
    return { kind: 'text', text: `The code word in notes.txt is ${t}.`, note: 'tool-result-with-token', sawToken: true };
  }
  if (!req.tools.length) {
    return { kind: 'text', text: 'Reading notes', note: 'no-tools' };
  }
  const list = candidates(req.tools, notesPath(req));
  // one try per candidate tool: when a call came back without the token, move on to the next tool
  const tried = new Set(req.calls);
  const next = list.find((c) => !tried.has(c.name));
  if (next && req.calls.length < 4) {
    return { kind: 'tool', name: next.name, input: next.input, note: `call-${next.kind}` };
  }
  if (!list.length) {
    return { kind: 'text', text: 'I have no tool that can read notes.txt.', note: 'no-usable-tool' };
  }
  return { kind: 'text', text: 'I could not read notes.txt.', note: 'tool-results-without-token' };
}

// ------------------------------------------------------------------ OpenAI answers

function openAiAnswer(res, body, d) {
  const model = body.model || 'scripted-model';
  const created = Math.floor(Date.now() / 1000);
  const completionId = id('chatcmpl-');
  const usage = { prompt_tokens: estimateTokens(body.messages), completion_tokens: 12, total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const call = d.kind === 'tool'
    ? { id: id('call_', 8), type: 'function', function: { name: d.name, arguments: JSON.stringify(d.input) } }
    : null;
  const finish = call ? 'tool_calls' : 'stop';
  if (!body.stream) {
    const message = call
      ? { role: 'assistant', content: null, tool_calls: [call] }
      : { role: 'assistant', content: d.text };
    return json(res, 200, {
      id: completionId, object: 'chat.completion', created, model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
      usage,
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta, finishReason = null, extra = {}) => res.write(`data: ${JSON.stringify({
    id: completionId, object: 'chat.completion.chunk', created, model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra,
  })}\n\n`);
  chunk({ role: 'assistant', content: '' });
  if (call) {
    const args = call.function.arguments;
    const cut = Math.ceil(args.length / 2);
    chunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, cut) } }] });
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(cut) } }] });
  } else {
    const words = d.text.split(/(?<= )/);
    for (const w of words) chunk({ content: w });
  }
  chunk({}, finish);
  if (body.stream_options?.include_usage) {
    res.write(`data: ${JSON.stringify({ id: completionId, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}

// ------------------------------------------------------------------ Anthropic answers

function anthropicAnswer(res, body, d) {
  const model = body.model || 'scripted-model';
  const msgId = id('msg_');
  const inputTokens = estimateTokens(body.messages);
  const block = d.kind === 'tool'
    ? { type: 'tool_use', id: id('toolu_'), name: d.name, input: d.input }
    : { type: 'text', text: d.text };
  const stop = d.kind === 'tool' ? 'tool_use' : 'end_turn';
  if (!body.stream) {
    return json(res, 200, {
      id: msgId, type: 'message', role: 'assistant', model, content: [block],
      stop_reason: stop, stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const ev = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  ev('message_start', {
    message: {
      id: msgId, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  });
  ev('ping', {});
  if (block.type === 'tool_use') {
    ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
    const args = JSON.stringify(block.input);
    const cut = Math.ceil(args.length / 2);
    ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: args.slice(0, cut) } });
    ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: args.slice(cut) } });
  } else {
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    for (const w of block.text.split(/(?<= )/)) ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: w } });
  }
  ev('content_block_stop', { index: 0 });
  ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 12 } });
  ev('message_stop', {});
  res.end();
}

// ------------------------------------------------------------------ Responses answers

/**
 * The output item for a decision, in its final form: a message with one output_text part, a
 * function_call (arguments as a JSON string) or a local_shell_call.
 */
function responsesItem(d) {
  if (d.kind === 'tool' && d.name === 'local_shell') {
    return { type: 'local_shell_call', id: id('lsh_'), call_id: id('call_', 8), status: 'completed',
      action: { type: 'exec', command: d.input.command, env: {}, timeout_ms: 10000 } };
  }
  if (d.kind === 'tool') {
    return { type: 'function_call', id: id('fc_'), call_id: id('call_', 8), name: d.name,
      arguments: JSON.stringify(d.input), status: 'completed' };
  }
  return { type: 'message', id: id('msg_'), role: 'assistant', status: 'completed',
    content: [{ type: 'output_text', text: d.text, annotations: [], logprobs: [] }] };
}

/**
 * A reasoning item, sent first when the client asked for reasoning (`reasoning` set): a summary
 * part and an opaque `encrypted_content` when `include` names `reasoning.encrypted_content`.
 * Clients that keep history send it back in the next request's input.
 */
function reasoningItem(body) {
  if (!body.reasoning || typeof body.reasoning !== 'object') return null;
  const encrypted = (body.include ?? []).includes('reasoning.encrypted_content');
  return { type: 'reasoning', id: id('rs_'), summary: [{ type: 'summary_text', text: 'Looking at the request.' }],
    ...(encrypted ? { encrypted_content: Buffer.from(`scripted-reasoning-${id('', 6)}`).toString('base64') } : {}) };
}

function responsesAnswer(res, body, d) {
  const created = Math.floor(Date.now() / 1000);
  const items = [reasoningItem(body), responsesItem(d)].filter(Boolean);
  const inputTokens = estimateTokens([body.instructions, body.input, body.tools]);
  const response = {
    id: id('resp_'), object: 'response', created_at: created, status: 'completed', error: null,
    incomplete_details: null, instructions: body.instructions ?? null, max_output_tokens: body.max_output_tokens ?? null,
    model: body.model || 'scripted-model', output: items, parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: body.reasoning?.effort ?? null, summary: body.reasoning?.summary ?? null },
    store: body.store ?? true, temperature: body.temperature ?? 1, text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto', tools: body.tools ?? [], top_p: body.top_p ?? 1, truncation: 'disabled',
    usage: {
      input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0 },
      output_tokens: 12, output_tokens_details: { reasoning_tokens: items[0].type === 'reasoning' ? 4 : 0 },
      total_tokens: inputTokens + 12,
    },
    user: null, metadata: body.metadata ?? {},
  };
  // OpenAI's sticky-routing token: Codex echoes it on the following requests of the same turn
  res.setHeader('x-codex-turn-state', `scripted-turn-state-${state.seq}`);
  if (!body.stream) return json(res, 200, response);

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  let seq = 0;
  // quirk items-only: nothing but response.output_item.done and the terminal event
  const only = state.quirk === 'items-only' ? /^response\.(output_item\.done|completed|failed)$/ : /./;
  const ev = (type, data) => only.test(type) && res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  const pending = { ...response, status: 'in_progress', output: [], usage: null };
  ev('response.created', { response: pending });
  ev('response.in_progress', { response: pending });
  items.forEach((item, index) => {
    const at = { output_index: index, item_id: item.id };
    if (item.type === 'reasoning') {
      ev('response.output_item.added', { output_index: index, item: { ...item, summary: [] } });
      const text = item.summary[0].text;
      ev('response.reasoning_summary_part.added', { ...at, summary_index: 0, part: { type: 'summary_text', text: '' } });
      ev('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta: text });
      ev('response.reasoning_summary_text.done', { ...at, summary_index: 0, text });
      ev('response.reasoning_summary_part.done', { ...at, summary_index: 0, part: item.summary[0] });
    } else if (item.type === 'message') {
      ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } });
      const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
      ev('response.content_part.added', { ...at, content_index: 0, part });
      for (const w of d.text.split(/(?<= )/)) ev('response.output_text.delta', { ...at, content_index: 0, delta: w, logprobs: [] });
      ev('response.output_text.done', { ...at, content_index: 0, text: d.text, logprobs: [] });
      ev('response.content_part.done', { ...at, content_index: 0, part: item.content[0] });
    } else if (item.type === 'function_call') {
      ev('response.output_item.added', { output_index: index, item: { ...item, arguments: '', status: 'in_progress' } });
      const cut = Math.ceil(item.arguments.length / 2);
      ev('response.function_call_arguments.delta', { ...at, delta: item.arguments.slice(0, cut) });
      ev('response.function_call_arguments.delta', { ...at, delta: item.arguments.slice(cut) });
      ev('response.function_call_arguments.done', { ...at, name: item.name, arguments: item.arguments });
    } else {
      ev('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress' } });
    }
    ev('response.output_item.done', { output_index: index, item });
  });
  // quirks for finding out how a client copes with a broken stream (POST /__control/case {"quirk"})
  if (state.quirk === 'no-completed') return res.end();
  if (state.quirk === 'failed') {
    ev('response.failed', { response: { ...response, status: 'failed', output: [], usage: null,
      error: { code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 1.5s.' } } });
    return res.end();
  }
  ev('response.completed', { response });
  res.end();
}

// ------------------------------------------------------------------ server

function json(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function models(req, res) {
  const created = Math.floor(Date.now() / 1000);
  if (req.headers['anthropic-version'] || req.headers['x-api-key']) {
    return json(res, 200, {
      data: [{ type: 'model', id: 'scripted-model', display_name: 'Scripted model', created_at: new Date(created * 1000).toISOString() }],
      has_more: false, first_id: 'scripted-model', last_id: 'scripted-model',
    });
  }
  return json(res, 200, { object: 'list', data: [{ id: 'scripted-model', object: 'model', created, owned_by: 'aimux-tests' }] });
}

function control(req, res, path, body) {
  if (path === '/__control/case' && req.method === 'POST') {
    state.name = String(body?.name ?? '');
    state.workspace = String(body?.workspace ?? '');
    state.token = String(body?.token ?? '');
    state.log = String(body?.log ?? '');
    state.quirk = String(body?.quirk ?? '');
    state.seq = 0;
    return json(res, 200, { ok: true });
  }
  if (path === '/__control/state') return json(res, 200, state);
  return json(res, 404, { error: 'unknown control path' });
}

function handle(req, res, raw) {
  const url = new URL(req.url, 'http://upstream');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  let body = null;
  let parseError = null;
  if (raw.length) {
    try { body = JSON.parse(raw.toString('utf8')); } catch (err) { parseError = err.message; }
  }
  if (path.startsWith('/__control/')) return control(req, res, path, body);

  const entry = {
    seq: ++state.seq, case: state.name, time: new Date().toISOString(), method: req.method, path,
    query: url.search.replace(/^\?/, ''), headers: maskedHeaders(req.headers), body: body ?? (raw.length ? raw.toString('utf8') : null),
  };
  const answer = (api, decision) => {
    entry.api = api;
    entry.reply = decision;
    logRequest(entry);
  };

  if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
    answer(req.headers['anthropic-version'] ? 'anthropic' : 'openai', { kind: 'models' });
    return models(req, res);
  }
  if (req.method === 'POST' && parseError) {
    answer('unknown', { kind: 'error', note: parseError });
    return json(res, 400, { error: { message: `invalid JSON: ${parseError}`, type: 'invalid_request_error' } });
  }
  if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
    const d = decide(fromOpenAi(body ?? {}));
    answer('openai', d);
    return openAiAnswer(res, body ?? {}, d);
  }
  if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
    answer('anthropic', { kind: 'count_tokens' });
    return json(res, 200, { input_tokens: estimateTokens([body?.system, body?.messages, body?.tools]) });
  }
  if (req.method === 'POST' && path === '/v1/messages') {
    const d = decide(fromAnthropic(body ?? {}));
    answer('anthropic', d);
    return anthropicAnswer(res, body ?? {}, d);
  }
  if (req.method === 'POST' && (path === '/v1/responses' || path === '/responses')) {
    const d = decide(fromResponses(body ?? {}));
    answer('responses', d);
    return responsesAnswer(res, body ?? {}, d);
  }
  answer('unknown', { kind: 'not-found' });
  return json(res, 404, { error: { message: `no route for ${req.method} ${path}`, type: 'not_found_error' } });
}

const args = parseArgs(process.argv.slice(2));
state.log = args.log;
const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    try {
      handle(req, res, Buffer.concat(parts));
    } catch (err) {
      process.stderr.write(`scripted-upstream: ${err.stack}\n`);
      if (!res.headersSent) json(res, 500, { error: { message: String(err.message), type: 'api_error' } });
      else res.end();
    }
  });
});
server.keepAliveTimeout = 30_000;
server.listen(args.port, args.host, () => {
  process.stdout.write(`scripted-upstream listening on ${server.address().port}\n`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => { server.close(); process.exit(0); });
