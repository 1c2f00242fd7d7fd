// timeline.js: the time view of the map page. The date control shows every
// municipality's status as it was on a chosen day (with that day's
// boundaries); the history player steps or plays through the years on the
// map and announces the day shown. Playing is never automatic, and when the
// device asks for reduced motion there is no Play button at all: only the
// manual steps. The date lives in the URL (?date=YYYY-MM-DD, absent =
// today), like the period of the changes view (?since=&until=). app.js owns
// the page state and loads the data; this module draws the controls and
// reports what the visitor chose.

import { formatDate } from './dates.js';
import { h } from './dom.js';
import { lang, onLanguageChange, t } from './i18n.js';

/** STEP_MS is how long the player shows each step while playing. */
const STEP_MS = 1800;

/** isISODate reports whether v is a real calendar day written YYYY-MM-DD. */
export function isISODate(v) {
  if (typeof v !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** formatLongDate writes an ISO day as text: the page's one date format (dates.js). */
export function formatLongDate(iso) {
  return isISODate(iso) ? formatDate(iso) : iso ?? '';
}

/** readTimeURL reads date, since and until from URLSearchParams q; malformed days are dropped. */
export function readTimeURL(q) {
  const day = (name) => (isISODate(q.get(name)) ? q.get(name) : '');
  return { date: day('date'), since: day('since'), until: day('until') };
}

/** writeTimeURL puts the time view's state ({date, since, until, view}) into URLSearchParams q. */
export function writeTimeURL(q, { date, since, until, view }) {
  if (date) q.set('date', date);
  if (view === 'changes') {
    if (since) q.set('since', since);
    if (until) q.set('until', until);
  }
}

/**
 * yearSteps returns the days the player steps through: the last day of each
 * year from the year of the first assessment up to last year, then today.
 */
export function yearSteps(range) {
  if (!range?.first_date || !range?.today) return [];
  const first = Number(range.first_date.slice(0, 4));
  const last = Number(range.today.slice(0, 4));
  const out = [];
  for (let y = first; y < last; y++) out.push(`${y}-12-31`);
  if (out[out.length - 1] !== range.today) out.push(range.today);
  return out;
}

/**
 * createDateControl fills the element field with a labelled native date
 * input (min: the first assessment, max: today), a hint with the boundary
 * year and a "back to today" button. onChange(date) runs with the chosen day
 * ('' for today). Returns {setRange(range), show(date, year), input}.
 */
export function createDateControl(field, { onChange }) {
  const input = h('input', { type: 'date', id: 'view-date', 'aria-describedby': 'view-date-hint', disabled: true });
  const label = h('label', { for: 'view-date' });
  const hint = h('p', { id: 'view-date-hint', class: 'field-hint' });
  const error = h('p', { id: 'view-date-error', class: 'field-error', hidden: true });
  const back = h('button', { type: 'button', id: 'view-date-today', class: 'button', hidden: true });
  field.replaceChildren(label, input, hint, error, back);
  let range = null;
  let date = '';
  let year = 0;

  function render() {
    label.textContent = t('timeDateLabel');
    back.textContent = t('timeToday');
    // Nothing until the range is known (the page does not know yet whether there are assessments).
    if (!range) hint.textContent = '';
    else hint.textContent = range.first_date ? t('timeDateHint', formatLongDate(range.first_date), year || range.years?.[0] || '') : t('timeDateNone');
    if (!error.hidden && range) error.textContent = t('timeDateOutOfRange', formatLongDate(range.first_date), formatLongDate(range.today));
    back.hidden = !date;
  }

  function setError(on) {
    error.hidden = !on;
    if (on) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', on ? 'view-date-error view-date-hint' : 'view-date-hint');
    render();
  }

  input.addEventListener('change', () => {
    const v = input.value;
    if (!v) {
      setError(false);
      onChange('');
      return;
    }
    if (!range?.first_date || !isISODate(v) || v < range.first_date || v > range.today) {
      setError(true);
      return;
    }
    setError(false);
    onChange(v === range.today ? '' : v);
  });
  back.addEventListener('click', () => {
    setError(false);
    onChange('');
    input.focus();
  });
  onLanguageChange(render);
  render();

  return {
    input,
    setRange(r) {
      range = r;
      input.disabled = !r?.first_date;
      if (r?.first_date) {
        input.min = r.first_date;
        input.max = r.today;
      }
      input.value = date || r?.today || '';
      render();
    },
    /** show puts the day the page shows ('' = today) and its boundary year into the control. */
    show(d, y) {
      date = d;
      year = y;
      input.value = d || range?.today || '';
      setError(false);
    },
  };
}

/**
 * createPlayer fills the element box with the history player: a heading,
 * Previous step / Play-Pause / Next step and a live region that says which
 * day the map shows. go(date, {push, replace}) shows a day ('' = today):
 * a step is a new history entry, playing only replaces the address; it resolves
 * once the map shows it; current() is the day shown ('' = today).
 * Returns {setRange(range), shown(date, year), stop()}.
 */
export function createPlayer(box, { go, current }) {
  const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const heading = h('h3', { id: 'history-heading', class: 'history-heading' });
  const intro = h('p', { class: 'history-intro' });
  const prev = h('button', { type: 'button', id: 'history-prev', class: 'button' });
  const play = h('button', { type: 'button', id: 'history-play', class: 'button primary' });
  const next = h('button', { type: 'button', id: 'history-next', class: 'button' });
  const note = h('p', { id: 'history-motion-note', class: 'history-note', hidden: true });
  const status = h('p', { id: 'history-status', class: 'history-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  box.setAttribute('aria-labelledby', 'history-heading');
  box.replaceChildren(heading, intro, h('div', { class: 'history-buttons' }, prev, play, next), note, status);
  box.hidden = true; // until the range of dates is known

  let range = null;
  let steps = [];
  let playing = false;
  let timer = 0;
  let shownText = null; // () => the text of the status line

  const at = () => current() || range?.today || '';
  const nextStep = () => steps.find((d) => d > at()) ?? null;
  const prevStep = () => [...steps].reverse().find((d) => d < at()) ?? null;

  function render() {
    // Reduced motion stops playing wherever it is first seen: a render can
    // read the new media state before the media query's change event comes.
    if (motion.matches && playing) {
      playing = false;
      clearTimeout(timer);
    }
    heading.textContent = t('historyPlayerHeading');
    intro.textContent = t('historyIntro');
    prev.textContent = `◀ ${t('historyPrev')}`;
    next.textContent = `${t('historyNext')} ▶`;
    play.textContent = playing ? `⏸ ${t('historyPause')}` : `▶ ${t('historyPlay')}`;
    box.dataset.playing = String(playing); // for styles and tests
    note.textContent = t('historyMotionNote');
    // Reduced motion: no Play at all, only the manual steps.
    play.hidden = motion.matches;
    note.hidden = !motion.matches;
    prev.setAttribute('aria-disabled', String(!prevStep()));
    next.setAttribute('aria-disabled', String(!nextStep()));
    if (shownText) status.textContent = shownText();
  }

  function stop() {
    playing = false;
    clearTimeout(timer);
    render();
  }

  async function tick() {
    if (!playing) return;
    const d = nextStep();
    if (!d) {
      stop();
      return;
    }
    await go(d === range.today ? '' : d, { push: false, replace: true });
    if (!playing) return;
    if (!nextStep()) stop();
    else timer = setTimeout(tick, STEP_MS);
  }

  async function step(d) {
    stop();
    if (d) await go(d === range.today ? '' : d, { push: true });
  }

  prev.addEventListener('click', () => step(prevStep()));
  next.addEventListener('click', () => step(nextStep()));
  play.addEventListener('click', async () => {
    if (playing) {
      stop();
      return;
    }
    if (motion.matches || !steps.length) return;
    playing = true;
    render();
    if (!nextStep()) {
      // At today: play from the first step.
      await go(steps[0], { push: false, replace: true });
      if (playing) timer = setTimeout(tick, STEP_MS);
      return;
    }
    tick();
  });
  motion.addEventListener('change', () => {
    if (motion.matches) stop();
    render();
  });
  onLanguageChange(render);

  return {
    setRange(r) {
      range = r;
      steps = yearSteps(r);
      box.hidden = steps.length < 2;
      render();
    },
    /** shown announces the day the map now shows ('' = today) and its boundary year. */
    shown(d, year) {
      shownText = () => (d ? t('timeShowsDate', formatLongDate(d), year) : t('timeShowsToday', formatLongDate(range?.today ?? '')));
      render();
    },
    stop,
  };
}
