import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { DomainError, ErrorKind, FieldError } from './domain-error';

/** Seconds a client should wait before retrying after a 503 (the database is coming back). */
const RETRY_AFTER_S = 3;

const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
};

/**
 * PostgreSQL errors caused by the request's data. Class 22 (data exception: bad text, number, date,
 * encoding, value too long …) can only come from input that slipped past validation: 400, logged as
 * a warning so the gap gets closed. Nothing else from the database is mapped: a bug stays a 500.
 */
const statusOfSqlState = (code: string): number | undefined =>
  code.startsWith('22') ? 400 : code === '23505' ? 409 : code === '23503' ? 422 : undefined;

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details: FieldError[];
  /** On 5xx: the request's `X-Request-Id`, to find its log line. */
  requestId?: string;
}

/** Every error leaves as `{ statusCode, error, message, details }` (API.md › Conventions). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const req = host.switchToHttp().getRequest();
    const res = host.switchToHttp().getResponse();
    const body = this.toBody(exception);
    const requestId = String(req.id ?? res.getHeader?.('X-Request-Id') ?? '-');
    const what = `${req.method} ${req.originalUrl ?? req.url} (request ${requestId})`;
    if (body.statusCode === 503) {
      this.logger.warn(`${what}: database unavailable: ${(exception as Error).message}`);
    } else if (body.statusCode >= 500) {
      this.logger.error(`${what}: ${exception instanceof Error ? exception.stack : String(exception)}`);
      body.requestId = requestId;
    } else if (exception instanceof QueryFailedError && body.statusCode === 400) {
      this.logger.warn(`${what}: validation let through input PostgreSQL rejects: ${exception.message}`);
    }
    if (res.headersSent) return;
    if (body.statusCode === 503) res.setHeader('Retry-After', String(RETRY_AFTER_S));
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return body(STATUS_OF[exception.kind], exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'string') return body(status, response);
      const r = response as { message?: string | string[]; details?: FieldError[] };
      const message = Array.isArray(r.message) ? r.message.join('; ') : (r.message ?? exception.message);
      return body(status, message, r.details ?? []);
    }
    // An outage is not the request's fault and not a bug: 503, so that clients retry.
    if (isDatabaseUnavailable(exception)) {
      return body(HttpStatus.SERVICE_UNAVAILABLE, 'The database is unavailable; retry shortly');
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string })?.code ?? '';
      const status = statusOfSqlState(code);
      if (status) return body(status, status === 409 ? 'Conflicts with an existing record' : 'Invalid value');
    }
    // body-parser: broken JSON, oversized body, bad charset — client errors with their own status.
    const e = exception as { type?: string; status?: number; statusCode?: number; message?: string };
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = e.type === 'entity.parse.failed' ? 'Malformed JSON in request body' : (e.message ?? 'Bad request');
      return body(status, message);
    }
    return body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}

function body(statusCode: number, message: string, details: FieldError[] = []): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, details };
}
