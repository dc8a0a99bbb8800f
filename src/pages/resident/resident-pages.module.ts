import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';
import { QrCodesController } from './qr-codes.controller';
import { ResidentPagesController } from './resident-pages.controller';
import { RESIDENT_HEADERS, RESIDENT_PUBLIC_DIR } from './resident-headers';

/**
 * The resident's pages (一口受理 by QR code, 一站反馈): `/r?grid=…` and `/t/:trackingCode` answered by a
 * thin controller, their modules and styles under `/resident/…`. No token anywhere: they call only
 * `/api/public/…`. Only files that exist are served, dotfiles never.
 */
@Module({
  imports: [
    ServeStaticModule.forRoot({
      rootPath: RESIDENT_PUBLIC_DIR,
      serveRoot: '/resident',
      // `/resident` answers the report page (index.html) too; its address is `/r`.
      renderPath: '/',
      serveStaticOptions: {
        index: false,
        redirect: false,
        dotfiles: 'ignore',
        cacheControl: false,
        setHeaders: (res: ServerResponse) => {
          for (const [name, value] of Object.entries(RESIDENT_HEADERS)) res.setHeader(name, value);
        },
      },
    }),
  ],
  controllers: [ResidentPagesController, QrCodesController],
})
export class ResidentPagesModule {}
