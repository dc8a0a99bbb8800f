import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { Public } from '../auth/decorators';

/** `src/wall/public` under jest, `dist/wall/public` after `nest build` (nest-cli.json copies the assets). */
export const WALL_PUBLIC_DIR = resolve(__dirname, 'public');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Everything the page loads comes from this service: its own files here, the socket.io client
 * from `/socket.io/socket.io.js`, data from `/api` and `/live`. Nothing from a CDN (the wall may be offline).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The page carries no secret (the data needs a token), so these routes are public. */
@ApiExcludeController()
@Public()
@Controller('wall')
export class WallController {
  @Get()
  index(@Res() res: Response): Promise<void> {
    return this.send(res, 'index.html');
  }

  @Get('*path')
  asset(@Param('path') path: string | string[], @Res() res: Response): Promise<void> {
    const relative = Array.isArray(path) ? path.join('/') : path;
    return this.send(res, relative === '' ? 'index.html' : relative);
  }

  private async send(res: Response, relative: string): Promise<void> {
    const file = resolve(WALL_PUBLIC_DIR, relative);
    const type = CONTENT_TYPES[extname(file).toLowerCase()];
    if (!type || !file.startsWith(WALL_PUBLIC_DIR + sep)) throw new NotFoundException(`No such file: /wall/${relative}`);
    // The page's modules are `.mjs` (the build compiles every `.js` under src as server code);
    // `/wall/x.js` serves `x.mjs` too.
    const candidates = file.endsWith('.js') ? [file, `${file.slice(0, -3)}.mjs`] : [file];
    let body: Buffer | undefined;
    for (const candidate of candidates) {
      body = await readFile(candidate).catch(() => undefined);
      if (body) break;
    }
    if (!body) throw new NotFoundException(`No such file: /wall/${relative}`);
    res.status(200);
    res.set({ 'Content-Type': type, 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
    res.send(body);
  }
}
