import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/api-responses';
import { UNIT_KINDS } from '../domain/party-types';

/** Documentation types for /api/docs: what the units controller answers. */

export class UnitContactBody {
  @ApiProperty({ example: '王经理' }) name: string;
  @ApiProperty({ example: '021-64000001', description: 'staff routes only; never on public routes' }) phone: string;
}

export class UnitResponse {
  @ApiProperty({ example: 'icbc-cq' }) code: string;
  @ApiProperty({ example: '工商银行长桥支行' }) name: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind: string;
  @ApiProperty({ example: 'XH-CQ', description: 'a street, or the district for district-wide units' }) regionCode: string;
  @ApiProperty({ type: () => UnitContactBody }) contact: UnitContactBody;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export const UnitPage = PageOf(UnitResponse);
