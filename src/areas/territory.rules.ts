import { HierarchyNode } from '../common/hierarchy/hierarchy.rules';

// A composite area (e.g. "North Staffordshire" = Newcastle + Moorlands + Stoke) stands for the
// union of its members. Comparisons run on "blocks": the selection with every composite replaced
// by its members, recursively. Areas that do not nest (police neighbourhoods, NHS localities)
// are best modelled as composites of the wards they cover, so that they compare correctly.

export interface AreaNode extends HierarchyNode {
  /** For a composite: the areas it is the union of; empty otherwise. */
  memberIds: readonly string[];
}

export function expandToBlocks(selectedIds: readonly string[], areas: ReadonlyMap<string, AreaNode>): AreaNode[] {
  const blocks = new Map<string, AreaNode>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return; // a composite that (wrongly) contains itself ends here
    seen.add(id);
    const area = areas.get(id);
    if (!area) throw new Error(`Unknown area ${id}`);
    if (area.memberIds.length > 0) area.memberIds.forEach(visit);
    else blocks.set(id, area);
  };
  selectedIds.forEach(visit);
  return [...blocks.values()].sort((x, y) => x.id.localeCompare(y.id));
}
