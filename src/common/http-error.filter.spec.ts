import { QueryFailedError } from 'typeorm';
import { HttpErrorFilter } from './http-error.filter';

const pgError = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code }));

describe('HttpErrorFilter and PostgreSQL errors', () => {
  const filter = new HttpErrorFilter();

  it.each(['22021', '22P02', '22001', '22003', '22007', '22008', '22012', '2200H'])(
    'maps data exception %s (class 22: input validation missed) to 400',
    (code) => expect(filter.toBody(pgError(code))).toMatchObject({ statusCode: 400, error: 'Bad Request' }),
  );

  it('keeps unique → 409 and foreign key → 422', () => {
    expect(filter.toBody(pgError('23505')).statusCode).toBe(409);
    expect(filter.toBody(pgError('23503')).statusCode).toBe(422);
  });

  it.each(['42P01', '42703', '23502', '23514'])('leaves %s a 500: a bug, not bad input', (code) =>
    expect(filter.toBody(pgError(code)).statusCode).toBe(500),
  );
});
