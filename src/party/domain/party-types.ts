/** The closed vocabularies of 区域化党建 (API.md › Regional party building); the migration CHECKs the same lists. */
export const UNIT_KINDS = ['enterprise', 'institution', 'school', 'army', 'social', 'government'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const DEMAND_STATUSES = ['open', 'claimed', 'in_project', 'done'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

export const PROJECT_STATUSES = ['proposed', 'active', 'done', 'dropped'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const MEETING_KINDS = ['joint', 'hearing', 'coordination', 'review'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Who claimed: a unit took up a demand (`unit`), or a community took up a resource (`region`). */
export const CLAIM_SIDES = ['unit', 'region'] as const;
export type ClaimSide = (typeof CLAIM_SIDES)[number];

export const CLAIM_STATUSES = ['live', 'withdrawn'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The ten classes of the demo district (Huangpu's 双向认领 lists); the seeded default of GET /api/party/classes. */
export const DEFAULT_CLASSES = ['便民服务', '场地开放', '专业咨询', '志愿服务', '助老助残', '文化活动', '环境整治', '交通出行', '资金支持', '其他'];
