// bench/page-trace.mjs: where the first view's time goes, for the map page `/`
// and the bare Leaflet page of page-load.mjs. One traced run of each (after a
// warm-up), loopback, empty cache. Prints the request waterfall (start and end
// of every response, from navigation start) and the main thread's busy time by
// kind (script, style and layout, paint, parse, GC) before the first coloured
// view, every task over 3 ms with what it ran and the page's marks, and with
// --profile the sampled JavaScript self time by function (the sampling slows
// the page a lot: read it for proportions). A diagnosis, not a measurement:
// the figures are bench/page-load.mjs's. On `/` it traces up to the
// interactive map (Leaflet, #map[data-state="ready"]); the server's drawing
// that is the page's first coloured view comes with the first paint, before it.
//
//   node bench/page-trace.mjs [--page inclusiekaart|plain] [--profile] [--trace out.json]
//
// --trace writes Chromium's trace of each page (inclusiekaart-out.json, ...)
// for chrome://tracing or the DevTools performance panel.
import fs from 'node:fs';
import { startServer, launchBrowser } from '../tests/browser/harness.mjs';
import { plainServer } from './bare-page.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : fallback; };
const only = arg('--page', '');
const traceOut = arg('--trace', '');


const READY = {
  inclusiekaart: () => document.getElementById('map')?.dataset.state === 'ready' && document.querySelectorAll('path.municipality').length === 342 && performance.now(),
  'plain-leaflet': () => document.getElementById('map')?.dataset.state === 'ready' && document.querySelectorAll('path.leaflet-interactive').length >= 342 && performance.now(),
};

const app = await startServer({ demo: true });
const plain = await plainServer();
const browser = await launchBrowser();
try {
  for (const [name, url, ready] of [['inclusiekaart', `${app.url}/`, READY.inclusiekaart], ['plain', plain.url, READY['plain-leaflet']]]) {
    if (only && only !== name) continue;
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const traced = i === 1;
      if (traced) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading'].concat(process.argv.includes('--profile') ? ['disabled-by-default-v8.cpu_profiler'] : []) });
      await page.goto(url, { waitUntil: 'commit' });
      const ms = await page.waitForFunction(ready, null, { timeout: 120_000, polling: 'raf' }).then((h) => h.jsonValue());
      const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]));
      const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0]; return { responseEnd: n.responseEnd, domInteractive: n.domInteractive, dcl: n.domContentLoadedEventEnd }; });
      if (!traced) { await context.close(); continue; }
      const buf = await browser.stopTracing();
      if (traceOut) fs.writeFileSync(`${name}-${traceOut}`, buf);
      const events = JSON.parse(buf.toString()).traceEvents;
      // navigationStart in trace µs
      const navEv = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.startsWith(url)) ?? events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame);
      const t0 = navEv.ts;
      const rel = (ts) => Math.round((ts - t0) / 1000);
      // Requests: CDP timestamps are seconds, monotonic like trace µs/1e6.
      console.log(`\n== ${name}: ready at ${Math.round(ms)} ms; HTML responseEnd ${Math.round(nav.responseEnd)}, domInteractive ${Math.round(nav.domInteractive)}, DCL end ${Math.round(nav.dcl)}`);
      if (marks.length) console.log('marks:', marks.map(([n, t]) => `${n}@${t}`).join(' '));
      console.log('requests (sent → response → done, ms from navigation start; from the trace):');
      const rq = new Map();
      for (const e of events) {
        const d = e.args?.data;
        if (!d?.requestId || (e.name === 'ResourceSendRequest' && !/^https?:/.test(d.url))) continue;
        if (e.name === 'ResourceSendRequest') rq.set(d.requestId, { url: d.url.replace(/^https?:\/\/[^/]+/, ''), start: rel(e.ts), prio: d.priority });
        const r = rq.get(d.requestId);
        if (!r) continue;
        if (e.name === 'ResourceReceiveResponse') r.resp = rel(e.ts);
        if (e.name === 'ResourceFinish') r.end = rel(e.ts);
      }
      for (const r of [...rq.values()].sort((a, b) => a.start - b.start)) {
        const s = (x) => String(x ?? '-').padStart(5);
        console.log(`  ${s(r.start)} ${s(r.resp)} ${s(r.end)}  ${(r.prio ?? '').padEnd(8)} ${r.url.slice(0, 70)}`);
      }
      // Main thread: top-level tasks of the renderer main thread before ready.
      const rendererMain = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url?.startsWith(url));
      const onMain = events.filter((e) => e.pid === rendererMain.pid && e.tid === rendererMain.tid && e.ph === 'X' && e.ts >= t0 && rel(e.ts) <= ms);
      const kinds = {
        script: ['EvaluateScript', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.compile', 'XHRReadyStateChange', 'RunMicrotasks', 'v8.produceModuleCache', 'ModuleEvaluate'],
        parseHTML: ['ParseHTML'], style: ['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet'], layout: ['Layout', 'UpdateLayerTree', 'PrePaint'], paint: ['Paint', 'PaintImage', 'CompositeLayers', 'Commit', 'RasterTask', 'Layerize'], gc: ['MinorGC', 'MajorGC', 'V8.GCScavenger', 'V8.GC_MC_BACKGROUND'],
      };
      // Self time per event name, nested X events.
      const self = new Map();
      const sorted = onMain.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      const stack = [];
      for (const e of sorted) {
        while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
        if (stack.length) { const p = stack[stack.length - 1]; self.set(p, (self.get(p) ?? p.dur) - e.dur); }
        self.set(e, self.get(e) ?? e.dur);
        stack.push(e);
      }
      const byKind = {}; const byName = {};
      for (const [e, d] of self) {
        if (d <= 0) continue;
        const k = Object.entries(kinds).find(([, ns]) => ns.includes(e.name))?.[0] ?? 'other';
        byKind[k] = (byKind[k] ?? 0) + d / 1000;
        byName[e.name] = (byName[e.name] ?? 0) + d / 1000;
      }
      const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
      const busy = tasks.reduce((n, e) => n + e.dur / 1000, 0);
      console.log(`main thread busy before ready: ${Math.round(busy)} ms of ${Math.round(ms)}; self time by kind: ${Object.entries(byKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
      console.log(`by event: ${Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
      const long = tasks.filter((e) => e.dur > 3000).sort((a, b) => a.ts - b.ts);
      console.log('tasks > 3 ms (start, duration, what):');
      for (const tsk of long) {
        const inner = onMain.filter((e) => e !== tsk && e.ts >= tsk.ts && e.ts + e.dur <= tsk.ts + tsk.dur && e.dur > 1500 && e.name !== 'RunTask');
        const what = inner.slice(0, 8).map((e) => `${e.name}${e.args?.data?.url ? ' ' + e.args.data.url.replace(/^https?:\/\/[^/]+/, '') : ''}${e.args?.data?.functionName ? ' ' + e.args.data.functionName : ''}${e.args?.fileName ? ' ' + e.args.fileName.replace(/^https?:\/\/[^/]+/, '') : ''} ${Math.round(e.dur / 1000)}`).join('; ');
        const um = events.filter((e) => e.cat?.includes('blink.user_timing') && e.ts >= tsk.ts && e.ts <= tsk.ts + tsk.dur).map((e) => e.name);
        console.log(`  ${String(rel(tsk.ts)).padStart(5)} ${String(Math.round(tsk.dur / 1000)).padStart(4)}  ${what}${um.length ? `  [marks: ${[...new Set(um)].join(', ')}]` : ''}`);
      }
      // JavaScript by function (self time, sampled), before ready.
      const nodes = new Map(); let tsCur = null; const selfMs = new Map();
      for (const e of events.filter((x) => x.pid === rendererMain.pid && (x.name === 'Profile' || x.name === 'ProfileChunk'))) {
        if (e.name === 'Profile') { tsCur = e.args.data.startTime; continue; }
        const cp = e.args.data.cpuProfile ?? {};
        for (const n of cp.nodes ?? []) nodes.set(n.id, n);
        const deltas = e.args.data.timeDeltas ?? [];
        (cp.samples ?? []).forEach((id, i) => {
          tsCur += deltas[i];
          if (tsCur < t0 || rel(tsCur) > ms) return;
          const n = nodes.get(id); const cf = n?.callFrame ?? {};
          const key = `${cf.functionName || '(anon)'} ${(cf.url ?? '').replace(/^https?:\/\/[^/]+/, '')}:${cf.lineNumber ?? ''}`;
          selfMs.set(key, (selfMs.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i]) / 1000);
        });
      }
      const byFile = new Map();
      for (const [k, v] of selfMs) { const f = k.split(' ')[1]?.split(':')[0] || '(native)'; byFile.set(f, (byFile.get(f) ?? 0) + v); }
      console.log(`JS self time by file: ${[...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k || '(native)'} ${Math.round(v)}`).join(', ')}`);
      console.log('top functions (self ms):');
      for (const [k, v] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(6)}  ${k}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  plain.stop();
  await app.stop();
}
