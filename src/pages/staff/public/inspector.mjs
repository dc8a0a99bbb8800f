// A grid inspector: 上报 (report in its grid, with photo and position) and 待核查 (verify its grid's resolved cases).
import { get, newKey, post, upload } from './api.mjs';
import { CardList, button, caseCard } from './list.mjs';
import { CASE_STATUS, actionForm, categoryName, deadline, el, field, names, need } from './ui.mjs';

export class InspectorView {
  constructor(user, { notify }) {
    this.user = user;
    this.notify = notify;
    this.verify = new CardList({
      title: '待核查案件',
      empty: '本网格暂无待核查案件',
      load: async () => (await get(`/cases?status=resolved&regionCode=${encodeURIComponent(user.regionCode)}&limit=200`)).items,
      card: (c, list) => this.card(c, list),
    });
    this.report = this.reportForm();
  }

  mount(view, tabs) {
    this.view = view;
    const tab = (name) => el('button', { type: 'button', role: 'tab', 'aria-selected': 'false', onclick: () => this.show(name) }, name);
    this.tabs = { 上报: tab('上报'), 待核查: tab('待核查') };
    tabs.replaceChildren(...Object.values(this.tabs));
    tabs.hidden = false;
    this.show('待核查');
  }

  show(name) {
    for (const [n, t] of Object.entries(this.tabs)) t.setAttribute('aria-selected', String(n === name));
    this.view.replaceChildren(name === '上报' ? this.report : this.verify.node);
    if (name === '上报') {
      this.fillCategories();
      this.locate();
    }
  }

  refresh() {
    return this.verify.refresh();
  }

  // ---------- 待核查 ----------

  async verifyCase(c, passed, note) {
    await post(`/cases/${c.id}/verify`, { passed, note });
    this.verify.open = null;
    this.notify(passed ? `${c.code} 核查通过，已结案` : `${c.code} 核查不通过，已退回返工`);
    await this.refresh();
  }

  card(c, list) {
    const card = caseCard({
      id: c.id,
      code: c.code,
      title: categoryName(c.categoryCode),
      description: c.description,
      address: c.address,
      status: CASE_STATUS[c.status] ?? c.status,
      urgent: c.priority === 'urgent',
      deadlines: [deadline('核查时限', c.deadlines?.verifyDueAt ?? c.sla?.dueAt)].filter(Boolean),
      actions: [
        button('核查通过', () => this.verifyCase(c, true, '现场核查通过').catch((e) => this.notify(e.message)), 'primary'),
        button('核查不通过', () =>
          list.showForm(
            card,
            actionForm({
              fields: [field('核查意见', el('textarea', { rows: 2, required: true, maxlength: 2000 }))],
              confirm: '确认不通过',
              onSubmit: (f) => this.verifyCase(c, false, need(f.querySelector('textarea'), '请填写核查意见')),
              onCancel: () => list.showForm(card, null),
            }),
          ),
        ),
      ],
    });
    return card;
  }

  // ---------- 上报 ----------

  /** Asks the phone for its position; the report falls back to the grid when there is none. */
  locate() {
    if (this.position || !navigator.geolocation) return this.paintPosition();
    navigator.geolocation.getCurrentPosition(
      (p) => {
        this.position = { lat: p.coords.latitude, lng: p.coords.longitude };
        this.paintPosition();
      },
      () => this.paintPosition(),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  }

  paintPosition() {
    this.where.textContent = this.position
      ? `位置：手机定位（${this.position.lat.toFixed(5)}, ${this.position.lng.toFixed(5)}）`
      : `位置：本网格（${this.user.regionCode}）中心，未获取手机定位`;
  }

  reportForm() {
    const category = el('select', { required: true }, el('option', { value: '' }, '请选择'));
    const description = el('textarea', { rows: 4, required: true, maxlength: 2000, placeholder: '在哪里、什么问题' });
    const address = el('input', { maxlength: 200, autocomplete: 'off', placeholder: '如：长桥路 100 号门口' });
    const photo = el('input', { type: 'file', accept: 'image/*', capture: 'environment' });
    const preview = el('img', { class: 'preview', alt: '照片预览', hidden: true });
    const error = el('p', { class: 'error', role: 'alert' });
    const submit = el('button', { type: 'submit', class: 'primary' }, '提交上报');
    this.where = el('p', { class: 'muted' });
    const form = el(
      'form',
      { class: 'card report', novalidate: true },
      field('问题类别', category),
      field('问题描述', description),
      field('地址（选填）', address),
      field('照片（选填）', photo),
      preview,
      this.where,
      error,
      submit,
    );

    // One key per form fill: a double tap, or a retry after a lost answer, files one case.
    let key = newKey();
    let uploaded = null; // { file, id }: a retry does not upload the same photo again
    const fill = () => {
      if (category.options.length > 1) return;
      const sorted = [...names.categories.values()].sort((a, b) => a.code.localeCompare(b.code));
      category.append(...sorted.map((c) => el('option', { value: c.code }, `${c.name}`)));
    };
    this.fillCategories = fill; // the catalogue arrives after this form is built
    photo.addEventListener('change', () => {
      const file = photo.files?.[0];
      if (preview.src) URL.revokeObjectURL(preview.src);
      preview.hidden = !file;
      if (file) preview.src = URL.createObjectURL(file);
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      fill();
      error.textContent = '';
      submit.disabled = true;
      try {
        if (!category.value) throw Object.assign(new Error('请选择问题类别'), { field: category });
        const text = need(description, '请填写问题描述');
        const file = photo.files?.[0];
        const photos = [];
        if (file) {
          if (uploaded?.file !== file) uploaded = { file, id: (await upload(file)).id };
          photos.push(uploaded.id);
        }
        const body = { categoryCode: category.value, description: text, source: 'patrol', photos };
        if (address.value.trim()) body.address = address.value.trim();
        if (this.position) body.location = this.position;
        else body.gridCode = this.user.regionCode;
        const created = await post('/cases', body, { key });
        this.notify(`已上报 ${created.code}${created.status === 'merged' ? '（与附近同类案件合并）' : ''}`);
        key = newKey();
        uploaded = null;
        form.reset();
        preview.hidden = true;
        this.paintPosition();
      } catch (err) {
        error.textContent = err.message;
        err.field?.focus();
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }
}
