import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../../common/api-responses';
import { CLAIM_SIDES, CLAIM_STATUSES, DEMAND_STATUSES } from '../domain/party-types';

/** Documentation types for /api/docs: the three lists and their claims. */

const TIME = { type: String, format: 'date-time' } as const;

export class ClassesResponse {
  @ApiProperty({ type: [String], example: ['便民服务', '场地开放'], description: 'the offered classes, in order' }) items: string[];
}

export class ClaimResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CLAIM_SIDES, description: 'unit: a unit claimed a demand; region: a community claimed a resource' }) side: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) demandId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) resourceId: string | null;
  @ApiProperty() unitCode: string;
  @ApiProperty({ description: 'the community served (the demand’s region, or the claiming region)' }) regionCode: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ enum: CLAIM_STATUSES }) status: string;
  @ApiProperty(TIME) claimedAt: string;
  @ApiProperty({ ...TIME, nullable: true }) withdrawnAt: string | null;
}

export class DemandResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'XH-CQ-A1-N01' }) regionCode: string;
  @ApiProperty({ example: '环境整治' }) class: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ enum: DEMAND_STATUSES }) status: string;
  @ApiProperty({ type: [String], description: 'the cases the demand cites (ids)' }) caseIds: string[];
  @ApiProperty({ type: () => ClaimResponse, nullable: true, description: 'the live claim' }) claim: ClaimResponse | null;
  @ApiProperty({ format: 'uuid', description: 'the user who raised it' }) raisedBy: string;
  @ApiProperty(TIME) createdAt: string;
  @ApiProperty(TIME) updatedAt: string;
}

export class DemandDetailResponse extends DemandResponse {
  @ApiProperty({ type: () => [ClaimResponse], description: 'every claim, live first' }) claims: ClaimResponse[];
}

export class ResourceResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty() class: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) detail: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null: unlimited' }) capacity: number | null;
  @ApiProperty({ description: 'live claims holding a share of the capacity' }) claimed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'capacity − claimed; null: unlimited' }) remaining: number | null;
  @ApiProperty({ type: [String], description: 'the regions it serves (and everything below them)' }) regionCodes: string[];
  @ApiProperty(TIME) createdAt: string;
}

export class ResourceDetailResponse extends ResourceResponse {
  @ApiProperty({ type: () => [ClaimResponse], description: 'every claim naming it, live first' }) claims: ClaimResponse[];
}

export const DemandPage = PageOf(DemandResponse);
export const ResourcePage = PageOf(ResourceResponse);

export class ProjectCountsBody {
  @ApiProperty() proposed: number;
  @ApiProperty() active: number;
  @ApiProperty() done: number;
}

export class ClaimStatsResponse {
  @ApiProperty() regionCode: string;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty({ description: 'resources offered to the region, its ancestors or below it' }) resources: number;
  @ApiProperty({ description: 'demands raised in the region’s subtree' }) demands: number;
  @ApiProperty({ description: 'live claims (either direction)' }) claimed: number;
  @ApiProperty({ description: 'live claims that join a demand and a resource' }) matched: number;
  @ApiProperty({ type: () => ProjectCountsBody }) projects: ProjectCountsBody;
  @ApiProperty({ description: 'funds of the proposed, active and done projects, CNY' }) fundsCny: number;
}
