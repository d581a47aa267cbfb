import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { ImmutableRows } from '../common/database/immutable-rows';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OrganisationEntity } from './organisation.entity';
import { CreateOrganisationInput } from './organisation.inputs';

@Injectable()
export class OrganisationsService {
  // The app never updates or deletes these rows, so what has been read once can be kept.
  private readonly known: ImmutableRows<OrganisationEntity>;

  constructor(
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.known = new ImmutableRows(dataSource, OrganisationEntity);
  }

  list(): Promise<OrganisationEntity[]> {
    return this.organisations.find({ order: { name: 'ASC' } });
  }

  findByIds(ids: readonly string[], manager?: EntityManager): Promise<OrganisationEntity[]> {
    return this.known.byIds(ids, manager);
  }

  async findByCode(code: string, field = 'organisationCode'): Promise<OrganisationEntity> {
    const [organisation] = await this.known.byCodes([code]);
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
