import type { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';

/**
 * The headers of our own pages (the wall, the staff app, the resident pages). They replace helmet's API
 * headers (security-headers.ts): everything a page loads comes from this service — its files, the
 * socket.io client, `/api`, `/live` — never a CDN, and no inline script.
 */
export function pageHeaders(opts: { blobImages?: boolean; framedBySelf?: boolean } = {}): Record<string, string> {
  const img = opts.blobImages ? "'self' data: blob:" : "'self' data:"; // blob: previews a photo about to be uploaded
  const frame = opts.framedBySelf ? "'self'" : "'none'";
  return {
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self'; style-src 'self'; img-src ${img}; connect-src 'self'; font-src 'self'; ` +
      `object-src 'none'; base-uri 'none'; frame-ancestors ${frame}; form-action 'self'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Revalidated on every load (ETag / Last-Modified), so a new build reaches the screens on their next reload.
    'Cache-Control': 'no-cache',
  };
}

/**
 * A folder of static files under `serveRoot`, with `headers` on each. `serveRoot` itself answers the
 * folder's index.html; otherwise only files that exist are served (no fallback to the page, so
 * `/wall/nope.js` is a 404), dotfiles never. The pages carry no secret: the data needs a token.
 */
export function staticPage(rootPath: string, serveRoot: string, headers: Record<string, string>): DynamicModule {
  return ServeStaticModule.forRoot({
    rootPath,
    serveRoot,
    renderPath: '/',
    serveStaticOptions: {
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders: (res: ServerResponse) => {
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      },
    },
  });
}
