import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { actorLabel, Caller } from '../auth/caller';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

// Written inside the caller's transaction, so a failed change leaves no audit row behind.
@Injectable()
export class AuditService {
  async record(manager: EntityManager, caller: Caller | undefined, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_id, actor_label, action, entity_type, entity_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [caller?.memberId ?? null, actorLabel(caller), entry.action, entry.entityType, entry.entityId, json(entry.before), json(entry.after)],
    );
  }

  /** Many entries by one caller in one statement, in order (an import's registrations). */
  async recordMany(manager: EntityManager, caller: Caller | undefined, entries: readonly AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    await manager.query(
      `INSERT INTO audit_log (actor_id, actor_label, action, entity_type, entity_id, before, after)
       SELECT $1, $2, e.action, e.entity_type, e.entity_id, e.before, e.after
         FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[]) WITH ORDINALITY AS e(action, entity_type, entity_id, before, after, n)
        ORDER BY e.n`,
      [caller?.memberId ?? null, actorLabel(caller), ...(['action', 'entityType', 'entityId'] as const).map((k) => entries.map((e) => e[k])), entries.map((e) => json(e.before)), entries.map((e) => json(e.after))],
    );
  }
}

function json(value: object | null | undefined): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
