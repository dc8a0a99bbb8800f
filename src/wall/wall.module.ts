import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';

/** `src/wall/public` under jest, `dist/wall/public` after `nest build` (nest-cli.json copies the assets). */
export const WALL_PUBLIC_DIR = resolve(__dirname, 'public');

/**
 * Everything the page loads comes from this service: its own files here, the socket.io client
 * from `/socket.io/socket.io.js`, data from `/api` and `/live`. Nothing from a CDN (the wall may be offline).
 * These replace helmet's API headers (src/common/security-headers.ts) on the wall's files.
 */
const WALL_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Revalidated on every load (ETag / Last-Modified), so a new build reaches the wall on its next reload.
  'Cache-Control': 'no-cache',
};

/**
 * The street command-centre wall (网格化综合管理中心 大屏): a static page at `/wall`, fed by `/api` and
 * `/live`. The page carries no secret (the data needs a token), so its files are public. Only files
 * that exist are served (no fallback to the page: `/wall/nope.js` is a 404), dotfiles never.
 */
@Module({
  imports: [
    ServeStaticModule.forRoot({
      rootPath: WALL_PUBLIC_DIR,
      serveRoot: '/wall',
      // `/wall` and `/wall/` answer the page itself; express.static answers the files below.
      renderPath: '/',
      serveStaticOptions: {
        index: false,
        redirect: false,
        dotfiles: 'ignore',
        cacheControl: false,
        setHeaders: (res: ServerResponse) => {
          for (const [name, value] of Object.entries(WALL_HEADERS)) res.setHeader(name, value);
        },
      },
    }),
  ],
})
export class WallModule {}
