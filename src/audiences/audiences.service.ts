import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { findByCodes } from '../common/database/find-by-codes';
import { ReferenceRows, renaming } from '../common/database/reference-rows';
import { isUniqueViolation } from '../common/database/unique-violation';
import { lineageUnion } from '../common/hierarchy/hierarchy.rules';
import { AudienceEntity } from './audience.entity';
import { CreateAudienceInput, UpdateAudienceInput } from './audience.inputs';

export interface AudienceSelection {
  audiences: AudienceEntity[];
  lineageIds: string[];
}

@Injectable()
export class AudiencesService {
  private readonly known: ReferenceRows<AudienceEntity>;
  private readonly reachListeners: ((audienceId: string) => void)[] = [];

  constructor(
    @InjectRepository(AudienceEntity) private readonly audiences: Repository<AudienceEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.known = new ReferenceRows(dataSource, AudienceEntity, config.referenceCacheSeconds * 1000);
  }

  list(): Promise<AudienceEntity[]> {
    return this.audiences.find({ order: { name: 'ASC' } });
  }

  findByIds(ids: readonly string[], manager?: EntityManager): Promise<AudienceEntity[]> {
    return this.known.byIds(ids, manager);
  }

  async resolveSelection(codes: readonly string[], field: string): Promise<AudienceSelection> {
    const audiences = await this.findByCodes(codes, field);
    return { audiences, lineageIds: lineageUnion(audiences) };
  }

  /** The audiences of these codes, in the order given; an unknown code is an input error on `field`. */
  findByCodes(codes: readonly string[], field: string, manager?: EntityManager): Promise<AudienceEntity[]> {
    return findByCodes(this.known, codes, field, 'audience', manager);
  }

  /** The selection of audiences already chosen and stored by id (a member's digest interests). */
  async selectionOfIds(ids: readonly string[]): Promise<AudienceSelection> {
    const audiences = await this.findByIds(ids);
    return { audiences, lineageIds: lineageUnion(audiences) };
  }

  async create(caller: Caller | undefined, input: CreateAudienceInput, manager?: EntityManager): Promise<AudienceEntity> {
    const work = async (tx: EntityManager) => {
      const parent = input.parentCode ? await tx.findOneBy(AudienceEntity, { code: input.parentCode }) : null;
      if (input.parentCode && !parent) throw AppError.badInput('parentCode', `Unknown audience code: ${input.parentCode}`);
      const id = randomUUID();
      const audience = tx.create(AudienceEntity, {
        id,
        code: input.code,
        name: input.name,
        kind: input.kind,
        reach: input.reach ?? (input.kind === 'PANEL' ? 'ALL_ASKED' : 'GROUP'),
        parentId: parent?.id ?? null,
        lineageIds: [id, ...(parent?.lineageIds ?? [])],
      });
      await tx.insert(AudienceEntity, audience);
      await this.audit.record(tx, caller, { action: 'audience.create', entityType: 'audience', entityId: id, after: input });
      return audience;
    };
    try {
      return manager ? await work(manager) : await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.badInput('code', `An audience with the code "${input.code}" already exists`);
      throw error;
    }
  }

  /** Renames an audience or changes whom it reaches; audited. A new reach grades the clashes of the consultations asking it again. */
  async update(caller: Caller, code: string, input: UpdateAudienceInput): Promise<AudienceEntity> {
    let reachChanged = false;
    const updated = await this.known.update(
      code,
      'Audience',
      (row) => {
        reachChanged = input.reach !== undefined && input.reach !== row.reach;
        return { ...renaming(input.name), ...(reachChanged ? { reach: input.reach } : {}) };
      },
      (manager, change) => this.audit.record(manager, caller, { action: 'audience.update', entityType: 'audience', ...change }),
    );
    if (reachChanged) for (const listener of this.reachListeners) listener(updated.id);
    return updated;
  }

  /** Called with an audience's id once a change to its reach is committed. */
  onReachChange(listener: (audienceId: string) => void): void {
    this.reachListeners.push(listener);
  }
}
