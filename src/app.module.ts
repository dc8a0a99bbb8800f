import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { normalizeIp, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CatalogModule } from './catalog/catalog.module';
import { HttpErrorFilter } from './common/http-error.filter';
import { requestId } from './common/request-id';
import type { AppConfig } from './config/app-config';
import { DatabaseModule } from './database/database.module';
import { DemoTrafficModule } from './demo/demo-traffic.module';
import { dataSourceOptions } from './database/data-source-options';
import { prepareDatabase } from './database/prepare-database';
import { HealthModule } from './health/health.module';
import { SeedReport } from './history/history-loader.service';
import { HistoryModule } from './history/history.module';
import { JurisdictionModule } from './jurisdiction/jurisdiction.module';
import { LiveModule } from './live/live.module';
import { StaffPagesModule } from './pages/staff/staff-pages.module';
import { PartyModule } from './party/party.module';
import { PublicModule } from './public/public.module';
import { ResidentPagesModule } from './pages/resident/resident-pages.module';
import { SlaModule } from './sla/sla.module';
import { StatsModule } from './stats/stats.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { ChannelsModule } from './channels/channels.module';
import { SweeperModule } from './sla/sweeper.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';
import { WallModule } from './wall/wall.module';

/** The application, built from a fully resolved config (database URL and secrets known). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string; jwtSecret: string }): DynamicModule {
    const seeding = new SeedReport();
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestId,
            // One short line per request: who asked what, and the answer; headers (tokens, cookies,
            // a dozen security headers) stay out of the log.
            serializers: {
              req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            customProps: () => ({ instance: config.instanceId }),
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl, 20, config.statementTimeoutMs),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            const { demoSeeded } = await prepareDatabase(dataSource, { seedDemo: config.seedDemo, firstAdmin: config.firstAdmin });
            seeding.demoSeeded = demoSeeded;
            return dataSource;
          },
        }),
        EventEmitterModule.forRoot(),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.publicRateLimit }],
          // The client is req.ip: the socket's address, or X-Forwarded-For only from TRUST_PROXY's proxies.
          getTracker: (req) => normalizeIp(req.ip),
          errorMessage: 'Too many requests; retry later',
        }),
        DatabaseModule,
        AuthModule,
        JurisdictionModule,
        CatalogModule,
        HealthModule,
        SlaModule,
        AttachmentsModule,
        CasesModule,
        TasksModule,
        PublicModule,
        SweeperModule,
        StatsModule,
        EvaluationModule,
        ChannelsModule,
        LiveModule,
        WallModule,
        StaffPagesModule,
        ResidentPagesModule,
        UsersModule,
        PartyModule,
        DemoTrafficModule,
        HistoryModule.forRoot(seeding),
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
