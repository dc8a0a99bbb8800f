import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { DemoTraffic } from './demo-traffic';

/**
 * Starts the simulated city (DEMO_TRAFFIC=true) once the HTTP server listens — it calls the service's
 * own address, like any client — and stops it before the application closes.
 */
@Injectable()
export class DemoTrafficService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DemoTraffic');
  private traffic: DemoTraffic | undefined;
  private closing = false;

  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const { enabled, perMinute } = this.config.get('demoTraffic', { infer: true });
    if (!enabled) return;
    if (process.env.NODE_ENV === 'production') this.logger.warn('DEMO_TRAFFIC=true under NODE_ENV=production: simulated people will write cases');
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.once('listening', () => {
      if (this.closing) return;
      this.traffic = new DemoTraffic({ baseUrl: ownUrl(server.address() as AddressInfo), perMinute, log: this.logger });
      this.traffic.start();
    });
  }

  /** main.ts calls this before draining the server on SIGINT/SIGTERM; app.close() calls it anyway. */
  async stop(): Promise<void> {
    this.closing = true;
    await this.traffic?.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}

/** The listening address as a URL this process can call: a wildcard address is reached on loopback. */
export function ownUrl({ address, family, port }: AddressInfo): string {
  if (address === '::' || address === '0.0.0.0' || address === '') return `http://127.0.0.1:${port}`;
  return family === 'IPv6' || address.includes(':') ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}
