import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { Outage } from '../database/outage-log';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { mergeOverviews, StatsService, type Overview } from '../stats/stats.service';

/** At most one `stats.overview` a second per region, and only while things change. */
const PUSH_EVERY_MS = 1000;
/**
 * The overview of a large region is not free (hundreds of ms with a million open cases): a round
 * that took T ms waits 9·T before the next, so the wall never takes more than a tenth of the
 * database's time from the work it is showing. Under light load this is well under a second.
 */
const QUIET_FACTOR = 9;

/**
 * Recomputes the overview of regions whose cases changed and pushes it to their rooms. Streets and
 * the district are always pushed (walls may sit on any instance); smaller regions only when a
 * socket of this instance watches them.
 */
@Injectable()
export class StatsPusher implements OnApplicationShutdown {
  private readonly logger = new Logger(StatsPusher.name);
  private readonly dirty = new Set<string>();
  private nsp: Namespace | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pushing = false;
  private notBefore = 0;
  private readonly outage = new Outage(this.logger, 'wall statistics');

  constructor(
    private readonly stats: StatsService,
    private readonly jurisdiction: JurisdictionService,
  ) {}

  attach(nsp: Namespace): void {
    this.nsp = nsp;
    this.timer = setInterval(() => void this.push(), PUSH_EVERY_MS);
    this.timer.unref();
  }

  changed(regionCodes: string[]): void {
    for (const code of regionCodes) this.dirty.add(code);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async push(): Promise<void> {
    if (this.pushing || this.dirty.size === 0 || !this.nsp || Date.now() < this.notBefore) return;
    this.pushing = true;
    const started = Date.now();
    const codes = [...this.dirty];
    this.dirty.clear();
    try {
      // A district's overview is the sum of its streets': the streets just computed are not counted twice.
      const computed = new Map<string, Overview>();
      const overviewOf = async (code: string): Promise<Overview> => {
        let overview = computed.get(code);
        if (!overview) {
          const streets = this.jurisdiction.regions.get(code)?.level === 'district' ? this.jurisdiction.regions.children(code) : [];
          overview = streets.length
            ? mergeOverviews(code, await sequentially(streets, overviewOf))
            : await this.stats.overview(this.stats.regionFilter(code));
          computed.set(code, overview);
        }
        return overview;
      };
      const depth = (code: string) => this.jurisdiction.regions.lineage(code).length;
      // Deepest first, so that a district finds its streets already computed.
      for (const code of codes.sort((a, b) => depth(b) - depth(a))) {
        const level = this.jurisdiction.regions.get(code)?.level;
        const room = `region:${code}`;
        const watched = level === 'street' || level === 'district' || (this.nsp.adapter.rooms.get(room)?.size ?? 0) > 0;
        if (!watched) continue;
        this.nsp.to(room).emit('stats.overview', await overviewOf(code));
      }
      this.outage.succeeded();
    } catch (e) {
      // Pushed again once it works: these regions still changed.
      for (const code of codes) this.dirty.add(code);
      if (isDatabaseUnavailable(e)) this.outage.failed(e);
      else this.logger.warn(`stats push failed: ${(e as Error).message}`);
    } finally {
      this.pushing = false;
      this.notBefore = Date.now() + Math.max(QUIET_FACTOR * (Date.now() - started), this.outage.ongoing ? this.outage.backoff(PUSH_EVERY_MS) : 0);
    }
  }
}

/** One after the other: the overviews of a district's streets would otherwise all hit the database at once. */
async function sequentially<T, R>(items: T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(await f(item));
  return out;
}
