import { ApiProperty } from '@nestjs/swagger';

/** Documentation type for /api/docs: 200 `{ status: "ok", db: "up" }`, 503 `{ status: "error", db: "down" }`. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] }) status: string;
  @ApiProperty({ enum: ['up', 'down'] }) db: string;
}
