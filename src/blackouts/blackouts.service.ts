import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { assertDateRange } from '../common/dates/date-range';
import { ConflictStore } from '../conflicts/conflict-store';
import { BlackoutPeriodInput, BlackoutPeriodModel, BlackoutPeriodUpdateInput } from './blackout.model';

const COLUMNS = `id, code, name, start_date::text AS "startDate", end_date::text AS "endDate", severity, area_ids AS "areaIds", audience_ids AS "audienceIds"`;

/** Coordinator-managed blackout periods; every change recomputes the conflicts it touches. */
@Injectable()
export class BlackoutsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    private readonly store: ConflictStore,
    private readonly audit: AuditService,
  ) {}

  async list(from?: string, to?: string): Promise<BlackoutPeriodModel[]> {
    assertDateRange(from, to);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM blackout_period
        WHERE period && daterange($1::date, $2::date, '[]') ORDER BY start_date, name, id`,
      [from ?? null, to ?? null],
    );
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<BlackoutPeriodModel> {
    const [row] = await manager.query(`SELECT ${COLUMNS} FROM blackout_period WHERE id = $1`, [id]);
    if (!row) throw AppError.notFound('Blackout period');
    return row;
  }

  async create(caller: Caller, input: BlackoutPeriodInput): Promise<BlackoutPeriodModel> {
    const scope = await this.resolve(input);
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager.query(
        `INSERT INTO blackout_period (name, start_date, end_date, severity, area_ids, area_block_ids, area_lineage_ids, audience_ids, audience_lineage_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [input.name.trim(), input.startDate, input.endDate, input.severity, ...scope],
      );
      const created = await this.get(id, manager);
      await this.audit.record(manager, caller, { action: 'blackout.create', entityType: 'blackout_period', entityId: id, after: created });
      await this.store.recomputeForBlackout(manager, id);
      return created;
    });
  }

  async update(caller: Caller, id: string, input: BlackoutPeriodUpdateInput): Promise<BlackoutPeriodModel> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM blackout_period WHERE id = $1 FOR UPDATE`, [id]);
      const before = await this.get(id, manager);
      const merged = {
        name: input.name ?? before.name,
        startDate: input.startDate ?? before.startDate,
        endDate: input.endDate ?? before.endDate,
        severity: input.severity ?? before.severity,
        areaCodes: input.areaCodes ?? (await this.areas.findByIds(before.areaIds)).map((a) => a.code),
        audienceCodes: input.audienceCodes ?? (await this.audiences.findByIds(before.audienceIds)).map((a) => a.code),
      };
      const scope = await this.resolve(merged);
      await manager.query(
        `UPDATE blackout_period SET name = $2, start_date = $3, end_date = $4, severity = $5, area_ids = $6, area_block_ids = $7,
                area_lineage_ids = $8, audience_ids = $9, audience_lineage_ids = $10, updated_at = now() WHERE id = $1`,
        [id, merged.name.trim(), merged.startDate, merged.endDate, merged.severity, ...scope],
      );
      const after = await this.get(id, manager);
      await this.audit.record(manager, caller, { action: 'blackout.update', entityType: 'blackout_period', entityId: id, before, after });
      await this.store.recomputeForBlackout(manager, id);
      return after;
    });
  }

  async delete(caller: Caller, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.get(id, manager);
      await this.store.holdEveryTerritory(manager);
      // Its conflicts go with it (ON DELETE CASCADE).
      await manager.query(`DELETE FROM blackout_period WHERE id = $1`, [id]);
      await this.audit.record(manager, caller, { action: 'blackout.delete', entityType: 'blackout_period', entityId: id, before });
      return true;
    });
  }

  private async resolve(input: Pick<BlackoutPeriodInput, 'startDate' | 'endDate' | 'areaCodes' | 'audienceCodes'>): Promise<unknown[]> {
    if (input.endDate < input.startDate) throw AppError.badInput('endDate', `endDate ${input.endDate} is before startDate ${input.startDate}`);
    const areas = input.areaCodes.length ? await this.areas.resolveSelection(input.areaCodes, 'areaCodes') : undefined;
    const audiences = input.audienceCodes.length ? await this.audiences.resolveSelection(input.audienceCodes, 'audienceCodes') : undefined;
    return [
      areas?.areas.map((a) => a.id).sort() ?? [],
      areas?.blockIds ?? [],
      areas?.lineageIds ?? [],
      audiences?.audiences.map((a) => a.id).sort() ?? [],
      audiences?.lineageIds ?? [],
    ];
  }
}
