// AIMUX dashboard. Plain browser JavaScript, no build step, no third-party code.
// All data comes from /api (session cookie); every text from the API goes through textContent.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  const VIEWS = ['overview', 'requests', 'prettifier', 'guards'];
  const OUTPUT_FORMATS = ['json', 'raw', 'toon'];

  // ---------------------------------------------------------------- formatting

  const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

  function isNum(v) { return typeof v === 'number' && Number.isFinite(v); }
  function fmtInt(v) { return isNum(v) ? integer.format(v) : '—'; }
  function fmtTokens(v) { return isNum(v) ? (v >= 10000 ? compact.format(v) : integer.format(v)) : '—'; }
  function fmtMs(v) {
    if (!isNum(v)) return '—';
    if (v >= 10000) return (v / 1000).toFixed(1) + ' s';
    return (v < 10 ? v.toFixed(1) : integer.format(Math.round(v))) + ' ms';
  }
  function fmtUsd(v) {
    if (!isNum(v)) return 'no price';
    if (v === 0) return '$0';
    if (v < 0.01) return '$' + v.toPrecision(2);
    return '$' + v.toFixed(2);
  }
  function fmtPct(v) { return isNum(v) ? (v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0) + ' %' : '—'; }
  function fmtDuration(seconds) {
    if (!isNum(seconds)) return '—';
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
    if (d) return `${d} d ${h} h`;
    if (h) return `${h} h ${m} min`;
    return m ? `${m} min` : `${Math.floor(seconds)} s`;
  }
  function fmtTime(iso) {
    if (!iso) return '—';
    const t = new Date(iso);
    return Number.isNaN(t.getTime()) ? String(iso) : t.toLocaleTimeString();
  }

  // ---------------------------------------------------------------- DOM helpers

  /** Element with attributes and children; strings become text nodes (never markup). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    return node;
  }
  function setText(id, text) { const node = $(id); if (node.textContent !== text) node.textContent = text; }
  function show(node, visible) { node.hidden = !visible; }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, { method = 'GET', body } = {}) {
    const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (method !== 'GET' && method !== 'DELETE') {
      init.headers['content-type'] = 'application/json'; // the gateway refuses bodies of other types
      init.body = JSON.stringify(body ?? {});
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) {
      if (response.status === 401 && path !== '/api/session') signedOut();
      const message = data?.error?.message ?? data?.details?.reason ?? (typeof data?.error === 'string' ? data.error : null)
        ?? `HTTP ${response.status}`;
      throw new ApiError(response.status, message);
    }
    return data;
  }

  // ---------------------------------------------------------------- session

  let session = null;

  async function start() {
    try {
      session = await api('/api/session');
    } catch (e) {
      if (e.status === 401) { showLogin(); return; }
      showLogin(`The gateway did not answer as expected (${e.message}).`);
      return;
    }
    showApp();
  }

  function showLogin(message) {
    stopLive();
    show($('app'), false);
    show($('nav'), false);
    show($('logout'), false);
    setText('who', '');
    show($('login'), true);
    setText('live', '');
    $('login-error').textContent = message || '';
    $('admin-key').focus();
  }

  function signedOut() {
    session = null;
    showLogin('Your session has ended; sign in again.');
  }

  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('admin-key');
    const key = input.value.trim();
    if (!key) { $('login-error').textContent = 'Paste an admin key first.'; return; }
    $('login-error').textContent = '';
    try {
      await api('/api/session', { method: 'POST', body: { key } });
      input.value = '';
      session = await api('/api/session');
      showApp();
    } catch (e) {
      $('login-error').textContent = e.status === 401 ? 'This key is not known to the gateway.'
        : e.status === 403 ? 'This key is not an admin key.' : `Sign-in failed: ${e.message}`;
      input.select();
    }
  });

  $('logout').addEventListener('click', async () => {
    try { await api('/api/session', { method: 'DELETE' }); } catch { /* signed out either way */ }
    session = null;
    showLogin('Signed out.');
  });

  function showApp() {
    show($('login'), false);
    show($('app'), true);
    show($('nav'), true);
    show($('logout'), Boolean(session?.keys_configured));
    setText('who', session?.key ? `Signed in as ${session.key}` : session?.keys_configured === false ? 'No keys configured (loopback only)' : '');
    route();
    startLive();
  }

  // ---------------------------------------------------------------- views

  let currentView = 'overview';

  /** #overview, #requests, #prettifier, #guards; #request=ID opens one request in the log. */
  function route() {
    if (!session) return;
    const hash = decodeURIComponent(location.hash.slice(1));
    let view = VIEWS.includes(hash) ? hash : 'overview';
    let openId = null;
    if (hash.startsWith('request=')) {
      view = 'requests';
      openId = hash.slice('request='.length);
    }
    const changed = view !== currentView;
    currentView = view;
    for (const name of VIEWS) show($(`view-${name}`), name === view);
    for (const link of document.querySelectorAll('#nav a')) {
      if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (view === 'requests') {
      if (openId) {
        $('search-q').value = openId;
        searchRequests();
        openRequest(openId);
      } else if (changed || !requestsLoaded) {
        searchRequests();
      }
    }
    if (view === 'prettifier') loadPrettifier();
    if (lastSnapshot) render(lastSnapshot);
    if (changed) {
      const heading = $(`view-${view}`).querySelector('h1');
      heading.tabIndex = -1; // focus moves to the new view's heading, as after a page load
      heading.focus();
    }
  }
  window.addEventListener('hashchange', route);

  // ---------------------------------------------------------------- live updates

  let source = null;
  let retryTimer = null;
  let retryDelay = 2000;
  let lastSnapshot = null;

  function startLive() {
    if (source || retryTimer) return;
    setText('live', 'Connecting…');
    source = new EventSource('/api/dashboard/events');
    source.addEventListener('snapshot', (event) => {
      const now = Date.now();
      if (lastEventAt) eventGap = now - lastEventAt;
      lastEventAt = now;
      retryDelay = 2000;
      stopPolling();
      setLive('Live');
      try { onSnapshot(JSON.parse(event.data)); } catch (e) { console.error('bad snapshot', e); }
    });
    source.addEventListener('open', () => setLive('Live'));
    source.addEventListener('error', () => {
      // The browser retries by itself after a dropped stream; a refused one (401, 503) is closed for good.
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        setLive('Reconnecting… (polling)');
        reconnectLater();
      } else {
        setLive('Reconnecting…');
      }
    });
  }

  let pollTimer = null;
  let lastEventAt = 0;
  let eventGap = 2000;

  // A stream can also stall without an error (a proxy that keeps a dead connection open): when
  // updates stop for much longer than their usual gap, start over.
  setInterval(() => {
    if (source && lastEventAt && Date.now() - lastEventAt > Math.max(15000, 3 * eventGap)) {
      source.close();
      source = null;
      lastEventAt = 0;
      setLive('Reconnecting… (polling)');
      reconnectLater();
    }
  }, 5000);

  /** While the stream is down, poll the snapshot (same data) and try the stream again, less and less often. */
  function reconnectLater() {
    if (!pollTimer) {
      const poll = async () => {
        try {
          onSnapshot(await api('/api/dashboard'));
        } catch (e) {
          if (e.status === 401) stopLive(); // signed out: the form is shown
        }
      };
      poll();
      pollTimer = setInterval(poll, 2000);
    }
    retryTimer = setTimeout(() => { retryTimer = null; if (session) startLive(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function stopLive() {
    if (source) source.close();
    source = null;
    clearTimeout(retryTimer);
    retryTimer = null;
    stopPolling();
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  function setLive(text) {
    const node = $('live');
    if (node.textContent !== text) node.textContent = text;
    node.dataset.state = text === 'Live' ? 'live' : 'down';
  }

  let lastRequestTotal = null;

  function onSnapshot(snapshot) {
    if (!snapshot || typeof snapshot !== 'object') return;
    lastSnapshot = snapshot;
    render(snapshot);
    const total = snapshot.totals?.requests;
    if (currentView === 'requests' && $('follow').checked && lastRequestTotal !== null && total !== lastRequestTotal) {
      searchRequests({ quiet: true });
    }
    if (currentView === 'prettifier' && Date.now() - prettifierLoadedAt > 10000) loadPrettifier({ quiet: true });
    lastRequestTotal = total;
  }

  // ---------------------------------------------------------------- rendering the snapshot

  function render(s) {
    setText('version', s.version ? `v${s.version}` : '');
    const t = s.totals || {};
    setText('total-requests', fmtInt(t.requests));
    setText('total-errors', fmtInt(t.errors));
    setText('in-flight', fmtInt(t.in_flight));
    setText('total-tokens', `${fmtTokens(t.input_tokens)} / ${fmtTokens(t.output_tokens)} tokens`);
    setText('total-cost', fmtUsd(t.cost_usd));
    setText('overhead', s.overhead_ms ? `${fmtMs(s.overhead_ms.p50)} / ${fmtMs(s.overhead_ms.p95)}` : '—');
    setText('uptime', fmtDuration(s.uptime_seconds));
    if (currentView === 'overview') {
      renderCharts(s.series || { points: [] });
      renderProviders(s.providers || []);
      renderErrors(s.recent_errors || []);
    }
    if (currentView === 'prettifier') renderDialects(s.prettifier?.extractions || {});
    if (currentView === 'guards') renderGuards(s.guards || {}, s.limits || {});
  }

  // ---- charts: small SVG column and line charts, described by aria-label

  const CHART_W = 320, CHART_H = 120, PAD_L = 36, PAD_B = 16, PAD_T = 6;

  function renderCharts(series) {
    const points = Array.isArray(series.points) ? series.points : [];
    const step = series.step_seconds || 10;
    const any = points.some((p) => (p.requests || 0) > 0);
    show($('series-empty'), !any);
    columns('chart-traffic', points, step, [
      { field: (p) => Math.max(0, (p.requests || 0) - (p.errors || 0)), cls: 'ok', name: 'successful requests' },
      { field: (p) => p.errors || 0, cls: 'bad', name: 'errors' },
    ], fmtInt);
    columns('chart-tokens', points, step, [
      { field: (p) => p.input_tokens || 0, cls: 'in', name: 'input tokens' },
      { field: (p) => p.output_tokens || 0, cls: 'out', name: 'output tokens' },
    ], fmtTokens);
    columns('chart-cost', points, step, [
      { field: (p) => p.cost_usd || 0, cls: 'cost', name: 'US dollars' },
    ], fmtUsd);
    const unpriced = any && lastSnapshot?.totals?.cost_usd === null;
    show($('cost-empty'), unpriced);
    lines('chart-latency', points, step, [
      { field: (p) => p.latency_p50_ms, cls: 'lat', name: 'latency p50' },
      { field: (p) => p.overhead_p50_ms, cls: 'ovh', name: 'gateway overhead p50' },
    ], fmtMs);
  }

  function frame(id, max, format, step, count, label) {
    const box = $(id);
    const root = svg('svg', { viewBox: `0 0 ${CHART_W} ${CHART_H}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'none' });
    const title = svg('title');
    title.textContent = label;
    root.append(title);
    const plotH = CHART_H - PAD_B - PAD_T;
    for (const f of [0, 0.5, 1]) {
      const y = PAD_T + plotH * (1 - f);
      root.append(svg('line', { x1: PAD_L, x2: CHART_W, y1: y, y2: y, class: 'grid' }));
      if (f === 0.5) continue; // labels at zero and the top only: a halfway "0.5 requests" reads oddly
      const tick = svg('text', { x: PAD_L - 4, y: y + 3, class: 'tick', 'text-anchor': 'end' });
      tick.textContent = f === 0 ? '0' : max > 0 ? format(max) : '';
      root.append(tick);
    }
    const span = svg('text', { x: PAD_L, y: CHART_H - 3, class: 'tick' });
    span.textContent = `−${Math.round(step * count / 60)} min`;
    const now = svg('text', { x: CHART_W, y: CHART_H - 3, class: 'tick', 'text-anchor': 'end' });
    now.textContent = 'now';
    root.append(span, now);
    box.replaceChildren(root);
    return { root, plotH, plotW: CHART_W - PAD_L };
  }

  function columns(id, points, step, stacks, format) {
    const totals = points.map((p) => stacks.reduce((sum, s) => sum + s.field(p), 0));
    const max = Math.max(0, ...totals);
    const sums = stacks.map((s) => points.reduce((sum, p) => sum + s.field(p), 0));
    const label = `Last ${Math.round(step * points.length / 60)} minutes: `
      + stacks.map((s, i) => `${format(sums[i])} ${s.name}`).join(', ');
    const { root, plotH, plotW } = frame(id, max, format, step, points.length, label);
    root.dataset.sum = String(sums.reduce((a, b) => a + b, 0));
    const n = Math.max(points.length, 1);
    const w = plotW / n;
    points.forEach((p, i) => {
      let base = CHART_H - PAD_B;
      stacks.forEach((s) => {
        const v = s.field(p);
        if (v <= 0 || max <= 0) return;
        const h = Math.max(1, v / max * plotH);
        base -= h;
        const rect = svg('rect', { x: PAD_L + i * w + w * 0.1, y: base, width: Math.max(w * 0.8, 1), height: h, class: s.cls });
        const tip = svg('title');
        tip.textContent = `${new Date(p.t).toLocaleTimeString()}: ${format(v)} ${s.name}`;
        rect.append(tip);
        root.append(rect);
      });
    });
  }

  function lines(id, points, step, series, format) {
    const values = points.flatMap((p) => series.map((s) => s.field(p))).filter(isNum);
    const max = Math.max(0, ...values);
    const last = series.map((s) => [...points].reverse().map(s.field).find(isNum));
    const label = `Last ${Math.round(step * points.length / 60)} minutes; latest: `
      + series.map((s, i) => `${s.name} ${fmtMs(last[i])}`).join(', ');
    const { root, plotH, plotW } = frame(id, max, format, step, points.length, label);
    root.dataset.sum = String(values.length);
    const n = Math.max(points.length, 1);
    const w = plotW / n;
    series.forEach((s) => {
      let d = '';
      points.forEach((p, i) => {
        const v = s.field(p);
        if (!isNum(v) || max <= 0) return;
        const x = PAD_L + i * w + w / 2, y = PAD_T + plotH * (1 - v / max);
        d += `${d ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
        root.append(svg('circle', { cx: x, cy: y, r: 1.8, class: s.cls }));
      });
      if (d) root.append(svg('path', { d, class: `line ${s.cls}` }));
    });
  }

  // ---- providers

  const providerCards = new Map();
  const testResults = new Map();

  function renderProviders(providers) {
    const box = $('providers');
    show($('providers-empty'), providers.length === 0);
    const names = new Set(providers.map((p) => p.name));
    for (const [name, card] of providerCards) {
      if (!names.has(name)) { card.root.remove(); providerCards.delete(name); }
    }
    // enabled providers first; the disabled (e.g. presets without a key) follow in a compact form
    [...providers].sort((a, b) => Number(Boolean(b.enabled)) - Number(Boolean(a.enabled))).forEach((p) => {
      let card = providerCards.get(p.name);
      if (!card) {
        card = providerCard(p.name);
        providerCards.set(p.name, card);
      }
      box.append(card.root); // keeps the snapshot's order; moving an element keeps its focus state
      fillProviderCard(card, p);
    });
  }

  function providerCard(name) {
    const state = el('span', { class: 'badge' });
    const body = el('dl', { class: 'facts' });
    const result = el('p', { class: 'test-result', role: 'status', 'aria-live': 'polite' });
    const button = el('button', { type: 'button', class: 'secondary', 'data-provider': name, 'aria-label': `Test ${name}` }, 'Test');
    button.addEventListener('click', () => testProvider(name, button, result));
    const root = el('article', { class: 'card provider', 'data-provider': name, 'aria-label': `Provider ${name}` },
      el('div', { class: 'card-head' }, el('h3', { text: name }), state),
      el('p', { class: 'muted reason' }),
      body,
      el('div', { class: 'card-actions' }, button, result));
    if (testResults.has(name)) showTestResult(result, testResults.get(name));
    return { root, state, body, result, button };
  }

  function fillProviderCard(card, p) {
    const health = p.health || {};
    const open = Object.entries(p.breakers || {}).filter(([, s]) => s !== 'closed');
    let badge, cls;
    if (!p.enabled) { badge = 'disabled'; cls = 'off'; }
    else if (open.length) { badge = open.some(([, s]) => s === 'open') ? 'breaker open' : 'breaker half-open'; cls = 'warn'; }
    else if (health.status === 'down') { badge = 'down'; cls = 'bad'; }
    else if (health.status === 'up') { badge = 'up'; cls = 'good'; }
    else { badge = 'enabled'; cls = 'good'; }
    card.state.textContent = badge;
    card.state.className = `badge ${cls}`;
    const reason = card.root.querySelector('.reason');
    const why = !p.enabled ? (p.reason || 'disabled') : health.status === 'down' && health.error ? `last probe failed: ${health.error}` : '';
    reason.textContent = [p.type, why].filter(Boolean).join(' · ');
    const facts = [
      ['Requests', fmtInt(p.requests)],
      ['Error rate', fmtPct(p.error_rate)],
      ['Latency p50 / p95', `${fmtMs(p.latency_ms?.p50)} / ${fmtMs(p.latency_ms?.p95)}`],
      ['TTFT p50 / p95', `${fmtMs(p.ttft_ms?.p50)} / ${fmtMs(p.ttft_ms?.p95)}`],
      ['Health', health.status ? `${health.status}${isNum(health.latency_ms) ? `, probe ${fmtMs(health.latency_ms)}` : ''}` : '—'],
      ['Breakers', open.length ? open.map(([m, s]) => `${m}: ${s.replace('_', '-')}`).join(', ')
        : Object.keys(p.breakers || {}).length ? 'all closed' : 'none yet'],
      ['Models', Array.isArray(p.models) ? `${p.models.length}` : '—'],
    ];
    card.root.classList.toggle('off', !p.enabled);
    if (!p.enabled) facts.splice(0, facts.length);
    const rows = facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]);
    // rebuild only when a value changed, so screen readers are not flooded
    const signature = facts.map((f) => f.join('=')).join('|');
    if (card.body.dataset.signature !== signature) {
      card.body.replaceChildren(...rows);
      card.body.dataset.signature = signature;
    }
  }

  async function testProvider(name, button, result) {
    button.disabled = true;
    result.className = 'test-result';
    result.textContent = 'Testing…';
    try {
      const answer = await api(`/api/providers/${encodeURIComponent(name)}/test`, { method: 'POST', body: {} });
      testResults.set(name, answer);
      showTestResult(result, answer);
    } catch (e) {
      result.className = 'test-result bad';
      result.textContent = `Failed: ${e.message}`;
    } finally {
      button.disabled = false;
    }
  }

  function showTestResult(node, r) {
    node.className = `test-result ${r.ok ? 'good' : 'bad'}`;
    const where = [r.model, isNum(r.status) ? `HTTP ${r.status}` : null, fmtMs(r.latency_ms)].filter(Boolean).join(', ');
    node.textContent = r.ok ? `OK (${where}): “${r.text ?? ''}”` : `Failed (${where}): ${r.error ?? 'no reason given'}`;
  }

  // ---- recent errors

  function renderErrors(errors) {
    show($('errors-empty'), errors.length === 0);
    const list = $('recent-errors');
    const signature = errors.map((e) => e.id).join(',');
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    list.replaceChildren(...errors.map((e) => el('li', {},
      el('a', { href: `#request=${encodeURIComponent(e.id)}`, class: 'mono', text: e.id, 'aria-label': `Open request ${e.id}` }),
      el('span', { class: 'muted', text: fmtTime(e.time) }),
      el('span', { text: [e.provider, e.model].filter(Boolean).join('/') || '—' }),
      el('span', { class: 'badge bad', text: `${e.outcome ?? 'error'}${isNum(e.status) ? ` ${e.status}` : ''}` }),
      el('span', { class: 'err-text', text: e.error ?? '' }))));
  }

  // ---- guards, limits, dialects: labelled bars

  function bars(listId, emptyId, counts, unit) {
    const entries = Object.entries(counts || {}).filter(([, n]) => isNum(n)).sort((a, b) => b[1] - a[1]);
    const nonZero = entries.some(([, n]) => n > 0);
    show($(emptyId), !nonZero);
    const max = Math.max(1, ...entries.map(([, n]) => n));
    const signature = JSON.stringify(entries);
    const list = $(listId);
    if (list.dataset.signature === signature) return;
    list.dataset.signature = signature;
    list.replaceChildren(...(nonZero ? entries : []).map(([name, n]) => el('li', {},
      el('span', { class: 'bar-label', text: name }),
      barOf(n / max),
      el('span', { class: 'bar-value', text: `${fmtInt(n)} ${n === 1 ? unit[0] : unit[1]}` }))));
  }

  function barOf(fraction) {
    const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--w', `${(fraction * 100).toFixed(1)}%`); // a CSSOM property, fine under a strict CSP
    return bar;
  }

  function renderGuards(guards, limits) {
    setText('guard-blocks', fmtInt(guards.blocks));
    bars('guard-matches', 'guard-empty', guards.matches, ['match', 'matches']);
    bars('limit-rejections', 'limits-empty', limits.rejections, ['rejected', 'rejected']);
  }

  function renderDialects(extractions) {
    bars('pz-dialects', 'pz-dialects-empty', extractions, ['call', 'calls']);
  }

  // ---------------------------------------------------------------- request log

  let requestsLoaded = false;
  let searchSeq = 0;

  function filters() {
    const params = new URLSearchParams();
    const q = $('search-q').value.trim();
    if (q) params.set('q', q);
    if ($('search-outcome').value) params.set('outcome', $('search-outcome').value);
    params.set('limit', $('search-limit').value);
    return params;
  }

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchRequests();
  });
  $('search-outcome').addEventListener('change', () => searchRequests());
  $('search-limit').addEventListener('change', () => searchRequests());
  $('detail-close').addEventListener('click', () => {
    show($('detail'), false);
    if (location.hash.startsWith('#request=')) history.replaceState(null, '', '#requests');
  });

  async function searchRequests({ quiet = false } = {}) {
    const params = filters();
    $('export').href = `/api/requests/export?${params}`;
    const seq = ++searchSeq;
    if (!quiet) setText('requests-status', 'Searching…');
    try {
      const data = await api(`/api/requests?${params}`);
      if (seq !== searchSeq) return; // an older answer arriving late
      requestsLoaded = true;
      renderRequests(data?.requests || [], data);
    } catch (e) {
      if (seq !== searchSeq) return;
      setText('requests-status', e.status === 404 ? 'The request log is not available on this gateway.' : `Search failed: ${e.message}`);
    }
  }

  function renderRequests(entries, data) {
    const body = $('requests-table').querySelector('tbody');
    const filtered = filters().has('q') || filters().has('outcome');
    const empty = $('requests-empty');
    empty.textContent = '';
    if (filtered) empty.append('No request matches this search.');
    else empty.append('No requests yet: send one to ', el('code', { text: '/v1/chat/completions' }), '.');
    show(empty, entries.length === 0);
    const focusedId = document.activeElement?.closest?.('#requests-table') ? document.activeElement.dataset.id : null;
    body.replaceChildren(...entries.map((r) => {
      const open = el('button', { type: 'button', class: 'link mono', 'data-id': r.id, text: r.id, 'aria-label': `Show request ${r.id}` });
      open.addEventListener('click', () => showDetail(r));
      return el('tr', { 'data-id': r.id, class: isError(r) ? 'row-error' : null },
        el('td', { text: fmtTime(r.time) }),
        el('td', {}, open),
        el('td', { text: r.key ?? '—' }),
        el('td', { class: 'wrap', text: modelText(r) }),
        el('td', { text: isNum(r.status) ? String(r.status) : '—' }),
        el('td', {}, el('span', { class: `badge ${isError(r) ? 'bad' : 'good'}`, text: r.outcome ?? '—' })),
        el('td', { class: 'num', text: fmtMs(r.latency_ms) }),
        el('td', { class: 'num', text: `${fmtTokens(r.input_tokens)} / ${fmtTokens(r.output_tokens)}` }),
        el('td', { class: 'num', text: fmtUsd(r.cost_usd) }));
    }));
    if (focusedId) body.querySelector(`button[data-id="${CSS.escape(focusedId)}"]`)?.focus();
    const of = data && isNum(data.size) ? ` of ${fmtInt(data.size)} kept (capacity ${fmtInt(data.capacity)})` : '';
    setText('requests-status', `${fmtInt(entries.length)} shown${of}.`);
  }

  function isError(r) { return r.outcome && r.outcome !== 'completed'; }
  function modelText(r) {
    const served = r.provider && r.model ? `${r.provider}/${r.model}` : r.model;
    return served && served !== r.requested_model ? `${r.requested_model ?? '—'} → ${served}` : (r.requested_model ?? served ?? '—');
  }

  async function openRequest(id) {
    try {
      showDetail(await api(`/api/requests/${encodeURIComponent(id)}`));
    } catch (e) {
      show($('detail'), true);
      setText('detail-title', 'Request');
      $('detail-fields').replaceChildren(el('p', { class: 'error', text: e.status === 404
        ? `Request ${id} is not in the log (any more): the log keeps only the latest requests.` : `Could not load it: ${e.message}` }));
      $('detail-bodies').replaceChildren();
    }
  }

  const DETAIL_FIELDS = [
    ['id', 'Request id'], ['time', 'Time', fmtTime], ['key', 'Key'], ['api', 'API'], ['route', 'Route'],
    ['requested_model', 'Requested model'], ['provider', 'Provider'], ['model', 'Model'],
    ['stream', 'Streamed', (v) => (v ? 'yes' : 'no')], ['attempts', 'Attempts'], ['status', 'HTTP status'], ['outcome', 'Outcome'],
    ['latency_ms', 'Latency', fmtMs], ['ttft_ms', 'Time to first token', fmtMs], ['upstream_ms', 'Upstream time', fmtMs],
    ['overhead_ms', 'Gateway overhead', fmtMs], ['input_tokens', 'Input tokens', fmtTokens],
    ['output_tokens', 'Output tokens', fmtTokens], ['usage_estimated', 'Usage estimated', (v) => (v ? 'yes' : 'no')],
    ['cost_usd', 'Cost', fmtUsd], ['error', 'Error'], ['trace_id', 'Trace id'],
  ];

  function showDetail(r) {
    const panel = $('detail');
    show(panel, true);
    setText('detail-title', `Request ${r.id ?? ''}`);
    $('detail-fields').replaceChildren(...DETAIL_FIELDS.filter(([k]) => k in r && !(r[k] === null && k !== 'error'))
      .flatMap(([k, label, format]) => [el('dt', { text: label }),
        el('dd', { 'data-field': k, class: k === 'id' || k === 'trace_id' ? 'mono' : null,
          text: r[k] === null ? '—' : format ? format(r[k]) : String(r[k]) })]));
    const bodies = $('detail-bodies');
    bodies.replaceChildren();
    if (r.bodies && typeof r.bodies === 'object') {
      for (const [which, value] of Object.entries(r.bodies)) {
        bodies.append(el('h3', { text: which === 'request' ? 'Request body' : which === 'response' ? 'Response body' : which }),
          el('pre', { tabindex: '0', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }));
      }
    }
    panel.focus();
  }

  // ---------------------------------------------------------------- prettifier

  let prettifierLoadedAt = 0;
  let prettifier = null;

  async function loadPrettifier({ quiet = false } = {}) {
    prettifierLoadedAt = Date.now();
    try {
      prettifier = await api('/api/prettifier/status');
      renderPrettifier(prettifier);
      if (!quiet) setText('prettifier-status', '');
    } catch (e) {
      setText('prettifier-status', `Could not load the prettifier status: ${e.message}`);
    }
  }

  async function savePrettifier(change, what) {
    setText('prettifier-status', `Saving ${what}…`);
    try {
      await api('/api/prettifier/config', { method: 'POST', body: change });
      setText('prettifier-status', `Saved ${what}.`);
      await loadPrettifier({ quiet: true });
    } catch (e) {
      setText('prettifier-status', `Not saved (${what}): ${e.message}`);
      await loadPrettifier({ quiet: true }); // show what is really in force
    }
  }

  $('pz-enabled').addEventListener('change', (e) => savePrettifier({ enabled: e.target.checked }, 'prettifier on/off'));
  $('pz-format').addEventListener('change', (e) => savePrettifier({ output_format: e.target.value }, 'default output format'));
  $('pz-holdback-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = Number($('pz-holdback').value);
    if (!Number.isInteger(value) || value < 256 || value > 1048576) {
      setText('prettifier-status', 'The hold-back must be a whole number from 256 to 1048576 characters.');
      return;
    }
    savePrettifier({ streaming: { max_hold_back_chars: value } }, 'stream hold-back');
  });

  function formatSelect(id, value, onChange) {
    const select = el('select', { id }, OUTPUT_FORMATS.map((f) => el('option', { value: f, text: f })));
    select.value = value;
    select.addEventListener('change', () => onChange(select.value));
    return select;
  }

  function renderPrettifier(status) {
    if (document.activeElement?.closest?.('#view-prettifier select, #view-prettifier input, #pz-providers details')) {
      // do not pull a control away from under the keyboard; the values are refreshed on the next load
      if (document.activeElement.id !== 'pz-holdback') setControls(status, false);
    } else {
      setControls(status, true);
    }
    const perf = status.performance || {};
    $('pz-perf').replaceChildren(...[
      ['Answers prettified', fmtInt(perf.answers_prettified)],
      ['With rescued calls', fmtInt(perf.answers_with_extracted_calls)],
      ['Average time', fmtMs(perf.average_ms)],
      ['p99 time', fmtMs(perf.p99_ms)],
      ['Success rate', fmtPct(perf.success_rate)],
      ['Version', status.version ?? '—'],
    ].map(([label, value]) => el('div', { class: 'stat' }, el('span', { class: 'label', text: label }), el('span', { class: 'value', text: value }))));
    const fromSnapshot = lastSnapshot?.prettifier?.extractions;
    renderDialects(fromSnapshot && Object.keys(fromSnapshot).length ? fromSnapshot : perf.extractions_by_dialect || {});
  }

  function setControls(status, rebuildTable) {
    $('pz-enabled').checked = Boolean(status.enabled);
    $('pz-format').value = status.output_format ?? 'json';
    if (document.activeElement?.id !== 'pz-holdback') $('pz-holdback').value = status.streaming?.max_hold_back_chars ?? '';
    if (!rebuildTable) return;
    const body = $('pz-providers').querySelector('tbody');
    const providers = Object.entries(status.providers || {})
      .sort(([, a], [, b]) => Number(Boolean(b.provider_enabled)) - Number(Boolean(a.provider_enabled)));
    body.replaceChildren(...providers.map(([name, p]) => {
      const enabled = el('input', { type: 'checkbox', id: `pz-on-${name}`, 'data-provider': name });
      enabled.checked = Boolean(p.enabled);
      enabled.addEventListener('change', () => savePrettifier({ providers: { [name]: { enabled: enabled.checked } } }, `prettifying for ${name}`));
      const select = formatSelect(`pz-format-${name}`, p.output_format ?? status.output_format,
        (value) => savePrettifier({ providers: { [name]: { output_format: value } } }, `output format of ${name}`));
      select.dataset.provider = name;
      return el('tr', { 'data-provider': name },
        el('th', { scope: 'row' }, name, p.provider_enabled ? null : el('span', { class: 'muted', text: ' (provider disabled)' })),
        el('td', {}, el('label', { class: 'check' }, enabled, el('span', { class: 'visually-hidden', text: `Prettify answers of ${name}` }), 'on')),
        el('td', {}, el('label', { class: 'visually-hidden', for: select.id, text: `Output format of ${name}` }), select),
        el('td', {}, dialectChooser(name, status.format_preferences?.[name])));
    }));
  }

  /** Which text dialects the prettifier tries for one provider, in order. */
  function dialectChooser(name, pref) {
    const available = pref?.available || [];
    const chosen = new Set(pref?.default || available);
    const summary = el('summary', { text: chosen.size === available.length ? `all ${available.length}` : `${chosen.size} of ${available.length}` });
    const boxes = available.map((id) => {
      const box = el('input', { type: 'checkbox', value: id });
      box.checked = chosen.has(id);
      return el('label', { class: 'check' }, box, id);
    });
    const save = el('button', { type: 'button', class: 'secondary', text: 'Save dialects' });
    save.addEventListener('click', () => {
      const ids = boxes.map((l) => l.querySelector('input')).filter((b) => b.checked).map((b) => b.value);
      if (!ids.length) { setText('prettifier-status', `Choose at least one dialect for ${name}.`); return; }
      savePrettifier({ format_preferences: { [name]: ids } }, `dialects of ${name}`);
    });
    return el('details', { class: 'dialects' }, summary, el('fieldset', {},
      el('legend', { class: 'visually-hidden', text: `Dialects tried for ${name}` }), boxes, save));
  }

  // ---------------------------------------------------------------- go

  start();
})();
