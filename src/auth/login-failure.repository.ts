import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Failed logins counted per username over this window… */
export const LOGIN_FAILURE_WINDOW_S = 15 * 60;
/** …and at most this many of them. */
export const LOGIN_FAILURE_LIMIT = 10;

export type Attempt = { allowed: true; id: string } | { allowed: false; retryAfterS: number };

/**
 * The per-username login failure counter, in PostgreSQL so that every instance counts alike. An
 * attempt is recorded as a failure before the password is checked, under a per-username advisory
 * lock, so that a burst of parallel attempts cannot all slip under the limit; a success removes it.
 */
@Injectable()
export class LoginFailureRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async begin(username: string): Promise<Attempt> {
    return this.db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('login:' || $1))`, [username]);
      const [{ n, until }]: { n: number; until: Date | null }[] = await em.query(
        `SELECT count(*)::int AS n,
                (array_agg(at ORDER BY at DESC))[$2] + make_interval(secs => $3) AS until
           FROM login_failure WHERE username = $1 AND at > now() - make_interval(secs => $3)`,
        [username, LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_S],
      );
      if (n >= LOGIN_FAILURE_LIMIT) {
        // Free again once the LIMIT-th most recent failure leaves the window.
        return { allowed: false, retryAfterS: Math.max(1, Math.ceil((new Date(until!).getTime() - Date.now()) / 1000)) };
      }
      // Expired rows of every username go here, a few at a time, rather than in a job of their own.
      await em.query(`DELETE FROM login_failure WHERE id IN (SELECT id FROM login_failure WHERE at < now() - make_interval(secs => $1) LIMIT 100)`, [
        LOGIN_FAILURE_WINDOW_S,
      ]);
      const [{ id }] = await em.query(`INSERT INTO login_failure (username) VALUES ($1) RETURNING id`, [username]);
      return { allowed: true, id: String(id) };
    });
  }

  /** The attempt succeeded: it was no failure, and neither were the ones before it. */
  async succeeded(username: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failure WHERE username = $1`, [username]);
  }
}
