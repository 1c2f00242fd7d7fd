// stakeholders-list.js: the text of the stakeholder page around the figure:
// the legend, the summary of a municipality's coverage, the description of
// one group (in the detail panel and in the list) and the structured list of
// every group by ring with the sources, which carries the same content as
// the figure for screen readers and print.

import { h } from './dom.js';
import { t, tx } from './i18n.js';
import { formatDate } from './dates.js';
import { STATUSES, STATUS_ICON, byID, category, isMunicipality, orderedGroups, shapeIcon, statusLabel, statusWord } from './stakeholders-groups.js';

const $ = (id) => document.getElementById(id);

function badge(status) {
  return h('span', { class: `sh-badge sh-badge-${status} sh-badge-static`, 'aria-hidden': 'true', text: STATUS_ICON[status] });
}

/** renderLegend lists the categories, the statuses (for a municipality) and the rings (in ring mode). */
export function renderLegend(doc, mode) {
  const box = $('sh-legend');
  box.replaceChildren(
    h('h3', { text: t('legendCategories') }),
    h('ul', { class: 'sh-legend-list' }, doc.categories.map((c) => h('li', {},
      h('span', { class: 'sh-legend-icon' }, shapeIcon(c, 20)), h('span', { text: tx(c.label) })))));
  if (isMunicipality(doc)) {
    box.append(h('h3', { text: t('legendStatus') }),
      h('ul', { class: 'sh-legend-list' }, STATUSES.map((s) => h('li', {}, badge(s), h('span', { text: statusLabel(s) })))));
  }
  if (mode === 'rings') {
    box.append(h('h3', { text: t('legendRings') }),
      h('ul', { class: 'sh-legend-rings' }, doc.rings.map((r) => h('li', {}, h('strong', { text: `${tx(r.label)}: ` }), tx(r.description)))));
  }
}

/** renderSummary writes the summary, the demo notice, the provenance, the title and the way back. */
export function renderSummary(doc) {
  const total = doc.groups.length;
  let text;
  if (!isMunicipality(doc)) text = t('summaryGeneric', total);
  // No group recorded: the count is unknown (the API says null), never "0 involved".
  else if (doc.involved == null || !doc.known) text = t('summaryNone', doc.name, total);
  else text = `${t('summary', doc.name, doc.involved, doc.total || total, (doc.total || total) - doc.known)}. ${t('assessedOn', formatDate(doc.assessed_on), doc.source)}`;
  $('sh-summary').textContent = text;
  const demo = $('sh-demo');
  demo.hidden = !(isMunicipality(doc) && doc.demo);
  demo.textContent = t('demo');
  let prov = tx(doc.provenance);
  if (doc.revision) prov += ` ${t('revision', doc.revision.version, doc.revision.recorded_at)}`;
  $('sh-provenance').textContent = prov;
  $('sh-title').textContent = tx(doc.title) || t('title');
  // The way back to the map keeps the municipality selected there.
  const back = isMunicipality(doc) ? `/?sel=${encodeURIComponent(doc.code)}` : '/';
  for (const a of document.querySelectorAll('#sh-back, #sh-back-footer')) a.href = back;
}

function stepsText(doc, g) {
  return g.route_steps.map((n) => {
    const step = (doc.route_steps || []).find((x) => x.step === n);
    return `${t('step', n)}${step ? `: ${tx(step.label)}` : ''}`;
  });
}

/** describe builds the description of a group (panel and list share it), with headings of level headingLevel. */
export function describe(doc, g, headingLevel) {
  const hx = `h${headingLevel}`;
  const facts = h('dl', { class: 'sh-facts' });
  const add = (term, value) => {
    if (value) facts.append(h('dt', { text: term }), h('dd', {}, value));
  };
  add(t('ring'), tx(byID(doc.rings, g.ring)?.label));
  add(t('quadrant'), tx(byID(doc.quadrants, g.quadrant)?.label));
  add(t('category'), tx(category(doc, g).label));
  if (isMunicipality(doc)) {
    add(t('status'), h('span', { class: `sh-status-text sh-status-text-${g.status}` }, badge(g.status), ` ${statusLabel(g.status)}`));
    if (g.evidence) {
      const safe = /^https?:\/\//i.test(g.evidence);
      add(t('evidence'), safe ? h('a', { href: g.evidence, rel: 'noopener noreferrer', text: g.evidence }) : g.evidence);
    }
    add(t('note'), g.note);
  }
  const frag = document.createDocumentFragment();
  frag.append(facts,
    h(hx, { text: t('why') }), h('p', { text: tx(g.why) }),
    h(hx, { text: t('how') }), h('p', { text: tx(g.how) }),
    h(hx, { text: t('steps') }), h('ul', { class: 'sh-steps' }, stepsText(doc, g).map((s) => h('li', { text: s }))),
    h('p', { class: 'sh-source' }, h('strong', { text: `${t('sources')}: ` }), g.sources.map((id) => tx(byID(doc.sources, id)?.label) || id).join('; ')));
  return frag;
}

/** renderList writes every group by ring, and the sources. */
export function renderList(doc) {
  const groups = orderedGroups(doc);
  $('sh-list-body').replaceChildren(...doc.rings.map((r) => h('section', { class: 'sh-list-ring', 'aria-labelledby': `sh-ring-${r.id}` },
    h('h3', { id: `sh-ring-${r.id}`, text: tx(r.label) }),
    h('p', { class: 'sh-ring-desc', text: tx(r.description) }),
    h('ul', { class: 'sh-list-groups' }, groups.filter((g) => g.ring === r.id).map((g) => h('li', { class: 'sh-list-group', 'data-group': g.id },
      h('h4', { id: `sh-item-${g.id}` },
        h('span', { class: 'sh-legend-icon' }, shapeIcon(category(doc, g), 18)),
        tx(g.name),
        isMunicipality(doc) ? h('span', { class: `sh-list-status sh-status-text-${g.status}` }, ` (${statusWord(g.status)})`) : null),
      describe(doc, g, 5)))))));
  $('sh-sources-list').replaceChildren(...doc.sources.map((src) => h('li', {},
    h('strong', { text: `${tx(src.label)}: ` }), tx(src.detail),
    src.url ? ' ' : null, src.url ? h('a', { href: src.url, text: src.url }) : null)));
}
