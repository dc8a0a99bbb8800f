import { io, Socket } from 'socket.io-client';
import type { TestApp } from './test-app';

export interface Received {
  event: string;
  body: any;
  at: number;
}

/** A `/live` client of a demo user that records every event it receives. */
export async function liveClient(t: TestApp, username: string): Promise<{ socket: Socket; received: Received[]; close(): void }> {
  const socket = io(`${t.baseUrl}/live`, { auth: { token: await t.token(username) }, transports: ['websocket'], reconnection: false });
  const received: Received[] = [];
  socket.onAny((event, body) => received.push({ event, body, at: Date.now() }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, received, close: () => socket.close() };
}
