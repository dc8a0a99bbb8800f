// /t/:trackingCode: status in words, the feedback, the rating form once closed, the public timeline.
import { call, formatTime } from './api.mjs';

const $ = (id) => document.getElementById(id);
const code = decodeURIComponent(location.pathname.split('/')[2] ?? '')
  .trim()
  .toUpperCase();

const STATUS = { pending: '待处理', in_progress: '处理中', resolved: '待核查', closed: '已办结', merged: '已合并处理', cancelled: '已撤销' };
const SATISFACTION = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

async function load() {
  try {
    render(await call('GET', `/reports/${encodeURIComponent(code)}`));
    $('load-error').textContent = '';
  } catch (e) {
    $('load-error').textContent = e.message;
  }
}

function render(r) {
  $('status').textContent = STATUS[r.status] ?? r.status;
  $('status').dataset.status = r.status;
  $('category').textContent = r.categoryName;
  $('created').textContent = formatTime(r.createdAt);
  $('closed-label').hidden = $('closed').hidden = !r.closedAt;
  $('closed').textContent = formatTime(r.closedAt);
  $('report').hidden = false;

  $('feedback').textContent = r.feedback ?? '';
  $('feedback-card').hidden = !r.feedback;

  $('rating-card').hidden = !r.canRate;
  $('rated-card').hidden = !r.rating;
  if (r.rating) {
    $('rated').textContent = SATISFACTION[r.rating.satisfaction] ?? r.rating.satisfaction;
    $('rated-note').textContent = `评价于 ${formatTime(r.rating.at)}，感谢您的反馈。`;
  }

  const list = $('timeline');
  list.replaceChildren(
    ...[...r.timeline].reverse().map((step) => {
      const li = document.createElement('li');
      const at = document.createElement('time');
      at.dateTime = step.at;
      at.textContent = formatTime(step.at);
      const label = document.createElement('span');
      label.textContent = step.label;
      li.append(at, label);
      return li;
    }),
  );
  $('timeline-card').hidden = r.timeline.length === 0;
}

async function rate(event) {
  event.preventDefault();
  const chosen = document.querySelector('input[name="satisfaction"]:checked');
  $('rating-error').textContent = '';
  if (!chosen) return void ($('rating-error').textContent = '请选择一项评价');
  $('rate').disabled = true;
  try {
    const receipt = await call('POST', `/reports/${encodeURIComponent(code)}/rating`, { body: { satisfaction: chosen.value } });
    await load();
    if (receipt.reopened) $('rated-note').textContent = '已根据您的评价重新交办处理。';
  } catch (e) {
    // 409: rated already (another tab): show what is on record.
    if (e.status === 409) await load();
    else $('rating-error').textContent = e.message;
  } finally {
    $('rate').disabled = false;
  }
}

$('code').textContent = code || '—';
$('rating-form').addEventListener('submit', rate);
if (code) load();
else $('load-error').textContent = '缺少查询码';
