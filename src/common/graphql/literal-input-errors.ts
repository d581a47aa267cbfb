import { ApolloServerPlugin } from '@apollo/server';
import { ASTNode, GraphQLError, Kind, parse, visit } from 'graphql';
import { AppError } from '../errors/app-error';

/**
 * A date written in the document itself (`from: "2027-02-30"`) is refused while the document is
 * validated, where the error still knows which value it is. This names the field it sits in, as
 * the error of the same value sent in a variable is named ("startDate" within `input`, "from"
 * as an argument), before Apollo re-wraps it.
 */
export function literalInputErrors(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async validationDidStart() {
          return async (errors?: readonly Error[]) => {
            for (const error of errors ?? []) {
              if (!(error instanceof AppError)) continue;
              const field = literalPath(error);
              if (field) Object.assign(error.extensions, { field });
            }
          };
        },
      };
    },
  };
}

/** Where the refused value sits, as argument and input field names, found by its place in the document. */
function literalPath(error: GraphQLError): string | undefined {
  const start = error.nodes?.[0]?.loc?.start;
  const body = error.source?.body;
  if (start === undefined || !body) return undefined;
  let path: string | undefined;
  visit(parse(body), {
    enter(node, _key, parent, _path, ancestors) {
      if (path !== undefined || node.loc?.start !== start || !VALUE_KINDS.has(node.kind)) return undefined;
      const named = [...ancestors, parent].filter((a): a is ASTNode => !Array.isArray(a) && [Kind.ARGUMENT, Kind.OBJECT_FIELD].includes((a as ASTNode).kind));
      const names = named.map((a) => (a as { name: { value: string } }).name.value);
      // As a variable's error is named: within the argument when the value is inside one.
      path = (names.length > 1 ? names.slice(1) : names).join('.');
      return undefined;
    },
  });
  return path || undefined;
}

const VALUE_KINDS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.ENUM]);
