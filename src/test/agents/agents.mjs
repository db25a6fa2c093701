// How each agent is installed, configured and started for one case.
//
// plan(ctx) gets { api: 'anthropic'|'openai'|'responses', model, anthropicBase, openaiBase, apiKey,
// home, tmp, workspace, prompt, here } and returns { cmd, args, env, files: {absPath: content} }
// (openaiBase, ending in /v1, serves both Chat Completions and Responses). The runner
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

/**
 * Codex's native binary: the per-platform package (an npm alias such as @openai/codex-linux-x64)
 * holds it under vendor/<target triple>/bin/, next to codex-path/ with the programs (rg) it
 * expects on PATH. Found directly, the wrapper script's node start is skipped.
 */
function codexBinary() {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const triple = `${arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-musl`;
  for (const root of [path.join(MODULES, `@openai/codex-linux-${arch}`), path.join(MODULES, '@openai/codex')]) {
    const bin = path.join(root, 'vendor', triple, 'bin', 'codex');
    if (fs.existsSync(bin)) return { bin, pathDir: path.join(root, 'vendor', triple, 'codex-path') };
  }
  // not installed for this platform: the wrapper names the missing package
  return { bin: path.join(MODULES, '@openai/codex/bin/codex.js'), pathDir: null };
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

// ------------------------------------------------------------------ Codex CLI

/** A TOML string (JSON's escaping is valid TOML basic-string escaping). */
const toml = (s) => JSON.stringify(String(s));

/**
 * Codex (`codex exec`, Responses API only) with a custom model provider. Every feature that
 * reaches out at startup is off: offline, plugins resolve api.github.com and analytics
 * chatgpt.com; the others (remote plugins, apps, model discovery, in-app updates, web search,
 * update check, feedback, OTel export) are off so a later release that wires them to startup
 * stays offline too. --strict-config makes a renamed key fail loudly instead of being ignored.
 *
 * `catalog` declares the model in a model_catalog_json, as Codex knows its own GPT models:
 * with the freeform `apply_patch` custom tool and reasoning (effort low, summary auto). Without
 * it the model is unknown to Codex, as any model behind the gateway is, and Codex falls back to
 * generic metadata (function tools only, no reasoning effort).
 */
function codexAgent(name, { catalog }) {
  return {
    name,
    package: '@openai/codex',
    get version() { return version('@openai/codex'); },
    apis: ['responses'],
    plan(ctx) {
      const { bin, pathDir } = codexBinary();
      const codexHome = path.join(ctx.home, '.codex');
      const catalogFile = path.join(codexHome, 'model-catalog.json');
      const config = [
        ...(catalog ? [`model_catalog_json = ${toml(catalogFile)}`] : []),
        `model = ${toml(ctx.model)}`,
        'model_provider = "aimux"',
        // no prompts: the tool loop runs unattended; the sandbox still only lets commands read
        'approval_policy = "never"',
        'sandbox_mode = "read-only"',
        'check_for_update_on_startup = false',
        'web_search = "disabled"',
        '',
        '[model_providers.aimux]',
        'name = "AIMUX"',
        `base_url = ${toml(ctx.openaiBase)}`,
        'env_key = "AIMUX_API_KEY"',
        'wire_api = "responses"',
        // one attempt each: a broken answer should fail the case, not be retried into a timeout
        'request_max_retries = 0',
        'stream_max_retries = 0',
        '',
        '[analytics]',
        'enabled = false',
        '',
        '[feedback]',
        'enabled = false',
        '',
        '[otel]',
        'exporter = "none"',
        '',
        '[features]',
        'plugins = false',
        'remote_plugin = false',
        'plugin_sharing = false',
        'apps = false',
        'api_key_model_discovery = false',
        'in_app_updates = false',
        'skill_mcp_dependency_install = false',
        'tool_suggest = false',
        'image_generation = false',
        '',
      ].join('\n');
      const files = { [path.join(codexHome, 'config.toml')]: config };
      if (catalog) {
        // the fields Codex requires of a catalog entry, for a model like its own GPT-5 line
        files[catalogFile] = {
          models: [{
            slug: ctx.model, display_name: ctx.model, description: 'Scripted test model', priority: 1,
            visibility: 'list', supported_in_api: true, context_window: 128000, input_modalities: ['text'],
            base_instructions: 'You are a coding agent. Inspect files with your tools before answering.',
            default_reasoning_level: 'low', supported_reasoning_levels: [{ effort: 'low', description: 'Light reasoning' }],
            default_reasoning_summary: 'auto', shell_type: 'unified_exec', apply_patch_tool_type: 'freeform',
            support_verbosity: false, truncation_policy: { mode: 'tokens', limit: 10000 },
            experimental_supported_tools: [],
          }],
        };
      }
      return {
        cmd: bin,
        args: ['exec', '--json', '--strict-config', '--ephemeral', '--skip-git-repo-check', ctx.prompt],
        env: {
          CODEX_HOME: codexHome,
          AIMUX_API_KEY: ctx.apiKey,
          ...(pathDir ? { PATH: `${pathDir}:${[...new Set([path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'])].join(':')}` } : {}),
        },
        files,
        // --json prints one event per line: the answer is in agent_message items, failures in
        // error and turn.failed events
        output: (stdout) => stdout.split('\n').map((l) => {
          try {
            const e = JSON.parse(l);
            if (e.type === 'item.completed' && e.item?.type === 'agent_message') return e.item.text ?? '';
            if (e.type === 'error' || e.type === 'turn.failed') return JSON.stringify(e);
            return '';
          } catch { return l; }
        }).filter(Boolean).join('\n'),
      };
    },
  };
}

// ------------------------------------------------------------------ SDK scripts

function sdkScript(name, script, packages, { apis = ['openai', 'anthropic'], check } = {}) {
  return {
    name,
    package: packages.main ?? packages.openai,
    get version() { return version(packages.main ?? packages.openai); },
    versionFor: (api) => version(packages.main ?? packages[api]),
    packagesFor: (api) => Object.fromEntries([packages.main, packages[api]].filter(Boolean).map((p) => [p, version(p)])),
    apis,
    plan(ctx) {
      return {
        cmd: process.execPath,
        args: [path.join(HERE, script), '--api', ctx.api,
          '--base', ctx.api === 'anthropic' ? ctx.anthropicBase : ctx.openaiBase,
          '--model', ctx.model, '--prompt', ctx.prompt],
        env: { AIMUX_AGENT_API_KEY: ctx.apiKey },
        check,
      };
    },
  };
}

export const AGENTS = [
  claudeCode, opencode, pi, qwen,
  sdkScript('ai-sdk', 'ai-sdk-agent.mjs', { main: 'ai', openai: '@ai-sdk/openai-compatible', anthropic: '@ai-sdk/anthropic' }),
  sdkScript('langchain', 'langchain-agent.mjs', { openai: '@langchain/openai', anthropic: '@langchain/anthropic' }),
  codexAgent('codex', { catalog: false }),
  codexAgent('codex-catalog', { catalog: true }),
  // runs the agent twice (non-streaming, then streaming) and prints one answer per run
  sdkScript('openai-agents', 'openai-agents-agent.mjs', { main: '@openai/agents', responses: 'openai' }, {
    apis: ['responses'],
    check: (output, token) => (output.split(token).length - 1 < 2 ? 'the token is in only one of the two runs\' answers' : null),
  }),
];
