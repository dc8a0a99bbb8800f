import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { TaskCommandsService } from './task-commands.service';
import { TaskQueriesService } from './task-queries.service';
import { TasksController } from './tasks.controller';

@Module({
  imports: [CasesModule],
  controllers: [TasksController],
  providers: [TaskCommandsService, TaskQueriesService],
  exports: [TaskCommandsService],
})
export class TasksModule {}
