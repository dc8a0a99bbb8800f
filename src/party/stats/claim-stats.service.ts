import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { canSeeRegion, concerning, scopeOf } from '../../auth/visibility';
import { notFound } from '../../common/domain-error';
import { JurisdictionService } from '../../jurisdiction/jurisdiction.service';
import { ClaimRepository } from '../lists/claim.repository';
import { DemandRepository } from '../lists/demand.repository';
import { ResourceRepository } from '../lists/resource.repository';
import { ProjectRepository } from '../projects/project.repository';

/**
 * 双向认领 figures of a region (default: the caller's): resources offered to it, above or below it; demands
 * raised, live claims made (claimed) and those joining a demand and a resource (matched) in its subtree;
 * its subtree's projects by status and their funds. `year` (Asia/Shanghai): when raised, offered, claimed;
 * a project's own year.
 */
@Injectable()
export class ClaimStatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: JurisdictionService,
    private readonly demands: DemandRepository,
    private readonly resources: ResourceRepository,
    private readonly claims: ClaimRepository,
    private readonly projects: ProjectRepository,
  ) {}

  async of(user: AuthUser, regionCode: string | undefined, year: number | undefined) {
    const tree = this.jurisdiction.regions;
    const code = regionCode ?? user.regionCode ?? tree.root().code;
    if (!tree.get(code) || !canSeeRegion(scopeOf(user, tree), code, tree)) throw notFound(`Region ${code}`);
    const subtree = tree.subtree(code);
    const em = this.db.manager;
    const [resources, demands, claims, projects] = await Promise.all([
      this.resources.count(em, concerning(code, tree), year),
      this.demands.countByStatus(em, subtree, year),
      this.claims.liveCounts(em, subtree, year),
      this.projects.countByStatus(em, subtree, year),
    ]);
    const of = (s: string) => projects.find((p) => p.status === s);
    return {
      regionCode: code,
      year: year ?? null,
      resources,
      demands: Object.values(demands).reduce((a, b) => a + b, 0),
      claimed: claims.claimed,
      matched: claims.matched,
      projects: { proposed: of('proposed')?.n ?? 0, active: of('active')?.n ?? 0, done: of('done')?.n ?? 0 },
      fundsCny: ['proposed', 'active', 'done'].reduce((sum, s) => sum + (of(s)?.funds ?? 0), 0),
    };
  }
}
