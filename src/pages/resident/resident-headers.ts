import { resolve } from 'node:path';
import { pageHeaders } from '../../common/static-page';

/** `src/pages/resident/public` under jest, `dist/pages/resident/public` after `nest build` (nest-cli.json assets). */
export const RESIDENT_PUBLIC_DIR = resolve(__dirname, 'public');

/** Also sent by the controller with `/r` and `/t/:code`; `blob:` images preview a photo. */
export const RESIDENT_HEADERS = pageHeaders({ blobImages: true });
