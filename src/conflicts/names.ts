import type { AreaEntity, AreaLevel } from '../areas/area.entity';
import type { AudienceEntity } from '../audiences/audience.entity';
import type { Names } from './conflict.rules';

/** The area and audience rows a check names and compares, by id: plain data, so a judging thread can be handed them. */
export interface NamedRows {
  areas: ReadonlyMap<string, Pick<AreaEntity, 'id' | 'name' | 'level' | 'lineageIds'>>;
  audiences: ReadonlyMap<string, Pick<AudienceEntity, 'id' | 'name' | 'kind' | 'reach' | 'lineageIds'>>;
}

// Where two teams meeting people in person meet the same people: a district, a unitary or smaller.
const LOCAL_LEVELS: ReadonlySet<AreaLevel> = new Set(['DISTRICT', 'UNITARY', 'DIVISION', 'WARD', 'PARISH', 'NEIGHBOURHOOD']);

/** What the rules ask of those rows. */
export function namesFrom({ areas, audiences }: NamedRows): Names {
  return {
    area: (id) => areas.get(id)?.name ?? id,
    audience: (id) => audiences.get(id)?.name ?? id,
    isPanel: (id) => audiences.get(id)?.kind === 'PANEL',
    reach: (id) => audiences.get(id)?.reach ?? 'GROUP',
    isLocal: (id) => LOCAL_LEVELS.has(areas.get(id)?.level ?? 'OTHER'),
  };
}
