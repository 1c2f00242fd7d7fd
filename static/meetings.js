// meetings.js: the network's meetings on the map (a toggle; each marker is a
// keyboard-reachable button that names the meeting) and the network near a
// municipality in its detail panel (member count, never names; meetings).
import { h } from './dom.js';
import { lang } from './i18n.js';
import { formatDate } from './dates.js';

const TEXT = {
  nl: {
    show: 'Bijeenkomsten op de kaart', shown: (n) => `${n} bijeenkomsten staan op de kaart. Gebruik Tab om ze te bereiken.`, hidden: 'Bijeenkomsten verborgen.',
    none: 'Er staan geen komende bijeenkomsten met een plaats op de kaart.', marker: (p) => `Bijeenkomst: ${p.title}, ${formatDate(p.date, 'nl')}${p.start_time ? ' ' + p.start_time : ''}${p.place ? ', ' + p.place : ''}`,
    open: 'Meer over deze bijeenkomst', heading: 'Netwerk in de buurt', members: (n) => `Leden van het netwerk in deze gemeente: ${n}`, noMeetings: 'Geen komende bijeenkomsten in de buurt.',
    all: 'Alle bijeenkomsten',
  },
  en: {
    show: 'Meetings on the map', shown: (n) => `${n} meetings are on the map. Use Tab to reach them.`, hidden: 'Meetings hidden.',
    none: 'No upcoming meetings with a place on the map.', marker: (p) => `Meeting: ${p.title}, ${formatDate(p.date, 'en')}${p.start_time ? ' ' + p.start_time : ''}${p.place ? ', ' + p.place : ''}`,
    open: 'More about this meeting', heading: 'Network nearby', members: (n) => `Members of the network in this municipality: ${n}`, noMeetings: 'No upcoming meetings nearby.',
    all: 'All meetings',
  },
};
const tx = () => TEXT[lang()] ?? TEXT.nl;

/**
 * createMeetingsLayer makes the meetings' marker layer on map; show(on) puts
 * it on the map (fetching the meetings each time it is turned on) or takes it
 * off, and says so through announce. The toggle button (#meetings-toggle)
 * belongs to app.js, which loads this module when it is first pressed.
 */
export function createMeetingsLayer(map, announce) {
  let layer = null;
  let turn = 0; // the newest show() call: an older fetch that ends later adds nothing
  async function show(on) {
    const id = ++turn;
    if (!on) {
      layer?.remove();
      layer = null;
      announce(tx().hidden);
      return;
    }
    if (!window.L) return;
    try {
      const res = await fetch('/api/meetings.geojson');
      const fc = await res.json();
      if (id !== turn) return;
      layer?.remove();
      layer = window.L.layerGroup();
      for (const f of fc.features) {
        const [lon, lat] = f.geometry.coordinates;
        const p = f.properties;
        const icon = window.L.divIcon({ className: 'meeting-marker', html: '<span aria-hidden="true">★</span>', iconSize: [32, 32] });
        const m = window.L.marker([lat, lon], { icon, keyboard: true, title: tx().marker(p), alt: tx().marker(p) });
        m.bindPopup(() => h('p', {}, h('strong', { text: p.title }), h('br'), `${formatDate(p.date)} ${p.start_time ?? ''}`, h('br'), h('a', { href: p.url, text: tx().open })));
        m.on('add', () => {
          const el = m.getElement();
          el.setAttribute('role', 'button');
          el.setAttribute('aria-label', tx().marker(p));
          el.addEventListener('focus', () => announce(tx().marker(p)));
        });
        layer.addLayer(m);
      }
      layer.addTo(map);
      announce(fc.features.length ? tx().shown(fc.features.length) : tx().none);
    } catch (err) {
      console.warn('meetings:', err);
    }
  }
  return { show };
}

/** networkSection is the detail panel's section on the network near code; it fills itself. */
export function networkSection(code) {
  const body = h('div', {});
  const section = h('section', { class: 'detail-section', 'aria-labelledby': 'detail-network-h' }, h('h3', { id: 'detail-network-h', text: tx().heading }), body);
  fetch(`/api/municipalities/${encodeURIComponent(code)}/network`).then((r) => (r.ok ? r.json() : null)).then((n) => {
    if (!n) return;
    body.append(h('p', { text: tx().members(n.members) }));
    if (!n.meetings.length) body.append(h('p', { text: tx().noMeetings }));
    else body.append(h('ul', {}, ...n.meetings.map((m) => h('li', {}, h('a', { href: `/bijeenkomsten/${m.id}`, text: `${m.title} (${formatDate(m.date)}${m.start_time ? ' ' + m.start_time : ''})` })))));
    body.append(h('p', {}, h('a', { href: '/bijeenkomsten', text: tx().all })));
  }).catch((err) => console.warn('network:', err));
  return section;
}
