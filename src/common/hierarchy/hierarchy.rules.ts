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
  const aIds = new Set(a.map((n) => n.id));
  const bIds = new Set(b.map((n) => n.id));
  const shared = new Set<string>();
  for (const node of a) if (node.lineageIds.some((id) => bIds.has(id))) shared.add(node.id);
  for (const node of b) if (node.lineageIds.some((id) => aIds.has(id))) shared.add(node.id);
  return [...shared].sort();
}

export function meets(a: readonly HierarchyNode[], b: readonly HierarchyNode[]): boolean {
  return intersection(a, b).length > 0;
}

/** Every node of the selection and every ancestor: what the database indexes. */
export function lineageUnion(nodes: readonly HierarchyNode[]): string[] {
  return [...new Set(nodes.flatMap((n) => n.lineageIds))].sort();
}
