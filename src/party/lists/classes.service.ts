import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { invalid } from '../../common/domain-error';
import { ClassRepository } from './class.repository';

/** The configurable list of classes a demand or resource is filed under. */
@Injectable()
export class ClassesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly classes: ClassRepository,
  ) {}

  async list(): Promise<{ items: string[] }> {
    return { items: await this.classes.offered(this.db.manager) };
  }

  /** Replaces the list; a class left out is retired (what was filed under it keeps it), a listed one offered again. */
  async replace(items: string[]): Promise<{ items: string[] }> {
    const names = items.map((n) => n.trim());
    if (names.some((n) => !n)) throw invalid('items', 'a class name must not be blank');
    if (new Set(names).size !== names.length) throw invalid('items', 'class names must be unique');
    await this.db.transaction((em) => this.classes.replace(em, names));
    return this.list();
  }

  /** 400 naming `class` unless it is one of the offered classes. */
  async require(em: EntityManager, name: string): Promise<void> {
    if (!(await this.classes.isOffered(em, name)))
      throw invalid('class', `class must be one of the offered classes (GET /api/party/classes), not ${name}`);
  }
}
