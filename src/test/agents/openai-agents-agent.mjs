#!/usr/bin/env node
// A minimal OpenAI Agents SDK agent: one function tool that reads a file for real, run through the
// Responses API (the SDK's default model) twice, first without and then with streaming.
//
//   node openai-agents-agent.mjs --api responses --base URL --model MODEL --prompt TEXT
//
// The key comes from AIMUX_AGENT_API_KEY; --base is the OpenAI-style base URL (ending in /v1).
// Tracing is off (it would export to OpenAI). Prints both final answers, one per line, and exits 0
// when both runs answered; exits 1 naming the run that failed.

import fs from 'node:fs';
import OpenAI from 'openai';
import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from '@openai/agents';
import { z } from 'zod';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['base', 'model', 'prompt']) {
  if (!args[k]) { console.error(`openai-agents-agent: --${k} is required`); process.exit(2); }
}
const apiKey = process.env.AIMUX_AGENT_API_KEY ?? 'dummy';

setTracingDisabled(true);
const client = new OpenAI({ apiKey, baseURL: args.base, maxRetries: 0 });
const runner = new Runner({
  modelProvider: new OpenAIProvider({ openAIClient: client, useResponses: true }),
  tracingDisabled: true,
});

// like a real agent, a failing tool reports its error to the model instead of ending the run
const readFile = tool({
  name: 'read_file',
  description: 'Read a UTF-8 text file from the local disk and return its content.',
  parameters: z.object({ path: z.string().describe('Absolute path of the file to read') }),
  execute: async ({ path }) => {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (e) {
      return `Error: ${e.message}`;
    }
  },
});

const agent = new Agent({
  name: 'reader',
  instructions: 'You are a careful assistant. Use the tools to look at files before answering.',
  model: args.model,
  tools: [readFile],
});

function calls(result) {
  return result.newItems.filter((i) => i.type === 'tool_call_item').map((i) => i.rawItem?.name).join(', ') || 'none';
}

function describe(e) {
  const message = String(e?.message ?? e);
  const status = e?.status && !message.startsWith(String(e.status)) ? `${e.status} ` : '';
  const body = e?.error ? ` ${JSON.stringify(e.error)}` : '';
  return `${status}${message}${body}`;
}

const answers = [];
for (const stream of [false, true]) {
  const mode = stream ? 'streaming' : 'non-streaming';
  try {
    let result;
    if (stream) {
      result = await runner.run(agent, args.prompt, { stream: true, maxTurns: 5 });
      let deltas = 0;
      for await (const event of result) {
        if (event.type === 'raw_model_stream_event' && event.data?.type === 'output_text_delta') deltas++;
      }
      await result.completed;
      if (result.error) throw result.error;
      console.error(`openai-agents-agent: ${mode}: ${deltas} text deltas, tool calls: ${calls(result)}`);
    } else {
      result = await runner.run(agent, args.prompt, { maxTurns: 5 });
      console.error(`openai-agents-agent: ${mode}: tool calls: ${calls(result)}`);
    }
    const text = String(result.finalOutput ?? '');
    if (!text.trim()) {
      console.error(`openai-agents-agent: ${mode}: no final answer`);
      process.exit(1);
    }
    answers.push(text);
  } catch (e) {
    console.error(`openai-agents-agent: ${mode}: error: ${describe(e)}`);
    process.exit(1);
  }
}
console.log(answers.join('\n'));
process.exit(0);
