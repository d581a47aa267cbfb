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
  return meeting(a, idsToLookUp(a), b);
}

/** A selection made ready to meet many others: the clash check meets one plan with thousands of candidates. */
export interface PreparedSelection {
  /** The same list for the same selection (array): shared, so not to be changed. */
  intersection(other: readonly HierarchyNode[]): readonly string[];
}

export function prepareSelection(nodes: readonly HierarchyNode[]): PreparedSelection {
  const ids = idsToLookUp(nodes);
  // A county's candidates share a few hundred selections, each one array (see ConflictFinder's
  // Selections): each is met once, and a composite's hundreds of blocks not again for every candidate.
  const met = new Map<readonly HierarchyNode[], readonly string[]>();
  return {
    intersection(other) {
      let shared = met.get(other);
      if (!shared) met.set(other, (shared = meeting(nodes, ids, other)));
      return shared;
    },
  };
}

function meeting(nodes: readonly HierarchyNode[], ids: ReadonlySet<string> | undefined, other: readonly HierarchyNode[]): string[] {
  const otherIds = idsToLookUp(other);
  const shared: string[] = [];
  for (const node of nodes) if (lineageMeets(node.lineageIds, other, otherIds)) shared.push(node.id);
  // A composite's hundreds of blocks within a county plan: a set, not a scan of the list for each.
  const found = other.length > 8 ? new Set(shared) : undefined;
  for (const node of other) {
    if (!lineageMeets(node.lineageIds, nodes, ids) || (found ? found.has(node.id) : shared.includes(node.id))) continue;
    shared.push(node.id);
    found?.add(node.id);
  }
  return shared.length > 1 ? shared.sort() : shared;
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
