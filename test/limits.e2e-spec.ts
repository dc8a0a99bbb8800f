import { MAX_MERGES_PER_CASE } from '../src/cases/domain/duplicates';
import { TIMELINE_EMBED_LIMIT } from '../src/cases/case-queries.service';
import { as, G1, INSPECTOR_G1, near, report } from './support/api';
import { createTestApp, DEMO_PASSWORD, TestApp } from './support/test-app';

// One database, several instances on it, each with the limits one block needs.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Builds an instance on the shared database with `env`, runs `fn`, closes the instance. */
async function withInstance(env: Record<string, string>, fn: (i: TestApp) => Promise<void>) {
  const i = await createTestApp(env, t);
  try {
    await fn(i);
  } finally {
    await i.close();
  }
}

// A new unknown username each time, so that the per-username failure limit (10) stays out of the way.
let wrongSeq = 0;
const wrongLogin = (i: TestApp, forwardedFor: string) =>
  i
    .http()
    .post('/api/auth/login')
    .set('X-Forwarded-For', forwardedFor)
    .send({ username: `nobody-${++wrongSeq}`, password: 'wrong-password' });

describe('rate limits key on the real client (TRUST_PROXY)', () => {
  it('40 logins with forged X-Forwarded-For headers reach 429 when TRUST_PROXY is unset', async () => {
    await withInstance({ PUBLIC_RATE_LIMIT: '30' }, async (i) => {
      const statuses: number[] = [];
      let limited: { headers: Record<string, string>; body: unknown } | undefined;
      for (let n = 1; n <= 40; n++) {
        const res = await wrongLogin(i, `203.0.113.${n}`);
        statuses.push(res.status);
        if (res.status === 429) limited ??= res;
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String), details: [] });
    });
  });

  it('believes X-Forwarded-For from a proxy TRUST_PROXY names: each forwarded client has its own budget', async () => {
    await withInstance({ PUBLIC_RATE_LIMIT: '30', TRUST_PROXY: '127.0.0.1' }, async (i) => {
      const distinct: number[] = [];
      for (let n = 1; n <= 40; n++) distinct.push((await wrongLogin(i, `203.0.113.${n}`)).status);
      expect(distinct.every((s) => s === 401)).toBe(true);
      // One forwarded client past its budget is limited; a forged entry to its left changes nothing.
      const same: number[] = [];
      for (let n = 1; n <= 31; n++) same.push((await wrongLogin(i, `198.51.100.${n}, 192.0.2.7`)).status);
      expect(same.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(same[30]).toBe(429);
    });
  });

  it('refuses a TRUST_PROXY that is not a list of addresses, naming the variable', async () => {
    await expect(createTestApp({ TRUST_PROXY: 'nginx' }, t)).rejects.toThrow(/TRUST_PROXY/);
    await expect(createTestApp({ TRUST_PROXY: 'true' }, t)).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('per-user limit on writes (USER_WRITE_RATE_LIMIT)', () => {
  it('limits one user’s writes with 429 and Retry-After; other users and reads go on', async () => {
    await withInstance({ USER_WRITE_RATE_LIMIT: '5' }, async (i) => {
      const statuses: number[] = [];
      for (let n = 0; n < 5; n++)
        statuses.push(
          (await as(i, INSPECTOR_G1).post('/api/cases', { categoryCode: '0101', description: `w${n}`, gridCode: 'XH-CQ-A1-N01-G1' })).status,
        );
      expect(statuses).toEqual([201, 201, 201, 201, 201]);
      const sixth = await as(i, INSPECTOR_G1).post('/api/cases', { categoryCode: '0101', description: 'w6', gridCode: 'XH-CQ-A1-N01-G1' });
      expect(sixth.status).toBe(429);
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      expect(sixth.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', details: [] });
      // Nothing was written by the refused request.
      expect(await i.sql(`SELECT 1 FROM grid_case WHERE description = 'w6'`)).toHaveLength(0);
      // A refused write is a refused write whatever route: the attachment upload is limited too.
      expect(
        (
          await i
            .http()
            .post('/api/attachments')
            .set('Authorization', `Bearer ${await i.token(INSPECTOR_G1)}`)
            .attach('file', Buffer.from('x'), 'a.png')
        ).status,
      ).toBe(429);
      expect((await as(i, INSPECTOR_G1).get('/api/cases?limit=1')).status).toBe(200);
      expect(
        (await as(i, 'street-cq').post('/api/cases', { categoryCode: '0101', description: 'other user', gridCode: 'XH-CQ-A1-N01-G1' })).status,
      ).toBe(201);
      // Logging in again (a public route) is not a write of this user.
      expect((await i.http().post('/api/auth/login').send({ username: INSPECTOR_G1, password: DEMO_PASSWORD })).status).toBe(200);
    });
  });
});

describe('multipart limits on uploads', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8cf00000301010018dd8db40000000049454e44ae426082',
    'hex',
  );
  const boundary = 'limits-test-boundary';
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const filePart = () =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from('\r\n'),
    ]);
  const upload = async (parts: (string | Buffer)[]) =>
    t
      .http()
      .post('/api/attachments')
      .set('Authorization', `Bearer ${await t.token(INSPECTOR_G1)}`)
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)), Buffer.from(`--${boundary}--\r\n`)]));

  it('still takes a photo with a couple of small text fields', async () => {
    const res = await upload([field('caption', 'pothole'), filePart()]);
    expect(res.status).toBe(201);
  });

  it.each([
    ['10,000 text fields', () => [...Array.from({ length: 10_000 }, (_, n) => field(`f${n}`, 'x')), filePart()]],
    ['11 text fields (the limit is 10)', () => [...Array.from({ length: 11 }, (_, n) => field(`f${n}`, 'x')), filePart()]],
    ['a 5 KB text field (the limit is 4 KB)', () => [field('note', 'x'.repeat(5 * 1024)), filePart()]],
    ['a 5 MB text field', () => [field('note', 'x'.repeat(5 * 1024 * 1024)), filePart()]],
    ['a 1,000-character field name', () => [field('n'.repeat(1000), 'x'), filePart()]],
    ['two files', () => [filePart(), filePart()]],
  ])('refuses %s with 400 in the error shape', async (_label, parts) => {
    const res = await upload(parts());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  });

  it('reads at most 20 header lines of a part (busboy drops the rest): 100 lines are no 5xx', async () => {
    const headers = Array.from({ length: 100 }, (_, n) => `X-H${n}: v`).join('\r\n');
    const res = await upload([`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n${headers}\r\n\r\nx\r\n`, filePart()]);
    expect(res.status).toBe(201);
  });
});

describe('merges into one case are capped', () => {
  it(`merges ${MAX_MERGES_PER_CASE} reports into a case, then opens a new case that takes the next ones`, async () => {
    const spot = near(G1, 3);
    const reportHere = async (n: number) => {
      const res = await as(t, INSPECTOR_G1).post('/api/cases', { categoryCode: '0402', description: `flood ${n}`, location: spot });
      expect(res.status).toBe(201);
      return res.body as { id: string; status: string; duplicateOf: string | null };
    };
    const master = await reportHere(0);
    expect(master.duplicateOf).toBeNull();
    for (let n = 1; n <= MAX_MERGES_PER_CASE; n++) expect((await reportHere(n)).duplicateOf).toBe(master.id);
    const overflow = await reportHere(MAX_MERGES_PER_CASE + 1);
    expect(overflow).toMatchObject({ status: 'pending', duplicateOf: null });
    expect((await reportHere(MAX_MERGES_PER_CASE + 2)).duplicateOf).toBe(overflow.id);
    const [{ merged }] = await t.sql<{ merged: number }>(`SELECT count(*)::int AS merged FROM grid_case WHERE duplicate_of = $1`, [master.id]);
    expect(merged).toBe(MAX_MERGES_PER_CASE);
  });
});

describe('a case timeline is paginated', () => {
  it('embeds the first entries in the case and serves the rest page by page, oldest first', async () => {
    const c = await report(t);
    // A long-lived case: hundreds of lines on its timeline (inserted directly: the table is append-only).
    await t.sql(
      `INSERT INTO case_event (case_id, type, actor, note) SELECT $1, 'supervised', 'street-cq', 'line ' || g FROM generate_series(1, 450) g`,
      [c.id],
    );
    const all = (await t.sql<{ note: string }>(`SELECT note FROM case_event WHERE case_id = $1 ORDER BY id`, [c.id])).map((r) => r.note);
    expect(all.length).toBeGreaterThan(450);

    const got = await as(t, 'street-cq').get(`/api/cases/${c.id}`);
    expect(got.status).toBe(200);
    expect(got.body.timeline).toHaveLength(TIMELINE_EMBED_LIMIT);
    expect(got.body.timeline.map((e: { note: string }) => e.note)).toEqual(all.slice(0, TIMELINE_EMBED_LIMIT));
    expect(got.body.timelineNextCursor).toEqual(expect.any(String));

    // The embedded part's cursor continues exactly where it stopped.
    const next = await as(t, 'street-cq').get(`/api/cases/${c.id}/timeline?limit=10&cursor=${got.body.timelineNextCursor}`);
    expect(next.body.items.map((e: { note: string }) => e.note)).toEqual(all.slice(TIMELINE_EMBED_LIMIT, TIMELINE_EMBED_LIMIT + 10));

    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await as(t, 'street-cq').get(`/api/cases/${c.id}/timeline?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      paged.push(...res.body.items.map((e: { note: string }) => e.note));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(paged).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 100));
  });

  it('checks visibility like the case, and rejects bad cursors and limits with 400', async () => {
    const c = await report(t);
    expect((await as(t, 'street-hn').get(`/api/cases/${c.id}/timeline`)).status).toBe(404);
    expect((await as(t, 'street-cq').get(`/api/cases/${c.id}/timeline`)).body).toMatchObject({
      items: [expect.objectContaining({ type: 'created' })],
      nextCursor: null,
    });
    for (const bad of ['garbage', Buffer.from('id|99999999999999999999').toString('base64url'), Buffer.from('id|-1').toString('base64url')]) {
      const res = await as(t, 'street-cq').get(`/api/cases/${c.id}/timeline?cursor=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
    expect((await as(t, 'street-cq').get(`/api/cases/${c.id}/timeline?limit=501`)).status).toBe(400);
    expect((await as(t, 'street-cq').get(`/api/cases/not-a-uuid/timeline`)).status).toBe(400);
  });
});
