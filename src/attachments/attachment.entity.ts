import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** A photo; the bytes live on disk under DATA_DIR/attachments/<id>. */
@Entity('attachment')
export class Attachment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') contentType: ImageType;
  @Column('integer') size: number;
  @Column('text') sha256: string;
  @Column('uuid', { nullable: true }) uploadedBy: string | null;
  /** A resident's photo: the hash of the form's Idempotency-Key (no account uploaded it). */
  @Column('text', { nullable: true }) formKeyHash: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
