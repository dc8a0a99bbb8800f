import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { Pool } from 'pg';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io across instances through PostgreSQL (LISTEN/NOTIFY, big payloads in a table): an
 * event emitted on one instance reaches the sockets of every instance. No Redis.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly log = new Logger('LiveAdapter');
  private readonly pool: Pool;

  constructor(app: INestApplicationContext, databaseUrl: string) {
    super(app);
    this.pool = new Pool({ connectionString: databaseUrl, max: 4, application_name: 'grid-dispatch-live' });
    this.pool.on('error', (e) => this.log.warn(`pool: ${e.message}`));
  }

  createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(createAdapter(this.pool, { errorHandler: (e) => this.log.warn(`adapter: ${e.message}`) }));
    return server;
  }

  async dispose(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
