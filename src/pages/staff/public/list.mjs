// A live list of cards. A refetch redraws every card except one with an action form open, so nothing typed is lost.
import { el, tickDeadlines } from './ui.mjs';

export class CardList {
  /** `load()` → items; `card(item, list)` → the card's node (an `.item` with `data-id`). */
  constructor({ title, empty, load, card }) {
    this.load = load;
    this.card = card;
    this.empty = empty;
    this.count = el('span', { class: 'count' });
    this.list = el('ul', { class: 'items', 'aria-label': title });
    this.node = el('section', { class: 'list' }, el('h2', {}, title, this.count), this.list);
    this.open = null; // the id whose action form is open
  }

  async refresh() {
    const items = await this.load();
    const keep = this.open ? this.list.querySelector(`[data-id="${CSS.escape(this.open)}"]`) : null;
    const nodes = items.map((item) => (keep && item.id === this.open ? keep : this.card(item, this)));
    if (keep && !items.some((i) => i.id === this.open)) this.open = null; // gone from the list (someone else acted)
    this.list.replaceChildren(...(nodes.length ? nodes : [el('li', { class: 'empty' }, this.empty)]));
    this.count.textContent = ` ${items.length}`;
    tickDeadlines(this.list);
  }

  /** Puts `form` in the card (closing any other open form) — or closes it when `form` is null. */
  showForm(card, form) {
    for (const f of this.list.querySelectorAll('.action-form')) f.remove();
    this.open = form ? card.dataset.id : null;
    if (form) {
      card.append(form);
      form.querySelector('textarea, select, input')?.focus();
    }
  }
}

/** The common card: code, what, where, status and deadlines, then the action buttons. */
export function caseCard({ id, code, title, description, address, status, deadlines, urgent, actions }) {
  return el(
    'li',
    { class: 'item', 'data-id': id },
    el(
      'div',
      { class: 'item-head' },
      el('span', { class: 'code' }, code),
      urgent ? el('span', { class: 'tag urgent' }, '紧急') : null,
      el('span', { class: 'tag' }, status),
    ),
    el('h3', {}, title),
    description ? el('p', { class: 'desc' }, description) : null,
    address ? el('p', { class: 'muted' }, address) : null,
    ...deadlines,
    el('div', { class: 'actions' }, ...actions),
  );
}

export const button = (label, onclick, cls = '') => el('button', { type: 'button', class: cls, onclick }, label);
