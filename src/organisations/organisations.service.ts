import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OrganisationEntity } from './organisation.entity';
import { CreateOrganisationInput } from './organisation.inputs';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<OrganisationEntity[]> {
    return this.organisations.find({ order: { name: 'ASC' } });
  }

  findByIds(ids: readonly string[]): Promise<OrganisationEntity[]> {
    return this.organisations.findBy({ id: In([...ids]) });
  }

  async findByCode(code: string, field = 'organisationCode'): Promise<OrganisationEntity> {
    const organisation = await this.organisations.findOneBy({ code });
    if (!organisation) throw AppError.badInput(field, `No organisation has the code "${code}"`);
    return organisation;
  }

  async create(caller: Caller | undefined, input: CreateOrganisationInput): Promise<OrganisationEntity> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organisation = await manager.save(manager.create(OrganisationEntity, input));
        await this.audit.record(manager, caller, { action: 'organisation.create', entityType: 'organisation', entityId: organisation.id, after: input });
        return organisation;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.badInput('code', `An organisation with the code "${input.code}" already exists`);
      throw error;
    }
  }
}
