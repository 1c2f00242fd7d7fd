// share.js: the map page's "share, print and cite" section. It offers the
// current view as an image (PNG drawn from /api/map.svg in a canvas, or the
// SVG itself), as an <iframe> snippet of /embed, as a citation with the data
// date and the dataset version, and a print button; it also writes the
// address and date that print under the page. The view is read from the
// page's state (app.js) through view(): { province, sel, year, metric, date };
// the image and the embed are coloured by the page's metric, drawn by the
// server with the page's colours and legend.
import { formatDate } from './dates.js';
import { lang, t } from './i18n.js';
import { metric } from './metrics.js';

const $ = (id) => document.getElementById(id);

/** viewQuery is the query of /embed and /api/map.svg for view v. */
function viewQuery(v) {
  const q = new URLSearchParams();
  if (v.metric && v.metric !== 'stage') q.set('metric', v.metric); // the stage is the default
  if (v.province) q.set('province', v.province);
  if (v.year) q.set('year', String(v.year));
  if (v.sel) q.set('sel', v.sel);
  if (v.date) q.set('date', v.date); // the view of a past day (timeline.js)
  if (lang() !== 'nl') q.set('lang', lang());
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** escapeAttr makes text safe inside a double-quoted HTML attribute. */
const escapeAttr = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** copyText puts text on the clipboard; false when the browser refused. */
async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard access (an older browser, or no permission): select the
    // text so the user can copy it, and try the old way.
    if (field) {
      field.focus();
      if (field.select) field.select();
      else window.getSelection()?.selectAllChildren(field);
    }
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** newestRelease is the version of the newest dataset release, or ''. */
let releaseP = null;
function newestRelease() {
  releaseP ??= fetch('/api/releases').then((r) => (r.ok ? r.json() : [])).then((list) => list[0]?.version ?? '').catch(() => '');
  return releaseP;
}

/** pngOf draws the SVG at url into a canvas twice its size and returns a PNG blob. */
async function pngOf(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const svg = await res.text();
  const img = new Image();
  // A data: URL: the page's CSP allows img-src data:, and the canvas stays clean.
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth * scale;
  canvas.height = img.naturalHeight * scale;
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/png'));
}

function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.className = 'visually-hidden';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** isoDate writes a Date as YYYY-MM-DD in local time. */
function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** writtenDate writes an ISO date as in running text (dates.js: "3 december 2026"). */
const writtenDate = (iso) => formatDate(iso);

/**
 * createShare wires the section. view() returns the current view, items()
 * the loaded municipalities (for the newest source date); announce speaks
 * through the page's live region.
 */
export function createShare({ view, items, announce }) {
  const embed = $('embed-code');
  const cite = $('cite-text');
  let version = '';
  let loaded = false; // the drawing for paper may be fetched (printing started once: loadDrawing)
  const printMap = $('print-map');

  // The drawing replaces the map on paper only once it has arrived: until
  // then (and while a new view's drawing loads) the map prints as shown.
  function syncPrintMap() {
    const ready = loaded && printMap.complete && printMap.naturalWidth > 0 && printMap.getAttribute('src') === printMap.dataset.src;
    document.body.classList.toggle('print-svg', ready);
  }
  printMap.addEventListener('load', syncPrintMap);
  printMap.addEventListener('error', syncPrintMap);

  /**
   * loadDrawing fetches the drawing for paper (30 kB, no part of the first
   * view) and resolves when it is shown or has failed, at most after 5 s.
   */
  function loadDrawing() {
    update();
    loaded = true;
    if (printMap.dataset.src && printMap.getAttribute('src') !== printMap.dataset.src) printMap.src = printMap.dataset.src;
    const done = printMap.decode().catch(() => {});
    return Promise.race([done, new Promise((r) => setTimeout(r, 5000))]).then(syncPrintMap);
  }

  /** printView prints once the drawing for paper is there. */
  async function printView() {
    await loadDrawing();
    window.print();
  }

  function dataDate() {
    let newest = '';
    for (const it of items()) {
      const d = it.source_date ?? it.assessed_on ?? '';
      if (d > newest) newest = d;
    }
    return newest.slice(0, 10);
  }

  function update() {
    const v = view();
    const q = viewQuery(v);
    const base = location.origin;
    const what = metric(v.metric || 'stage').label;
    embed.value = `<iframe src="${base}/embed${q}" title="${escapeAttr(t('embedTitle', what))}" width="100%" height="720" style="border:0" loading="lazy"></iframe>`;
    const svg = $('share-svg');
    svg.href = `/api/map.svg${q}`;
    const date = dataDate();
    const parts = [`Netwerk Inclusieve Gemeenten (${(date || isoDate(new Date())).slice(0, 4)}). ${t('citeMap')}`];
    if (date) parts.push(t('citeData', formatDate(date)));
    if (version) parts.push(t('citeVersion', version)); // only a release is a dataset version
    cite.textContent = `${parts.join(', ')}. ${location.href}. ${t('citeLicence')}.`;
    // On paper the map is the server's drawing of the view, with its legend,
    // coloured by the page's metric (app.css: body.print-svg, set by
    // syncPrintMap once the drawing has arrived).
    printMap.alt = t('printMapAlt', what);
    const drawing = svg.getAttribute('href');
    if (printMap.dataset.src !== drawing) {
      printMap.dataset.src = drawing;
      if (loaded) printMap.src = drawing;
    }
    syncPrintMap();
    const meta = $('print-meta');
    meta.textContent = `${t('printPage')} ${location.href} · ${t('printDate')} ${writtenDate(isoDate(new Date()))}`;
  }

  $('share-print').addEventListener('click', printView);
  // Ctrl+P (Cmd+P) waits for the drawing too; printing from the browser's
  // menu fetches it as printing starts and prints the map as shown until it
  // has arrived.
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'p') {
      e.preventDefault();
      printView();
    }
  });
  window.addEventListener('beforeprint', () => loadDrawing());
  matchMedia('print').addEventListener('change', (e) => { if (e.matches) loadDrawing(); });
  $('share-png').addEventListener('click', async () => {
    try {
      const v = view();
      const blob = await pngOf(`/api/map.svg${viewQuery(v)}`);
      save(blob, `inclusiekaart${v.metric && v.metric !== 'stage' ? `-${v.metric}` : ''}${v.province ? `-${v.province}` : ''}${v.sel ? `-${v.sel}` : ''}.png`);
      announce(t('sharePNGDone'));
    } catch (err) {
      console.warn('inclusiekaart: png:', err);
      announce(t('sharePNGFailed'));
    }
  });
  $('embed-copy').addEventListener('click', async () => announce((await copyText(embed.value, embed)) ? t('copied') : t('copyFailed')));
  $('cite-copy').addEventListener('click', async () => announce((await copyText(cite.textContent, cite)) ? t('copied') : t('copyFailed')));
  newestRelease().then((v) => {
    version = v;
    update();
  });
  update();
  return { update };
}
