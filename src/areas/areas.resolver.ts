import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentCaller, Roles } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { Loaders, LOADERS } from '../common/graphql/loaders';
import { AreasArgs, CreateAreaInput, UpdateAreaInput } from './area.inputs';
import { AreaModel, mapArea } from './area.model';
import { AreasService } from './areas.service';
import { AREA_COLUMNS, AREA_IMPORT_LIMITS, AreaImportService } from './area-import.service';
import { AreaImportModel } from './area-import.model';

@Resolver(() => AreaModel)
export class AreasResolver {
  constructor(
    private readonly service: AreasService,
    private readonly imports: AreaImportService,
  ) {}

  @Query(() => [AreaModel], { description: 'Areas, filtered by level, parent, text or validity date' })
  async areas(@Args() args: AreasArgs): Promise<AreaModel[]> {
    return (await this.service.list(args)).map(mapArea);
  }

  @Roles('COORDINATOR')
  @Mutation(() => AreaModel)
  async createArea(@CurrentCaller() caller: Caller, @Args('input') input: CreateAreaInput): Promise<AreaModel> {
    return mapArea(await this.service.create(caller, input));
  }

  @Roles('COORDINATOR')
  @Mutation(() => AreaModel, { description: 'Renames an area or changes the dates it is valid for' })
  async updateArea(@CurrentCaller() caller: Caller, @Args('code') code: string, @Args('input') input: UpdateAreaInput): Promise<AreaModel> {
    return mapArea(await this.service.update(caller, code, input));
  }

  @Roles('COORDINATOR')
  @Mutation(() => AreaImportModel, {
    description: `Adds and changes areas from CSV (up to ${AREA_IMPORT_LIMITS.rows} rows), all or nothing: a known code gets the row's name and dates, a new one is created. dryRun reports the same without keeping anything.`,
  })
  async importAreas(
    @CurrentCaller() caller: Caller,
    @Args('csv', { description: `Header: ${AREA_COLUMNS.map((c) => c.header).join(', ')}` }) csv: string,
    @Args('dryRun', { type: () => Boolean, nullable: true, defaultValue: false }) dryRun: boolean,
  ): Promise<AreaImportModel> {
    return this.imports.importCsv(caller, csv, dryRun ?? false);
  }

  @ResolveField(() => AreaModel, { nullable: true })
  async parent(@Parent() area: AreaModel, @Context(LOADERS) loaders: Loaders): Promise<AreaModel | null> {
    return area.parentId ? loaders.area.load(area.parentId) : null;
  }
}
