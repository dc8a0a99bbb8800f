import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['server shut down (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['too many connections (53300)', pgError('53300')],
    ['statement timeout (57014)', pgError('57014', 'canceling statement due to statement timeout')],
    ['connection exception class 08', pgError('08006')],
    ['refused', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['connection terminated', new Error('Connection terminated unexpectedly')],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], pgError('57P01'))],
    ['a transaction whose connection died', new QueryRunnerProviderAlreadyReleasedError()],
    ['several addresses refused', new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')])],
  ])('%s → yes', (_name, e) => expect(isDatabaseUnavailable(e)).toBe(true));

  it.each([
    ['unique violation', new QueryFailedError('INSERT', [], pgError('23505'))],
    ['invalid text', pgError('22P02')],
    ['a bug', new TypeError('x is undefined')],
    ['not an error', 'oops'],
    ['nothing', undefined],
  ])('%s → no', (_name, e) => expect(isDatabaseUnavailable(e)).toBe(false));
});
