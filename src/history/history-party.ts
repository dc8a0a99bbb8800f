import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import type { Role } from '../auth/role';
import type { Tx } from '../database/unit-of-work';
import { ClaimsService } from '../party/lists/claims.service';
import { DemandsService } from '../party/lists/demands.service';
import { ResourcesService } from '../party/lists/resources.service';
import { MeetingsService } from '../party/meetings/meetings.service';
import { ProjectsService } from '../party/projects/projects.service';
import { utcOffsetMs } from '../sla/working-time';
import { HotspotsService } from '../stats/hotspots.service';
import { PARTY_STORY } from './history-mix';
import type { People } from './history-people';
import { partyStoryStart } from './history-plan';
import type { Interlude } from './history-runner';

export interface PartyFigures {
  resources: number;
  demands: number;
  claims: number;
  projects: number;
  meetings: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** What the story's acts hand on to later ones. */
interface Made {
  parking?: string;
  clinic?: string;
  rescue?: string;
  playground?: string;
  fireLanes?: string;
  elderly?: string;
  childcare?: string;
  stairwells?: string;
  project?: string;
  meeting?: string;
}

/**
 * The demo history's party building (区域化党建): resources the demo units offer, demands of the demo
 * streets — one made from the recurring problem of PARTY_STORY as the hotspot query showed it then, citing
 * its cases — claims both ways, the project made of that demand (started 60 days before the end, its
 * milestones completed, finished), and the street's joint meeting that approved it, with minutes. Each act
 * is a use case the routes run, by the demo user who would, stamped at its moment and run by the history
 * runner between the cases, so that each sees the cases reported by then and no later ones.
 */
@Injectable()
export class HistoryParty {
  constructor(
    private readonly hotspots: HotspotsService,
    private readonly demands: DemandsService,
    private readonly resources: ResourcesService,
    private readonly claims: ClaimsService,
    private readonly projects: ProjectsService,
    private readonly meetings: MeetingsService,
  ) {}

  /** The story's acts for a history ending at `until`, and the figures they fill in as they run. */
  script(until: Date, timezone: string): { interludes: Interlude[]; figures: PartyFigures } {
    const figures: PartyFigures = { resources: 0, demands: 0, claims: 0, projects: 0, meetings: 0 };
    const start = partyStoryStart(until, timezone);
    const midnight = start.getTime() - 9 * HOUR_MS;
    /** `hh:mm` local on the day `day` days from the project's start. */
    const on = (day: number, hh: number, mm = 0) => new Date(midnight + day * DAY_MS + hh * HOUR_MS + mm * 60_000);
    const made: Made = {};
    const acts: Interlude[] = [];
    const act = (at: Date, role: Role, regionCode: string, run: (tx: Tx, user: AuthUser, at: Date) => Promise<unknown>) =>
      acts.push({ at, run: (tx, people) => run(tx, demoUser(people, role, regionCode), at) });
    const offer = (key: keyof Made, body: Parameters<ResourcesService['createIn']>[2]) => async (tx: Tx, user: AuthUser, at: Date) => {
      made[key] = await this.resources.createIn(tx.em, user, body, at);
      figures.resources++;
    };
    const raise = (key: keyof Made, body: Parameters<DemandsService['createIn']>[2]) => async (tx: Tx, user: AuthUser, at: Date) => {
      made[key] = await this.demands.createIn(tx.em, user, body, at);
      figures.demands++;
    };
    const claimed = () => figures.claims++;

    act(
      on(-28, 10),
      'street',
      'XH-CQ',
      offer('parking', {
        unitCode: 'icbc-cq',
        class: '场地开放',
        title: '夜间错时共享停车位',
        detail: '支行停车场工作日19:00至次日7:30向周边居民开放，约40个车位',
        capacity: 2,
        regionCodes: ['XH-CQ'],
      }),
    );
    act(
      on(-27, 15),
      'admin',
      'XH',
      offer('clinic', {
        unitCode: 'hosp-xh8',
        class: '专业咨询',
        title: '社区健康义诊与慢病咨询',
        detail: '每月一次，全科医生和护士到居民区坐诊',
        capacity: 12,
        regionCodes: ['XH'],
      }),
    );
    act(
      on(-25, 10),
      'street',
      'XH-HN',
      offer('rescue', { unitCode: 'army-hn', class: '志愿服务', title: '防汛防台应急抢险突击队', capacity: 4, regionCodes: ['XH-HN'] }),
    );
    act(
      on(-20, 11),
      'street',
      'XH-CQ',
      offer('playground', {
        unitCode: 'school-cq2',
        class: '场地开放',
        title: '周末及寒暑假开放学校操场',
        regionCodes: ['XH-CQ-A1'],
      }),
    );
    // The neighbourhood turns its recurring problem into a demand, as GET /api/stats/hotspots showed it that morning.
    act(on(-3, 10), 'neighbourhood', 'XH-CQ-A1-N01', async (tx, user, at) => {
      const { items } = await this.hotspots.hotspots(user, { regionCode: 'XH-CQ-A1-N01', days: 30, min: 5 }, at, tx.em);
      const hotspot = items.find((h) => h.categoryCode === PARTY_STORY.categoryCode && h.gridCode === PARTY_STORY.gridCode);
      if (!hotspot) throw new Error(`the party story's recurring problem is no hotspot on ${at.toISOString()}`);
      await raise('fireLanes', {
        regionCode: 'XH-CQ-A1-N01',
        class: '交通出行',
        title: '长桥一村消防通道被机动车长期占用',
        detail: `近30天第1网格同类上报${hotspot.count}起：夜间车位不足，车辆占用消防通道，需共建单位提供错时共享停车资源`,
        caseIds: hotspot.caseIds,
      })(tx, user, at);
    });
    act(on(-2, 15), 'street', 'XH-CQ', async (tx, user, at) => {
      await this.claims.claimDemandIn(
        tx.em,
        user,
        made.fireLanes!,
        { unitCode: 'icbc-cq', resourceId: made.parking, note: '支行停车场夜间向居民开放' },
        at,
      );
      claimed();
    });
    act(on(-1, 9, 30), 'street', 'XH-CQ', async (tx, user, at) => {
      made.project = await this.projects.createIn(
        tx.em,
        user,
        {
          title: '长桥一村错时共享停车与消防通道整治',
          demandIds: [made.fireLanes!],
          leadUnitCode: 'icbc-cq',
          partnerUnitCodes: ['wy-cq'],
          year: new Date(start.getTime() + utcOffsetMs(timezone, start.getTime())).getUTCFullYear(),
          fundsCny: 30000,
          milestones: [
            { title: '签订错时停车共享协议', dueAt: on(7, 18).toISOString() },
            { title: '施划消防通道禁停标线并设置引导牌', dueAt: on(21, 18).toISOString() },
            { title: '物业与网格员联合巡查满一个月', dueAt: on(45, 18).toISOString() },
          ],
        },
        at,
      );
      figures.projects++;
    });
    act(on(-1, 10), 'street', 'XH-CQ', async (tx, user, at) => {
      made.meeting = await this.meetings.createIn(
        tx.em,
        user,
        {
          regionCode: 'XH-CQ',
          kind: 'joint',
          scheduledAt: on(-1, 14).toISOString(),
          agenda: [
            { title: '长桥一村消防通道被占用问题（需求清单）', demandId: made.fireLanes },
            { title: '长桥一村错时共享停车与消防通道整治项目立项', projectId: made.project },
          ],
        },
        at,
      );
      figures.meetings++;
    });
    act(on(-1, 17), 'street', 'XH-CQ', (tx, user, at) =>
      this.meetings.recordMinutesIn(
        tx.em,
        user,
        made.meeting!,
        {
          attendees: ['长桥街道党工委', '长桥一村居民区党总支', '工商银行长桥支行', '长桥物业管理有限公司', '徐汇区第八人民医院'],
          decisions: [
            {
              item: '长桥一村错时共享停车与消防通道整治项目立项',
              outcome: '同意立项：工商银行长桥支行牵头开放夜间停车位，长桥物业协办，街道配套资金3万元',
              votesFor: 9,
              votesAgainst: 0,
              abstain: 1,
            },
            {
              item: '长桥一村消防通道日常管理',
              outcome: '物业每日巡查劝导，网格员将消防通道纳入日常巡查重点',
              votesFor: 10,
              votesAgainst: 0,
              abstain: 0,
            },
          ],
        },
        at,
      ),
    );
    act(start, 'street', 'XH-CQ', (tx, user, at) => this.projects.transitionIn(tx.em, user, made.project!, 'start', at));
    for (const [index, day] of [6, 20, 44].entries())
      act(on(day, 16), 'street', 'XH-CQ', (tx, user, at) => this.projects.completeMilestoneIn(tx.em, user, made.project!, index, at));
    act(on(50, 10), 'street', 'XH-CQ', (tx, user, at) => this.projects.transitionIn(tx.em, user, made.project!, 'finish', at));

    // The other demands: one a neighbourhood takes a district unit's resource for, one a unit claims, one still open.
    act(
      on(10, 10),
      'neighbourhood',
      'XH-CQ-A1-N03',
      raise('elderly', {
        regionCode: 'XH-CQ-A1-N03',
        class: '专业咨询',
        title: '独居老人慢病健康咨询',
        detail: '居民区60岁以上独居老人87人，希望每月有医生上门或到居委会坐诊',
      }),
    );
    act(on(12, 14), 'neighbourhood', 'XH-CQ-A1-N03', async (tx, user, at) => {
      await this.claims.claimResourceIn(
        tx.em,
        user,
        made.clinic!,
        { regionCode: 'XH-CQ-A1-N03', demandId: made.elderly, note: '每月第二个周三上午在居委会活动室' },
        at,
      );
      claimed();
    });
    act(
      on(15, 10),
      'neighbourhood',
      'XH-HN-A1-N03',
      raise('childcare', {
        regionCode: 'XH-HN-A1-N03',
        class: '志愿服务',
        title: '双职工家庭子女暑期看护',
        detail: '暑期工作日白天无人看护的小学生约30名',
      }),
    );
    act(on(18, 11), 'street', 'XH-HN', async (tx, user, at) => {
      await this.claims.claimDemandIn(tx.em, user, made.childcare!, { unitCode: 'ss-hn', note: '志愿者协会组织暑期爱心托管班' }, at);
      claimed();
    });
    act(on(25, 10), 'neighbourhood', 'XH-HN-A2-N01', async (tx, user, at) => {
      await this.claims.claimResourceIn(tx.em, user, made.rescue!, { regionCode: 'XH-HN-A2-N01', note: '汛期前到居民区开展应急演练' }, at);
      claimed();
    });
    act(
      on(55, 10),
      'neighbourhood',
      'XH-CQ-A3-N06',
      raise('stairwells', {
        regionCode: 'XH-CQ-A3-N06',
        class: '环境整治',
        title: '老旧楼道堆物清理缺少志愿者',
      }),
    );
    return { interludes: acts.sort((a, b) => +a.at - +b.at), figures };
  }
}

function demoUser(people: People, role: Role, regionCode: string): AuthUser {
  const user = people.user(role, regionCode);
  if (!user) throw new Error(`the demo city has no ${role} of ${regionCode}`);
  return user;
}
