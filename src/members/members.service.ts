import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { issueKey, revokeAllKeys } from '../api-keys/api-keys.service';
import { endAllSessions } from '../sign-in/sessions.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { escapeLike } from '../common/database/escape-like';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OrganisationsService } from '../organisations/organisations.service';
import { MemberEntity } from './member.entity';
import { CreateMemberInput, MemberFilter, UpdateMemberInput } from './member.inputs';

// An erased member's email is replaced by an address in this reserved domain (RFC 2606).
const ERASED_DOMAIN = 'erased.invalid';
const isErased = (member: MemberEntity) => member.email.endsWith(`@${ERASED_DOMAIN}`);

@Injectable()
export class MembersService {
  constructor(
    @InjectRepository(MemberEntity) private readonly members: Repository<MemberEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<MemberEntity> {
    const member = await this.members.findOneBy({ id });
    if (!member) throw AppError.notFound('Member');
    return member;
  }

  findByIds(ids: readonly string[]): Promise<MemberEntity[]> {
    return this.members.findBy({ id: In([...ids]) });
  }

  findByEmail(email: string): Promise<MemberEntity | null> {
    return this.members.createQueryBuilder('m').where('lower(m.email) = lower(:email)', { email }).getOne();
  }

  /** Whether anyone has joined yet: a start on an empty register says how to get a key. */
  hasAny(): Promise<boolean> {
    return this.members.existsBy({});
  }

  /** Creates a member with a fresh API key, returned once. */
  async create(caller: Caller | undefined, input: CreateMemberInput): Promise<{ member: MemberEntity; apiKey: string }> {
    const organisation = await this.organisations.findByCode(input.organisationCode);
    const email = input.email.trim();
    const name = input.name?.trim() || email.split('@')[0];
    try {
      return await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(manager.create(MemberEntity, { organisationId: organisation.id, email, name, role: input.role }));
        const apiKey = await issueKey(manager, saved.id);
        await this.audit.record(manager, caller, {
          action: 'member.create',
          entityType: 'member',
          entityId: saved.id,
          after: { email, name, role: input.role, organisationCode: organisation.code },
        });
        return { member: saved, apiKey };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'member_email_key')) throw AppError.badInput('email', `A member with the email ${email} already exists`);
      throw error;
    }
  }

  /** Members by organisation and name, as a coordinator looks them up (to deactivate one, or give them a new key). */
  async list(filter: MemberFilter = {}): Promise<MemberEntity[]> {
    const query = this.members
      .createQueryBuilder('m')
      .innerJoin('organisation', 'o', 'o.id = m.organisation_id')
      .orderBy('o.name')
      .addOrderBy('m.name')
      .addOrderBy('m.email')
      .limit(filter.first ?? 200);
    if (filter.organisationCode) query.andWhere('m.organisation_id = :organisationId', { organisationId: (await this.organisations.findByCode(filter.organisationCode)).id });
    if (!filter.includeInactive) query.andWhere('m.active');
    for (const [i, word] of (filter.text ?? '').split(/\s+/).filter(Boolean).entries()) {
      query.andWhere(`(m.name ILIKE :w${i} OR m.email ILIKE :w${i})`, { [`w${i}`]: `%${escapeLike(word)}%` });
    }
    return query.getMany();
  }

  /** A member's name, role or organisation, changed by a coordinator (never their own role: another coordinator does that). */
  async update(caller: Caller, id: string, input: UpdateMemberInput): Promise<MemberEntity> {
    if (id === caller.memberId && input.role && input.role !== caller.role) throw AppError.badInput('role', 'You cannot change your own role; ask another coordinator');
    const organisation = input.organisationCode ? await this.organisations.findByCode(input.organisationCode) : undefined;
    const name = input.name?.trim();
    if (input.name !== undefined && !name) throw AppError.badInput('name', 'name must not be empty');
    return this.dataSource.transaction(async (manager) => {
      const member = await lockMember(manager, id, 'This member was erased');
      const before = { name: member.name, role: member.role, organisationId: member.organisationId };
      Object.assign(member, { name: name ?? member.name, role: input.role ?? member.role, organisationId: organisation?.id ?? member.organisationId });
      const saved = await manager.save(member);
      await this.audit.record(manager, caller, { action: 'member.update', entityType: 'member', entityId: id, before, after: { name: saved.name, role: saved.role, organisationId: saved.organisationId } });
      return saved;
    });
  }

  /**
   * A new issued API key for the member, returned once: the issued one before it stops working at
   * once (their named keys stay). A member who lost their key keeps their account (their email is
   * taken for good); a deactivated one is active again. An erased member is gone for good.
   */
  async issueApiKey(caller: Caller | undefined, id: string): Promise<{ member: MemberEntity; apiKey: string }> {
    return this.dataSource.transaction(async (manager) => {
      const before = await lockMember(manager, id, 'This member was erased: create a new member instead');
      const apiKey = await issueKey(manager, id);
      await manager.query(`UPDATE member SET active = true, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(manager, caller, { action: 'member.issue_key', entityType: 'member', entityId: id, before: { active: before.active }, after: { active: true } });
      return { member: (await manager.findOneBy(MemberEntity, { id }))!, apiKey };
    });
  }

  /** Revokes the member's API keys and calendar feeds, ends their sessions and stops their digest; keeps their name on record. */
  async deactivate(caller: Caller, id: string): Promise<MemberEntity> {
    return this.changeStanding(caller, id, 'member.deactivate', async (manager) => {
      await manager.query(`UPDATE member SET active = false, updated_at = now() WHERE id = $1`, [id]);
      await revokeAllKeys(manager, id);
      await endAllSessions(manager, id);
      await manager.query(`UPDATE calendar_feed SET revoked_at = coalesce(revoked_at, now()) WHERE member_id = $1`, [id]);
    });
  }

  /**
   * Deactivates the member and removes their name and email everywhere: the member row, the
   * digest ledger, and the audit log, whose entries stay (what was done, and when) under a
   * pseudonym. Their consultations and acknowledgements remain, credited to "Erased member".
   */
  async erase(caller: Caller, id: string): Promise<MemberEntity> {
    return this.changeStanding(caller, id, 'member.erase', async (manager) => {
      const pseudonym = `Erased member ${id.slice(0, 8)}`;
      await manager.query(
        `UPDATE member SET active = false, name = $2, email = 'erased-' || id || '@${ERASED_DOMAIN}',
                digest_enabled = false, digest_area_ids = '{}', digest_audience_ids = '{}', updated_at = now()
          WHERE id = $1`,
        [id, pseudonym],
      );
      await revokeAllKeys(manager, id);
      await manager.query(`DELETE FROM member_session WHERE member_id = $1`, [id]); // their browsers, described
      await manager.query(`DELETE FROM member_identity WHERE member_id = $1`, [id]); // who they are at their identity provider
      // Key and feed labels are free text a member wrote about themselves ("Pat's Outlook").
      await manager.query(
        `UPDATE audit_log SET before = before - 'label', after = after - 'label'
          WHERE (entity_type = 'calendar_feed' AND entity_id IN (SELECT id::text FROM calendar_feed WHERE member_id = $1))
             OR (entity_type = 'api_key' AND entity_id IN (SELECT id::text FROM api_key WHERE member_id = $1))`,
        [id],
      );
      await manager.query(`UPDATE api_key SET label = 'erased' WHERE member_id = $1`, [id]);
      await manager.query(`UPDATE calendar_feed SET revoked_at = coalesce(revoked_at, now()), label = 'erased' WHERE member_id = $1`, [id]);
      await manager.query(`UPDATE digest_delivery SET email = NULL WHERE member_id = $1`, [id]);
      await manager.query(`UPDATE audit_log SET actor_label = $2 WHERE actor_id = $1`, [id, pseudonym]);
      await manager.query(
        `UPDATE audit_log SET before = before - 'email' - 'name', after = after - 'email' - 'name'
          WHERE entity_type = 'member' AND entity_id = $1::text`,
        [id],
      );
    });
  }

  private async changeStanding(caller: Caller, id: string, action: string, change: (manager: EntityManager) => Promise<void>): Promise<MemberEntity> {
    if (id === caller.memberId) throw AppError.badInput('id', 'You cannot do this to yourself; ask another coordinator');
    return this.dataSource.transaction(async (manager) => {
      const before = await lockMember(manager, id);
      await change(manager);
      await this.audit.record(manager, caller, { action, entityType: 'member', entityId: id, before: { active: before.active }, after: { active: false } });
      return (await manager.findOneBy(MemberEntity, { id }))!;
    });
  }
}

/** The member, locked for this transaction's change; NOT_FOUND if there is none, and refused with `ifErased` if they were erased. */
async function lockMember(manager: EntityManager, id: string, ifErased?: string): Promise<MemberEntity> {
  const member = await manager.findOne(MemberEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!member) throw AppError.notFound('Member');
  if (ifErased && isErased(member)) throw AppError.badInput('id', ifErased);
  return member;
}
