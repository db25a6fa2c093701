#!/usr/bin/env node
// Streams a tool call from each AIMUX mock model through the official OpenAI and Anthropic SDKs
// and checks what the SDK's own stream helpers assemble.
//
//   node sdk-tools.mjs --base http://127.0.0.1:8080 [--key KEY]
//   node sdk-tools.mjs --launch "java -jar target/quarkus-app/quarkus-run.jar" [--key KEY]
//
// Prints one "PASS|FAIL <model> via <sdk>: ..." line per run and finally
// "sdk: N passed, M failed". Exit status: 0 when all pass, 1 on failures, 2 on setup errors.

import { READY_TIMEOUT_MS, freePort, launch, waitReady } from './gateway-process.mjs';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'City name, e.g. Paris' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'], description: 'Temperature unit' },
      days: { type: 'integer', description: 'Forecast days' },
    },
    required: ['city', 'unit'],
  },
};

const PROMPT = 'What is the weather in Paris today, in celsius?';

const TEXT_DIALECTS = [
  'hermes', 'qwen3-xml', 'glm', 'anthropic-xml', 'mistral', 'llama',
  'deepseek', 'kimi', 'harmony', 'fenced-json',
];

const MODELS = [
  { model: 'mock/tool', kind: 'call' },
  ...TEXT_DIALECTS.map((d) => ({ model: `mock/${d}`, kind: 'call' })),
  { model: 'mock/echo', kind: 'echo' },
];

const RUN_TIMEOUT_MS = 30_000;

// ------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const args = { key: 'aimux-sdk-tools' };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    switch (name) {
      case '--base': args.base = value; i++; break;
      case '--key': args.key = value; i++; break;
      case '--launch': args.launch = value; i++; break;
      case '--help': case '-h':
        console.log('usage: node sdk-tools.mjs (--base URL | --launch "CMD") [--key KEY]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${name}`);
    }
    if (value === undefined) throw new Error(`${name} needs a value`);
  }
  if (!args.base === !args.launch) throw new Error('give exactly one of --base URL or --launch "CMD"');
  if (args.base) args.base = args.base.replace(/\/+$/, '');
  return args;
}

// ------------------------------------------------------------------ checks

function schemaProblems(args) {
  const problems = [];
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    return [`arguments are not an object: ${JSON.stringify(args)}`];
  }
  for (const key of TOOL.parameters.required) {
    if (!(key in args)) problems.push(`required argument "${key}" missing in ${JSON.stringify(args)}`);
  }
  for (const [key, value] of Object.entries(args)) {
    const spec = TOOL.parameters.properties[key];
    if (!spec) continue;
    if (spec.type === 'string' && typeof value !== 'string') problems.push(`"${key}" is not a string: ${JSON.stringify(value)}`);
    if (spec.type === 'integer' && !Number.isInteger(value)) problems.push(`"${key}" is not an integer: ${JSON.stringify(value)}`);
    if (spec.enum && !spec.enum.includes(value)) problems.push(`"${key}" is not one of ${spec.enum.join('|')}: ${JSON.stringify(value)}`);
  }
  return problems;
}

/** Checks collected facts: calls [{id, name, arguments(object|string)}], text, finish. */
function verdict(kind, sdk, { calls, text, finish }) {
  const problems = [];
  const expectedFinish = sdk === 'openai' ? 'tool_calls' : 'tool_use';
  if (kind === 'call') {
    if (calls.length !== 1) {
      problems.push(`expected exactly 1 tool call, got ${calls.length}` + (text ? ` (text: ${JSON.stringify(text.slice(0, 160))})` : ''));
    } else {
      const call = calls[0];
      if (!call.id) problems.push('tool call has no id');
      if (call.name !== TOOL.name) problems.push(`tool call names "${call.name}", expected "${TOOL.name}"`);
      let args = call.arguments;
      if (typeof args === 'string') {
        try {
          args = JSON.parse(args === '' ? '{}' : args);
        } catch (e) {
          problems.push(`arguments do not parse: ${JSON.stringify(call.arguments)}`);
          args = undefined;
        }
      }
      if (args !== undefined) problems.push(...schemaProblems(args));
    }
    if (finish !== expectedFinish) problems.push(`finish ${finish}, expected ${expectedFinish}`);
  } else {
    if (calls.length !== 0) problems.push(`expected no tool call, got ${calls.length}: ${JSON.stringify(calls)}`);
    if ((text ?? '').trim() !== PROMPT) problems.push(`text ${JSON.stringify(text)}, expected the prompt back`);
    const stops = sdk === 'openai' ? ['stop'] : ['end_turn'];
    if (!stops.includes(finish)) problems.push(`finish ${finish}, expected ${stops.join('|')}`);
  }
  return problems;
}

// ------------------------------------------------------------------ SDK runs

async function viaOpenAI(base, key, model) {
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: key, maxRetries: 0, timeout: RUN_TIMEOUT_MS });
  const stream = await client.chat.completions.create({
    model,
    stream: true,
    messages: [{ role: 'user', content: PROMPT }],
    tools: [{ type: 'function', function: { name: TOOL.name, description: TOOL.description, parameters: TOOL.parameters } }],
  });
  const byIndex = new Map();
  const problems = [];
  let text = '';
  let finish = null;
  for await (const chunk of stream) {
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta ?? {};
      if (typeof delta.content === 'string') text += delta.content;
      for (const fragment of delta.tool_calls ?? []) {
        if (!Number.isInteger(fragment.index)) {
          problems.push(`tool-call delta without integer index: ${JSON.stringify(fragment)}`);
          continue;
        }
        let call = byIndex.get(fragment.index);
        if (!call) {
          call = { id: fragment.id ?? '', name: fragment.function?.name ?? '', arguments: '' };
          if (!call.id || !call.name) problems.push(`first fragment of call ${fragment.index} lacks id or name`);
          byIndex.set(fragment.index, call);
        }
        if (typeof fragment.function?.arguments === 'string') call.arguments += fragment.function.arguments;
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  const indexes = [...byIndex.keys()].sort((a, b) => a - b);
  if (indexes.some((v, i) => v !== i)) problems.push(`tool-call indexes ${indexes.join(',')} are not 0..n-1`);
  const calls = indexes.map((i) => byIndex.get(i));
  return { calls, text, finish, problems };
}

async function viaAnthropic(base, key, model) {
  const client = new Anthropic({ baseURL: base, apiKey: key, maxRetries: 0, timeout: RUN_TIMEOUT_MS });
  const stream = client.messages.stream({
    model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: PROMPT }],
    tools: [{ name: TOOL.name, description: TOOL.description, input_schema: TOOL.parameters }],
  });
  const message = await stream.finalMessage();
  const calls = [];
  const texts = [];
  for (const block of message.content ?? []) {
    if (block.type === 'tool_use') calls.push({ id: block.id, name: block.name, arguments: block.input ?? {} });
    else if (block.type === 'text') texts.push(block.text);
  }
  return { calls, text: texts.join(''), finish: message.stop_reason, problems: [] };
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runAll(base, key) {
  let passed = 0;
  let failed = 0;
  for (const { model, kind } of MODELS) {
    for (const [sdk, run] of [['openai', viaOpenAI], ['anthropic', viaAnthropic]]) {
      let problems;
      try {
        const collected = await withTimeout(run(base, key, model), RUN_TIMEOUT_MS + 5_000, `${model} via ${sdk}`);
        problems = [...collected.problems, ...verdict(kind, sdk, collected)];
      } catch (e) {
        problems = [`${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`];
      }
      if (problems.length === 0) {
        passed++;
        console.log(`PASS ${model} via ${sdk}`);
      } else {
        failed++;
        console.log(`FAIL ${model} via ${sdk}: ${problems.join('; ')}`);
      }
    }
  }
  return { passed, failed };
}

// ------------------------------------------------------------------ main

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    return 2;
  }
  let gateway = null;
  let base = args.base;
  if (args.launch) {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gateway = launch(args.launch, port);
  }
  const stopGateway = () => gateway?.stop();
  process.once('SIGINT', async () => { await stopGateway(); process.exit(130); });
  try {
    if (!(await waitReady(base, gateway))) {
      console.error(`gateway at ${base} did not become ready within ${READY_TIMEOUT_MS / 1000} s`);
      if (gateway) console.error(gateway.lastLines(40).join('\n'));
      return 2;
    }
    const { passed, failed } = await runAll(base, args.key);
    console.log(`sdk: ${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    await stopGateway();
  }
}

process.exitCode = await main();
