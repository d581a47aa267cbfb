import { randomUUID } from 'node:crypto';
import { escapeLike } from '../common/database/escape-like';
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
import { AreaEntity } from './area.entity';
import { AreasArgs, CreateAreaInput, UpdateAreaInput } from './area.inputs';
import { AreaNode, expandToBlocks } from './territory.rules';
import { placeWordsOf } from '../conflicts/place-names';

export interface AreaSelection {
  areas: AreaEntity[];
  blocks: AreaNode[];
  blockIds: string[];
  lineageIds: string[];
}

@Injectable()
export class AreasService {
  private readonly known: ReferenceRows<AreaEntity>;
  private readonly cacheMs: number;
  private placeWordsHeld?: { words: Promise<ReadonlySet<string>>; until: number };

  constructor(
    @InjectRepository(AreaEntity) private readonly areas: Repository<AreaEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.known = new ReferenceRows(dataSource, AreaEntity, config.referenceCacheSeconds * 1000);
    this.cacheMs = config.referenceCacheSeconds * 1000;
  }

  /** The words of every area's name (see place-names.ts), held like other reference rows; read through the caller's transaction when not held. */
  placeWords(manager: EntityManager = this.dataSource.manager): Promise<ReadonlySet<string>> {
    const now = Date.now();
    if (!this.placeWordsHeld || this.placeWordsHeld.until <= now) {
      const words = manager.query(`SELECT DISTINCT name FROM area`).then((rows: { name: string }[]) => placeWordsOf(rows.map((r) => r.name)));
      this.placeWordsHeld = { words, until: now + this.cacheMs };
      words.catch(() => (this.placeWordsHeld = undefined));
    }
    return this.placeWordsHeld.words;
  }

  list(args: AreasArgs): Promise<AreaEntity[]> {
    const query = this.areas.createQueryBuilder('a').orderBy('a.level').addOrderBy('a.name');
    if (args.level) query.andWhere('a.level = :level', { level: args.level });
    if (args.parentCode) query.andWhere('a.parent_id = (SELECT id FROM area WHERE code = :parentCode)', { parentCode: args.parentCode });
    if (args.search) query.andWhere('(a.name ILIKE :search OR a.code ILIKE :search)', { search: `%${escapeLike(args.search)}%` });
    if (args.validOn) {
      query.andWhere('(a.valid_from IS NULL OR a.valid_from <= :on) AND (a.valid_to IS NULL OR a.valid_to >= :on)', { on: args.validOn });
    }
    return query.getMany();
  }

  findByIds(ids: readonly string[], manager?: EntityManager): Promise<AreaEntity[]> {
    return this.known.byIds(ids, manager);
  }

  /** The areas of these codes, in the order given; an unknown code is an input error on `field`. */
  findByCodes(codes: readonly string[], field: string, manager?: EntityManager): Promise<AreaEntity[]> {
    return findByCodes(this.known, codes, field, 'area', manager);
  }

  /**
   * Resolves area codes chosen for a window of dates: every code must exist and be valid at
   * some point in the window. Returns the blocks and lineage the clash check compares.
   */
  async resolveSelection(codes: readonly string[], field: string, window?: { start: string; end: string }): Promise<AreaSelection> {
    const selected = await this.findByCodes(codes, field);
    if (window) {
      const invalid = selected.filter((a) => (a.validFrom && a.validFrom > window.end) || (a.validTo && a.validTo < window.start));
      if (invalid.length > 0) {
        throw AppError.badInput(field, `Not valid on the consultation's dates: ${invalid.map((a) => `${a.code} (${a.validFrom ?? '…'} to ${a.validTo ?? '…'})`).join(', ')}`);
      }
    }
    return this.selectionOf(selected);
  }

  /** The selection of areas already chosen and stored by id (a member's digest interests). */
  async selectionOfIds(ids: readonly string[]): Promise<AreaSelection> {
    return this.selectionOf(await this.findByIds(ids));
  }

  /** One selection per area, each on its own (the rows of the load calendar), in one query. */
  async selectionsEach(areas: AreaEntity[]): Promise<AreaSelection[]> {
    const nodes = await this.nodesWithComposites(areas.map((a) => a.id));
    return areas.map((area) => selectionFrom([area], nodes));
  }

  private async selectionOf(selected: AreaEntity[]): Promise<AreaSelection> {
    // Most plans name plain areas: they are their own blocks, and need no walk through composites.
    const nodes = selected.some((a) => a.isComposite)
      ? await this.nodesWithComposites(selected.map((a) => a.id))
      : new Map(selected.map((a): [string, AreaNode] => [a.id, { id: a.id, lineageIds: a.lineageIds, memberIds: [] }]));
    return selectionFrom(selected, nodes);
  }

  // The selected areas plus, for composites, every area reachable through their members.
  private async nodesWithComposites(ids: string[]): Promise<Map<string, AreaNode>> {
    const rows: { id: string; lineage_ids: string[]; member_ids: string[] }[] = await this.dataSource.query(
      `WITH RECURSIVE reach(id) AS (
         SELECT unnest($1::uuid[])
         UNION
         SELECT m.member_id FROM area_composite_member m JOIN reach r ON m.composite_id = r.id
       )
       SELECT a.id, a.lineage_ids,
              coalesce(array_agg(m.member_id) FILTER (WHERE m.member_id IS NOT NULL), '{}') AS member_ids
         FROM area a JOIN reach r ON r.id = a.id
         LEFT JOIN area_composite_member m ON m.composite_id = a.id
        GROUP BY a.id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, lineageIds: r.lineage_ids, memberIds: r.member_ids }]));
  }

  async create(caller: Caller | undefined, input: CreateAreaInput, manager?: EntityManager): Promise<AreaEntity> {
    if (input.validFrom && input.validTo && input.validTo < input.validFrom) throw AppError.badInput('validTo', 'validTo is before validFrom');
    const memberCodes = [...new Set(input.memberCodes ?? [])];
    if (memberCodes.length > 0 && input.parentCode) throw AppError.badInput('memberCodes', 'A composite area is defined by its members and has no parent');
    const work = async (tx: EntityManager) => {
      const parent = input.parentCode ? await tx.findOneBy(AreaEntity, { code: input.parentCode }) : null;
      if (input.parentCode && !parent) throw AppError.badInput('parentCode', `Unknown area code: ${input.parentCode}`);
      const members = memberCodes.length ? await tx.findBy(AreaEntity, { code: In(memberCodes) }) : [];
      const missing = memberCodes.filter((code) => !members.some((m) => m.code === code));
      if (missing.length) throw AppError.badInput('memberCodes', `Unknown area codes: ${missing.join(', ')}`);
      const area = tx.create(AreaEntity, {
        code: input.code,
        name: input.name,
        level: memberCodes.length ? 'COMPOSITE' : input.level,
        parentId: parent?.id ?? null,
        isComposite: memberCodes.length > 0,
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
        lineageIds: [],
      });
      area.id = randomUUID();
      area.lineageIds = [area.id, ...(parent?.lineageIds ?? [])];
      await tx.insert(AreaEntity, area);
      if (members.length) {
        await tx.query(`INSERT INTO area_composite_member (composite_id, member_id) SELECT $1, unnest($2::uuid[])`, [area.id, members.map((m) => m.id)]);
      }
      await this.audit.record(tx, caller, { action: 'area.create', entityType: 'area', entityId: area.id, after: input });
      return area;
    };
    try {
      return manager ? await work(manager) : await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.badInput('code', `An area with the code "${input.code}" already exists`);
      throw error;
    }
  }

  /**
   * Renames an area or changes the dates it is valid for (a ward abolished by a boundary review
   * ends the day before the new wards begin). From then on a plan may name it only for dates it
   * is valid on; consultations already registered keep it, and are compared as registered.
   */
  update(caller: Caller | undefined, code: string, input: UpdateAreaInput, manager?: EntityManager): Promise<AreaEntity> {
    return this.known.update(
      code,
      'Area',
      (area) => {
        const after: Partial<AreaEntity> = renaming(input.name);
        if (input.validFrom !== undefined) after.validFrom = input.validFrom;
        if (input.validTo !== undefined) after.validTo = input.validTo;
        const { validFrom, validTo } = { ...area, ...after };
        const backwards = endsBeforeItBegins(validFrom, validTo);
        if (backwards) throw AppError.badInput('validTo', backwards);
        return after;
      },
      (tx, change) => this.audit.record(tx, caller, { action: 'area.update', entityType: 'area', ...change }),
      manager,
    );
  }
}

/** Why an area cannot be valid from `validFrom` to `validTo`, or undefined when it can. */
export function endsBeforeItBegins(validFrom: string | null | undefined, validTo: string | null | undefined): string | undefined {
  return validFrom && validTo && validTo < validFrom ? `The area would end (${validTo}) before it begins (${validFrom})` : undefined;
}

function selectionFrom(selected: AreaEntity[], nodes: ReadonlyMap<string, AreaNode>): AreaSelection {
  const blocks = expandToBlocks(selected.map((a) => a.id), nodes);
  return { areas: selected, blocks, blockIds: blocks.map((b) => b.id), lineageIds: lineageUnion(blocks) };
}
