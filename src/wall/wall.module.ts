import { Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { pageHeaders, staticPage } from '../common/static-page';

/** `src/wall/public` under jest, `dist/wall/public` after `nest build` (nest-cli.json copies the assets). */
export const WALL_PUBLIC_DIR = resolve(__dirname, 'public');

/**
 * The street command-centre wall (网格化综合管理中心 大屏): a static page at `/wall`, fed by `/api` and
 * `/live`. The wall may sit offline from the internet, hence nothing from a CDN; a command centre may
 * frame it in its own dashboard on this origin.
 */
@Module({ imports: [staticPage(WALL_PUBLIC_DIR, '/wall', pageHeaders({ framedBySelf: true }))] })
export class WallModule {}
