/** The jurisdiction tree, root first. Every location falls in exactly one grid. */
export const REGION_LEVELS = ['district', 'street', 'area', 'neighbourhood', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
