import { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { currentDeadline } from '../deadline/request-deadline';
import { AppError, ErrorCode } from '../errors/app-error';
import { HeavyLane } from './heavy-lane';

/** The work one field will do, from its arguments (variables already put in). */
export type WorkEstimator = (args: Record<string, unknown>) => number;
/** Keyed by schema coordinate: "Query.checkConsultation". */
export type WorkEstimators = Readonly<Record<string, WorkEstimator>>;

export interface FieldWork {
  /** The field's response path, aliases as written: "c3", "a.b". */
  path: string;
  /** Its schema coordinate: "Query.checkConsultation". */
  coordinate: string;
  work: number;
}

/**
 * The work a whole operation asks for: every occurrence of an estimated field counts, so each
 * alias of an expensive field adds its own estimate. Fragments are followed; @skip/@include are
 * not read (counted as if included). Fields without an estimator count nothing here: their shape
 * is graphql-armor's cost limit's business (query-limits.ts).
 */
export function operationWork(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  estimators: WorkEstimators,
): FieldWork[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const found: FieldWork[] = [];
  const walk = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined, path: string[], seen: Set<string>): void => {
    if (!parent) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent, path, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), path, new Set([...seen, fragment.name.value]));
      } else {
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const definition = parent.getFields()[selection.name.value];
        if (!definition) continue;
        const here = [...path, selection.alias?.value ?? selection.name.value];
        const coordinate = `${parent.name}.${definition.name}`;
        const estimate = estimators[coordinate];
        if (estimate) {
          // A bad argument is execution's to report, with its own code.
          const args = tryOrUndefined(() => getArgumentValues(definition, selection, variables));
          if (args) found.push({ path: here.join('.'), coordinate, work: Math.max(0, estimate(args)) });
        }
        if (selection.selectionSet) walk(selection.selectionSet, getNamedType(definition.type), here, seen);
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation), [], new Set());
  return found;
}

/** Charges a request's work to its caller's budget, or throws the refusal (RATE_LIMITED). */
export type WorkCharge = (contextValue: unknown, work: number) => Promise<void>;

/**
 * Refuses, before anything runs, an operation whose estimated work is over `maxWork`:
 * QUERY_TOO_COMPLEX with `limit: "work"`, the costliest field's path in `field`, and the figures.
 * One under it is charged to its caller's work a minute (`charge`), then, if heavy, waits its turn
 * in `lane` before it runs, and ends it once answered.
 */
export function queryWorkLimit(maxWork: number, estimators: WorkEstimators, lane?: HeavyLane, charge?: WorkCharge): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let endTurn: (() => void) | undefined;
      // Apollo runs every plugin's didResolveOperation at once: another may refuse the request
      // (and it is answered) while this one still waits its turn, which must then not be kept.
      const answered = new AbortController();
      return {
        async willSendResponse() {
          answered.abort();
          endTurn?.();
        },
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Variables that do not coerce are refused by execution, which names them.
          if (coerced.errors) return;
          const fields = operationWork(schema, document, operation, coerced.coerced, estimators);
          const work = fields.reduce((sum, f) => sum + f.work, 0);
          if (work <= maxWork) {
            if (work > 0) await charge?.(contextValue, work);
            if (!lane) return;
            const deadline = currentDeadline();
            const stop = deadline ? AbortSignal.any([deadline.signal, answered.signal]) : answered.signal;
            const end = await lane.enter(work, stop).catch((error: unknown) => {
              // Its deadline passed, or its member left, while it waited: nothing ran.
              deadline?.throwIfPassed();
              throw error;
            });
            if (answered.signal.aborted) end();
            else endTurn = end;
            if (deadline && lane.isHeavy(work)) deadline.heavy = true;
            return;
          }
          const costliest = fields.reduce((a, b) => (b.work > a.work ? b : a));
          const name = costliest.coordinate.split('.')[1];
          throw new AppError(
            ErrorCode.QUERY_TOO_COMPLEX,
            `This request would do about ${work} units of work, more than the ${maxWork} allowed; the largest part is ${name}` +
              `${costliest.path === name ? '' : ` (as ${costliest.path})`} at ${costliest.work}. Ask for less: fewer areas, audiences, days or rows, or fewer aliases.`,
            costliest.path,
            { limit: 'work', fieldName: name, work, maxWork, fieldWork: costliest.work, http: { status: 400 } },
          );
        },
      };
    },
  };
}

function tryOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
