// A department liaison: its department's live tasks — 签收, 办结, 退单, 申请延期.
import { get, post } from './api.mjs';
import { CardList, button, caseCard } from './list.mjs';
import { TASK_STATUS, actionForm, categoryName, deadline, el, field, need } from './ui.mjs';

const LIVE = ['pending', 'claimed'];
const EXTENSIONS = [
  ['PT4H', '4 小时'],
  ['P1D', '1 天'],
  ['P2D', '2 天'],
  ['P3D', '3 天'],
];

export class LiaisonView {
  constructor(user, { notify }) {
    this.notify = notify;
    this.tasks = new CardList({
      title: '本部门任务',
      empty: '暂无待办任务',
      load: async () => (await get('/tasks?limit=200')).items.filter((t) => LIVE.includes(t.status)),
      card: (t, list) => this.card(t, list),
    });
  }

  mount(view) {
    view.replaceChildren(this.tasks.node);
  }

  refresh() {
    return this.tasks.refresh();
  }

  async act(path, body, done) {
    await post(path, body);
    this.tasks.open = null;
    this.notify(done);
    await this.refresh();
  }

  card(t, list) {
    const c = t.case;
    const form = (opts) => () => list.showForm(card, actionForm({ ...opts, onCancel: () => list.showForm(card, null) }));
    const actions =
      t.status === 'pending'
        ? [
            button('签收', () => this.act(`/tasks/${t.id}/claim`, {}, `已签收 ${c.code}`).catch((e) => this.notify(e.message)), 'primary'),
            button('退单', form(this.returnForm(t))),
          ]
        : [
            button(
              '办结',
              form({
                fields: [field('办结说明', el('textarea', { rows: 3, required: true, maxlength: 2000 }))],
                confirm: '确认办结',
                onSubmit: (f) =>
                  this.act(`/tasks/${t.id}/complete`, { note: need(f.querySelector('textarea'), '请填写办结说明') }, `已办结 ${c.code}`),
              }),
              'primary',
            ),
            button('退单', form(this.returnForm(t))),
            button(
              '申请延期',
              form({
                fields: [
                  field('延期时长', el('select', {}, ...EXTENSIONS.map(([v, label]) => el('option', { value: v }, label)))),
                  field('延期理由', el('textarea', { rows: 2, required: true, maxlength: 2000 })),
                ],
                confirm: '提交申请',
                onSubmit: (f) =>
                  this.act(
                    `/tasks/${t.id}/extension`,
                    {
                      duration: f.querySelector('select').value,
                      reason: need(f.querySelector('textarea'), '请填写延期理由'),
                    },
                    '延期申请已提交，等待街道审批',
                  ),
              }),
            ),
          ];
    const card = caseCard({
      id: t.id,
      code: c.code,
      title: `${categoryName(c.categoryCode)}${t.role === 'assist' ? '（协办）' : ''}`,
      description: c.description,
      address: c.address,
      status: TASK_STATUS[t.status] ?? t.status,
      urgent: c.priority === 'urgent',
      deadlines: [t.status === 'pending' ? deadline('签收时限', t.claimDueAt) : null, deadline('办结时限', t.handleDueAt)].filter(Boolean),
      actions,
    });
    return card;
  }

  returnForm(t) {
    return {
      fields: [field('退单理由', el('textarea', { rows: 2, required: true, maxlength: 2000 }))],
      confirm: '确认退单',
      onSubmit: (f) => this.act(`/tasks/${t.id}/return`, { reason: need(f.querySelector('textarea'), '请填写退单理由') }, `已退单 ${t.case.code}`),
    };
  }
}
