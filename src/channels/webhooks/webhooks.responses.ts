import { ApiProperty } from '@nestjs/swagger';
import { ALL_EVENTS } from '../../events/domain-events';

const TIME = { example: '2026-11-22T03:00:00.000Z' };

/** A webhook as listed: never its secret. */
export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: ALL_EVENTS, isArray: true }) events: string[];
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'the admin who registered it' }) createdBy: string | null;
  @ApiProperty(TIME) createdAt: string;
}

export class WebhookDeliveryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid', description: 'the event’s `id`, as in the body the receiver got' }) eventId: string;
  @ApiProperty({ enum: ALL_EVENTS }) event: string;
  @ApiProperty({ description: '1 = the first attempt for this event' }) attempt: number;
  @ApiProperty(TIME) at: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the receiver’s HTTP status; null when there was no answer' }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it was no 2xx: refused address, network error, timeout, status' })
  error: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty({ enum: ['delivered', 'retrying', 'failed'], description: 'failed: the last attempt, 24 hours after the event' }) outcome: string;
}
