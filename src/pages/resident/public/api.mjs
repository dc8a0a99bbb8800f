// Calls to the resident API (/api/public/…): no token. Every failure becomes an ApiError carrying
// the status and the fields the server named, so the page can put words beside the field.

export class ApiError extends Error {
  constructor(status, message, fields = []) {
    super(message);
    this.status = status;
    this.fields = fields; // [{ field, message }] from the error body's details
  }
}

/** Words for a failure that is nobody's typing mistake. */
function wordsFor(status) {
  if (status === 0) return '网络不畅，请检查网络后再试';
  if (status === 429) return '提交太频繁，请稍后再试';
  if (status === 404) return '未找到该记录，请核对查询码';
  if (status === 503) return '系统繁忙，请稍后再试';
  return `提交未成功（${status}），请稍后再试`;
}

export async function call(method, path, { body, form, headers = {} } = {}) {
  let res;
  try {
    res = await fetch(`/api/public${path}`, {
      method,
      // A FormData body sets its own multipart Content-Type (with the boundary).
      headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: form ?? (body ? JSON.stringify(body) : undefined),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, wordsFor(0));
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, wordsFor(res.status), Array.isArray(data?.details) ? data.details : []);
  return data;
}

/** A random key (hex): crypto.randomUUID needs a secure context, a phone on a LAN's http may lack one. */
export function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
export const formatTime = (iso) => (iso ? TIME.format(new Date(iso)) : '');
