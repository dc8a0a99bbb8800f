import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNumber, IsObject, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min } from 'class-validator';

/**
 * GeoReport v2: "a null parameter should be treated as equivalent to a non-declared parameter", and
 * form clients send `email=` for a field left empty — so '' is absent.
 */
const blank = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined : value);
/** Form fields are text: `lat=31.14` is a number; anything else stays as sent and fails its check. */
const num = ({ value }: { value: unknown }) =>
  value === '' || value === null || value === undefined ? undefined : typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
/** An id the client keeps (its own account or device number) may come as a JSON number. */
const text = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined : typeof value === 'number' ? String(value) : value);

/** Fields every Open311 route accepts. */
export class Open311Query {
  @ApiPropertyOptional({ description: 'the district’s code (root region); optional, this endpoint serves one jurisdiction' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  jurisdiction_id?: string;
  @ApiPropertyOptional({ description: 'accepted and ignored on reads (they need no key)' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  api_key?: string;
}

/** GET requests.{format}: every filter comma-delimited, as the spec allows. */
export class Open311RequestsQuery extends Open311Query {
  @ApiPropertyOptional({ description: 'case codes, comma-delimited; overrides every other filter' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  service_request_id?: string;
  @ApiPropertyOptional({ description: 'category codes, comma-delimited' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  service_code?: string;
  @ApiPropertyOptional({ description: '`open`, `closed` or `open,closed`' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(20)
  status?: string;
  @ApiPropertyOptional({ description: 'W3C date-time with zone, e.g. 2026-11-01T00:00:00+08:00 (default: 90 days before end_date or now)' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  start_date?: string;
  @ApiPropertyOptional({ description: 'W3C date-time with zone (default: 90 days after start_date, or now); at most 90 days after start_date' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  end_date?: string;
}

/** POST requests.{format}: form-encoded as Open311 clients send it (`attribute[code]=value`), or JSON. */
export class Open311RequestDto {
  @ApiProperty({ description: 'a key from POST /api/admin/api-keys (403 without one)' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  api_key?: string;
  @ApiPropertyOptional() @Transform(blank) @IsOptional() @IsString() @Length(1, 100) jurisdiction_id?: string;
  @ApiProperty({ example: '0101', description: 'a category code (GET services)' }) @Transform(text) @IsString() @Length(1, 16) service_code: string;
  @ApiPropertyOptional({ description: 'WGS84; with long, or give address_id' })
  @Transform(num)
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;
  @ApiPropertyOptional({ description: 'WGS84; with lat' })
  @Transform(num)
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  long?: number;
  @ApiPropertyOptional({ description: 'a grid code (GET /api/regions?level=grid)' })
  @Transform(text)
  @IsOptional()
  @IsString()
  @Length(1, 64)
  address_id?: string;
  @ApiPropertyOptional({ description: 'kept as the case’s address; it does not place the report' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address_string?: string;
  @ApiPropertyOptional({ description: 'the spec’s limit: 4,000 characters' })
  @Transform(blank)
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
  @ApiPropertyOptional() @Transform(blank) @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(200) email?: string;
  @ApiPropertyOptional() @Transform(blank) @IsOptional() @IsString() @MaxLength(50) first_name?: string;
  @ApiPropertyOptional() @Transform(blank) @IsOptional() @IsString() @MaxLength(50) last_name?: string;
  @ApiPropertyOptional()
  @Transform(text)
  @IsOptional()
  @Matches(/^\+?[0-9(][0-9 ().-]{3,29}$/, { message: 'phone must be a phone number' })
  phone?: string;
  @ApiPropertyOptional({ description: 'accepted, not kept' }) @Transform(text) @IsOptional() @IsString() @MaxLength(200) device_id?: string;
  @ApiPropertyOptional({ description: 'echoed in the answer, not kept' })
  @Transform(text)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  account_id?: string;
  @ApiPropertyOptional({ description: 'accepted, not kept (photos are uploads here)' })
  @Transform(blank)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'media_url must be an http(s) URL' })
  @MaxLength(2000)
  media_url?: string;
  @ApiPropertyOptional({ description: '`attribute[code]=value` pairs; no service here has attributes, so they are accepted and not kept' })
  @IsOptional()
  @IsObject()
  attribute?: Record<string, unknown>;
}
