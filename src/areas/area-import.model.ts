import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ImportReportModel } from '../spreadsheets/spreadsheets.model';
import { AreaImportAction } from './area-import.service';

const ACTIONS: AreaImportAction[] = ['CREATE', 'UPDATE', 'UNCHANGED'];
export const AreaImportActionEnum = Object.fromEntries(ACTIONS.map((a) => [a, a])) as Record<AreaImportAction, AreaImportAction>;
registerEnumType(AreaImportActionEnum, { name: 'AreaImportAction', description: 'What a row does: a new area, a change of name or dates, or nothing' });

@ObjectType('ImportedArea')
export class ImportedAreaModel {
  @Field(() => Int)
  line!: number;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => AreaImportActionEnum)
  action!: AreaImportAction;
}

@ObjectType('AreaImport')
export class AreaImportModel extends ImportReportModel {

  @Field(() => [ImportedAreaModel], { description: 'One per row, in file order, when there are no problems' })
  rows!: ImportedAreaModel[];
}
