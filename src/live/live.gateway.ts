import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user';
import { TokenService } from '../auth/token.service';
import { ALL_EVENTS, DomainEvent } from '../events/domain-events';
import { roomsOfAudience, roomsOfUser } from '../auth/visibility';
import { SessionWatch } from './session-watch';
import { StatsPusher } from './stats-pusher';

/**
 * `/live`: the token in the handshake decides the rooms a socket joins; every domain event, once
 * committed, goes to exactly the rooms that may see it (on every instance, via the adapter).
 */
@WebSocketGateway({ namespace: '/live', cors: { origin: true } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private readonly nsp: Namespace;

  constructor(
    private readonly tokens: TokenService,
    private readonly stats: StatsPusher,
    private readonly events: EventEmitter2,
    private readonly sessions: SessionWatch,
  ) {}

  afterInit(nsp: Namespace): void {
    // A bad token is refused during the handshake: the client sees connect_error, never a socket.
    nsp.use((socket, next) => {
      this.tokens
        .readSession(socket.handshake.auth?.token ?? undefined)
        .then((session) => {
          socket.data.user = session.user;
          socket.data.session = session;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
    this.stats.attach(nsp);
    this.sessions.attach(nsp);
    for (const name of ALL_EVENTS) this.events.on(name, (event: DomainEvent) => this.forward(event));
  }

  async handleConnection(socket: Socket): Promise<void> {
    const user = socket.data.user as AuthUser;
    await socket.join([...roomsOfUser(user), SessionWatch.room(user.id)]);
  }

  forward(event: DomainEvent): void {
    this.nsp.to(roomsOfAudience(event.audience)).emit(event.name, event.payload);
    this.stats.changed(event.audience.regionCodes);
  }
}
