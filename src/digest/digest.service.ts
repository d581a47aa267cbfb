import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { AudiencesService } from '../audiences/audiences.service';
import { AuditService } from '../audit/audit.service';
import { Caller, isCoordinator } from '../auth/caller';
import { IsoWeek } from '../common/dates/iso-week';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { MemberEntity } from '../members/member.entity';
import { DigestComposer } from './digest-composer';
import { DeliveryRow, DeliveryStatus, DigestDeliveries } from './digest-deliveries';
import { DigestQueue } from './digest-queue';
import { DigestSender } from './digest-sender';
import { Digest, DigestPreferencesInput } from './digest.model';
import { renderDigest } from './digest.render';

export interface PreferencesView {
  enabled: boolean;
  allClear: boolean;
  areaIds: string[];
  audienceIds: string[];
}

/** The digest as the API offers it: previews, the delivery ledger, re-drives, preferences. */
@Injectable()
export class DigestService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly composer: DigestComposer,
    private readonly sender: DigestSender,
    private readonly deliveries: DigestDeliveries,
    private readonly queue: DigestQueue,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
    private readonly audit: AuditService,
  ) {}

  /** A member previews their own digest; a coordinator anyone's. Sends and records nothing. */
  async preview(caller: Caller, memberId: string, week: IsoWeek): Promise<Digest> {
    if (memberId !== caller.memberId && !isCoordinator(caller)) throw AppError.forbidden('Only a coordinator can preview another member’s digest');
    const member = await this.sender.recipient({ id: memberId });
    if (!member) throw AppError.notFound('Member', 'memberId');
    const rendered = renderDigest(await this.composer.compose(member, week), this.config.publicBaseUrl);
    return { memberId, week: week.id, weekStart: week.start, ...rendered };
  }

  deliveriesFor(week: IsoWeek, statuses?: readonly DeliveryStatus[]): Promise<DeliveryRow[]> {
    return this.deliveries.forWeek(week, statuses);
  }

  deliveryCounts(week: IsoWeek): Promise<Record<DeliveryStatus, number>> {
    return this.deliveries.countByStatus(week);
  }

  /** Puts a FAILED, UNCERTAIN or SKIPPED delivery back in the queue. */
  async redrive(caller: Caller, id: string): Promise<DeliveryRow> {
    const before = await this.deliveries.get(id);
    if (!before) throw AppError.notFound('Digest delivery');
    const row = await this.dataSource.transaction(async (tx) => {
      const redriven = await this.deliveries.redrive(id, tx);
      if (!redriven) {
        throw AppError.badInput('id', `This delivery is ${before.status}: only FAILED, UNCERTAIN or SKIPPED deliveries can be re-driven`);
      }
      await this.audit.record(tx, caller, { action: 'digest.redrive', entityType: 'digest_delivery', entityId: id, before: { status: before.status }, after: { status: 'PENDING' } });
      return redriven;
    });
    await this.queue.enqueue([id]);
    return row;
  }

  async preferences(memberId: string): Promise<PreferencesView> {
    return preferencesOf(await this.dataSource.getRepository(MemberEntity).findOneByOrFail({ id: memberId }));
  }

  async updatePreferences(caller: Caller, input: DigestPreferencesInput): Promise<PreferencesView> {
    const areaIds = input.areaCodes && (await this.areas.resolveSelection(input.areaCodes, 'input.areaCodes')).areas.map((a) => a.id);
    const audienceIds = input.audienceCodes && (await this.audiences.resolveSelection(input.audienceCodes, 'input.audienceCodes')).audiences.map((a) => a.id);
    return this.dataSource.transaction(async (tx) => {
      const repository = tx.getRepository(MemberEntity);
      const member = await repository.findOneOrFail({ where: { id: caller.memberId }, lock: { mode: 'pessimistic_write' } });
      const before = preferencesOf(member);
      member.digestEnabled = input.enabled ?? member.digestEnabled;
      member.digestAllClear = input.allClear ?? member.digestAllClear;
      member.digestAreaIds = areaIds ?? member.digestAreaIds;
      member.digestAudienceIds = audienceIds ?? member.digestAudienceIds;
      await repository.save(member);
      const after = preferencesOf(member);
      await this.audit.record(tx, caller, { action: 'member.digest_preferences', entityType: 'member', entityId: member.id, before, after });
      return after;
    });
  }
}

function preferencesOf(member: MemberEntity): PreferencesView {
  return { enabled: member.digestEnabled, allClear: member.digestAllClear, areaIds: member.digestAreaIds, audienceIds: member.digestAudienceIds };
}
