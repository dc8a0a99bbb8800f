import { as, INSPECTOR_G1, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8cf00000301010018dd8db40000000049454e44ae426082',
  'hex',
);
const HOOD = 'hood-cq-a1-n01';
const OTHER_STREET_INSPECTOR = 'insp-hn-a1-n01-g1';

async function upload(username: string) {
  return t
    .http()
    .post('/api/attachments')
    .set('Authorization', `Bearer ${await t.token(username)}`)
    .attach('file', png, 'photo.png');
}
async function uploaded(username: string): Promise<string> {
  const res = await upload(username);
  expect(res.status).toBe(201);
  return res.body.id;
}
const fetchAs = async (username: string, id: string) => (await as(t, username).get(`/api/attachments/${id}`)).status;
const expect422OnPhotos = (res: { status: number; body: any }) => {
  expect(res.status).toBe(422);
  expect(res.body.details).toEqual([expect.objectContaining({ field: 'photos' })]);
};

describe('who may upload', () => {
  it('refuses the read-only wall (display) with 403', async () => {
    expect((await upload('wall-cq')).status).toBe(403);
    for (const user of [INSPECTOR_G1, HOOD, 'liaison-sr', 'street-cq', 'admin']) expect([user, (await upload(user)).status]).toEqual([user, 201]);
  });
});

describe('who may read', () => {
  it('an unreferenced upload: its uploader only', async () => {
    const id = await uploaded(INSPECTOR_G1);
    expect(await fetchAs(INSPECTOR_G1, id)).toBe(200);
    for (const user of ['street-cq', 'insp-cq-a1-n01-g2', 'liaison-sr', 'admin']) expect([user, await fetchAs(user, id)]).toEqual([user, 404]);
  });

  it('a case photo: whoever can see the case (a liaison through its task), nobody else', async () => {
    const id = await uploaded(INSPECTOR_G1);
    const c = await report(t, { categoryCode: '0104', photos: [id] }); // SR's task at once
    expect(c.tasks.map((x: any) => x.departmentCode)).toContain('SR');
    for (const user of ['street-cq', 'wall-cq', 'area-cq-a1', HOOD, 'liaison-sr', 'admin'])
      expect([user, await fetchAs(user, id)]).toEqual([user, 200]);
    for (const user of [OTHER_STREET_INSPECTOR, 'street-hn', 'wall-hn', 'hood-cq-a1-n02', 'liaison-cg']) {
      expect([user, await fetchAs(user, id)]).toEqual([user, 404]);
    }
    expect(await fetchAs('street-cq', '00000000-0000-4000-8000-000000000000')).toBe(404);
  });
});

describe('photos named on a case must be the caller’s own or already on that case (422)', () => {
  it('on intake', async () => {
    const streets = await uploaded('street-cq');
    expect422OnPhotos(
      await as(t, INSPECTOR_G1).post('/api/cases', { categoryCode: '0101', description: 'x', gridCode: 'XH-CQ-A1-N01-G1', photos: [streets] }),
    );
    expect422OnPhotos(
      await as(t, INSPECTOR_G1).post('/api/cases', {
        categoryCode: '0101',
        description: 'x',
        gridCode: 'XH-CQ-A1-N01-G1',
        photos: ['00000000-0000-4000-8000-000000000000'],
      }),
    );
  });

  it('on resolve and verification', async () => {
    const c = await report(t, { categoryCode: '0101' }); // held by the neighbourhood
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/claim`)).status).toBe(200);
    const streets = await uploaded('street-cq');
    expect422OnPhotos(await as(t, HOOD).post(`/api/cases/${c.id}/resolve`, { note: '已清运', photos: [streets] }));
    const hoods = await uploaded(HOOD);
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/resolve`, { note: '已清运', photos: [hoods] })).status).toBe(200);
    // The grid's inspector can now read the neighbourhood's photo through the case …
    expect(await fetchAs(INSPECTOR_G1, hoods)).toBe(200);
    // … and name it, since it is on the case; not another neighbourhood's upload.
    const strangers = await uploaded('hood-cq-a1-n02');
    expect422OnPhotos(await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/verify`, { passed: true, note: 'ok', photos: [strangers] }));
    expect((await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/verify`, { passed: true, note: 'ok', photos: [hoods] })).status).toBe(200);
  });

  it('on a task’s completion', async () => {
    const inspectors = await uploaded(INSPECTOR_G1);
    const c = await report(t, { categoryCode: '0104', photos: [inspectors] });
    const task = c.tasks.find((x: any) => x.departmentCode === 'SR');
    expect((await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const streets = await uploaded('street-cq');
    expect422OnPhotos(await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/complete`, { note: '已冲洗', photos: [streets] }));
    const own = await uploaded('liaison-sr');
    const done = await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/complete`, { note: '已冲洗', photos: [own, inspectors] });
    expect(done.status).toBe(200);
    // A completion photo is readable by whoever sees the case.
    expect(await fetchAs('street-cq', own)).toBe(200);
    expect(await fetchAs('street-hn', own)).toBe(404);
  });
});
