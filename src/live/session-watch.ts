import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { Namespace, Socket } from 'socket.io';
import { TokenService, type Session } from '../auth/token.service';
import { UserRevokedEvent } from '../users/user-revoked.event';

/** How often every socket's token is checked for expiry and revocation (the fallback path). */
const SWEEP_MS = 1000;
/** The message between instances (socket.io adapter, over PostgreSQL NOTIFY). */
const REVOKED = 'user.revoked';

/**
 * Ends the live sockets whose token has expired or been revoked. A revocation committed on any
 * instance is sent to all of them through the socket.io adapter: each forgets the user's cached
 * token version and re-checks that user's sockets at once. A sweep each second re-checks every
 * socket against the version cache (at most one query per user per VERSION_TTL_MS), so a lost
 * message or an expired token still ends a socket within a few seconds.
 */
@Injectable()
export class SessionWatch implements OnModuleDestroy {
  private readonly log = new Logger(SessionWatch.name);
  private nsp?: Namespace;
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly tokens: TokenService,
    private readonly events: EventEmitter2,
  ) {}

  attach(nsp: Namespace): void {
    this.nsp = nsp;
    nsp.on(REVOKED, (userId: unknown) => typeof userId === 'string' && void this.revoked(userId));
    this.events.on(UserRevokedEvent.NAME, (e: UserRevokedEvent) => {
      void this.revoked(e.payload.userId);
      nsp.serverSideEmit(REVOKED, e.payload.userId);
    });
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  /** The room every socket of a user joins. */
  static room(userId: string): string {
    return `user:${userId}`;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async revoked(userId: string): Promise<void> {
    this.tokens.forget(userId);
    if (!this.nsp) return;
    await this.check([...this.nsp.sockets.values()].filter((s) => s.data.user?.id === userId));
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || !this.nsp) return;
    this.sweeping = true;
    try {
      await this.check([...this.nsp.sockets.values()]);
    } finally {
      this.sweeping = false;
    }
  }

  private async check(sockets: Socket[]): Promise<void> {
    const live = sockets.filter((s) => s.data.session);
    if (live.length === 0) return;
    try {
      const valid = await this.tokens.stillValid(live.map((s) => s.data.session as Session));
      live.forEach((s, i) => valid[i] || s.disconnect(true));
    } catch (e) {
      // The database is away: keep the sockets; the next sweep asks again.
      this.log.debug(`session check failed: ${(e as Error).message}`);
    }
  }
}
