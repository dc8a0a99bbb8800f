import { Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { pageHeaders, staticPage } from '../../common/static-page';

/** `src/pages/staff/public` under jest, `dist/pages/staff/public` after `nest build` (nest-cli.json copies the assets). */
export const STAFF_PUBLIC_DIR = resolve(__dirname, 'public');

/**
 * The staff field app (`/m`): inspectors, liaisons, neighbourhood and area users on their phones. A static
 * page fed by `/api` and `/live`; `blob:` images preview a photo about to be uploaded.
 */
@Module({ imports: [staticPage(STAFF_PUBLIC_DIR, '/m', pageHeaders({ blobImages: true }))] })
export class StaffPagesModule {}
