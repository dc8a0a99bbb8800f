import { Module } from '@nestjs/common';
import { StatsModule } from '../stats/stats.module';
import { EvaluationController } from './evaluation.controller';
import { EvaluationRepository } from './evaluation.repository';
import { SchemesService } from './schemes.service';
import { ScorecardsService } from './scorecards.service';

@Module({
  imports: [StatsModule],
  controllers: [EvaluationController],
  providers: [EvaluationRepository, SchemesService, ScorecardsService],
  exports: [ScorecardsService],
})
export class EvaluationModule {}
