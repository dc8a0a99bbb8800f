import { ApiProperty } from '@nestjs/swagger';

/**
 * GeoReport v2 documents, as JSON; `.xml` answers carry the same fields as elements under the spec's
 * root element (`<services><service>…`, `<service_requests><request>…`, `<errors><error>…`).
 */
export class Open311ErrorBody {
  @ApiProperty({ example: 403, description: 'the HTTP status: 403 key, 404 unknown, 400 anything else, 429 rate limited' }) code: number;
  @ApiProperty({ example: 'Invalid api_key received -- can’t proceed with create_request.' }) description: string;
}

export class Open311EndpointBody {
  @ApiProperty({ example: 'http://wiki.open311.org/GeoReport_v2' }) specification: string;
  @ApiProperty({ example: 'http://localhost:3000/api/open311/v2' }) url: string;
  @ApiProperty() changeset: string;
  @ApiProperty({ enum: ['production', 'test'] }) type: string;
  @ApiProperty({ type: [String], example: ['text/xml', 'application/json'] }) formats: string[];
}

export class Open311DiscoveryResponse {
  @ApiProperty({ description: 'when the service list last changed (sortable)' }) changeset: string;
  @ApiProperty() contact: string;
  @ApiProperty() key_service: string;
  @ApiProperty({ type: () => [Open311EndpointBody] }) endpoints: Open311EndpointBody[];
}

export class Open311ServiceResponse {
  @ApiProperty({ example: '0101', description: 'the category code' }) service_code: string;
  @ApiProperty({ example: '暴露垃圾' }) service_name: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: false }) metadata: boolean;
  @ApiProperty({ example: 'realtime' }) type: string;
  @ApiProperty({ description: 'comma-separated' }) keywords: string;
  @ApiProperty({ example: '市容环境', description: 'the category’s class' }) group: string;
}

export class Open311ServiceDefinitionResponse {
  @ApiProperty({ example: '0101' }) service_code: string;
  @ApiProperty({ type: [Object], example: [], description: 'always empty: no service here asks for more' }) attributes: unknown[];
}

export class Open311CreatedResponse {
  @ApiProperty({ example: 'XH-CQ-20261122-000042', description: 'the case code' }) service_request_id: string;
  @ApiProperty({ type: String, nullable: true }) service_notice: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the account_id sent, if any' }) account_id: string | null;
}

export class Open311RequestResponse {
  @ApiProperty({ example: 'XH-CQ-20261122-000042' }) service_request_id: string;
  @ApiProperty({ enum: ['open', 'closed'], description: 'closed: closed or cancelled; a merged report reads as the case it was merged into' })
  status: string;
  @ApiProperty({ type: String, nullable: true }) status_notes: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the departments or the region holding the case' }) agency_responsible: string | null;
  @ApiProperty() service_code: string;
  @ApiProperty() service_name: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: '2026-11-22T11:00:00+08:00' }) requested_datetime: string;
  @ApiProperty({ example: '2026-11-22T15:00:00+08:00', description: 'when closed: the closing time' }) updated_datetime: string;
  @ApiProperty({ type: String, nullable: true, description: 'the nearest running deadline while open' }) expected_datetime: string | null;
  @ApiProperty() address: string;
  @ApiProperty({ description: 'the grid code' }) address_id: string;
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) long: number | null;
}
