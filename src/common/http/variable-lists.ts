import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ASTNode, Kind, parse, visit } from 'graphql';
import { ErrorCode } from '../errors/app-error';

/**
 * More items than any list of the API takes (the longest, a composite area's members, takes 500).
 * Each field's own limit is still checked, with its own message, below this.
 */
export const MAX_VARIABLE_LIST_ITEMS = 1000;

/**
 * After the body parser, before GraphQL: a list in the variables longer than any field takes is
 * refused at once (400, BAD_USER_INPUT naming the field as the field's own limit would). Coercing
 * and validating 150,000 area codes item by item took half a second of the event loop, and a
 * member could send them back to back.
 */
export function variableLists(maxItems = MAX_VARIABLE_LIST_ITEMS): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const { query, variables } = (req.body ?? {}) as { query?: unknown; variables?: unknown };
    const long = variables && typeof variables === 'object' ? longList(variables as Record<string, unknown>, maxItems) : undefined;
    if (!long) return next();
    const field = [...argumentPath(query, long.variable), ...long.path].join('.');
    res.status(400).json({
      errors: [{ message: `${field} has ${long.length} items; no list may have more than ${maxItems}`, extensions: { code: ErrorCode.BAD_USER_INPUT, field } }],
    });
  };
}

interface LongList {
  variable: string;
  /** Where in the variable's value: object keys, list positions left out. */
  path: string[];
  length: number;
}

/** The first list longer than `maxItems` anywhere in the variables, looked for breadth-first. */
function longList(variables: Record<string, unknown>, maxItems: number): LongList | undefined {
  const queue: { value: unknown; variable: string; path: string[] }[] = Object.entries(variables).map(([variable, value]) => ({ value, variable, path: [] }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { value, variable, path } = next;
    if (Array.isArray(value)) {
      if (value.length > maxItems) return { variable, path, length: value.length };
      for (const item of value) if (item && typeof item === 'object') queue.push({ value: item, variable, path });
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) if (item && typeof item === 'object') queue.push({ value: item, variable, path: [...path, key] });
    }
  }
  return undefined;
}

/** The argument (and input fields) a variable is given to in the query, "filter" for `filter: $f`; the variable's name if not found. */
function argumentPath(query: unknown, variable: string): string[] {
  if (typeof query !== 'string') return [variable];
  let found: string[] | undefined;
  try {
    visit(parse(query, { maxTokens: 5000 }), {
      Variable(node, _key, parent, _path, ancestors) {
        if (found || node.name.value !== variable) return;
        // ancestors stop short of the parent, which for `filter: $f` is the argument itself.
        const names = ([...ancestors, parent] as readonly ASTNode[]).flatMap((a) => (a && 'kind' in a && (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD) ? [a.name.value] : []));
        if (names.length) found = names;
      },
    });
  } catch {
    // Not a query GraphQL can read: it will say so itself.
  }
  return found ?? [variable];
}
