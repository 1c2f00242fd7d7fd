// bench/contributions-load.mjs: contributors saving drafts while readers load
// the map (issue 12's load acceptance).
//
//   node bench/contributions-load.mjs [--duration 60] [--contributors 50] [--readers 64] [--save-every-ms 1100]
//
// It builds nothing: it starts bin/inclusiekaart on a temp DB through the
// browser-test harness (boundaries from testdata/), then
//  1. creates one contributor account per municipality with the CLI
//     (`account create --codes GMxxxx`) and accepts each invitation over HTTP
//     (GET the form, POST the passphrase with the form token): the session
//     cookie and the form's CSRF token are then used for every save. Each
//     contributor connects from its own loopback address (127.0.0.2, .3, ...)
//     because the server limits invitations and sign-ins per client IP (10 a
//     minute); the whole 127/8 block is loopback on Linux.
//  2. baseline: R readers load the map layer and the list in a loop
//     (`/api/municipalities.geojson?zoom=7` and `/api/municipalities`,
//     alternately, gzip accepted) for D seconds, nobody writing;
//  3. load: the same readers for D seconds while C contributors each save a
//     draft (POST /bijdragen/{code}, action=draft) every --save-every-ms. The
//     server allows 60 saves a minute per account (then 429), so the default
//     1100 ms keeps each contributor at the limit without crossing it: every
//     429 counts as an error here;
//  4. checks every contributor's questionnaire shows its last acknowledged
//     save (stage, evidence link and note), i.e. no lost draft.
//
// Errors are any status other than the expected one (200 for reads, 303 to
// "?opgeslagen=concept" for saves), a body that is not the layer / list, or a
// network error. With any error or lost draft the script prints what went
// wrong instead of the figures and exits 1; when the reader p99 under load is
// more than twice the baseline it prints the figures and exits 2.
import http from 'node:http';
import zlib from 'node:zlib';
import { startServer, createAccount } from '../tests/browser/harness.mjs';

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}
const DURATION = arg('duration', 60) * 1000;
const CONTRIBUTORS = arg('contributors', 50);
const READERS = arg('readers', 64);
const SAVE_EVERY = arg('save-every-ms', 1100);
const PASSPHRASE = 'een lange wachtzin voor de meting';

const errors = [];
function fail(what) {
  if (errors.length < 1000) errors.push(what);
}

/** request sends one HTTP request and resolves to {status, headers, body (Buffer), ms}. */
function request(url, { method = 'GET', headers = {}, body = null, agent, localAddress } = {}) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, localAddress }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function cookies(res) {
  const out = {};
  for (const c of res.headers['set-cookie'] ?? []) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

function csrfOf(html) {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in the form');
  return m[1];
}

const form = (o) => new URLSearchParams(o).toString();

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** setupContributor creates an account for code, accepts its invitation and reads the form token. */
async function setupContributor(server, i, code) {
  const link = await createAccount(server, { name: `bench-${i}`, role: 'contributor', organisation: `gemeente ${code}`, position: 'beleidsmedewerker', codes: [code] });
  const localAddress = `127.0.0.${i + 2}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const page = await request(link, { agent, localAddress });
  if (page.status !== 200) throw new Error(`invitation ${i}: GET ${page.status}`);
  const formCookie = cookies(page).ik_form;
  const res = await request(link, {
    method: 'POST', agent, localAddress,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `ik_form=${formCookie}`, Origin: server.url },
    body: form({ csrf: csrfOf(page.body.toString()), passphrase: PASSPHRASE, confirm: PASSPHRASE }),
  });
  const session = cookies(res).ik_session;
  if (res.status !== 303 || !session) throw new Error(`invitation ${i}: POST ${res.status} ${res.body.toString().slice(0, 300)}`);
  const q = await request(`${server.url}/bijdragen/${code}`, { agent, localAddress, headers: { Cookie: `ik_session=${session}` } });
  if (q.status !== 200) throw new Error(`questionnaire ${code}: ${q.status}`);
  return { i, code, agent, localAddress, cookie: `ik_session=${session}`, csrf: csrfOf(q.body.toString()), acked: 0, saves: 0, ms: [] };
}

function draftOf(c, seq) {
  return { stage: String((seq % 6) + 1), evidence: `https://example.org/bench/${c.i}/${seq}`, note: `bench ${c.i} save ${seq}` };
}

async function contributorLoop(server, c, until) {
  let seq = 0;
  while (performance.now() < until) {
    const started = performance.now();
    seq++;
    const d = draftOf(c, seq);
    try {
      const res = await request(`${server.url}/bijdragen/${c.code}`, {
        method: 'POST', agent: c.agent, localAddress: c.localAddress,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: c.cookie, Origin: server.url },
        body: form({ csrf: c.csrf, action: 'draft', 'stage.value': d.stage, 'stage.evidence': d.evidence, 'stage.note': d.note }),
      });
      c.saves++;
      c.ms.push(res.ms);
      if (res.status === 303 && res.headers.location === `/bijdragen/${c.code}?opgeslagen=concept`) c.acked = seq;
      else fail(`save ${c.code} #${seq}: ${res.status} ${res.headers.location ?? ''} ${res.body.toString().slice(0, 200)}`);
    } catch (err) {
      fail(`save ${c.code} #${seq}: ${err.message}`);
    }
    const wait = SAVE_EVERY - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

/** reference reads the expected layer and list once: ETag and size of each. */
async function reference(server, agent) {
  const ref = {};
  for (const [key, path] of [['layer', '/api/municipalities.geojson?zoom=7'], ['list', '/api/municipalities']]) {
    const res = await request(`${server.url}${path}`, { agent, headers: { 'Accept-Encoding': 'gzip' } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    const body = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(res.body) : res.body;
    const json = JSON.parse(body);
    const n = key === 'layer' ? json.features?.length : json.length;
    if (!(n > 300)) throw new Error(`${path}: ${n} municipalities`);
    ref[key] = { path, etag: res.headers.etag ?? null, bytes: res.body.length, n, gzip: res.headers['content-encoding'] === 'gzip' };
  }
  return ref;
}

/** checkBody tells what is wrong with a reader's response, or null; every 25th body is decoded and parsed in full. */
function checkBody(res, ref, full) {
  if (res.status !== 200) return `status ${res.status}`;
  if (ref.etag && res.headers.etag !== ref.etag) return `ETag ${res.headers.etag} (expected ${ref.etag})`;
  if (res.body.length !== ref.bytes) return `${res.body.length} bytes (expected ${ref.bytes})`;
  if (full) {
    try {
      const json = JSON.parse(res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(res.body) : res.body);
      const n = Array.isArray(json) ? json.length : json.features?.length;
      if (n !== ref.n) return `${n} municipalities (expected ${ref.n})`;
    } catch (err) {
      return `body does not parse: ${err.message}`;
    }
  }
  return null;
}

async function readerLoop(server, agent, ref, until, out, r) {
  let k = r; // readers start on different resources
  while (performance.now() < until) {
    const which = k++ % 2 === 0 ? ref.layer : ref.list;
    try {
      const res = await request(`${server.url}${which.path}`, { agent, headers: { 'Accept-Encoding': 'gzip' } });
      out.push(res.ms);
      const wrong = checkBody(res, which, k % 25 === 0);
      if (wrong) fail(`read ${which.path}: ${wrong}`);
    } catch (err) {
      fail(`read ${which.path}: ${err.message}`);
    }
  }
}

async function readPhase(server, agent, ref, contributors) {
  const latencies = [];
  const until = performance.now() + DURATION;
  const t0 = performance.now();
  await Promise.all([
    ...Array.from({ length: READERS }, (_, r) => readerLoop(server, agent, ref, until, latencies, r)),
    ...contributors.map((c) => contributorLoop(server, c, until)),
  ]);
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { n: latencies.length, rps: latencies.length / secs, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) };
}

/** lostDrafts compares every questionnaire with the contributor's last acknowledged save. */
async function lostDrafts(server, contributors) {
  const lost = [];
  for (const c of contributors) {
    const res = await request(`${server.url}/bijdragen/${c.code}`, { agent: c.agent, localAddress: c.localAddress, headers: { Cookie: c.cookie } });
    const html = res.body.toString();
    if (res.status !== 200) {
      fail(`questionnaire ${c.code} after the run: ${res.status}`);
      continue;
    }
    if (c.acked === 0) {
      lost.push(`${c.code}: no save was acknowledged`);
      continue;
    }
    const d = draftOf(c, c.acked);
    const note = /<textarea id="f-stage-note"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1];
    const evidence = /id="f-stage-evidence" name="stage.evidence" value="([^"]*)"/.exec(html)?.[1];
    const stage = /id="f-stage-value-(\d)" name="stage.value" value="\d" checked/.exec(html)?.[1];
    if (note !== d.note || evidence !== d.evidence || stage !== d.stage) {
      lost.push(`${c.code}: shows stage ${stage}, ${evidence}, "${note}"; last saved #${c.acked}: stage ${d.stage}, ${d.evidence}, "${d.note}"`);
    }
  }
  return lost;
}

const ms = (x) => `${x.toFixed(1)} ms`;

async function main() {
  const server = await startServer();
  try {
    const list = await (await fetch(`${server.url}/api/municipalities`)).json();
    if (list.length < CONTRIBUTORS) throw new Error(`only ${list.length} municipalities`);
    // Spread over the list: a different municipality per contributor.
    const codes = Array.from({ length: CONTRIBUTORS }, (_, i) => list[Math.floor((i * list.length) / CONTRIBUTORS)].code);
    const t0 = performance.now();
    const contributors = [];
    for (let i = 0; i < CONTRIBUTORS; i++) contributors.push(await setupContributor(server, i, codes[i]));
    console.log(`${CONTRIBUTORS} contributors invited (CLI) and signed in (HTTP) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const agent = new http.Agent({ keepAlive: true, maxSockets: READERS });
    const ref = await reference(server, agent);
    console.log(`layer ${ref.layer.path}: ${ref.layer.bytes} bytes${ref.layer.gzip ? ' gzip' : ''}; list: ${ref.list.bytes} bytes${ref.list.gzip ? ' gzip' : ''}`);
    // Warm up (not measured), then the two phases of equal length.
    await Promise.all(Array.from({ length: READERS }, (_, r) => readerLoop(server, agent, ref, performance.now() + 2000, [], r)));
    console.log(`baseline: ${READERS} readers, ${DURATION / 1000} s ...`);
    const base = await readPhase(server, agent, ref, []);
    console.log(`load: ${READERS} readers + ${CONTRIBUTORS} contributors saving every ${SAVE_EVERY} ms, ${DURATION / 1000} s ...`);
    const load = await readPhase(server, agent, ref, contributors);
    const lost = await lostDrafts(server, contributors);

    if (errors.length || lost.length) {
      console.error(`REFUSED: ${errors.length} wrong responses, ${lost.length} lost drafts; no figures reported.`);
      for (const e of errors.slice(0, 20)) console.error(`  error: ${e}`);
      for (const l of lost.slice(0, 20)) console.error(`  lost: ${l}`);
      process.exitCode = 1;
      return;
    }
    const saveMs = contributors.flatMap((c) => c.ms).sort((a, b) => a - b);
    const saves = contributors.reduce((n, c) => n + c.saves, 0);
    const ratio = load.p99 / base.p99;
    console.log('');
    console.log(`readers (${READERS}), ${DURATION / 1000} s each    requests   req/s      p50        p99        max`);
    for (const [name, r] of [['baseline (readers only)', base], ['under load (+ saves)   ', load]]) {
      console.log(`  ${name}        ${String(r.n).padStart(8)} ${r.rps.toFixed(0).padStart(7)} ${ms(r.p50).padStart(10)} ${ms(r.p99).padStart(10)} ${ms(r.max).padStart(10)}`);
    }
    console.log(`draft saves: ${saves} (${(saves / (DURATION / 1000)).toFixed(1)}/s) by ${CONTRIBUTORS} contributors; p50 ${ms(percentile(saveMs, 50))}, p99 ${ms(percentile(saveMs, 99))}, max ${ms(saveMs.at(-1))}`);
    console.log(`errors: 0; lost drafts: 0 of ${CONTRIBUTORS}; reader p99 under load / baseline: ${ratio.toFixed(2)}x`);
    if (ratio > 2) {
      console.error('FAIL: the reader p99 more than doubled under load');
      process.exitCode = 2;
    }
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
