import { ApiProperty } from '@nestjs/swagger';
import { ListOf } from '../common/api-responses';
import { REGION_LEVELS } from './region-level';

/** Documentation types for /api/docs: regions and point placement. */

export class PointBody {
  @ApiProperty({ example: 31.1405 }) lat: number;
  @ApiProperty({ example: 121.4205 }) lng: number;
}

export class PolygonBody {
  @ApiProperty({ enum: ['Polygon'] }) type: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
    description: 'GeoJSON rings of [lng, lat]',
  })
  coordinates: number[][][];
}

export class RegionResponse {
  @ApiProperty({ example: 'XH-CQ' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: string;
  @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @ApiProperty({ type: () => PolygonBody, required: false, description: 'with `?withBoundary=true`' }) boundary?: PolygonBody;
  @ApiProperty({ type: () => PointBody, nullable: true, required: false, description: 'with `?withBoundary=true`' }) center?: PointBody | null;
}

export class RegionDetailResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: string;
  @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @ApiProperty({ type: () => PolygonBody }) boundary: PolygonBody;
  @ApiProperty({ type: () => PointBody, nullable: true }) center: PointBody | null;
  @ApiProperty({ type: [String], description: 'codes of the regions one level down' }) children: string[];
}

export class NamedRegionBody {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class PlacementResponse {
  @ApiProperty({ type: () => NamedRegionBody }) grid: NamedRegionBody;
  @ApiProperty({ type: () => NamedRegionBody }) neighbourhood: NamedRegionBody;
  @ApiProperty({ type: () => NamedRegionBody }) area: NamedRegionBody;
  @ApiProperty({ type: () => NamedRegionBody }) street: NamedRegionBody;
  @ApiProperty({ type: () => NamedRegionBody }) district: NamedRegionBody;
}

export class RegionList extends ListOf(RegionResponse) {}
