import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { verifyJsonDepth } from './common/json-depth';
import { securityHeaders } from './common/security-headers';
import { globalPipes } from './common/validation';
import { PostgresIoAdapter } from './live/postgres-io.adapter';
import type { AppConfig } from './config/app-config';

export type ResolvedConfig = AppConfig & { databaseUrl: string; jwtSecret: string };

/** Builds the HTTP application the same way for `npm start`, tests and benchmarks. */
export async function createApp(config: ResolvedConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(securityHeaders());
  // Nest's typing omits `verify` (it reserves it for `rawBody`, off here); body-parser gets it as is.
  app.useBodyParser('json', { limit: '1mb', verify: verifyJsonDepth } as { limit: string });
  // 12345 work-order files (POST /api/imports/hotline) arrive as bytes: their encoding is detected there.
  app.useBodyParser('raw', { type: 'text/csv', limit: '5mb' });
  // Flat query strings (`?a[b]=1` stays the key `a[b]`): no nested objects reach a DTO.
  app.set('query parser', 'simple');
  // req.ip, which the rate limits key on, believes X-Forwarded-For only from these proxies (default none).
  app.set('trust proxy', config.trustProxy);
  // The wall's files (ServeStaticModule) live outside /api; excluding them gives their 404s Nest's JSON error.
  app.setGlobalPrefix('api', { exclude: ['wall', 'wall/{*path}', 'm', 'm/{*path}', 'r', 't/{*path}', 'resident/{*path}'] });
  app.useGlobalPipes(...globalPipes());
  app.useWebSocketAdapter(new PostgresIoAdapter(app, config.databaseUrl, config.statementTimeoutMs));
  // No enableShutdownHooks(): Nest would close the app and re-raise the signal, killing the process
  // before main.ts stops the embedded PostgreSQL. main.ts owns SIGINT/SIGTERM; app.close() runs the hooks.
  if (config.docs) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Grid dispatch')
        .setDescription('一口受理 · 一表派单 · 吹哨报到 · 一站反馈 — the contract is docs/API.md in the repository')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document);
  }
  return app;
}
