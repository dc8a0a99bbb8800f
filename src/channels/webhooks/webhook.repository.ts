import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  secret: string;
  createdBy: string | null;
  createdAt: Date;
}

const COLUMNS = `id, url, events, secret, created_by AS "createdBy", created_at AS "createdAt"`;

/** The one owner of `webhook` SQL. A deleted webhook keeps its row (`deleted_at`): see the migration. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(w: { url: string; events: string[]; secret: string; createdBy: string }): Promise<WebhookRow> {
    const [row]: WebhookRow[] = await this.db.query(
      `INSERT INTO webhook (url, events, secret, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [w.url, w.events, w.secret, w.createdBy],
    );
    return row;
  }

  /** Every webhook not deleted, oldest first: a handful of rows, read whole by each instance's cache. */
  active(): Promise<WebhookRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM webhook WHERE deleted_at IS NULL ORDER BY created_at, id`);
  }

  async get(id: string): Promise<WebhookRow | undefined> {
    const [row]: WebhookRow[] = await this.db.query(`SELECT ${COLUMNS} FROM webhook WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return row;
  }

  /** True when it was there to delete. */
  async delete(id: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.db.query(`UPDATE webhook SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return count > 0;
  }
}
