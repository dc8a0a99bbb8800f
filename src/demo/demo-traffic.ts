import { demoCast, type Cast } from './demo-cast';
import { send, type Answer } from './demo-http';
import { nextMove, type Move, type Random, type SeenCase, type World } from './demo-moves';

export const DEMO_PASSWORD = 'demo-password';

export interface DemoTrafficOptions {
  /** The service's own address, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Actions a minute on average; each pause is 0.5–1.5 × the mean (30/min: one every 1–3 s). */
  perMinute: number;
  log: { log(line: string): void; warn(line: string): void };
  cast?: Cast;
  rand?: Random;
  summaryEveryMs?: number;
}

/** The service did not answer usefully (down, 5xx, 429): back off, then carry on. */
class Unavailable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Simulated inspectors, residents, holders, the street and departments' liaisons working the demo city
 * through the public HTTP API, so that the wall moves (DEMO_TRAFFIC). Refusals (4xx: a race lost, a
 * case that moved on) are counted and forgotten; an unreachable service or database backs off up to
 * 30 s and carries on. One summary line a minute.
 */
export class DemoTraffic {
  private readonly base: URL;
  private readonly cast: Cast;
  private readonly rand: Random;
  private readonly abort = new AbortController();
  private readonly tokens = new Map<string, string>();
  private readonly rated = new Set<string>();
  private loop: Promise<void> | undefined;
  private down = false;
  private done = new Map<string, number>();
  private refused = 0;
  private failed = 0;
  private openSeen = 0;
  private since = Date.now();

  constructor(private readonly options: DemoTrafficOptions) {
    this.base = new URL(options.baseUrl);
    this.cast = options.cast ?? demoCast();
    this.rand = options.rand ?? Math.random;
  }

  start(): void {
    this.options.log.log(`demo traffic: simulated city working through ${this.base.origin}, about ${this.options.perMinute} actions a minute`);
    this.loop ??= this.run();
  }

  /** Stops after the request in flight (aborted); resolves once the loop has ended. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    await this.loop;
    this.loop = undefined;
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let backoff = 0;
    let summaryAt = Date.now() + (this.options.summaryEveryMs ?? 60_000);
    while (!this.stopped) {
      await this.pause(backoff || this.interval());
      if (this.stopped) break;
      try {
        const move = nextMove(await this.look(), this.cast, this.rand);
        if (move) await this.perform(move);
        if (this.down) this.options.log.log('demo traffic: the service answers again, carrying on');
        this.down = false;
        backoff = 0;
      } catch (e) {
        if (this.stopped) break;
        this.failed += 1;
        const wait = e instanceof Unavailable && e.retryAfterMs ? e.retryAfterMs : Math.min(backoff ? backoff * 2 : 1000, MAX_BACKOFF_MS);
        if (!this.down) this.options.log.warn(`demo traffic: ${(e as Error).message}; backing off`);
        this.down = true;
        backoff = wait;
      }
      if (Date.now() >= summaryAt) {
        this.summarise();
        summaryAt = Date.now() + (this.options.summaryEveryMs ?? 60_000);
      }
    }
    this.summarise('stopped');
  }

  private interval(): number {
    return (60_000 / this.options.perMinute) * (0.5 + this.rand());
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.abort.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  /** The cases of every street, as its command centre sees them (newest first). */
  private async look(): Promise<World> {
    const cases: SeenCase[] = [];
    for (const street of this.cast.streetUsers) {
      const answer = await this.call(street, 'GET', '/api/cases?limit=200');
      if (answer.status !== 200) throw new Unavailable(`GET /api/cases as ${street} answered ${answer.status}`, answer.retryAfterMs);
      cases.push(...((answer.body as { items: SeenCase[] }).items ?? []));
    }
    this.openSeen = cases.filter((c) => ['pending', 'in_progress', 'resolved'].includes(c.status)).length;
    return { cases, rated: this.rated };
  }

  private async perform(move: Move): Promise<void> {
    const answer = await this.call(move.as, 'POST', move.path, move.body);
    if (move.rates && (answer.status < 300 || answer.status === 409)) this.rated.add(move.rates);
    if (answer.status >= 200 && answer.status < 300) {
      this.done.set(move.kind, (this.done.get(move.kind) ?? 0) + 1);
    } else if (answer.status === 429 || answer.status >= 500) {
      throw new Unavailable(`${move.kind} answered ${answer.status}`, answer.retryAfterMs);
    } else {
      this.refused += 1; // a race lost or a case that moved on: the next look shows the truth
    }
  }

  /** A request as `as` (logged in once, again after a 401), or as a resident without a token. */
  private async call(as: string | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const token = as === null ? null : await this.token(as);
    const answer = await this.request(method, path, token, body);
    if (answer.status === 401 && as !== null) this.tokens.delete(as);
    return answer;
  }

  private async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const answer = await this.request('POST', '/api/auth/login', null, { username, password: DEMO_PASSWORD });
    const token = (answer.body as { accessToken?: string } | null)?.accessToken;
    if (answer.status !== 200 || !token) {
      throw new Unavailable(`cannot log in as ${username} (${answer.status}; is the demo city seeded?)`, answer.retryAfterMs);
    }
    this.tokens.set(username, token);
    return token;
  }

  private async request(method: 'GET' | 'POST', path: string, token: string | null, body: unknown): Promise<Answer> {
    try {
      return await send(this.base, method, path, token, body, this.abort.signal);
    } catch (e) {
      throw new Unavailable(`${method} ${path.split('?')[0]}: ${(e as Error).message}`);
    }
  }

  /** One line: what was done since the last one, what was refused, how busy the streets are. */
  private summarise(why?: string): void {
    const seconds = Math.round((Date.now() - this.since) / 1000);
    const total = [...this.done.values()].reduce((a, b) => a + b, 0);
    const kinds = [...this.done.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
    this.options.log.log(
      `demo traffic${why ? ` ${why}` : ''}: ${total} actions in ${seconds} s${kinds ? ` (${kinds})` : ''}, ${this.refused} refused, ${this.failed} failed; ${this.openSeen} open cases`,
    );
    this.done = new Map();
    this.refused = 0;
    this.failed = 0;
    this.since = Date.now();
  }
}
