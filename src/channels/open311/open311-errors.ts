import type { ErrorBody } from '../../common/http-error.filter';

/** An error the Open311 layer raises itself, with the code GeoReport v2 gives it. */
export class Open311Error extends Error {
  constructor(
    readonly code: 400 | 403 | 404 | 429,
    description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

export type Open311ErrorItem = { code: number; description: string };

/**
 * GeoReport v2's error codes from the service's own classification (HttpErrorFilter.toBody): 403 for a
 * missing or bad key, 404 for what does not exist, 429 rate limited, 5xx as they are, and 400 for every
 * other refusal (invalid fields, outside every grid, a state that does not allow it). Each bad field is
 * an error of its own (its messages together), as the spec allows several.
 */
export function open311Errors(body: ErrorBody): { status: number; errors: Open311ErrorItem[] } {
  const s = body.statusCode;
  const status = s === 401 || s === 403 ? 403 : s === 404 || s === 429 || s >= 500 ? s : 400;
  if (!body.details.length) return { status, errors: [{ code: status, description: body.message }] };
  const byField = new Map<string, string[]>();
  for (const d of body.details) byField.set(d.field, [...(byField.get(d.field) ?? []), d.message]);
  const errors = [...byField].map(([field, messages]) => {
    const text = messages.join('; ');
    return { code: status, description: text.startsWith(field) ? text : `${field}: ${text}` };
  });
  return { status, errors };
}
