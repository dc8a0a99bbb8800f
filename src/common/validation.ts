import { BadRequestException, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { RejectControlCharsPipe } from './control-chars';
import type { FieldError } from './domain-error';

/** Flattens class-validator's tree into one entry per bad field, named by its path (`location.lat`). */
export function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

export function globalValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = fieldErrors(errors);
      const fields = [...new Set(details.map((d) => d.field))].join(', ');
      return new BadRequestException({ message: `Invalid ${fields}`, details });
    },
  });
}

/** Every body, query and path parameter passes these, in order: control characters, then the DTO. */
export function globalPipes(): PipeTransform[] {
  return [new RejectControlCharsPipe(), globalValidationPipe()];
}

/**
 * May be left out, but not sent as null: `@IsOptional()` lets null through to the service, where a
 * field such as a new password has no meaning for it.
 */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);
