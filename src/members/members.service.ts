import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { generateApiKey, hashApiKey } from '../auth/api-key';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OrganisationsService } from '../organisations/organisations.service';
import { MemberEntity } from './member.entity';
import { CreateMemberInput } from './member.inputs';

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

  /** Creates a member with a fresh API key, returned once. */
  async create(caller: Caller | undefined, input: CreateMemberInput): Promise<{ member: MemberEntity; apiKey: string }> {
    const organisation = await this.organisations.findByCode(input.organisationCode);
    const apiKey = generateApiKey();
    const email = input.email.trim();
    const name = input.name?.trim() || email.split('@')[0];
    try {
      const member = await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(
          manager.create(MemberEntity, { organisationId: organisation.id, email, name, role: input.role, apiKeyHash: hashApiKey(apiKey) }),
        );
        await this.audit.record(manager, caller, {
          action: 'member.create',
          entityType: 'member',
          entityId: saved.id,
          after: { email, name, role: input.role, organisationCode: organisation.code },
        });
        return saved;
      });
      return { member, apiKey };
    } catch (error) {
      if (isUniqueViolation(error, 'member_email_key')) throw AppError.badInput('email', `A member with the email ${email} already exists`);
      throw error;
    }
  }
}
