import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { AreaModel, mapArea } from '../../areas/area.model';
import { AreasService } from '../../areas/areas.service';
import { AudienceModel, mapAudience } from '../../audiences/audience.model';
import { AudiencesService } from '../../audiences/audiences.service';
import { mapMember, MemberModel } from '../../members/member.model';
import { MembersService } from '../../members/members.service';
import { mapOrganisation, OrganisationModel } from '../../organisations/organisation.model';
import { OrganisationsService } from '../../organisations/organisations.service';

// The context key resolvers read loaders from: `@Context(LOADERS) loaders: Loaders`.
export const LOADERS = 'loaders';

export interface Loaders {
  organisation: DataLoader<string, OrganisationModel>;
  member: DataLoader<string, MemberModel>;
  area: DataLoader<string, AreaModel>;
  audience: DataLoader<string, AudienceModel>;
}

/** A loader that fetches many ids in one query and answers in key order. */
export function byIdLoader<E extends { id: string }, M>(fetch: (ids: readonly string[]) => Promise<E[]>, map: (entity: E) => M): DataLoader<string, M> {
  return new DataLoader<string, M>(async (ids) => {
    const found = new Map((await fetch(ids)).map((e) => [e.id, map(e)]));
    return ids.map((id) => found.get(id) ?? new Error(`No row with id ${id}`));
  });
}

/** The rows of these ids that exist, in order: one that has gone is left out rather than failing the field. */
export async function loadFound<V>(loader: DataLoader<string, V>, ids: readonly string[]): Promise<V[]> {
  return (await loader.loadMany(ids)).filter((value): value is V => !(value instanceof Error));
}

// New loaders per request, so nothing cached outlives the request or leaks between callers.
@Injectable()
export class LoadersFactory {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly members: MembersService,
    private readonly areas: AreasService,
    private readonly audiences: AudiencesService,
  ) {}

  create(): Loaders {
    return {
      organisation: byIdLoader((ids) => this.organisations.findByIds(ids), mapOrganisation),
      member: byIdLoader((ids) => this.members.findByIds(ids), mapMember),
      area: byIdLoader((ids) => this.areas.findByIds(ids), mapArea),
      audience: byIdLoader((ids) => this.audiences.findByIds(ids), mapAudience),
    };
  }
}
