import { ValidateBy, ValidationOptions } from 'class-validator';
import { isDuration } from '../sla/duration';

/** An ISO 8601 duration the SLA clocks understand (`PT15M`, `PT4H`, `P1D`, `PT2S`). */
export const IsIsoDuration = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIsoDuration',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isDuration(value),
        defaultMessage: (args) => `${args?.property} must be an ISO 8601 duration such as PT4H or P1D`,
      },
    },
    options,
  );
