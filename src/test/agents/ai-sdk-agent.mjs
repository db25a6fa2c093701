#!/usr/bin/env node
// A minimal Vercel AI SDK agent: streamText with one real file-reading tool and a multi-step loop.
//
//   node ai-sdk-agent.mjs --api openai|anthropic --base URL --model MODEL --prompt TEXT
//
// The key comes from AIMUX_AGENT_API_KEY. --base is the OpenAI-style base URL (ending in /v1) for
// --api openai and the Anthropic root URL (no /v1) for --api anthropic. Prints the final text and
// exits 0; exits 1 when the stream reports an error or the loop ends without text.

import fs from 'node:fs';
import { streamText, tool, stepCountIs } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createAnthropic } from '@ai-sdk/anthropic';
import { z } from 'zod';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['api', 'base', 'model', 'prompt']) {
  if (!args[k]) { console.error(`ai-sdk-agent: --${k} is required`); process.exit(2); }
}
const apiKey = process.env.AIMUX_AGENT_API_KEY ?? 'dummy';

const model = args.api === 'anthropic'
  ? createAnthropic({ baseURL: `${args.base.replace(/\/+$/, '')}/v1`, apiKey })(args.model)
  : createOpenAICompatible({ name: 'aimux', baseURL: args.base, apiKey, includeUsage: true }).chatModel(args.model);

const readFile = tool({
  description: 'Read a UTF-8 text file from the local disk and return its content.',
  inputSchema: z.object({ path: z.string().describe('Absolute path of the file to read') }),
  execute: async ({ path }) => fs.readFileSync(path, 'utf8'),
});

let failure = null;
const result = streamText({
  model,
  system: 'You are a careful assistant. Use the tools to look at files before answering.',
  prompt: args.prompt,
  tools: { readFile },
  stopWhen: stepCountIs(5),
  maxRetries: 0,
  onError: ({ error }) => { failure = error; },
});

let text = '';
try {
  for await (const part of result.textStream) text += part;
  const steps = await result.steps;
  const calls = steps.flatMap((s) => s.toolCalls ?? []).map((c) => c.toolName);
  console.error(`ai-sdk-agent: ${steps.length} steps, tool calls: ${calls.join(', ') || 'none'}`);
} catch (e) {
  failure = failure ?? e;
}
if (failure) {
  const detail = failure?.responseBody ? ` ${failure.statusCode ?? ''} ${failure.responseBody}` : '';
  console.error(`ai-sdk-agent: error: ${failure?.message ?? failure}${detail}`);
  process.exit(1);
}
console.log(text);
process.exit(text.trim() ? 0 : 1);
