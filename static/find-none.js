// find-none.js: the visible "niets gevonden" message of the search, with the
// closest municipalities as buttons that open them. The live region of the
// search says the same text (search.js), so it is heard as well as seen.

import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * renderNotFound fills container with the message for query and a button per
 * suggested item (onPick(item) opens it), or hides it when query is empty.
 */
export function renderNotFound(container, query, items, onPick) {
  if (!query) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  const buttons = items.map((item) => h('li', {},
    h('button', { type: 'button', class: 'link-button', onclick: () => onPick(item) }, item.name)));
  container.replaceChildren(
    h('p', { class: 'search-none-text' }, h('strong', { text: t('searchNothingShort', query) })),
    items.length ? h('p', { class: 'search-none-suggest', text: t('searchDidYouMean') }) : null,
    items.length ? h('ul', { class: 'search-suggestions' }, buttons) : null);
  container.hidden = false;
}
