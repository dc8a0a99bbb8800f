// A neighbourhood or area user: the cases its region holds — 受理, 办结, 上报上级.
import { get, post } from './api.mjs';
import { CardList, button, caseCard } from './list.mjs';
import { CASE_STATUS, actionForm, categoryName, deadline, el, field, need } from './ui.mjs';

export class HolderView {
  constructor(user, { notify }) {
    this.user = user;
    this.notify = notify;
    this.cases = new CardList({
      title: '本级待办案件',
      empty: '暂无待办案件',
      load: () => this.load(),
      card: (c, list) => this.card(c, list),
    });
  }

  mount(view) {
    view.replaceChildren(this.cases.node);
  }

  refresh() {
    return this.cases.refresh();
  }

  /** The region's subtree has more; only what this region itself holds is its work. */
  async load() {
    const region = encodeURIComponent(this.user.regionCode);
    const pages = await Promise.all(['pending', 'in_progress'].map((s) => get(`/cases?status=${s}&regionCode=${region}&limit=200`)));
    return pages
      .flatMap((p) => p.items)
      .filter((c) => c.holderRegionCode === this.user.regionCode && c.rung !== 'department')
      .sort((a, b) => Date.parse(a.sla?.dueAt ?? a.createdAt) - Date.parse(b.sla?.dueAt ?? b.createdAt));
  }

  async act(path, body, done) {
    await post(path, body);
    this.cases.open = null;
    this.notify(done);
    await this.refresh();
  }

  card(c, list) {
    const form = (opts) => () => list.showForm(card, actionForm({ ...opts, onCancel: () => list.showForm(card, null) }));
    const escalate = button(
      '上报上级',
      form({
        fields: [field('上报理由', el('textarea', { rows: 2, required: true, maxlength: 2000 }))],
        confirm: '确认上报',
        onSubmit: (f) => this.act(`/cases/${c.id}/escalate`, { reason: need(f.querySelector('textarea'), '请填写上报理由') }, `已上报上级 ${c.code}`),
      }),
    );
    const actions =
      c.status === 'pending'
        ? [button('受理', () => this.act(`/cases/${c.id}/claim`, {}, `已受理 ${c.code}`).catch((e) => this.notify(e.message)), 'primary'), escalate]
        : [
            button(
              '办结',
              form({
                fields: [field('办结说明', el('textarea', { rows: 3, required: true, maxlength: 2000 }))],
                confirm: '确认办结',
                onSubmit: (f) =>
                  this.act(`/cases/${c.id}/resolve`, { note: need(f.querySelector('textarea'), '请填写办结说明') }, `已办结 ${c.code}，等待核查`),
              }),
              'primary',
            ),
            escalate,
          ];
    const card = caseCard({
      id: c.id,
      code: c.code,
      title: categoryName(c.categoryCode),
      description: c.description,
      address: c.address,
      status: CASE_STATUS[c.status] ?? c.status,
      urgent: c.priority === 'urgent',
      deadlines: [deadline('本级时限', c.deadlines?.rungDueAt), c.sla?.stage !== 'rung' ? deadline('处置时限', c.sla?.dueAt) : null].filter(Boolean),
      actions,
    });
    return card;
  }
}
