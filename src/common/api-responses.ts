import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/**
 * What /api/docs shows of responses (documentation types: the JSON is built by the views, e.g.
 * cases/case-view.ts; these classes only describe it). The error body is the one shape every error
 * leaves as (common/http-error.filter.ts).
 */
export class FieldErrorBody {
  @ApiProperty({ example: 'description' }) field: string;
  @ApiProperty({ example: 'description must be longer than or equal to 1 characters' }) message: string;
}

export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ example: 'Invalid description' }) message: string;
  @ApiProperty({ type: () => [FieldErrorBody], description: 'On 400: each bad field; otherwise empty' }) details: FieldErrorBody[];
  @ApiProperty({ required: false, description: 'On 5xx: the request’s X-Request-Id, to find its log line' }) requestId?: string;
}

const WHEN: Record<number, string> = {
  400: 'Malformed or invalid body or query; `details` names each bad field',
  401: 'No token, or an invalid or ended one',
  403: 'Visible, but not allowed for this user',
  404: 'Unknown, or outside the caller’s jurisdiction',
  409: 'Does not fit the current state',
  413: 'Upload too large',
  415: 'Not an accepted media type',
  422: 'Well-formed but impossible',
  429: 'Rate limited (see Retry-After)',
  503: 'The database is unreachable',
};

/** `@ApiErrors(400, 404, 409)`: the error responses a route (or every route of a controller) may give. */
export function ApiErrors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503)[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: WHEN[status], type: ErrorBody })));
}

/** `{ items, nextCursor }` of a list of `item` (API.md › Conventions), named `<Item>Page` in the docs. */
export function PageOf<T>(item: Type<T>) {
  class Page {
    @ApiProperty({ type: () => [item] }) items: T[];
    @ApiProperty({ type: String, nullable: true, description: 'null on the last page' }) nextCursor: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Response$/, '')}Page` });
  return Page;
}

/** `{ items }` of a list that is never paged (reference data), named `<Item>List` in the docs. */
export function ListOf<T>(item: Type<T>) {
  class List {
    @ApiProperty({ type: () => [item] }) items: T[];
  }
  Object.defineProperty(List, 'name', { value: `${item.name.replace(/Response$/, '')}List` });
  return List;
}
