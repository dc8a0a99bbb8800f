import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
@Controller('public/reports')
export class PublicController {
  constructor(private readonly reports: PublicReportsService) {}

  @Post()
  report(@Body() body: PublicReportDto) {
    return this.reports.report(body);
  }

  @Get(':trackingCode')
  track(@Param('trackingCode') code: string) {
    return this.reports.track(code);
  }

  @Post(':trackingCode/rating')
  rate(@Param('trackingCode') code: string, @Body() body: RatingDto) {
    return this.reports.rate(code, body.satisfaction, body.comment);
  }
}
