import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Pool, type PoolClient } from 'pg';
import type { Server, ServerOptions } from 'socket.io';

/** How long a closing pool may wait for the adapter to give its connections back. */
const DISPOSE_GRACE_MS = 1000;

/**
 * socket.io across instances through PostgreSQL (LISTEN/NOTIFY, big payloads in a table): an
 * event emitted on one instance reaches the sockets of every instance. No Redis.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly log = new Logger('LiveAdapter');
  private readonly pool: Pool;
  /** Connections the adapter has checked out and not yet given back. */
  private readonly held = new Set<PoolClient>();

  constructor(app: INestApplicationContext, databaseUrl: string) {
    super(app);
    this.pool = new Pool({ connectionString: databaseUrl, max: 4, application_name: 'grid-dispatch-live' });
    this.pool.on('error', (e) => this.log.warn(`pool: ${e.message}`));
    this.pool.on('acquire', (client) => this.held.add(client));
    this.pool.on('release', (_err, client) => this.held.delete(client));
  }

  createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(createAdapter(this.pool, { errorHandler: (e) => this.log.warn(`adapter: ${e.message}`) }));
    return server;
  }

  /**
   * The adapter keeps its LISTEN connection only once LISTEN has answered; closed before that (a
   * shutdown right after start), it never gives the connection back and `pool.end()` would wait
   * for ever (then crash on the server's goodbye). After a grace period we take such connections
   * back ourselves, and the pool stops handing out new ones (the adapter would try to reconnect).
   */
  async dispose(): Promise<void> {
    const ended = this.pool.end().catch(() => undefined);
    const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), DISPOSE_GRACE_MS).unref());
    if ((await Promise.race([ended, grace])) !== 'late') return;
    this.log.warn(`taking back ${this.held.size} connection(s) the live adapter still held at shutdown`);
    this.pool.connect = () => new Promise<never>(() => undefined);
    for (const client of this.held) {
      client.on('error', () => undefined);
      client.release(true);
    }
    await ended;
  }
}
