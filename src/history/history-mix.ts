/**
 * What the demo street's 90 days look like: how many reports a day, when, of what, from whom, and how
 * often each turn of a case's life happens. Figures are a busy 数字城管 street's, scaled to the demo city.
 */
export const HISTORY_DAYS = 90;
export const HISTORY_SEED = 20_261_123;

/** Reports a day: working days carry the patrols and the office hours, rest days mostly residents. */
export const REPORTS_PER_DAY = { working: [11, 19], rest: [3, 7] } as const;

/** Relative weight of each local hour (0–23) for residents' and hotline reports. */
export const RESIDENT_HOURS = [0, 0, 0, 0, 0, 0, 1, 3, 6, 8, 8, 7, 4, 5, 7, 7, 6, 5, 5, 6, 6, 4, 2, 1];
/** Patrols and the wall operators work the day shift. */
export const PATROL_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 4, 10, 10, 8, 2, 6, 10, 10, 7, 3, 0, 0, 0, 0, 0, 0];

export const SOURCES = { patrol: 50, resident: 25, hotline: 20, wall: 5 } as const;

/** Street-level problems (rubbish, parking, hawkers, adverts) are most of the load; emergencies are few. */
export const CATEGORY_WEIGHTS: Record<string, number> = {
  '0101': 14,
  '0104': 6,
  '0110': 10,
  '0301': 4,
  '0302': 3,
  '0401': 6,
  '0402': 9,
  '0404': 9,
  '0405': 8,
  '0501': 0.6,
  '0502': 1.2,
  '0504': 3,
  '0506': 1.5,
  '0601': 2,
  '0602': 2,
  '0603': 6,
  '0604': 4,
  '0605': 0.6,
  '0606': 2,
  '0607': 2.5,
};

/** Chances of each turn; the rest of the time the case runs on time. */
export const TURNS = {
  resolvedOnSite: 0.3, // of patrol reports: the inspector fixed it at once (自处置)
  cancelled: 0.02, // invalid report, cancelled by the street
  stalled: 0.015, // nobody moves it on past some point: it climbs and breaches, and is still open at the end
  duplicate: 0.04, // of residents' and hotline reports: someone else reports the same problem
  /** On the ladder: the holder runs out of time (the sweeper climbs it), or raises a hand (举手). */
  ladder: { onTime: 84, neglected: 8, raisesHand: 8 },
  /** A department task: claimed late; done late. */
  lateClaim: 0.1,
  lateHandle: 0.1,
  returned: 0.07, // a department returns a task (退单)
  extension: 0.07, // a department asks for more time (延期)
  extensionGranted: 0.7,
  failsVerification: 0.06, // the inspector's check fails: rework (返工)
  supervised: 0.25, // of cases running late: the street presses the holder (督办)
  urgentReport: 0.25, // of 0504 reports: marked urgent by the reporter
  rated: 0.4, // of residents' closed cases
  calledBack: 0.75, // of hotline closed cases (回访)
  reached: 0.85,
  satisfaction: { satisfied: 80, basic: 14, unsatisfied: 6 },
} as const;

/** What people write, by category: a few phrases each (the category's name when none). */
export const DESCRIPTIONS: Record<string, string[]> = {
  '0101': ['垃圾桶旁堆放生活垃圾未清运', '绿化带内有暴露垃圾', '楼道口堆积装修垃圾'],
  '0104': ['路面有大量落叶和污渍', '人行道油污未清洗'],
  '0110': ['电线杆上张贴小广告', '小区围墙被喷涂办证广告'],
  '0301': ['夜间施工噪声扰民', '工地未按时停工，机械轰鸣'],
  '0302': ['人行道地砖松动破损', '路面坑洼积水'],
  '0401': ['路口有流动摊贩售卖水果', '地铁口游商聚集'],
  '0402': ['商铺出店经营占用人行道', '餐饮店门口摆放桌椅'],
  '0404': ['机动车占用消防通道停放', '小区门口车辆乱停堵塞'],
  '0405': ['共享单车堆积阻塞盲道', '非机动车乱停放占用人行道'],
  '0501': ['路面出现塌陷坑洞', '人行道局部下沉开裂'],
  '0502': ['自来水管破裂路面冒水', '小区总管爆裂大量漏水'],
  '0504': ['下水道堵塞污水外溢', '窨井冒水气味难闻'],
  '0506': ['暴雨后道路积水严重', '路段积水没过脚踝'],
  '0601': ['疑似群租，人员进出频繁', '一套房内隔出多个房间出租'],
  '0602': ['顶楼违法搭建阳光房', '底楼私自扩建围墙'],
  '0603': ['楼上深夜噪声扰民', '广场舞音响声音过大'],
  '0604': ['物业不履行保洁职责', '小区停车费纠纷'],
  '0605': ['加装电梯意见不一需协调', '加装电梯施工影响通行'],
  '0606': ['绿化带被踩踏损坏', '行道树被车辆撞断'],
  '0607': ['设施箱占用人行道', '废弃广告牌占道'],
};

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '马', '胡', '郭', '林', '何', '高', '沈'];

/**
 * The demo's party-building story (区域化党建, history-party.ts): cars parked in the fire lanes of 长桥一村第1网格,
 * reported again and again in the history's first month — a recurring problem the neighbourhood raises as a
 * demand, which the bank claims with its car park opened at night (错时共享停车); the project made of it starts
 * `startDaysBeforeEnd` days before the history's last day and works: the reports all but stop. The reports come
 * through the plan like any other (the same stories); these are on top of the random mix.
 */
export const PARTY_STORY = {
  categoryCode: '0404',
  gridCode: 'XH-CQ-A1-N01-G1',
  startDaysBeforeEnd: 60,
  /** Reports from the history's first day until shortly before the demand (raised 3 days before the start). */
  reportsBefore: 14,
  /** Reports in the weeks after the start, while the new habits settle. */
  reportsAfter: 2,
} as const;
