import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { PublicReportResponse, RatingReceiptResponse, ReportReceiptResponse } from './public.responses';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Public } from '../auth/decorators';
import { PublicReportDto } from '../cases/intake/intake.dto';
import type { Satisfaction } from '../cases/rating.entity';
import { PublicReportsService } from './public-reports.service';

export class RatingDto {
  @IsIn(['satisfied', 'basic', 'unsatisfied']) satisfaction: Satisfaction;
  @IsOptional() @IsString() @MaxLength(500) comment?: string;
}

/** Residents: no token, rate-limited per client. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@ApiErrors(429, 503)
@Controller('public/reports')
export class PublicController {
  constructor(private readonly reports: PublicReportsService) {}

  @ApiCreatedResponse({ type: ReportReceiptResponse })
  @ApiErrors(400, 422)
  @Post()
  report(@Body() body: PublicReportDto) {
    return this.reports.report(body);
  }

  @ApiOkResponse({ type: PublicReportResponse })
  @ApiErrors(404)
  @Get(':trackingCode')
  track(@Param('trackingCode') code: string) {
    return this.reports.track(code);
  }

  @ApiCreatedResponse({ type: RatingReceiptResponse })
  @ApiErrors(400, 404, 409)
  @Post(':trackingCode/rating')
  rate(@Param('trackingCode') code: string, @Body() body: RatingDto) {
    return this.reports.rate(code, body.satisfaction, body.comment);
  }
}
