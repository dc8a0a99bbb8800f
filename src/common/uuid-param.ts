import { Param, ParseUUIDPipe } from '@nestjs/common';
import { invalid } from './domain-error';

/** A route parameter that must be a UUID: 400 naming it otherwise. */
export const UuidParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ version: undefined, exceptionFactory: () => invalid(name, `${name} must be a UUID`) }));
