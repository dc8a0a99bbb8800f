import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Pool, type PoolClient } from 'pg';
import type { Server, ServerOptions } from 'socket.io';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { pgConnectionSettings } from '../database/data-source-options';
import { Outage } from '../database/outage-log';
import { batchingNotifies } from './notify-batcher';

/** How long a closing pool may wait for the adapter to give its connections back. */
const DISPOSE_GRACE_MS = 1000;

/**
 * socket.io across instances through PostgreSQL (LISTEN/NOTIFY, big payloads in a table): an
 * event emitted on one instance reaches the sockets of every instance. No Redis.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly log = new Logger('LiveAdapter');
  private readonly pool: Pool;
  /** The pool as the adapter gets it: one NOTIFY statement per tick, not one per event. */
  private readonly adapterPool: Pool;
  /** Connections the adapter has checked out and not yet given back. */
  private readonly held = new Set<PoolClient>();

  private readonly outage = new Outage(this.log, 'events across instances');

  constructor(app: INestApplicationContext, databaseUrl: string, statementTimeoutMs = 0) {
    super(app);
    this.pool = new Pool({
      connectionString: databaseUrl,
      max: 4,
      application_name: 'grid-dispatch-live',
      ...pgConnectionSettings(statementTimeoutMs),
    });
    this.pool.on('error', (e) => this.failed(e));
    this.pool.on('connect', (client) => {
      this.outage.succeeded();
      client.on('error', (e) => this.lost(client, e));
    });
    this.pool.on('acquire', (client) => this.held.add(client));
    this.pool.on('release', (_err, client) => this.held.delete(client));
    this.adapterPool = batchingNotifies(this.pool);
  }

  createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(createAdapter(this.adapterPool, { errorHandler: (e) => this.failed(e) }));
    return server;
  }

  private failed(e: Error): void {
    if (isDatabaseUnavailable(e)) this.outage.failed(e);
    else this.log.warn(`adapter: ${e.message}`);
  }

  /**
   * A checked-out connection failed. The adapter holds its LISTEN connection without an 'error'
   * listener (the process would die of the server's "terminating connection") and never gives it
   * back: it only reconnects, on 'end'. We give the dead connection back with its error, so that
   * the pool drops it and has room for the new one; the adapter then LISTENs again on its own.
   * Connections in a `pool.query()` are released by pg-pool itself before the next tick.
   */
  private lost(client: PoolClient, e: Error): void {
    this.failed(e);
    setImmediate(() => {
      if (this.held.has(client)) client.release(e);
    });
  }

  /**
   * The adapter keeps its LISTEN connection only once LISTEN has answered; closed before that (a
   * shutdown right after start), it never gives the connection back and `pool.end()` would wait
   * for ever (then crash on the server's goodbye). After a grace period we take such connections
   * back ourselves, and the pool stops handing out new ones (the adapter would try to reconnect).
   */
  async dispose(): Promise<void> {
    // Through the batching pool: what the close just published (its goodbye to the other instances) goes out first.
    const ended = this.adapterPool.end().catch(() => undefined);
    const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), DISPOSE_GRACE_MS).unref());
    if ((await Promise.race([ended, grace])) !== 'late') return;
    this.log.warn(`taking back ${this.held.size} connection(s) the live adapter still held at shutdown`);
    // pool.query (callback style) fails at once; the adapter's reconnect (a promise) waits for ever rather than retry.
    this.pool.connect = ((callback?: (e: Error) => void) => {
      callback?.(new Error('the live adapter is closing'));
      return new Promise<never>(() => undefined);
    }) as Pool['connect'];
    for (const client of this.held) {
      client.on('error', () => undefined);
      client.release(true);
    }
    await ended;
  }
}
