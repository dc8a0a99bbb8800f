import { Module } from '@nestjs/common';
import { WallController } from './wall.controller';

/** The street command-centre wall (网格化综合管理中心 大屏): a static page at `/wall`, fed by `/api` and `/live`. */
@Module({ controllers: [WallController] })
export class WallModule {}
