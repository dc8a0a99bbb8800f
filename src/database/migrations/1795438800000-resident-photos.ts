import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A resident's photo has no uploader account: it belongs to the form that sent it, known by a hash of
 * the form's Idempotency-Key (random per filled form, never shown to anyone else). Only a report with
 * the same key may name it.
 */
export class ResidentPhotos1795438800000 implements MigrationInterface {
  name = 'ResidentPhotos1795438800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attachment ADD COLUMN form_key_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attachment DROP COLUMN form_key_hash`);
  }
}
