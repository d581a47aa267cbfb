import { Inject, Injectable } from '@nestjs/common';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import type { ConflictKind } from '../conflicts/clash-rules';
import { audienceWording } from '../conflicts/conflict.explain';
import { FINISHED_STATUSES } from '../consultations/consultation.entity';
import { findingsSentence } from './findings.rules';
import type { FindingsOf } from './findings.service';

/** A kept or checked conflict, as much of it as its findings sentence reads. */
export interface ClashWithOther {
  kind: ConflictKind;
  otherId: string | null;
  explanation: string;
  sharedAreaIds: readonly string[];
  sharedAudienceIds: readonly string[];
  sharedTopics: readonly string[];
}

/**
 * A DUPLICATE's explanation naming the other consultation's findings, where it is over and has
 * them. Worked out when read, never kept with the conflict: findings recorded after the clash was
 * judged count too. The API's Conflict.explanation and the weekly digest both say it this way.
 */
@Injectable()
export class FindingsExplainer {
  constructor(
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The findings a DUPLICATE names: the other consultation's, once it is CLOSED or REPORTED. */
  priorOf(conflict: Pick<ClashWithOther, 'kind' | 'otherId'>, found: FindingsOf | null | undefined): FindingsOf | null {
    if (conflict.kind !== 'DUPLICATE' || !conflict.otherId || !found) return null;
    return FINISHED_STATUSES.includes(found.status) ? found : null;
  }

  /** The explanation, with the findings sentence after it when the other consultation has findings (`found`, its own). */
  async explain(conflict: ClashWithOther, found: FindingsOf | null | undefined): Promise<string> {
    const prior = this.priorOf(conflict, found);
    if (!prior) return conflict.explanation;
    // Reference rows, held in memory: naming them costs no query.
    const [areas, audiences] = await Promise.all([this.areas.findByIds(conflict.sharedAreaIds), this.audiences.findByIds(conflict.sharedAudienceIds)]);
    const sentence = findingsSentence(
      {
        startDate: prior.startDate,
        endDate: prior.endDate,
        responseCount: prior.responseCount,
        areas: areas.map((a) => a.name),
        audiences: audiences.map((a) => audienceWording(a.name, a.kind === 'PANEL')),
        topics: conflict.sharedTopics,
      },
      this.link(prior.consultationId),
    );
    return `${conflict.explanation} ${sentence}`;
  }

  /** Where the planner shows a consultation's findings. */
  link(consultationId: string): string {
    return `${this.config.publicBaseUrl}/consultations/${consultationId}#findings`;
  }
}
