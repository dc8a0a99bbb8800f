import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { DomainError, invalid } from '../common/domain-error';
import { schemeErrors, type Scheme } from './domain/scheme';
import { SCHEME_CODE, type SchemeDto } from './evaluation.dto';
import { EvaluationRepository } from './evaluation.repository';

@Injectable()
export class SchemesService {
  constructor(private readonly repo: EvaluationRepository) {}

  async list() {
    return { items: await this.repo.schemes() };
  }

  /** Creates or replaces a scheme. Published cards keep the scheme they were scored with. */
  async put(user: AuthUser, code: string, body: SchemeDto): Promise<Scheme> {
    if (!SCHEME_CODE.test(code)) throw invalid('code', 'a scheme code is lower-case letters, digits and - (at most 32)');
    const scheme: Scheme = {
      code,
      name: body.name,
      groupBy: body.groupBy,
      components: body.components.map((c) => ({
        key: c.key,
        name: c.name,
        weight: c.weight,
        ...(c.metrics?.length ? { metrics: c.metrics.map((m) => ({ metric: m.metric, weight: m.weight })) } : {}),
        ...(c.manual ? { manual: true as const } : {}),
      })),
    };
    const errors = schemeErrors({ ...scheme, components: body.components });
    if (errors.length) throw new DomainError('invalid', errors.map((e) => e.message).join('; '), errors);
    await this.repo.saveScheme(scheme, user.id);
    return scheme;
  }
}
