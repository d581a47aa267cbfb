import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/caller';
import { AppError } from '../common/errors/app-error';
import { ReferenceRows, renaming } from '../common/database/reference-rows';
import { findByCodes } from '../common/database/find-by-codes';
import { isUniqueViolation } from '../common/database/unique-violation';
import { OrganisationEntity } from './organisation.entity';
import { CreateOrganisationInput, UpdateOrganisationInput } from './organisation.inputs';

@Injectable()
export class OrganisationsService {
  private readonly known: ReferenceRows<OrganisationEntity>;

  constructor(
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.known = new ReferenceRows(dataSource, OrganisationEntity, config.referenceCacheSeconds * 1000);
  }

  list(): Promise<OrganisationEntity[]> {
    return this.organisations.find({ order: { name: 'ASC' } });
  }

  findByIds(ids: readonly string[], manager?: EntityManager): Promise<OrganisationEntity[]> {
    return this.known.byIds(ids, manager);
  }

  /** The organisations of these codes, in the order given; an unknown code is an input error on `field`. */
  findByCodes(codes: readonly string[], field: string): Promise<OrganisationEntity[]> {
    return findByCodes(this.known, codes, field, 'organisation');
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

  /** Renames an organisation, changes its kind (a council that becomes a unitary) or its public default; audited. */
  update(caller: Caller, code: string, input: UpdateOrganisationInput): Promise<OrganisationEntity> {
    return this.known.update(
      code,
      'Organisation',
      () => ({
        ...renaming(input.name),
        ...(input.kind ? { kind: input.kind } : {}),
        ...(typeof input.publicByDefault === 'boolean' ? { publicByDefault: input.publicByDefault } : {}),
      }),
      (manager, change) => this.audit.record(manager, caller, { action: 'organisation.update', entityType: 'organisation', ...change }),
    );
  }
}
