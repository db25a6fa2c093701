// How each agent is installed, configured and started for one case.
//
// plan(ctx) gets { api: 'anthropic'|'openai', model, anthropicBase, openaiBase, apiKey, home, tmp,
// workspace, prompt, here } and returns { cmd, args, env, files: {absPath: content} }. The runner
// adds PATH, HOME, TMPDIR, LANG, TERM and NO_COLOR, nothing else: each agent starts from an empty
// environment.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODULES = path.join(HERE, 'node_modules');

function version(pkg) {
  try {
    return JSON.parse(fs.readFileSync(path.join(MODULES, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return JSON.parse(fs.readFileSync(path.join(HERE, 'package.json'), 'utf8')).dependencies[pkg];
  }
}

/**
 * The native binary of a package that ships one per platform (claude-code, opencode). The wrapper
 * package's postinstall links it into place; when install scripts did not run, take it from the
 * platform package directly.
 */
function nativeBinary(wrapperBin, platformDirs, name) {
  const wrapper = path.join(MODULES, wrapperBin);
  try {
    if (fs.statSync(wrapper).size > 1_000_000) return wrapper;
  } catch { /* fall through */ }
  for (const dir of platformDirs) {
    for (const candidate of [path.join(MODULES, dir, name), path.join(MODULES, dir, 'bin', name)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return wrapper;
}

function linuxTargets(prefix) {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  let musl = false;
  try { musl = !process.report.getReport().header.glibcVersionRuntime; } catch { /* assume glibc */ }
  const base = `${prefix}linux-${arch}`;
  return musl ? [`${base}-musl`, `${base}-baseline-musl`] : [base, `${base}-baseline`];
}


// ------------------------------------------------------------------ Claude Code

const claudeCode = {
  name: 'claude-code',
  package: '@anthropic-ai/claude-code',
  get version() { return version('@anthropic-ai/claude-code'); },
  apis: ['anthropic'],
  plan(ctx) {
    const bin = nativeBinary('@anthropic-ai/claude-code/bin/claude.exe',
      linuxTargets('@anthropic-ai/claude-code-'), 'claude');
    return {
      cmd: bin,
      args: ['-p', ctx.prompt, '--model', ctx.model, '--output-format', 'json',
        '--dangerously-skip-permissions', '--max-turns', '6',
        // mock/tool calls the FIRST declared tool with invented arguments; in the default set that
        // is Agent, which would start a background subagent on an invented prompt. Read alone
        // keeps the mock's round trip deterministic (an error result for a made-up path).
        ...(ctx.model.startsWith('mock/') ? ['--tools', 'Read'] : [])],
      env: {
        ANTHROPIC_BASE_URL: ctx.anthropicBase,
        ANTHROPIC_API_KEY: ctx.apiKey,
        // root refuses --dangerously-skip-permissions outside a sandbox; a throwaway temp workspace is one
        IS_SANDBOX: '1',
        // every model role on the routed model, so background calls reach the same upstream
        ANTHROPIC_MODEL: ctx.model,
        ANTHROPIC_SMALL_FAST_MODEL: ctx.model,
        ANTHROPIC_DEFAULT_HAIKU_MODEL: ctx.model,
        ANTHROPIC_DEFAULT_SONNET_MODEL: ctx.model,
        ANTHROPIC_DEFAULT_OPUS_MODEL: ctx.model,
        CLAUDE_CODE_SUBAGENT_MODEL: ctx.model,
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_BUG_COMMAND: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
        CLAUDE_CONFIG_DIR: path.join(ctx.home, '.claude'),
      },
      // --output-format json prints one result object; keep its text and error fields
      output: (stdout) => {
        try {
          const r = JSON.parse(stdout);
          return [r.result, r.is_error ? `is_error ${r.api_error_status ?? ''} ${JSON.stringify(r.errors ?? '')}` : '']
            .filter(Boolean).join('\n');
        } catch {
          return stdout;
        }
      },
    };
  },
};

// ------------------------------------------------------------------ opencode

// opencode ships @ai-sdk/openai-compatible and @ai-sdk/anthropic inside its binary, so a provider
// naming either npm package needs no download. The models catalogue fetch is switched off.
const opencode = {
  name: 'opencode',
  package: 'opencode-ai',
  get version() { return version('opencode-ai'); },
  apis: ['openai', 'anthropic'],
  plan(ctx) {
    const bin = nativeBinary('opencode-ai/bin/opencode.exe', linuxTargets('opencode-'), 'opencode');
    const config = path.join(ctx.home, 'opencode.json');
    const provider = ctx.api === 'anthropic'
      ? { npm: '@ai-sdk/anthropic', options: { baseURL: `${ctx.anthropicBase}/v1`, apiKey: ctx.apiKey } }
      : { npm: '@ai-sdk/openai-compatible', options: { baseURL: ctx.openaiBase, apiKey: ctx.apiKey } };
    return {
      cmd: bin,
      args: ['run', '--format', 'json', '-m', `aimux/${ctx.model}`, ctx.prompt],
      env: {
        OPENCODE_CONFIG: config,
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
        OPENCODE_DISABLE_SHARE: '1',
        OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
        OPENCODE_DISABLE_CLAUDE_CODE: '1',
      },
      setup: () => {
        // opencode installs @opencode-ai/plugin into its config directory in the background at
        // start, asking the npm registry first; found installed, it asks nothing
        const plugin = path.join(HERE, 'opencode-plugin');
        const target = path.join(ctx.home, '.config', 'opencode');
        if (!fs.existsSync(path.join(plugin, 'node_modules', '@opencode-ai', 'plugin'))) return;
        fs.mkdirSync(target, { recursive: true });
        for (const f of ['package.json', 'package-lock.json', 'node_modules']) {
          fs.cpSync(path.join(plugin, f), path.join(target, f), { recursive: true });
        }
      },
      files: {
        [config]: {
          $schema: 'https://opencode.ai/config.json',
          autoupdate: false,
          share: 'disabled',
          permission: { '*': 'allow' },
          provider: {
            aimux: {
              name: 'AIMUX',
              ...provider,
              models: { [ctx.model]: { name: 'scripted', tool_call: true, limit: { context: 128000, output: 4096 } } },
            },
          },
        },
      },
      // --format json prints one event per line; the answer is in the "text" events
      output: (stdout) => stdout.split('\n').map((l) => {
        try { const e = JSON.parse(l); return e.type === 'text' ? e.part?.text ?? '' : e.type === 'error' ? JSON.stringify(e) : ''; } catch { return l; }
      }).join('\n'),
    };
  },
};

// ------------------------------------------------------------------ pi

const pi = {
  name: 'pi',
  package: '@mariozechner/pi-coding-agent',
  get version() { return version('@mariozechner/pi-coding-agent'); },
  apis: ['openai', 'anthropic'],
  plan(ctx) {
    const agentDir = path.join(ctx.home, '.pi', 'agent');
    const provider = ctx.api === 'anthropic'
      ? { baseUrl: ctx.anthropicBase, api: 'anthropic-messages' }
      : { baseUrl: ctx.openaiBase, api: 'openai-completions' };
    return {
      cmd: process.execPath,
      args: [path.join(MODULES, '@mariozechner/pi-coding-agent/dist/cli.js'),
        '--provider', 'aimux', '--model', ctx.model, '-p', ctx.prompt],
      env: {
        PI_CODING_AGENT_DIR: agentDir,
        PI_OFFLINE: '1',
        PI_SKIP_VERSION_CHECK: '1',
        PI_TELEMETRY: '0',
      },
      files: {
        [path.join(agentDir, 'models.json')]: {
          providers: {
            aimux: {
              ...provider,
              apiKey: ctx.apiKey,
              models: [{ id: ctx.model, name: ctx.model, reasoning: false, input: ['text'], contextWindow: 128000, maxTokens: 4096 }],
            },
          },
        },
        [path.join(agentDir, 'settings.json')]: { enableInstallTelemetry: false },
      },
    };
  },
};

// ------------------------------------------------------------------ Qwen Code

const qwen = {
  name: 'qwen-code',
  package: '@qwen-code/qwen-code',
  get version() { return version('@qwen-code/qwen-code'); },
  apis: ['openai', 'anthropic'],
  plan(ctx) {
    const env = ctx.api === 'anthropic'
      ? { ANTHROPIC_BASE_URL: ctx.anthropicBase, ANTHROPIC_API_KEY: ctx.apiKey, ANTHROPIC_MODEL: ctx.model }
      : { OPENAI_BASE_URL: ctx.openaiBase, OPENAI_API_KEY: ctx.apiKey, OPENAI_MODEL: ctx.model };
    return {
      cmd: process.execPath,
      args: [path.join(MODULES, '@qwen-code/qwen-code/cli.js'),
        '--auth-type', ctx.api === 'anthropic' ? 'anthropic' : 'openai', '--model', ctx.model,
        '--yolo', '-p', ctx.prompt],
      env: { ...env, QWEN_CODE_NO_RELAUNCH: '1', QWEN_CODE_SUPPRESS_YOLO_WARNING: '1' },
      files: {
        [path.join(ctx.home, '.qwen', 'settings.json')]: {
          privacy: { usageStatisticsEnabled: false },
          telemetry: { enabled: false },
          general: { enableAutoUpdate: false, disableAutoUpdate: true, disableUpdateNag: true },
        },
      },
    };
  },
};

// ------------------------------------------------------------------ SDK scripts

function sdkScript(name, script, packages) {
  return {
    name,
    package: packages.main ?? packages.openai,
    get version() { return version(packages.main ?? packages.openai); },
    versionFor: (api) => version(packages.main ?? packages[api]),
    packagesFor: (api) => Object.fromEntries([packages.main, packages[api]].filter(Boolean).map((p) => [p, version(p)])),
    apis: ['openai', 'anthropic'],
    plan(ctx) {
      return {
        cmd: process.execPath,
        args: [path.join(HERE, script), '--api', ctx.api,
          '--base', ctx.api === 'anthropic' ? ctx.anthropicBase : ctx.openaiBase,
          '--model', ctx.model, '--prompt', ctx.prompt],
        env: { AIMUX_AGENT_API_KEY: ctx.apiKey },
      };
    },
  };
}

export const AGENTS = [
  claudeCode, opencode, pi, qwen,
  sdkScript('ai-sdk', 'ai-sdk-agent.mjs', { main: 'ai', openai: '@ai-sdk/openai-compatible', anthropic: '@ai-sdk/anthropic' }),
  sdkScript('langchain', 'langchain-agent.mjs', { openai: '@langchain/openai', anthropic: '@langchain/anthropic' }),
];
