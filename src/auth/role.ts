export const ROLES = ['inspector', 'neighbourhood', 'area', 'street', 'liaison', 'display', 'admin'] as const;
export type Role = (typeof ROLES)[number];
