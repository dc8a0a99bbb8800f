import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginFailureRepository } from './login-failure.repository';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';
import { UserWriteThrottlerGuard } from './user-write-throttler.guard';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => ({
        secret: config.get('jwtSecret', { infer: true }),
        signOptions: { expiresIn: config.get('jwtExpiresIn', { infer: true }) },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    UserRepository,
    LoginFailureRepository,
    // Global guards run in this order: the write limit needs the user AuthGuard puts on the request.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: UserWriteThrottlerGuard },
  ],
  exports: [TokenService, UserRepository],
})
export class AuthModule {}
