// Words, deadlines and DOM building. Text only ever goes in through textContent (el's string children).

export const ROLE_LABELS = {
  inspector: '网格巡查员',
  neighbourhood: '居民区',
  area: '片区',
  street: '街道值班',
  liaison: '部门联络员',
  display: '指挥大屏',
  admin: '系统管理员',
};
export const CASE_STATUS = { pending: '待受理', in_progress: '处理中', resolved: '待核查', closed: '已办结', merged: '已合并', cancelled: '已撤销' };
export const TASK_STATUS = { pending: '待签收', claimed: '处理中', done: '已办结', returned: '已退单' };

/** The categories, by code (filled once after login). */
export const names = { categories: new Map() };
export const categoryName = (code) => names.categories.get(code)?.name ?? code;

/** `el('p', { class: 'x', 'data-id': id }, 'text', child)`: attributes as given, strings as text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

/** `2天3小时`, `3小时05分`, `12分`, `不到1分`. */
export function span(ms) {
  const m = Math.floor(Math.abs(ms) / 60000);
  if (m < 1) return '不到1分';
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return `${d}天${h}小时`;
  if (h > 0) return `${h}小时${String(min).padStart(2, '0')}分`;
  return `${min}分`;
}

const dueFmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/**
 * A deadline line: `办结时限 11/24 17:30 · 剩 3小时05分`. The remainder is natural time to the due instant
 * (the server already placed the instant on the category's calendar). Kept current by tickDeadlines().
 */
export function deadline(label, iso) {
  if (!iso) return null;
  return el('p', { class: 'due', 'data-due': iso, 'data-label': label });
}

function paint(node, now) {
  const at = new Date(node.dataset.due);
  const left = at.getTime() - now;
  const late = left < 0;
  node.textContent = `${node.dataset.label} ${dueFmt.format(at)} · ${late ? `已超时 ${span(left)}` : `剩 ${span(left)}`}`;
  node.classList.toggle('late', late);
  node.closest('.item')?.classList.toggle('overdue', late || !!node.closest('.item')?.querySelector('.due.late'));
}

export function tickDeadlines(root = document) {
  const now = Date.now();
  for (const node of root.querySelectorAll('.due[data-due]')) paint(node, now);
}

/** An action's small form inside a card: fields, then a confirm and a cancel button. */
export function actionForm({ fields, confirm, onSubmit, onCancel }) {
  const error = el('p', { class: 'error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary' }, confirm);
  const form = el(
    'form',
    { class: 'action-form', novalidate: true },
    ...fields,
    error,
    el('div', { class: 'row' }, submit, el('button', { type: 'button', class: 'quiet', onclick: onCancel }, '取消')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      await onSubmit(form);
    } catch (err) {
      error.textContent = err.message;
      submit.disabled = false;
    }
  });
  return form;
}

/** A labelled field: `<label for>` + control, so it is reachable by its label. */
let fieldSeq = 0;
export function field(label, control) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), control);
}

/** The trimmed value of a required text field, or an Error with words (shown beside the form). */
export function need(control, words) {
  const v = control.value.trim();
  if (!v) {
    control.focus();
    throw new Error(words);
  }
  return v;
}
