// Areas and audiences are trees. Each node carries its lineage: itself first, then every
// ancestor. Two selections meet where one node lies within (or is) a node of the other.

export interface HierarchyNode {
  id: string;
  /** The node itself followed by its ancestors, nearest first. */
  lineageIds: readonly string[];
}

/**
 * The nodes where two selections meet, at the finer level: a ward against its district gives
 * the ward; a parent audience against its child gives the child. Empty when they do not meet.
 */
export function intersection(a: readonly HierarchyNode[], b: readonly HierarchyNode[]): string[] {
  const inA = membership(a);
  const inB = membership(b);
  const shared: string[] = [];
  for (const node of a) if (node.lineageIds.some(inB)) shared.push(node.id);
  for (const node of b) if (node.lineageIds.some(inA) && !shared.includes(node.id)) shared.push(node.id);
  return shared.length > 1 ? shared.sort() : shared;
}

// The clash check compares a plan with thousands of candidates, nearly all of a node or two:
// for those a scan beats building sets, which only a composite's hundreds of blocks need.
function membership(nodes: readonly HierarchyNode[]): (id: string) => boolean {
  if (nodes.length > 8) {
    const ids = new Set(nodes.map((n) => n.id));
    return (id) => ids.has(id);
  }
  return (id) => nodes.some((n) => n.id === id);
}

export function meets(a: readonly HierarchyNode[], b: readonly HierarchyNode[]): boolean {
  return intersection(a, b).length > 0;
}

/** Every node of the selection and every ancestor: what the database indexes. */
export function lineageUnion(nodes: readonly HierarchyNode[]): string[] {
  return [...new Set(nodes.flatMap((n) => n.lineageIds))].sort();
}
