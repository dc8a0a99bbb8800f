import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabaseError, startEmbeddedPostgres } from './embedded-postgres';
import { unreachableFor } from './postgres-reach';

// As root the embedded cluster runs as `postgres`; elsewhere there is nothing to check.
const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

asRoot('a DATA_DIR the postgres user cannot enter', () => {
  let locked: string;
  beforeAll(async () => {
    locked = await mkdtemp(join(tmpdir(), 'grid-locked-')); // root's, mode 700
    await chmod(locked, 0o700);
  });
  afterAll(() => rm(locked, { recursive: true, force: true }));

  it('fails at start with one line naming the directory and the fix, before initdb', async () => {
    const start = startEmbeddedPostgres({ dataDir: join(locked, 'data') });
    await expect(start).rejects.toThrow(EmbeddedDatabaseError);
    await expect(startEmbeddedPostgres({ dataDir: join(locked, 'data') })).rejects.toThrow(
      `PostgreSQL runs as the 'postgres' user, which cannot enter ${locked} (mode 700) on the way to DATA_DIR ${join(locked, 'data')}: ` +
        `set DATA_DIR to a directory it can enter, or chmod o+x ${locked}`,
    );
  });

  it('finds the first blocked directory along the path, or none', async () => {
    await mkdir(join(locked, 'a', 'b'), { recursive: true });
    await chmod(join(locked, 'a'), 0o755);
    expect(await unreachableFor('postgres', join(locked, 'a', 'b'))).toEqual({ dir: locked, mode: '700' });
    await chmod(locked, 0o711); // o+x is enough to pass through
    expect(await unreachableFor('postgres', join(locked, 'a', 'b'))).toBeNull();
    await chmod(join(locked, 'a'), 0o750);
    expect(await unreachableFor('postgres', join(locked, 'a', 'b'))).toEqual({ dir: join(locked, 'a'), mode: '750' });
    await chmod(locked, 0o700);
  });
});
