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
  return prepareSelection(a).intersection(b);
}

/** A selection made ready to meet many others: the clash check meets one plan with thousands of candidates. */
export interface PreparedSelection {
  intersection(other: readonly HierarchyNode[]): string[];
}

export function prepareSelection(nodes: readonly HierarchyNode[]): PreparedSelection {
  const ids = idsToLookUp(nodes);
  return {
    intersection(other) {
      const otherIds = idsToLookUp(other);
      const shared: string[] = [];
      for (const node of nodes) if (lineageMeets(node.lineageIds, other, otherIds)) shared.push(node.id);
      for (const node of other) if (lineageMeets(node.lineageIds, nodes, ids) && !shared.includes(node.id)) shared.push(node.id);
      return shared.length > 1 ? shared.sort() : shared;
    },
  };
}

// Nearly every candidate has a node or two: for those a scan beats building a set, which only a
// composite's hundreds of blocks need.
function idsToLookUp(nodes: readonly HierarchyNode[]): ReadonlySet<string> | undefined {
  return nodes.length > 8 ? new Set(nodes.map((n) => n.id)) : undefined;
}

// Plain loops: it runs for every candidate, and a closure each time showed in the profile.
function lineageMeets(lineageIds: readonly string[], nodes: readonly HierarchyNode[], ids: ReadonlySet<string> | undefined): boolean {
  for (const id of lineageIds) {
    if (ids) {
      if (ids.has(id)) return true;
    } else {
      for (const node of nodes) if (node.id === id) return true;
    }
  }
  return false;
}

/** Whether two selections meet: intersection() without making the list, stopping at the first node. */
export function meets(a: readonly HierarchyNode[], b: readonly HierarchyNode[]): boolean {
  const [aIds, bIds] = [idsToLookUp(a), idsToLookUp(b)];
  for (const node of a) if (lineageMeets(node.lineageIds, b, bIds)) return true;
  for (const node of b) if (lineageMeets(node.lineageIds, a, aIds)) return true;
  return false;
}

/** Every node of the selection and every ancestor: what the database indexes. */
export function lineageUnion(nodes: readonly HierarchyNode[]): string[] {
  return [...new Set(nodes.flatMap((n) => n.lineageIds))].sort();
}
