import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { conflict, DomainError, forbidden, invalid, notFound, unprocessable } from '../../common/domain-error';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { checkWithdrawal, mayActForUnit, requireInside, resourceServes } from '../domain/claim-rules';
import { demandAfter, demandFrom } from '../domain/demand-status';
import { UnitRepository } from '../units/unit.repository';
import { type Claim, ClaimRepository } from './claim.repository';
import { DemandRepository } from './demand.repository';
import { DemandsService } from './demands.service';
import type { ClaimDemandDto, ClaimResourceDto } from './lists.dto';
import { claimView, type ClaimView } from './party-views';
import { ResourceRepository } from './resource.repository';
import { ResourcesService } from './resources.service';

/**
 * 双向认领. Every claim takes, in one transaction and in this order: the demand (a conditional UPDATE
 * open → claimed: concurrent claimers queue on the row and all but the first find it claimed), the
 * resource's capacity (a conditional UPDATE of its counter), then the claim row (the partial unique index
 * is the last word). Withdrawal locks in the same order, so the two never deadlock.
 */
@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly demandsService: DemandsService,
    private readonly resourcesService: ResourcesService,
    private readonly demands: DemandRepository,
    private readonly resources: ResourceRepository,
    private readonly claims: ClaimRepository,
    private readonly units: UnitRepository,
  ) {}

  /** A unit (through its street, or an admin) takes up a demand, optionally with one of its resources. */
  async claimDemand(user: AuthUser, demandId: string, body: ClaimDemandDto): Promise<ClaimView> {
    return this.db.transaction((em) => this.claimDemandIn(em, user, demandId, body, new Date()));
  }

  /** claimDemand in the caller's transaction, claimed at `at` (the demo history claims in the past). */
  async claimDemandIn(em: EntityManager, user: AuthUser, demandId: string, body: ClaimDemandDto, at: Date): Promise<ClaimView> {
    const tree = this.jurisdiction.regions;
    const demand = await this.demandsService.visibleDemand(em, user, demandId);
    const unit = await this.units.byCode(em, body.unitCode);
    if (!unit) throw invalid('unitCode', `unknown unit ${body.unitCode}`);
    if (!unit.active) throw invalid('unitCode', `unit ${unit.code} is inactive`);
    if (!mayActForUnit(user, unit.regionCode, tree)) throw forbidden(`unit ${unit.code} is not one of your street's units`);
    if (body.resourceId) {
      const resource = await this.resources.byId(em, body.resourceId);
      if (!resource) throw new DomainError('not_found', 'resource not found', [{ field: 'resourceId', message: 'resource not found' }]);
      if (resource.unitCode !== unit.code) throw invalid('resourceId', `the resource is offered by ${resource.unitCode}, not ${unit.code}`);
      if (!resourceServes(resource.regionCodes, demand.regionCode, tree))
        throw invalid('resourceId', `the resource does not serve ${demand.regionCode}`);
    }
    await this.takeDemand(em, demand.id, at);
    if (body.resourceId) await this.takeCapacity(em, body.resourceId);
    return this.insert(em, {
      side: 'unit',
      demandId: demand.id,
      resourceId: body.resourceId ?? null,
      unitCode: unit.code,
      regionCode: demand.regionCode,
      note: body.note ?? null,
      claimedBy: user.id,
      claimedAt: at,
    });
  }

  /** A community takes up a resource offered to it, optionally for one of its demands. */
  async claimResource(user: AuthUser, resourceId: string, body: ClaimResourceDto): Promise<ClaimView> {
    return this.db.transaction((em) => this.claimResourceIn(em, user, resourceId, body, new Date()));
  }

  /** claimResource in the caller's transaction, claimed at `at`. */
  async claimResourceIn(em: EntityManager, user: AuthUser, resourceId: string, body: ClaimResourceDto, at: Date): Promise<ClaimView> {
    const tree = this.jurisdiction.regions;
    const resource = await this.resourcesService.visibleResource(em, user, resourceId);
    if (!tree.get(body.regionCode)) throw invalid('regionCode', `unknown region ${body.regionCode}`);
    requireInside(user, body.regionCode, tree, 'region');
    if (!resourceServes(resource.regionCodes, body.regionCode, tree))
      throw unprocessable(`the resource does not serve ${body.regionCode}`, 'regionCode');
    const unit = await this.units.byCode(em, resource.unitCode);
    if (!unit?.active) throw conflict(`unit ${resource.unitCode} is inactive`);
    if (body.demandId) {
      const demand = await this.demandsService.visibleDemand(em, user, body.demandId, 'demandId');
      if (!tree.isWithin(demand.regionCode, body.regionCode)) throw invalid('demandId', `the demand lies outside ${body.regionCode}`);
      await this.takeDemand(em, demand.id, at);
    }
    await this.takeCapacity(em, resource.id);
    return this.insert(em, {
      side: 'region',
      demandId: body.demandId ?? null,
      resourceId: resource.id,
      unitCode: resource.unitCode,
      regionCode: body.regionCode,
      note: body.note ?? null,
      claimedBy: user.id,
      claimedAt: at,
    });
  }

  /** Withdraws a claim of `parent` (a demand's or a resource's), until a project including its demand starts. */
  async withdraw(user: AuthUser, parent: { demandId?: string; resourceId?: string }, claimId: string): Promise<ClaimView> {
    const tree = this.jurisdiction.regions;
    return this.db.transaction(async (em) => {
      const claim = await this.claims.byId(em, claimId);
      const mine = claim && (parent.demandId ? claim.demandId === parent.demandId : claim.resourceId === parent.resourceId);
      if (!claim || !mine) throw notFound('Claim');
      if (parent.demandId) await this.demandsService.visibleDemand(em, user, parent.demandId);
      else await this.resourcesService.visibleResource(em, user, parent.resourceId!);
      if (claim.side === 'unit') {
        const unit = await this.units.byCode(em, claim.unitCode);
        if (!unit || !mayActForUnit(user, unit.regionCode, tree)) throw forbidden('only the unit’s street (or an admin) withdraws its claim');
      } else requireInside(user, claim.regionCode, tree, 'the claim of');
      const demandStatus = claim.demandId ? (await this.demands.lock(em, [claim.demandId])).get(claim.demandId)! : null;
      checkWithdrawal(claim, demandStatus);
      const withdrawn = await this.claims.withdraw(em, claim.id, user.id);
      if (!withdrawn) throw conflict('the claim is already withdrawn');
      if (claim.resourceId) await this.resources.giveBack(em, claim.resourceId);
      if (claim.demandId) await this.demands.move(em, [claim.demandId], demandFrom('withdraw'), 'open', new Date());
      return claimView(withdrawn);
    });
  }

  private async takeDemand(em: EntityManager, id: string, at: Date): Promise<void> {
    const moved = await this.demands.move(em, [id], demandFrom('claim'), 'claimed', at);
    if (moved.length) return;
    demandAfter((await this.demands.byId(em, id))!.status, 'claim'); // names the status in its 409
    throw conflict('the demand is already claimed');
  }

  private async takeCapacity(em: EntityManager, resourceId: string): Promise<void> {
    if (!(await this.resources.take(em, resourceId))) throw conflict('the resource has no capacity left');
  }

  private async insert(em: EntityManager, c: Omit<Claim, 'id' | 'status' | 'withdrawnAt'>): Promise<ClaimView> {
    const claim = await this.claims.insert(em, c);
    if (!claim) throw conflict('the demand is already claimed');
    return claimView(claim);
  }
}
