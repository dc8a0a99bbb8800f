import { Body, Controller, Get, Headers, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-responses';
import { PublicCategoryResponse, PublicReportResponse, RatingReceiptResponse, ReportReceiptResponse } from './public.responses';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Public } from '../auth/decorators';
import { PublicReportDto } from '../cases/intake/intake.dto';
import type { Satisfaction } from '../cases/rating.entity';
import { formKey } from './form-key';
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

  /** The same Idempotency-Key (one per filled form) returns the first report (200): a double tap files one case. */
  @ApiCreatedResponse({ type: ReportReceiptResponse })
  @ApiOkResponse({ type: ReportReceiptResponse, description: 'the report first made with this Idempotency-Key' })
  @ApiErrors(400, 409, 422)
  @Post()
  async report(@Body() body: PublicReportDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const { receipt, created } = await this.reports.report(body, formKey(key));
    res.status(created ? 201 : 200);
    return receipt;
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

/** The catalogue for the resident's form (问题类别): codes and names, no token. */
@ApiTags('public')
@Public()
@UseGuards(ThrottlerGuard)
@ApiErrors(429, 503)
@Controller('public/categories')
export class PublicCategoriesController {
  constructor(private readonly reports: PublicReportsService) {}

  @ApiOkResponse({ type: [PublicCategoryResponse] })
  @Get()
  list() {
    return this.reports.categories();
  }
}
