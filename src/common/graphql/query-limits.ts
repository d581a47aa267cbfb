import { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { GraphqlConfig } from '../../config/app-config';
import { ErrorCode } from '../errors/app-error';

/**
 * Depth, cost, alias, token and directive limits (graphql-armor, pinned to a release with the
 * `__schema`-fragment depth bypass fixed), and field suggestions hidden so that a misspelt
 * query does not map the schema. A refusal is QUERY_TOO_COMPLEX naming the limit it broke
 * (Apollo files such errors under GRAPHQL_VALIDATION_FAILED; format-error.ts restores the code).
 * The token limit is graphql-js's own, met while parsing: GRAPHQL_PARSE_FAILED.
 */
export function queryLimits(config: GraphqlConfig): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[]; parseOptions: { maxTokens: number } } {
  const refuse = (limit: string) => ({
    propagateOnRejection: false,
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const refusal = new GraphQLError(error.message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, field: 'query', limit } });
        context?.reportError(refusal);
      },
    ],
  });
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: config.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...refuse('depth') },
    costLimit: { maxCost: config.maxCost, ignoreIntrospection: true, ...refuse('cost') },
    maxAliases: { n: config.maxAliases, ...refuse('aliases') },
    // Counted by graphql-js itself while parsing (parseOptions below): a clean 400, where
    // graphql-armor's Apollo plugin for it answers 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: config.maxDirectives, ...refuse('directives') },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return { plugins: plugins as ApolloServerPlugin[], validationRules, parseOptions: { maxTokens: config.maxTokens } };
}
