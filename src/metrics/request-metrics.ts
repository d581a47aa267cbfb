import { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, Kind, OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '../common/errors/app-error';
import { Metrics } from './metrics';

// Label values come only from these sets and the schema, so a client cannot grow the series.
const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)]);

/** Times every GraphQL request into Metrics.graphqlRequests (see metrics.ts). */
export function requestMetrics(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const done = metrics.graphqlRequests.startTimer();
      return {
        async willSendResponse({ operation, errors }) {
          done({ operation: operation?.operation ?? 'none', field: rootField(operation), outcome: outcomeOf(errors) });
        },
      };
    },
  };
}

/**
 * The first root field asked for, by its name in the schema; `fragment` when the operation opens
 * with a fragment instead; `none` when there was no operation to resolve (it did not parse or validate).
 */
export function rootField(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return 'none';
  const field = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return field?.kind === Kind.FIELD ? field.name.value : 'fragment';
}

/** `ok`, or the first error's stable code (INTERNAL_SERVER_ERROR for one without a known code). */
export function outcomeOf(errors: readonly GraphQLError[] | undefined): string {
  if (!errors?.length) return 'ok';
  const code = errors[0].extensions?.code;
  return typeof code === 'string' && KNOWN_CODES.has(code) ? code : ApolloServerErrorCode.INTERNAL_SERVER_ERROR;
}
