// Summarises a JFR recording made by bench/profile.sh: where the CPU samples fall (top frames by
// self and by inclusive count) and what is allocated (by class and by allocating frame), with
// bytes per request when the wrk result beside the recording says how many requests ran.
//
//   node bench/profile/summary.mjs FILE.jfr [--top N]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const file = args.find((a) => a.endsWith('.jfr'));
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const top = opt('--top', 15);
// a dump holds whole chunks, so it can start before the measured window: only its last seconds count
const windowSeconds = opt('--seconds', 10);
if (!file) { console.error('usage: summary.mjs FILE.jfr [--top N] [--seconds S]'); process.exit(2); }
const jfr = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'jfr') : 'jfr';
const wrkFile = join(dirname(file), `wrk-${basename(file, '.jfr')}.json`);
const requests = existsSync(wrkFile) ? JSON.parse(readFileSync(wrkFile, 'utf8')).requests : 0;

// `jfr print` text, streamed: the JSON form of a busy recording does not fit in memory
const events = [];
let current = null;
const child = spawn(jfr, ['print', '--stack-depth', '96', '--events', 'jdk.ExecutionSample,jdk.ObjectAllocationSample', file]);
for await (const line of createInterface({ input: child.stdout })) {
  const head = line.match(/^(jdk\.\w+) \{$/);
  if (head) { current = { type: head[1], frames: [] }; events.push(current); continue; }
  if (!current) continue;
  const t = line.match(/^\s+startTime = (\d+):(\d+):([\d.]+)/);
  if (t) { current.time = Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3]); continue; }
  const w = line.match(/^\s+weight = ([\d.]+) (bytes|kB|MB|GB)/);
  if (w) { current.weight = Number(w[1]) * { bytes: 1, kB: 1024, MB: 1048576, GB: 1073741824 }[w[2]]; continue; }
  const c = line.match(/^\s+objectClass = (\S+)/);
  if (c) { current.objectClass = c[1]; continue; }
  const th = line.match(/^\s+eventThread = "([^"]*)"/);
  if (th) { current.thread = th[1]; continue; }
  const f = line.match(/^\s{4}([\w$.]+)\.([\w$<>]+)\(/);
  if (f) current.frames.push({ type: f[1], method: f[2] });
}
const last = Math.max(...events.map((e) => e.time || 0));
const inWindow = events.filter((e) => e.time >= last - windowSeconds);

const name = (f) => `${f.type}.${f.method}`;
const selfCount = new Map(), inclCount = new Map();
let samples = 0;
const allocByClass = new Map(), allocByFrame = new Map();
let allocBytes = 0;
const seenThreads = new Set();
const add = (m, k, v) => m.set(k, (m.get(k) || 0) + v);
for (const e of inWindow) {
  const frames = e.frames;
  if (e.type === 'jdk.ExecutionSample') {
    samples++;
    if (frames.length) add(selfCount, name(frames[0]), 1);
    for (const n of new Set(frames.map(name))) add(inclCount, n, 1);
  } else {
    // a thread's first sample weighs everything it allocated before the window: left out
    if (!seenThreads.has(e.thread)) { seenThreads.add(e.thread); continue; }
    const w = e.weight || 0;
    allocBytes += w;
    add(allocByClass, e.objectClass || '?', w);
    // the first frame of the project, else the first frame outside the JDK, names the allocation
    const own = frames.find((f) => f.type.startsWith('io.aimux'))
      || frames.find((f) => !/^(java|jdk|sun)\./.test(f.type)) || frames[0];
    add(allocByFrame, own ? name(own) : '?', w);
  }
}
const pct = (n, t) => `${((100 * n) / t).toFixed(1)}%`;
const list = (m, total, fmt, filter = () => true) => [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1])
  .slice(0, top).map(([k, v]) => `| ${k} | ${fmt(v)} | ${pct(v, total)} |`).join('\n');
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;

console.log(`### ${basename(file)}: ${samples} CPU samples${requests ? `, ${requests} requests` : ''}\n`);
console.log('| hottest methods (self) | samples | share |\n|---|---|---|');
console.log(list(selfCount, samples, String));
console.log('\n| project frames (inclusive) | samples | share |\n|---|---|---|');
console.log(list(inclCount, samples, String, (k) => k.startsWith('io.aimux')));
console.log(`\nAllocation (sampled weight): ${mb(allocBytes)}${requests ? `, ${Math.round(allocBytes / requests)} bytes per request` : ''}\n`);
console.log('| allocated class | weight | share |\n|---|---|---|');
console.log(list(allocByClass, allocBytes, mb));
console.log('\n| allocating frame | weight | share |\n|---|---|---|');
console.log(list(allocByFrame, allocBytes, mb));
