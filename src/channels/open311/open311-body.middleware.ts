import { Injectable, NestMiddleware } from '@nestjs/common';
import { urlencoded, type NextFunction, type Request, type Response } from 'express';

/** `attribute[WHISPAWN]=1`, `attribute[code][]=a&attribute[code][]=b` (a multivaluelist). */
const ATTRIBUTE = /^attribute\[([^[\]]{1,100})\](\[\])?$/;

/**
 * Open311 clients post `application/x-www-form-urlencoded` (the spec's format), parsed flat
 * (querystring, no nesting), only on these routes. The `attribute[code]` keys are folded into one
 * `attribute` object, so the DTO can name the field and refuse every other unknown key.
 */
@Injectable()
export class Open311BodyMiddleware implements NestMiddleware {
  private readonly form = urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

  use(req: Request, res: Response, next: NextFunction): void {
    this.form(req, res, (err?: unknown) => {
      if (err) return next(err);
      foldAttributes(req.body);
      next();
    });
  }
}

export function foldAttributes(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const m = ATTRIBUTE.exec(key);
    if (!m) continue;
    const attribute = (fields.attribute ??= {}) as Record<string, unknown>;
    if (typeof attribute !== 'object' || attribute === null) return; // `attribute=x` as well: left for the DTO to refuse
    attribute[m[1]] = m[2] ? [fields[key]].flat() : fields[key];
    delete fields[key];
  }
}
