/**
 * Errors the domain raises, by kind; the HTTP layer maps each kind to the status code of API.md.
 * Framework-free so that the pure core (state machine, routing) can throw them.
 */
export type ErrorKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_large' // 413
  | 'unsupported_media' // 415
  | 'unprocessable'; // 422

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (field: string, message: string) => new DomainError('invalid', message, [{ field, message }]);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
export const unprocessable = (message: string, field?: string) => new DomainError('unprocessable', message, field ? [{ field, message }] : []);
