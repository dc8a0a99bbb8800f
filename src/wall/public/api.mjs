// The token, the signed-in user and calls to /api. A 401 from any call ends the session.

const TOKEN_KEY = 'wall.token';
const USER_KEY = 'wall.user';
export const WALL_ROLES = ['display', 'street'];

export class AuthError extends Error {}

let onUnauthorized = () => {};
/** Called (once per 401) with a message for the login form. */
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

/** `POST /api/auth/login` → `{ accessToken, user }`; throws an Error with a Chinese message. */
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
  if (res.status === 401 || res.status === 400) throw new Error('账号或密码错误');
  if (res.status === 429) throw new Error('尝试过于频繁，请稍后再试');
  if (!res.ok) throw new Error(`登录失败（${res.status}）`);
  return res.json();
}

/** GET `/api` + path with the token; JSON body. A 401 ends the session and throws AuthError. */
export async function get(path) {
  const token = session.token;
  if (!token) throw new AuthError('not signed in');
  const res = await fetch(`/api${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, cache: 'no-store' });
  if (res.status === 401) {
    onUnauthorized('登录已失效，请重新登录');
    throw new AuthError('unauthorized');
  }
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json();
}

/** Every page of a list (`{ items, nextCursor }`), up to `max` items. */
export async function getAll(path, max = 2000) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...(page.items ?? []));
    cursor = page.nextCursor ?? null;
  } while (cursor && items.length < max);
  return items;
}
