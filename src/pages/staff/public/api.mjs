// The token, the signed-in user and calls to /api. A 401 from any call ends the session.

const TOKEN_KEY = 'staff.token';
const USER_KEY = 'staff.user';

/** A 401: the login form takes over. */
export class AuthError extends Error {}
/** Any other refusal, with words for a person (`message`) and the status. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  get user() {
    try {
      return JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null');
    } catch {
      return null;
    }
  },
  save(token, user) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

/** A fresh Idempotency-Key; `crypto.randomUUID` exists only on https/localhost, phones may use plain http. */
export function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const STATUS_WORDS = {
  400: '填写的内容有误',
  403: '没有权限进行此操作',
  404: '找不到该事项，可能已被处理',
  409: '该事项状态已变化，请刷新后再试',
  413: '照片太大（不超过 10 MB）',
  415: '照片格式不支持（请用 JPG、PNG 或 WebP）',
  422: '位置不在任何网格内',
  429: '操作过于频繁，请稍候片刻再试',
  503: '服务暂时不可用，请稍后再试',
};

async function refusal(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {}
  const words = STATUS_WORDS[res.status] ?? `操作失败（${res.status}）`;
  // 400 names the bad fields; the server's message is English, so only the field names are shown.
  const fields =
    res.status === 400 && Array.isArray(body?.details)
      ? body.details.map((d) => (typeof d === 'string' ? d : (d?.field ?? d?.property))).filter(Boolean)
      : [];
  return new ApiError(res.status, fields.length ? `${words}：${fields.join('、')}` : words);
}

/** `POST /api/auth/login` → `{ accessToken, user }`; throws an Error with Chinese words. */
export async function login(username, password) {
  let res;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new Error('无法连接服务器，请检查网络');
  }
  if (res.status === 401 || res.status === 400) throw new Error('用户名或密码错误');
  if (res.status === 429) throw new Error('登录尝试过于频繁，请稍等几分钟再试');
  if (!res.ok) throw await refusal(res);
  return res.json();
}

/** `/api` + path with the token. JSON in and out; `key` sends an Idempotency-Key. */
export async function call(method, path, body, { key } = {}) {
  const token = session.token;
  if (!token) throw new AuthError('not signed in');
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
  if (key) headers['Idempotency-Key'] = key;
  let res;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, '网络不通，请稍后重试');
  }
  if (res.status === 401) {
    onUnauthorized('登录已失效，请重新登录');
    throw new AuthError('unauthorized');
  }
  if (!res.ok) throw await refusal(res);
  return res.status === 204 ? null : res.json();
}

export const get = (path) => call('GET', path);
export const post = (path, body, opts) => call('POST', path, body ?? {}, opts);

/** `POST /api/attachments` → `{ id, url }`. */
export function upload(file) {
  const form = new FormData();
  form.append('file', file);
  return call('POST', '/attachments', form);
}
