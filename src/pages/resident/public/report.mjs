// /r?grid=…: the resident's report. Text only ever reaches the page through textContent / value.
import { ApiError, call, randomKey } from './api.mjs';

const $ = (id) => document.getElementById(id);
const grid = new URLSearchParams(location.search).get('grid')?.trim().toUpperCase() ?? '';

// One key per filled form: a double tap or a retry after a lost answer files one report.
let idempotencyKey = randomKey();
let position = null; // the phone's, if it gives one; the server uses it only inside the grid
let sending = false;
// The chosen photo, once stored: a retry of the same form sends it once.
let uploaded = null; // { file, id }

const FIELDS = { categoryCode: 'category', description: 'description', 'contact.phone': 'phone', contact: 'phone' };
const WORDS = {
  category: '请选择问题类别',
  description: '请填写问题描述（2000字以内）',
  phone: '请填写正确的电话号码，或留空',
  photo: '照片未能上传，请重新选择或不附照片',
};
const PHOTO_WORDS = { 413: '照片太大，请选择10MB以内的照片', 415: '请选择 JPEG、PNG 或 WebP 格式的照片' };

function showError(field, words) {
  $(`${field}-error`).textContent = words;
  $(field).setAttribute('aria-invalid', 'true');
}

function clearErrors() {
  for (const field of ['category', 'description', 'phone', 'photo']) {
    $(`${field}-error`).textContent = '';
    $(field).removeAttribute('aria-invalid');
  }
  $('form-error').textContent = '';
}

function checkLocally() {
  let ok = true;
  if (!$('category').value) (showError('category', WORDS.category), (ok = false));
  if (!$('description').value.trim()) (showError('description', WORDS.description), (ok = false));
  const phone = $('phone').value.trim();
  if (phone && !/^\+?[0-9][0-9 -]{4,19}$/.test(phone)) (showError('phone', WORDS.phone), (ok = false));
  return ok;
}

async function loadCategories() {
  try {
    const categories = await call('GET', '/categories');
    const select = $('category');
    for (const c of categories) select.append(new Option(c.name, c.code));
  } catch (e) {
    $('form-error').textContent = `问题类别加载失败：${e.message}`;
  }
}

function askPosition() {
  if (!navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition(
    (p) => {
      position = { lat: p.coords.latitude, lng: p.coords.longitude };
      $('position-note').textContent = '已获取手机位置；不在本网格内时按网格定位。';
    },
    () => {}, // refused or unavailable: the grid places the report
    { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
  );
}

async function submit(event) {
  event.preventDefault();
  if (sending) return;
  clearErrors();
  if (!grid) return void ($('form-error').textContent = '二维码缺少网格编号，请重新扫码');
  if (!checkLocally()) return;
  sending = true;
  $('submit').disabled = true;
  $('submit').textContent = '正在提交…';
  const phone = $('phone').value.trim();
  const body = { categoryCode: $('category').value, description: $('description').value.trim(), gridCode: grid };
  if (position) body.location = position;
  if (phone) body.contact = { phone };
  try {
    const photo = await uploadPhoto();
    if (photo === false) return;
    if (photo) body.photos = [photo];
    const receipt = await call('POST', '/reports', { body, headers: { 'Idempotency-Key': idempotencyKey } });
    showReceipt(receipt.trackingCode);
  } catch (e) {
    showFailure(e);
  } finally {
    sending = false;
    $('submit').disabled = false;
    $('submit').textContent = '提交';
  }
}

/** Stores the chosen photo under this form's key; its id, null with no photo, false when it failed (words shown). */
async function uploadPhoto() {
  const file = $('photo').files?.[0];
  if (!file) return null;
  if (uploaded?.file === file) return uploaded.id;
  const form = new FormData();
  form.append('file', file);
  try {
    const { id } = await call('POST', '/attachments', { form, headers: { 'Idempotency-Key': idempotencyKey } });
    uploaded = { file, id };
    return id;
  } catch (e) {
    showError('photo', (e instanceof ApiError && PHOTO_WORDS[e.status]) || (e instanceof ApiError && e.status === 429 ? e.message : WORDS.photo));
    $('photo').focus();
    return false;
  }
}

function showFailure(e) {
  const named = e instanceof ApiError ? e.fields.map((f) => FIELDS[f.field]).filter(Boolean) : [];
  for (const field of new Set(named)) showError(field, WORDS[field]);
  if (named.length) return void $(named[0]).focus();
  const gridProblem = e instanceof ApiError && e.fields.some((f) => f.field === 'gridCode' || f.field === 'location');
  $('form-error').textContent = gridProblem ? '二维码中的网格编号无效，请联系社区' : e.message;
}

function showReceipt(code) {
  $('report-form').hidden = true;
  $('tracking-code').textContent = code;
  $('track-link').href = `/t/${encodeURIComponent(code)}`;
  $('done').hidden = false;
  $('done-title').focus?.();
  idempotencyKey = randomKey();
  uploaded = null;
}

async function copyCode() {
  const code = $('tracking-code').textContent;
  try {
    await navigator.clipboard.writeText(code);
    $('copy-note').textContent = '已复制';
  } catch {
    // No clipboard on plain http: select the code so the phone's own copy works.
    getSelection().selectAllChildren($('tracking-code'));
    $('copy-note').textContent = '请长按查询码复制';
  }
}

$('grid-code').textContent = grid || '（缺少）';
$('report-form').addEventListener('submit', submit);
$('copy').addEventListener('click', copyCode);
loadCategories();
askPosition();
