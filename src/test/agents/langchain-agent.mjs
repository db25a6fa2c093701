#!/usr/bin/env node
// A minimal LangChain JS tool loop: bindTools, invoke, run the tool for real, feed a ToolMessage
// back, invoke again, until the model answers without calling a tool.
//
//   node langchain-agent.mjs --api openai|anthropic --base URL --model MODEL --prompt TEXT
//
// The key comes from AIMUX_AGENT_API_KEY. --base is the OpenAI-style base URL (ending in /v1) for
// --api openai and the Anthropic root URL (no /v1) for --api anthropic. Prints the final text and
// exits 0; exits 1 on an error or when no answer came within five turns.

import fs from 'node:fs';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import { tool } from '@langchain/core/tools';
import { HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { z } from 'zod';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['api', 'base', 'model', 'prompt']) {
  if (!args[k]) { console.error(`langchain-agent: --${k} is required`); process.exit(2); }
}
const apiKey = process.env.AIMUX_AGENT_API_KEY ?? 'dummy';

// like a real agent, a failing tool reports its error to the model instead of ending the run
const readFile = tool(async ({ file_path }) => {
  try {
    return fs.readFileSync(file_path, 'utf8');
  } catch (e) {
    return `Error: ${e.message}`;
  }
}, {
  name: 'read_file',
  description: 'Read a UTF-8 text file from the local disk and return its content.',
  schema: z.object({ file_path: z.string().describe('Absolute path of the file to read') }),
});

const chat = args.api === 'anthropic'
  ? new ChatAnthropic({ model: args.model, apiKey, anthropicApiUrl: args.base, maxRetries: 0, maxTokens: 1024 })
  : new ChatOpenAI({ model: args.model, apiKey, configuration: { baseURL: args.base }, maxRetries: 0 });
const llm = chat.bindTools([readFile]);

const messages = [
  new SystemMessage('You are a careful assistant. Use the tools to look at files before answering.'),
  new HumanMessage(args.prompt),
];
try {
  for (let turn = 0; turn < 5; turn++) {
    const reply = await llm.invoke(messages);
    messages.push(reply);
    if (!reply.tool_calls?.length) {
      const text = typeof reply.content === 'string'
        ? reply.content
        : reply.content.filter((b) => b.type === 'text').map((b) => b.text).join('');
      console.error(`langchain-agent: ${turn + 1} turns`);
      console.log(text);
      process.exit(text.trim() ? 0 : 1);
    }
    for (const call of reply.tool_calls) {
      const content = call.name === readFile.name
        ? await readFile.invoke(call.args)
        : `unknown tool ${call.name}`;
      messages.push(new ToolMessage({ content, tool_call_id: call.id, name: call.name }));
    }
  }
  console.error('langchain-agent: no answer after five turns');
  process.exit(1);
} catch (e) {
  const status = e?.status ?? e?.response?.status ?? '';
  const body = e?.error ? JSON.stringify(e.error) : '';
  console.error(`langchain-agent: error: ${status} ${e?.message ?? e} ${body}`.trim());
  process.exit(1);
}
