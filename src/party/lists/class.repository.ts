import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The party_class table: the offered classes in order; a class dropped from the list is retired, never deleted. */
@Injectable()
export class ClassRepository {
  async offered(em: EntityManager): Promise<string[]> {
    return (await em.query(`SELECT name FROM party_class WHERE NOT retired ORDER BY position, name`)).map((r: { name: string }) => r.name);
  }

  async isOffered(em: EntityManager, name: string): Promise<boolean> {
    return (await em.query(`SELECT 1 FROM party_class WHERE name = $1 AND NOT retired`, [name])).length === 1;
  }

  /** Replaces the offered list in one statement pair: listed names in order, the others retired. */
  async replace(em: EntityManager, names: string[]): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('party_class', 0))`);
    await em.query(
      `INSERT INTO party_class (name, position, retired) SELECT n, p - 1, false FROM unnest($1::text[]) WITH ORDINALITY AS u(n, p)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, retired = false`,
      [names],
    );
    await em.query(`UPDATE party_class SET retired = true WHERE NOT (name = ANY($1::text[]))`, [names]);
  }
}
