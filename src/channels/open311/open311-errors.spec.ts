import { open311Errors } from './open311-errors';

const body = (statusCode: number, message: string, details: { field: string; message: string }[] = []) => ({
  statusCode,
  error: '',
  message,
  details,
});

describe('Open311 error codes', () => {
  it('maps the service’s classification onto GeoReport v2’s 403 / 404 / 400', () => {
    expect(open311Errors(body(401, 'no key')).status).toBe(403);
    expect(open311Errors(body(403, 'bad key')).status).toBe(403);
    expect(open311Errors(body(404, 'Category 9 not found'))).toEqual({ status: 404, errors: [{ code: 404, description: 'Category 9 not found' }] });
    for (const s of [400, 409, 413, 415, 422]) expect(open311Errors(body(s, 'x')).status).toBe(400);
    expect(open311Errors(body(429, 'slow down')).status).toBe(429);
    expect(open311Errors(body(503, 'db away')).status).toBe(503);
  });

  it('gives each bad field an error of its own, naming the field', () => {
    expect(
      open311Errors(
        body(400, 'Invalid lat, email', [
          { field: 'lat', message: 'lat must not be greater than 90' },
          { field: 'lat', message: 'lat must be a number' },
          { field: 'email', message: 'not an email address' },
        ]),
      ).errors,
    ).toEqual([
      { code: 400, description: 'lat must not be greater than 90; lat must be a number' },
      { code: 400, description: 'email: not an email address' },
    ]);
  });
});
