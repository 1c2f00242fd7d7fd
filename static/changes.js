// changes.js: the "changes" view of the map page: the municipalities whose
// stage of the local inclusion agenda moved up or down in a period (the last
// twelve months unless the visitor chose two dates), newest first, with the
// stages from and to, the day and the source, as a table with a caption, a
// spoken summary and a CSV download of the same list (GET /api/changes.csv).

import { fetchChanges } from './api.js';
import { h } from './dom.js';
import { levelLabel } from './framework.js';
import { t } from './i18n.js';
import { formatLongDate, isISODate } from './timeline.js';

/** stageText is "3 LIA in ontwikkeling": the stage and its label in the page's language. */
function stageText(n) {
  const label = levelLabel('stage', n);
  return label ? `${n} ${label}` : String(n);
}

/**
 * createChangesView draws the view into body. ctx: open(code) opens a
 * municipality's details; onPeriod(since, until) stores a chosen period
 * ('' = the default) in the page state and URL; nameOf(code) names a code
 * the page knows. Returns {render({since, until}, range)}: range is
 * /api/timeline's {first_date, today} for the inputs' limits.
 */
export function createChangesView(body, ctx) {
  let request = 0;
  let period = { since: '', until: '' };
  let range = null;

  function form(shown) {
    const since = h('input', { type: 'date', id: 'changes-since', name: 'since', value: shown.since, required: true });
    const until = h('input', { type: 'date', id: 'changes-until', name: 'until', value: shown.until, required: true });
    if (range?.today) {
      since.max = range.today;
      until.max = range.today;
    }
    const error = h('p', { id: 'changes-error', class: 'field-error', hidden: true });
    const f = h('form', { class: 'changes-period', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'changes-since', text: t('changesSince') }), since),
      h('div', { class: 'field' }, h('label', { for: 'changes-until', text: t('changesUntil') }), until),
      h('button', { type: 'submit', class: 'button primary', text: t('changesShow') }),
      error);
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      const s = since.value;
      const u = until.value;
      const bad = !isISODate(s) || !isISODate(u) || s > u || (range?.today && u > range.today);
      error.hidden = !bad;
      for (const el of [since, until]) {
        if (bad) {
          el.setAttribute('aria-invalid', 'true');
          el.setAttribute('aria-describedby', 'changes-error');
        } else {
          el.removeAttribute('aria-invalid');
          el.removeAttribute('aria-describedby');
        }
      }
      if (bad) {
        error.textContent = range?.today ? t('timeDateOutOfRange', formatLongDate(range.first_date || s), formatLongDate(range.today)) : t('changesError');
        since.focus();
        return;
      }
      ctx.onPeriod(s, u);
    });
    return f;
  }

  function row(c) {
    const name = c.successor_code
      ? h('span', {}, c.name, h('span', { class: 'muted small' }, ` (${t('changesFormer', ctx.nameOf(c.successor_code) ?? c.successor_code)})`))
      : h('button', { type: 'button', class: 'link-button', onclick: () => ctx.open(c.code) }, c.name);
    const up = c.direction === 'up';
    const source = c.evidence && /^https?:\/\//.test(c.evidence)
      ? h('a', { href: c.evidence, class: 'evidence-link', rel: 'noopener' }, c.source)
      : h('span', { text: c.source });
    return h('tr', { dataset: { code: c.code, direction: c.direction } },
      h('td', { class: 'date' }, h('time', { datetime: c.date, text: formatLongDate(c.date) })),
      h('th', { scope: 'row' }, name),
      h('td', { text: c.province_name ?? t('unknown') }),
      h('td', { text: stageText(c.from_stage) }),
      h('td', { text: stageText(c.to_stage) }),
      h('td', { class: `direction direction-${c.direction}` }, h('span', { 'aria-hidden': 'true', text: up ? '▲ ' : '▼ ' }), up ? t('changesUp') : t('changesDown')),
      h('td', {}, source, c.demo ? h('span', { class: 'badge badge-demo', text: ` ${t('changesDemo')}` }) : null));
  }

  function draw(data) {
    const since = formatLongDate(data.since);
    const until = formatLongDate(data.until);
    const up = data.changes.filter((c) => c.direction === 'up').length;
    const status = h('p', { id: 'changes-status', class: 'changes-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const csv = h('a', { class: 'button', id: 'changes-download', href: `/api/changes.csv?since=${data.since}&until=${data.until}`, download: '' }, t('changesDownload'));
    const parts = [h('p', { class: 'hint', text: t('changesIntro') }), form(data), status];
    if (data.changes.length) {
      const cols = ['changesDateCol', 'nameCol', 'provinceCol', 'changesFromCol', 'changesToCol', 'changesDirectionCol', 'changesSourceCol'];
      const table = h('table', { class: 'data changes-table', id: 'changes-table' },
        h('caption', { text: t('changesCaption', since, until) }),
        h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', text: t(k) })))),
        h('tbody', {}, data.changes.map(row)));
      parts.push(h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'changes-heading', tabindex: '0' }, table));
      parts.push(h('p', { class: 'downloads' }, csv));
    }
    body.replaceChildren(...parts);
    // Written after the region is in the page, so screen readers announce it.
    setTimeout(() => {
      status.textContent = data.changes.length
        ? t('changesSummary', data.changes.length, up, data.changes.length - up, since, until)
        : t('changesNone', since, until);
    }, 50);
  }

  return {
    async render(p, r) {
      period = { since: p.since || '', until: p.until || '' };
      if (r) range = r;
      const id = ++request;
      if (!body.firstChild) body.replaceChildren(h('p', { class: 'muted', text: t('changesLoading') }));
      try {
        const data = await fetchChanges(period.since, period.until);
        if (id !== request) return;
        draw(data);
      } catch (err) {
        if (id !== request) return;
        console.warn('inclusiekaart: changes:', err);
        body.replaceChildren(form({ since: period.since, until: period.until }), h('p', { class: 'map-error', role: 'alert', text: t('changesError') }));
      }
    },
  };
}
