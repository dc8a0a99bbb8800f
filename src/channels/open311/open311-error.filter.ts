import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HttpErrorFilter } from '../../common/http-error.filter';
import { open311Errors, Open311Error } from './open311-errors';
import { formatOfPath, send } from './open311-format';

/**
 * Errors on the Open311 routes leave as GeoReport v2 error documents (`[{ code, description }]` or
 * `<errors><error>…`), in the format the path asks for; the rest of the API keeps its own error body.
 * Scoped to the Open311 controller; the classification of everything else is HttpErrorFilter's.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');
  private readonly general = new HttpErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body =
      exception instanceof Open311Error
        ? { statusCode: exception.code, error: '', message: exception.message, details: [] }
        : this.general.toBody(exception);
    const { status, errors } = open311Errors(body);
    if (status >= 500 && status !== 503)
      this.logger.error(`${req.method} ${req.originalUrl}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    if (res.headersSent) return;
    if (status === 503) res.setHeader('Retry-After', '3');
    send(res, formatOfPath(req.path), 'errors', errors, status);
  }
}
