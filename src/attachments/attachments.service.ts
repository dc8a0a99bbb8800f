import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { canSeeCase, scopeOf, type CasePlace } from '../auth/visibility';
import { DomainError, invalid, notFound, unprocessable } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { JurisdictionService } from '../jurisdiction/jurisdiction.service';
import { Attachment } from './attachment.entity';
import { sniffImageType } from './image-type';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Who an upload belongs to: a user, or a resident's form (by its Idempotency-Key). */
export type Uploader = { user: AuthUser } | { formKey: string };

/** The stored form of a resident's form key: the key itself stays with the resident's page. */
export const formKeyHash = (key: string) => createHash('sha256').update(`form:${key}`).digest('hex');

/** Photos on disk under DATA_DIR/attachments, described by a row; the row commits last. */
@Injectable()
export class AttachmentsService {
  private readonly dir: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<AppConfig, true>,
    private readonly jurisdiction: JurisdictionService,
  ) {
    this.dir = join(config.get('dataDir', { infer: true }), 'attachments');
  }

  async store(owner: Uploader, file: { buffer: Buffer; size: number } | undefined) {
    if (!file) throw invalid('file', 'file is required (multipart field "file")');
    const contentType = sniffImageType(file.buffer);
    if (!contentType) throw new DomainError('unsupported_media', 'Only JPEG, PNG and WebP images are accepted');
    const id = randomUUID();
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `${id}.part`);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(file.buffer);
      await handle.sync(); // acknowledged means durable
    } finally {
      await handle.close();
    }
    await rename(temp, join(this.dir, id));
    try {
      await this.db.getRepository(Attachment).insert({
        id,
        contentType,
        size: file.size,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
        uploadedBy: 'user' in owner ? owner.user.id : null,
        formKeyHash: 'formKey' in owner ? formKeyHash(owner.formKey) : null,
      });
    } catch (e) {
      await rm(join(this.dir, id), { force: true });
      throw e;
    }
    return { id, url: `/api/attachments/${id}`, contentType, size: file.size };
  }

  /** To its uploader and to whoever can see a case that references it; anyone else reads "not found". */
  async read(user: AuthUser, id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const row = await this.db.getRepository(Attachment).findOneBy({ id });
    if (!row || (row.uploadedBy !== user.id && !(await this.referencedWithin(user, id)))) throw notFound('Attachment');
    return { contentType: row.contentType, bytes: await readFile(join(this.dir, id)) };
  }

  /**
   * Photos named on a case, a resolve, a task's completion or a verification: each must be the
   * caller's own upload or already on that case (422 naming `photos`), so nobody can pull another
   * user's photo into a case it can see. Run inside the command's transaction, after its visibility check.
   */
  async requireUsable(em: EntityManager, owner: Uploader | undefined, ids: string[], caseId?: string): Promise<void> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return;
    const userId = owner && 'user' in owner ? owner.user.id : null;
    const keyHash = owner && 'formKey' in owner ? formKeyHash(owner.formKey) : null;
    const [{ n }]: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM attachment a
       WHERE a.id = ANY($1::uuid[])
         AND (a.uploaded_by = $2 OR a.form_key_hash = $4 OR a.id IN (${PHOTOS_ON_CASE}))`,
      [wanted, userId, caseId ?? null, keyHash],
    );
    if (n !== wanted.length) throw unprocessable('photos must be your own uploads or already on this case', 'photos');
  }

  private async referencedWithin(user: AuthUser, id: string): Promise<boolean> {
    const cases: (CasePlace & { departments: string[] })[] = await this.db.query(
      `SELECT c.grid_code AS "gridCode", c.neighbourhood_code AS "neighbourhoodCode", c.area_code AS "areaCode",
              c.street_code AS "streetCode", c.district_code AS "districtCode",
              ARRAY(SELECT t.department_code FROM task t WHERE t.case_id = c.id) AS departments
       FROM grid_case c WHERE c.id IN (${CASES_NAMING})`,
      [id],
    );
    const scope = scopeOf(user, this.jurisdiction.regions);
    return cases.some((c) => canSeeCase(scope, c, c.departments));
  }
}

/** The cases naming attachment $1: as their own photos, on a task's completion, or on the timeline (resolve, verify). */
const CASES_NAMING = `
  SELECT c.id FROM grid_case c WHERE c.photos @> ARRAY[$1::uuid] AND c.photos <> '{}'
  UNION
  SELECT t.case_id FROM task t WHERE t.photos @> ARRAY[$1::uuid] AND t.photos <> '{}'
  UNION
  SELECT e.case_id FROM case_event e WHERE e.data -> 'photos' @> jsonb_build_array($1::text) AND e.data ? 'photos'`;
// (The `<> '{}'` and `?` predicates are those of the partial GIN indexes, migration AttachmentReferences.)

/** The attachments already on case $3, wherever it names them. */
const PHOTOS_ON_CASE = `
  SELECT unnest(c.photos) FROM grid_case c WHERE c.id = $3
  UNION ALL
  SELECT unnest(t.photos) FROM task t WHERE t.case_id = $3
  UNION ALL
  SELECT jsonb_array_elements_text(e.data -> 'photos')::uuid FROM case_event e WHERE e.case_id = $3 AND e.data ? 'photos'`;
