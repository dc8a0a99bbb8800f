import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { Public } from '../../auth/decorators';
import { RESIDENT_HEADERS, RESIDENT_PUBLIC_DIR } from './resident-headers';

/**
 * The two pages are static: the grid (`?grid=`) and the tracking code (the path) are read by the
 * page's own script, so nothing from the URL is ever written into HTML here.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ResidentPagesController {
  @Get('r')
  report(@Res() res: Response) {
    this.page(res, 'index.html');
  }

  @Get('t/:trackingCode')
  track(@Res() res: Response) {
    this.page(res, 'track.html');
  }

  private page(res: Response, file: string) {
    res.set(RESIDENT_HEADERS).type('html').sendFile(join(RESIDENT_PUBLIC_DIR, file));
  }
}
