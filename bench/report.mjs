#!/usr/bin/env node
// Builds the comparison table from the files run.sh leaves in its work directory.
//
//   node bench/report.mjs --dir WORKDIR [--out FILE]
//
// Expects in WORKDIR:
//   meta.json                            run settings written by run.sh
//   {ns,st}-c<N>-{direct,gateway}.json   load.mjs results
//   rps-{direct,gateway}.json            max-throughput results (wrk or load.mjs)
//   metrics-before.txt, metrics-after.txt  gateway /q/metrics scraped after warm-up and at the end
// Prints the table on stdout and writes everything as JSON to --out.

import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : null;
};
const dir = opt('--dir');
const out = opt('--out');
if (!dir) {
  process.stderr.write('usage: report.mjs --dir WORKDIR [--out FILE]\n');
  process.exit(2);
}

const readJson = (name) => {
  const p = path.join(dir, name);
  return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : null;
};
const meta = readJson('meta.json') ?? {};
const concurrencies = meta.concurrencies ?? [1, 8];

const rows = [];
const raw = {};
function addRow(scenario, concurrency, metric, unit, direct, gateway) {
  const ok = typeof direct === 'number' && typeof gateway === 'number';
  rows.push({
    scenario,
    concurrency,
    metric,
    unit,
    direct: direct ?? null,
    gateway: gateway ?? null,
    added: ok ? round(gateway - direct, unit === 'ms' ? 3 : 1) : null,
    ratio: ok && direct !== 0 ? round(gateway / direct, 2) : null,
  });
}
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;
const get = (o, ...keys) => keys.reduce((v, k) => (v == null ? v : v[k]), o);

for (const c of concurrencies) {
  const d = readJson(`ns-c${c}-direct.json`);
  const g = readJson(`ns-c${c}-gateway.json`);
  raw[`non-stream c${c}`] = { direct: d, gateway: g };
  addRow('non-stream', c, 'latency p50', 'ms', get(d, 'latency_ms', 'p50'), get(g, 'latency_ms', 'p50'));
  addRow('non-stream', c, 'latency p99', 'ms', get(d, 'latency_ms', 'p99'), get(g, 'latency_ms', 'p99'));
  addRow('non-stream', c, 'throughput', 'req/s', get(d, 'rps'), get(g, 'rps'));
}
{
  const d = readJson('rps-direct.json');
  const g = readJson('rps-gateway.json');
  raw['max throughput'] = { direct: d, gateway: g };
  const c = get(d, 'concurrency') ?? get(g, 'concurrency') ?? meta.rps_concurrency;
  const tool = get(d, 'tool') ?? get(g, 'tool') ?? '?';
  addRow('non-stream', c, `max throughput (${tool})`, 'req/s', get(d, 'rps'), get(g, 'rps'));
  if (get(d, 'latency_ms', 'p99') != null || get(g, 'latency_ms', 'p99') != null) {
    addRow('non-stream', c, `latency p99 (${tool})`, 'ms', get(d, 'latency_ms', 'p99'), get(g, 'latency_ms', 'p99'));
  }
}
for (const c of concurrencies) {
  const d = readJson(`st-c${c}-direct.json`);
  const g = readJson(`st-c${c}-gateway.json`);
  raw[`stream c${c}`] = { direct: d, gateway: g };
  addRow('stream', c, 'first chunk p50', 'ms', get(d, 'ttfb_ms', 'p50'), get(g, 'ttfb_ms', 'p50'));
  addRow('stream', c, 'first chunk p99', 'ms', get(d, 'ttfb_ms', 'p99'), get(g, 'ttfb_ms', 'p99'));
  addRow('stream', c, 'total p50', 'ms', get(d, 'latency_ms', 'p50'), get(g, 'latency_ms', 'p50'));
  addRow('stream', c, 'total p99', 'ms', get(d, 'latency_ms', 'p99'), get(g, 'latency_ms', 'p99'));
}

// --- gateway overhead histogram (difference between the two scrapes) ---
function parseMetrics(text) {
  const series = new Map(); // labels (without le) -> { count, sum, buckets: Map(le -> cumulative) }
  const re = /^aimux_gateway_overhead_seconds_(count|sum|bucket)\{([^}]*)\}\s+(\S+)/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const labels = {};
    for (const part of m[2].matchAll(/(\w+)="([^"]*)"/g)) labels[part[1]] = part[2];
    const le = labels.le;
    delete labels.le;
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(',');
    if (!series.has(key)) series.set(key, { count: 0, sum: 0, buckets: new Map() });
    const s = series.get(key);
    const value = Number(m[3]);
    if (m[1] === 'count') s.count = value;
    else if (m[1] === 'sum') s.sum = value;
    else s.buckets.set(le, value);
  }
  return series;
}
function overhead() {
  const readText = (n) => (fs.existsSync(path.join(dir, n)) ? fs.readFileSync(path.join(dir, n), 'utf8') : '');
  const before = parseMetrics(readText('metrics-before.txt'));
  const after = parseMetrics(readText('metrics-after.txt'));
  const result = [];
  for (const [key, a] of after) {
    const b = before.get(key) ?? { count: 0, sum: 0, buckets: new Map() };
    const count = a.count - b.count;
    const sum = a.sum - b.sum;
    // Upper bound of the bucket holding the q-quantile, from the differenced cumulative buckets.
    const bounds = [...a.buckets.keys()]
      .map((le) => [le, le === '+Inf' ? Infinity : Number(le), a.buckets.get(le) - (b.buckets.get(le) ?? 0)])
      .sort((x, y) => x[1] - y[1]);
    const quantile = (q) => {
      if (count <= 0) return null;
      for (const [, le, cum] of bounds) if (cum >= q * count) return le === Infinity ? null : round(le * 1e6, 1);
      return null;
    };
    result.push({
      series: key,
      count,
      sum_s: round(sum, 6),
      mean_us: count > 0 ? round((sum / count) * 1e6, 1) : null,
      p50_le_us: quantile(0.5),
      p99_le_us: quantile(0.99),
      total_since_start: { count: a.count, sum_s: round(a.sum, 6), mean_us: a.count > 0 ? round((a.sum / a.count) * 1e6, 1) : null },
    });
  }
  return result.sort((x, y) => x.series.localeCompare(y.series));
}
const overheadRows = overhead();

// --- printing ---
const fmt = (v, unit) => (v == null ? 'n/a' : unit === 'ms' ? v.toFixed(3) : v.toFixed(0));
const fmtAdded = (v, unit) => (v == null ? 'n/a' : (v >= 0 ? '+' : '') + (unit === 'ms' ? v.toFixed(3) : v.toFixed(0)));
const header = ['scenario', 'conc', 'metric', 'direct', 'gateway', 'added', 'ratio'];
const lines = rows.map((r) => [
  r.scenario,
  String(r.concurrency),
  `${r.metric} (${r.unit})`,
  fmt(r.direct, r.unit),
  fmt(r.gateway, r.unit),
  fmtAdded(r.added, r.unit),
  r.ratio == null ? 'n/a' : r.ratio.toFixed(2) + 'x',
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const rightAligned = new Set([1, 3, 4, 5, 6]);
const renderRow = (cells) => '| ' + cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
const sep = '|' + widths.map((w, i) => (rightAligned.has(i) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';

let text = '';
if (meta.date) {
  text += `run ${meta.date} (commit ${meta.git_commit}), ${meta.cpus} CPUs, ${meta.duration_s}s per measurement, ` +
    `max throughput with ${meta.rps_tool}; load average ${meta.loadavg_start} before start, ${meta.loadavg_end} at end\n`;
  const load1 = Number(String(meta.loadavg_start).split(' ')[0]);
  if (load1 > meta.cpus) text += `warning: the machine was already busy before the benchmark started (load ${load1} > ${meta.cpus} CPUs); expect noise\n`;
  text += '\n';
}
text += renderRow(header) + '\n' + sep + '\n' + lines.map(renderRow).join('\n') + '\n';
text += '\nadded = gateway - direct (ms for latencies, req/s for throughput); ratio = gateway / direct\n';
const errorTotals = Object.entries(raw).flatMap(([name, pair]) =>
  ['direct', 'gateway'].map((side) => [`${name} ${side}`, get(pair, side, 'errors') ?? 0]),
);
const withErrors = errorTotals.filter(([, n]) => n > 0);
text += withErrors.length
  ? `errors: ${withErrors.map(([n, e]) => `${n}=${e}`).join(', ')}\n`
  : 'errors: none\n';
text += '\ngateway self-reported overhead (aimux_gateway_overhead_seconds, measured phase only):\n';
if (overheadRows.length === 0) text += '  (no samples found in /q/metrics)\n';
for (const o of overheadRows) {
  text +=
    `  {${o.series}}: count ${o.count}, sum ${o.sum_s} s, mean ${o.mean_us ?? 'n/a'} us` +
    `, p50 <= ${o.p50_le_us ?? 'n/a'} us, p99 <= ${o.p99_le_us ?? 'n/a'} us (bucket bounds)\n`;
}
process.stdout.write(text);

if (out) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ meta, rows, gateway_overhead: overheadRows, raw }, null, 2) + '\n');
}
