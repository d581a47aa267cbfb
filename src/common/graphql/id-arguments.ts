import { ApolloServerPlugin } from '@apollo/server';
import { Extensions } from '@nestjs/graphql';
import {
  getArgumentValues, getNullableType, getVariableValues, GraphQLID, GraphQLInputType, isInputObjectType, isListType, isScalarType, separateOperations,
  TypeInfo, visit, visitWithTypeInfo,
} from 'graphql';
import { AppError, ErrorCode } from '../errors/app-error';

/**
 * Every ID the API takes names a row by its UUID, unless its field says it also takes others
 * (AlsoTakesIds). A value that cannot be one — "not-a-uuid", 42 — is refused here, before anything
 * runs, as BAD_USER_INPUT naming its argument or input field ("id", "ids", "filter.memberId"),
 * wherever it sits: an argument, a list, a nested input field, written in the document or sent in
 * a variable. PostgreSQL would otherwise refuse it mid-query, as an internal error carrying the SQL.
 */
export function idArguments(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (variables.errors) return; // execution reports a bad variable itself
          const typeInfo = new TypeInfo(schema);
          const executed = separateOperations(document)[operation.name?.value ?? ''];
          visit(executed, visitWithTypeInfo(typeInfo, {
            Field(node) {
              const field = typeInfo.getFieldDef();
              const values = field?.args.length ? argumentValues(field, node, variables.coerced) : undefined;
              if (!field || !values) return;
              const isId = idTest(field.extensions[ALSO_TAKES] as string | undefined);
              for (const arg of field.args) {
                const bad = notAnId(values[arg.name], arg.type, arg.name, isId);
                if (bad) throw new AppError(ErrorCode.BAD_USER_INPUT, `${bad.value} is not an id: ids are UUIDs, such as 0f8fad5b-d9cb-469f-a165-70867728950e`, bad.field, { http: { status: 400 } });
              }
            },
          }));
        },
      };
    },
  };
}

const ALSO_TAKES = 'idArgumentsAlsoTake';
// As the API writes ids, in either case, of any version: PostgreSQL reads each as a uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** On a query or mutation whose ID arguments also take ids starting with `prefix`, which its service answers for. */
export function AlsoTakesIds(prefix: string): MethodDecorator {
  return Extensions({ [ALSO_TAKES]: prefix });
}

function idTest(prefix: string | undefined): (value: unknown) => boolean {
  return (value) => UUID.test(String(value)) || (prefix !== undefined && String(value).startsWith(prefix));
}

/** The field's arguments as it will be called with them, or undefined when execution will refuse them itself. */
function argumentValues(...args: Parameters<typeof getArgumentValues>): Record<string, unknown> | undefined {
  try {
    return getArgumentValues(...args);
  } catch {
    return undefined;
  }
}

/** The first value under `type` that should be an id and is not, with its field's path. */
function notAnId(value: unknown, type: GraphQLInputType, field: string, isId: (value: unknown) => boolean): { value: string; field: string } | undefined {
  if (value === null || value === undefined) return undefined;
  const inner = getNullableType(type);
  if (isScalarType(inner) && inner.name === GraphQLID.name) return isId(value) ? undefined : { value: JSON.stringify(String(value).slice(0, 60)), field };
  if (isListType(inner)) return firstOf(value as unknown[], (item) => notAnId(item, inner.ofType, field, isId));
  if (isInputObjectType(inner)) {
    return firstOf(Object.values(inner.getFields()), (f) => notAnId((value as Record<string, unknown>)[f.name], f.type, `${field}.${f.name}`, isId));
  }
  return undefined;
}

function firstOf<T, R>(items: readonly T[], find: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const found = find(item);
    if (found) return found;
  }
  return undefined;
}
