// A bare socket.io server for the fan-out baseline: on "go" (HTTP GET /go?n=…) it broadcasts a
// payload stamped with the send time to every connected client. Prints "READY <port>".
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http);
const wall = io.of('/live');
const payload = JSON.parse(process.argv[2] ?? '{}');
http.on('request', (req, res) => {
  if (!req.url?.startsWith('/go')) return;
  wall.emit('case.created', { case: payload, sentAt: Date.now() });
  res.end('ok');
});
http.listen(0, '127.0.0.1', () => console.log(`READY ${(http.address() as { port: number }).port} ${process.pid}`));
process.once('SIGTERM', () => process.exit(0));
