import { Module } from '@nestjs/common';
import { staticPage } from '../../common/static-page';
import { QrCodesController } from './qr-codes.controller';
import { ResidentPagesController } from './resident-pages.controller';
import { RESIDENT_HEADERS, RESIDENT_PUBLIC_DIR } from './resident-headers';

/**
 * The resident's pages (一口受理 by QR code, 一站反馈): `/r?grid=…` and `/t/:trackingCode` answered by a
 * thin controller, their modules and styles under `/resident/…`. No token anywhere: they call only
 * `/api/public/…`. Only files that exist are served, dotfiles never.
 */
@Module({
  // `/resident` answers the report page (index.html) too; its address is `/r`.
  imports: [staticPage(RESIDENT_PUBLIC_DIR, '/resident', RESIDENT_HEADERS)],
  controllers: [ResidentPagesController, QrCodesController],
})
export class ResidentPagesModule {}
