import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller, canWrite } from '../auth/caller';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/database/unique-violation';
import { AppError } from '../common/errors/app-error';
import { ConsultationEntity, ConsultationStatus } from '../consultations/consultation.entity';
import { ConsultationsRepository } from '../consultations/consultations.repository';
import { ConsultationsService, snapshot } from '../consultations/consultations.service';
import { JoinRequestEnding, JoinRequestEntity, joinRequestSnapshot } from './join-request.entity';
import { AnswerJoinRequestArgs, LeavePartnershipArgs, RemovePartnerArgs, RequestToJoinArgs, WithdrawJoinRequestArgs } from './join-request.inputs';
import { JoinRequestNotifier } from './join-request-notifier';

/** A consultation others can join: registered and not over (nor cancelled). */
const JOINABLE: readonly ConsultationStatus[] = ['PLANNED', 'LIVE'];
/** An own plan that joining can still cancel or link: not over. */
const OPEN: readonly ConsultationStatus[] = ['DRAFT', 'PLANNED', 'LIVE'];

/** Why a consultation cancelled on joining another was cancelled. */
export function joinedReason(title: string): string {
  return `joined ${title}`;
}

/**
 * Joint consultations: an organisation asks to join another's consultation; the owner accepts or
 * declines. Acceptance makes the asking organisation a partner and, in the same transaction,
 * cancels its own named plan as "joined <title>" or keeps it as a linked part, and judges both
 * consultations' conflicts again (partners of one joint consultation do not clash). The asking
 * organisation can withdraw a pending request; a partner can leave, or the owner end its part, which
 * undoes the joining: no more draft visibility, and the two judged again (their clashes come back).
 */
@Injectable()
export class JoinRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly repository: ConsultationsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifier: JoinRequestNotifier,
  ) {}

  async request(caller: Caller, args: RequestToJoinArgs): Promise<JoinRequestEntity> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot ask to join a consultation');
    if (args.cancelOwn && !args.ownConsultationId) throw AppError.badInput('cancelOwn', 'cancelOwn needs ownConsultationId: the plan to cancel on joining');
    const saved = await this.writing(async (manager) => {
      const target = await this.repository.findVisible(args.consultationId, caller.organisationId, manager);
      if (!target) throw AppError.notFound('Consultation', 'consultationId');
      if (target.organisationId === caller.organisationId) throw AppError.badInput('consultationId', "This is your organisation's own consultation: only another organisation's can be joined");
      await assertNoOpenRequest(manager, target.id, caller.organisationId);
      if (!JOINABLE.includes(target.status)) throw AppError.badInput('consultationId', `A ${target.status} consultation cannot be joined: only a PLANNED or LIVE one`);
      if (args.ownConsultationId) await this.assertOwnPlan(manager, caller, args.ownConsultationId);
      const requests = manager.getRepository(JoinRequestEntity);
      const request = await requests.save(
        requests.create({
          consultationId: target.id,
          organisationId: caller.organisationId,
          ownConsultationId: args.ownConsultationId ?? null,
          cancelOwn: args.cancelOwn,
          note: args.note.trim(),
          requestedBy: caller.memberId,
          requestedAt: this.clock.now(),
        }),
      );
      await this.audit.record(manager, caller, { action: 'join_request.request', entityType: 'join_request', entityId: request.id, after: joinRequestSnapshot(request) });
      return request;
    });
    this.notifier.requested(saved);
    return saved;
  }

  async answer(caller: Caller, args: AnswerJoinRequestArgs): Promise<JoinRequestEntity> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot answer a request to join');
    const saved = await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(JoinRequestEntity, { where: { id: args.id }, lock: { mode: 'pessimistic_write' } });
      const joint = request && (await manager.findOne(ConsultationEntity, { where: { id: request.consultationId }, lock: { mode: 'pessimistic_write' } }));
      // Only the two organisations concerned know of a request.
      if (!request || !joint || (joint.organisationId !== caller.organisationId && request.organisationId !== caller.organisationId)) throw AppError.notFound('Join request');
      if (joint.organisationId !== caller.organisationId) throw AppError.forbidden("Only the owning organisation's officers can answer a request to join its consultation");
      if (request.status !== 'PENDING') throw AppError.badInput('id', `This request has been answered already: ${request.status}`);
      if (args.accept && !JOINABLE.includes(joint.status)) throw AppError.badInput('accept', `A ${joint.status} consultation takes no partners: decline the request instead`);
      const before = joinRequestSnapshot(request);
      Object.assign(request, { status: args.accept ? 'ACCEPTED' : 'DECLINED', answerNote: args.note?.trim() || null, answeredBy: caller.memberId, answeredAt: this.clock.now() });
      const answered = await manager.save(request);
      await this.audit.record(manager, caller, {
        action: args.accept ? 'join_request.accept' : 'join_request.decline',
        entityType: 'join_request',
        entityId: answered.id,
        before,
        after: joinRequestSnapshot(answered),
      });
      if (args.accept) await this.joinUp(manager, caller, joint, answered);
      return answered;
    });
    this.notifier.answered(saved);
    return saved;
  }

  /** The asking organisation withdraws its PENDING request; the owner's officers are told. */
  async withdraw(caller: Caller, args: WithdrawJoinRequestArgs): Promise<JoinRequestEntity> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot withdraw a request to join');
    const saved = await this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(JoinRequestEntity, { where: { id: args.id }, lock: { mode: 'pessimistic_write' } });
      const joint = request && (await manager.findOne(ConsultationEntity, { where: { id: request.consultationId } }));
      if (!request || !joint || (joint.organisationId !== caller.organisationId && request.organisationId !== caller.organisationId)) throw AppError.notFound('Join request');
      if (request.organisationId !== caller.organisationId) throw AppError.forbidden('Only the asking organisation can withdraw its request: decline it instead (answerJoinRequest)');
      if (request.status !== 'PENDING') throw AppError.badInput('id', `Only a PENDING request can be withdrawn: this one is ${request.status}${request.status === 'ACCEPTED' ? ' (leave the partnership instead: leavePartnership)' : ''}`);
      return this.end(manager, caller, request, 'WITHDRAWN', args.note);
    });
    this.notifier.ended(saved);
    return saved;
  }

  /** A partner organisation leaves a joint consultation; the owner's officers are told. */
  async leave(caller: Caller, args: LeavePartnershipArgs): Promise<JoinRequestEntity> {
    if (!canWrite(caller)) throw AppError.forbidden('Viewers cannot leave a partnership');
    const saved = await this.dataSource.transaction(async (manager) => {
      const [request, joint] = await this.partnership(manager, args.consultationId, caller.organisationId);
      if (!joint || (!request && !(await this.repository.findVisible(joint.id, caller.organisationId, manager)))) throw AppError.notFound('Consultation', 'consultationId');
      if (joint.organisationId === caller.organisationId) throw AppError.badInput('consultationId', "This is your organisation's own consultation: end a partner's part with removePartner");
      if (!request) throw AppError.badInput('consultationId', 'Your organisation is not a partner in this consultation');
      return this.endPartnership(manager, caller, joint, request, 'LEFT', args.note);
    });
    this.notifier.ended(saved);
    return saved;
  }

  /** The owning organisation ends a partner's part in its consultation; the partner's officers are told. */
  async removePartner(caller: Caller, args: RemovePartnerArgs): Promise<JoinRequestEntity> {
    if (!canWrite(caller)) throw AppError.forbidden("Viewers cannot end a partner's part");
    const saved = await this.dataSource.transaction(async (manager) => {
      const [partner] = await manager.query(`SELECT id FROM organisation WHERE code = $1`, [args.organisationCode]);
      const [request, joint] = await this.partnership(manager, args.consultationId, partner?.id ?? null);
      if (!joint || !(await this.repository.findVisible(joint.id, caller.organisationId, manager))) throw AppError.notFound('Consultation', 'consultationId');
      if (joint.organisationId !== caller.organisationId) throw AppError.forbidden("Only the owning organisation's officers can end a partner's part");
      if (!request) throw AppError.badInput('organisationCode', `${args.organisationCode} is not a partner in "${joint.title}"`);
      return this.endPartnership(manager, caller, joint, request, 'REMOVED', args.note);
    });
    this.notifier.ended(saved);
    return saved;
  }

  // An organisation's accepted request to join a consultation, and the consultation, both locked (request first, as answering locks them).
  private async partnership(manager: EntityManager, consultationId: string, organisationId: string | null): Promise<[JoinRequestEntity | null, ConsultationEntity | null]> {
    const request = organisationId
      ? await manager.findOne(JoinRequestEntity, { where: { consultationId, organisationId, status: 'ACCEPTED' }, lock: { mode: 'pessimistic_write' } })
      : null;
    const joint = await manager.findOne(ConsultationEntity, { where: { id: consultationId }, lock: { mode: 'pessimistic_write' } });
    return [request, joint];
  }

  /**
   * Undoes the joining: the request ends (so the partner no longer sees a draft, and the candidate
   * query no longer leaves the pair out), then both consultations are judged again in this
   * transaction, as joining judged them. A plan cancelled as joined stays cancelled.
   */
  private async endPartnership(manager: EntityManager, caller: Caller, joint: ConsultationEntity, request: JoinRequestEntity, ending: JoinRequestEnding, note: string | undefined): Promise<JoinRequestEntity> {
    const ended = await this.end(manager, caller, request, ending, note);
    const linked = request.ownConsultationId && !request.cancelOwn ? await manager.findOne(ConsultationEntity, { where: { id: request.ownConsultationId }, lock: { mode: 'pessimistic_write' } }) : null;
    await this.consultations.changedBeside(manager, joint, caller);
    if (linked && OPEN.includes(linked.status)) await this.consultations.changedBeside(manager, linked, caller);
    return ended;
  }

  private async end(manager: EntityManager, caller: Caller, request: JoinRequestEntity, ending: JoinRequestEnding, note: string | undefined): Promise<JoinRequestEntity> {
    const before = joinRequestSnapshot(request);
    Object.assign(request, { status: ending, endNote: note?.trim() || null, endedBy: caller.memberId, endedAt: this.clock.now() });
    const saved = await manager.save(request);
    const action = { WITHDRAWN: 'join_request.withdraw', LEFT: 'join_request.leave', REMOVED: 'join_request.remove' }[ending];
    await this.audit.record(manager, caller, { action, entityType: 'join_request', entityId: saved.id, before, after: joinRequestSnapshot(saved) });
    return saved;
  }

  /**
   * An accepted partner's own plan is cancelled as joined, or kept as a linked part; then both
   * consultations' conflicts are judged again, as after any change beside them (a linked pair no
   * longer clashes; the candidate query leaves it out).
   */
  private async joinUp(manager: EntityManager, caller: Caller, joint: ConsultationEntity, request: JoinRequestEntity): Promise<void> {
    const own = request.ownConsultationId ? await manager.findOne(ConsultationEntity, { where: { id: request.ownConsultationId }, lock: { mode: 'pessimistic_write' } }) : null;
    // A plan closed or cancelled since the request was made is left as it is.
    const open = own && OPEN.includes(own.status) ? own : null;
    if (open && request.cancelOwn) await this.cancelAsJoined(manager, caller, open, joint, request);
    await this.consultations.changedBeside(manager, joint, caller);
    if (open) await this.consultations.changedBeside(manager, open, caller);
  }

  private async cancelAsJoined(manager: EntityManager, caller: Caller, own: ConsultationEntity, joint: ConsultationEntity, request: JoinRequestEntity): Promise<void> {
    const before = snapshot(own);
    Object.assign(own, { status: 'CANCELLED', updatedBy: caller.memberId });
    const saved = await manager.save(own);
    await this.audit.record(manager, caller, {
      action: 'consultation.cancelled',
      entityType: 'consultation',
      entityId: own.id,
      before,
      after: { ...snapshot(saved), reason: joinedReason(joint.title), joinRequestId: request.id },
    });
  }

  private async assertOwnPlan(manager: EntityManager, caller: Caller, id: string): Promise<void> {
    const own = await this.repository.findVisible(id, caller.organisationId, manager);
    if (!own) throw AppError.notFound('Consultation', 'ownConsultationId');
    if (own.organisationId !== caller.organisationId) throw AppError.badInput('ownConsultationId', "ownConsultationId must be one of your organisation's consultations");
    if (!OPEN.includes(own.status)) throw AppError.badInput('ownConsultationId', `Your plan is ${own.status}: only a DRAFT, PLANNED or LIVE one can be joined up or cancelled`);
  }

  // The open-request index turns a request racing another of its organisation into the same clear error.
  private async writing<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, 'join_request_open_key')) throw AppError.badInput('consultationId', 'Your organisation has asked to join this consultation already');
      throw error;
    }
  }

  /** The accepted requests (partners) of these consultations, oldest first. */
  partnersOf(consultationIds: readonly string[]): Promise<JoinRequestEntity[]> {
    return this.dataSource.getRepository(JoinRequestEntity).find({ where: { consultationId: In([...consultationIds]), status: 'ACCEPTED' }, order: { answeredAt: 'ASC', id: 'ASC' } });
  }

  /** Every request to join these consultations, oldest first (the resolver shows each organisation what it may see). */
  requestsFor(consultationIds: readonly string[]): Promise<JoinRequestEntity[]> {
    return this.dataSource.getRepository(JoinRequestEntity).find({ where: { consultationId: In([...consultationIds]) }, order: { requestedAt: 'ASC', id: 'ASC' } });
  }

  /** For those of these consultations cancelled on joining another: the reason, "joined <title>" (left since or not: the plan stays cancelled). */
  async cancellationReasons(consultationIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; title: string }[] = await this.dataSource.query(
      `SELECT r.own_consultation_id AS id, c.title FROM join_request r JOIN consultation c ON c.id = r.consultation_id
        WHERE r.own_consultation_id = ANY($1::uuid[]) AND r.status IN ('ACCEPTED', 'LEFT', 'REMOVED') AND r.cancel_own`,
      [consultationIds],
    );
    return new Map(rows.map((r) => [r.id, joinedReason(r.title)]));
  }
}

/** One open (pending or accepted) request per organisation and consultation. */
async function assertNoOpenRequest(manager: EntityManager, consultationId: string, organisationId: string): Promise<void> {
  const [open] = await manager.query(`SELECT status FROM join_request WHERE consultation_id = $1 AND organisation_id = $2 AND status IN ('PENDING', 'ACCEPTED')`, [consultationId, organisationId]);
  if (open?.status === 'ACCEPTED') throw AppError.badInput('consultationId', 'Your organisation is a partner in this consultation already');
  if (open) throw AppError.badInput('consultationId', 'Your organisation has asked to join this consultation already: wait for its answer');
}
