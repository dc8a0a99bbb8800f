import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiQuery } from '@nestjs/swagger';
import { FORMATS } from './table';

/** OpenAPI for a route that also answers `?format=csv|xlsx` with a file (exportFile). */
export const ApiExport = () =>
  applyDecorators(
    ApiQuery({ name: 'format', enum: FORMATS, required: false, description: 'json (default); csv (UTF-8 with BOM) or xlsx: a file download' }),
    ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  );
