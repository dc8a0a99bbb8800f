import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';

/** `src/pages/staff/public` under jest, `dist/pages/staff/public` after `nest build` (nest-cli.json copies the assets). */
export const STAFF_PUBLIC_DIR = resolve(__dirname, 'public');

/**
 * Like the wall's: everything comes from this service (files here, `/socket.io/socket.io.js`, `/api`, `/live`);
 * `blob:` images only for the preview of a photo about to be uploaded. Replaces helmet's API headers.
 */
const STAFF_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Revalidated on every load, so a new build reaches the phones on their next reload.
  'Cache-Control': 'no-cache',
};

/**
 * The staff field app (`/m`): inspectors, liaisons, neighbourhood and area users on their phones. A static
 * page fed by `/api` and `/live`; it carries no secret, so its files are public. Only existing files are served.
 */
@Module({
  imports: [
    ServeStaticModule.forRoot({
      rootPath: STAFF_PUBLIC_DIR,
      serveRoot: '/m',
      renderPath: '/',
      serveStaticOptions: {
        index: false,
        redirect: false,
        dotfiles: 'ignore',
        cacheControl: false,
        setHeaders: (res: ServerResponse) => {
          for (const [name, value] of Object.entries(STAFF_HEADERS)) res.setHeader(name, value);
        },
      },
    }),
  ],
})
export class StaffPagesModule {}
