// The packaged gateway as a child process for the Node test runners (SDK tools, dashboard):
// a free loopback port, the launch in its own process group, readiness, and a bounded stop.
// Node built-ins only, so runners in other folders import it by relative path.
import { spawn } from 'node:child_process';
import net from 'node:net';

export const READY_TIMEOUT_MS = 90_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `command` (a shell line) on `port` with extra `env`; keeps its last 200 output lines. */
export function launch(command, port, env = {}) {
  const child = spawn('sh', ['-c', command], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, QUARKUS_HTTP_PORT: String(port), QUARKUS_HTTP_HOST: '127.0.0.1' },
    detached: true, // its own process group, so the jar is stopped with the shell around it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const keep = (data) => {
    for (const line of data.toString().split('\n')) {
      if (line) lines.push(line);
    }
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  return {
    child,
    pid: child.pid,
    lastLines: (n) => lines.slice(-n),
    exited: () => exited,
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
      const timer = setTimeout(() => {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      }, 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Polls /q/health/ready until 200, the process exits, or READY_TIMEOUT_MS passes. */
export async function waitReady(base, gateway) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gateway?.exited()) return false;
    try {
      const response = await fetch(`${base}/q/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return true;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}
