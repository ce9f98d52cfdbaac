// The comparison taxonomy of ../shared/TAXONOMY.md as data: the one copy every layer imports.
// Ids are stable: saved annotations refer to them. Labels are Chinese first, English second.

export const TAXONOMY_VERSION = '1.0.0';

export interface Label {
  zh: string;
  en: string;
}

export const CATEGORY_IDS = [
  'collection',
  'sharing',
  'retention',
  'minors',
  'account_deletion',
  'user_rights',
  'security',
  'other',
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/** The five categories that have grid rows. */
export const GRID_CATEGORY_IDS = ['collection', 'sharing', 'retention', 'minors', 'account_deletion'] as const;
export type GridCategoryId = (typeof GRID_CATEGORY_IDS)[number];

export interface Category {
  id: CategoryId;
  label: Label;
  description: Label;
}

export const CATEGORIES: readonly Category[] = [
  {
    id: 'collection',
    label: { zh: '收集与使用', en: 'Collection and use' },
    description: { zh: '收集或访问哪些个人信息、如何收集、为何收集', en: 'What personal information is collected or accessed, how, and why' },
  },
  {
    id: 'sharing',
    label: { zh: '共享、转让与公开披露', en: 'Sharing, transfer and disclosure' },
    description: { zh: '向运营者以外的任何人提供个人信息', en: 'Giving PI to anyone outside the operator' },
  },
  {
    id: 'retention',
    label: { zh: '存储与保存', en: 'Retention and storage' },
    description: { zh: '保存多久、存在哪里、期满或停止运营后如何处理', en: 'How long and where PI is kept, and what happens at the end' },
  },
  {
    id: 'minors',
    label: { zh: '未成年人保护', en: 'Minors' },
    description: { zh: '儿童及未成年人规则、监护人同意', en: 'Rules for children and minors, guardian consent' },
  },
  {
    id: 'account_deletion',
    label: { zh: '账号注销', en: 'Account deletion' },
    description: { zh: '能否注销、如何注销、多久完成、注销后数据如何处理', en: 'Closing the account: whether, how, how fast, and what happens to the data' },
  },
  {
    id: 'user_rights',
    label: { zh: '个人权利', en: 'User rights' },
    description: { zh: '查阅、更正、删除、撤回同意、投诉', en: 'Access, correction, deletion, withdrawing consent, complaints' },
  },
  {
    id: 'security',
    label: { zh: '安全措施', en: 'Security' },
    description: { zh: '保护措施与安全事件处置', en: 'Protection measures and incident handling' },
  },
  {
    id: 'other',
    label: { zh: '其他', en: 'Other' },
    description: { zh: '定义、联系方式、政策更新、适用范围、争议解决', en: 'Definitions, contact, updates, scope, disputes' },
  },
];

export const DATA_TYPE_CODES = [
  'phone_number',
  'email',
  'name',
  'id_document',
  'biometric',
  'location',
  'device_identifiers',
  'ip_address',
  'contacts',
  'photos_media',
  'camera',
  'microphone',
  'installed_apps',
  'payment_financial',
  'usage_logs',
  'cookies',
  'clipboard',
  'health',
  'address',
  'account_profile',
] as const;
export type DataTypeCode = (typeof DATA_TYPE_CODES)[number];

export const DATA_TYPE_LABELS: Record<DataTypeCode, Label> = {
  phone_number: { zh: '手机号码', en: 'Phone number' },
  email: { zh: '电子邮箱', en: 'Email' },
  name: { zh: '姓名', en: 'Name' },
  id_document: { zh: '身份证件', en: 'ID document' },
  biometric: { zh: '生物识别', en: 'Biometrics' },
  location: { zh: '位置信息', en: 'Location' },
  device_identifiers: { zh: '设备标识符', en: 'Device identifiers' },
  ip_address: { zh: 'IP 地址', en: 'IP address' },
  contacts: { zh: '通讯录', en: 'Contacts' },
  photos_media: { zh: '相册与文件', en: 'Photos and media' },
  camera: { zh: '摄像头', en: 'Camera' },
  microphone: { zh: '麦克风', en: 'Microphone' },
  installed_apps: { zh: '应用列表', en: 'Installed apps' },
  payment_financial: { zh: '支付与财产', en: 'Payment and financial' },
  usage_logs: { zh: '使用日志', en: 'Usage logs' },
  cookies: { zh: 'Cookie 及同类技术', en: 'Cookies' },
  clipboard: { zh: '剪切板', en: 'Clipboard' },
  health: { zh: '健康信息', en: 'Health' },
  address: { zh: '地址', en: 'Address' },
  account_profile: { zh: '账号资料', en: 'Account profile' },
};

export const DURATION_UNITS = ['minutes', 'hours', 'days', 'working_days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const DURATION_UNIT_LABELS: Record<DurationUnit, Label> = {
  minutes: { zh: '分钟', en: 'minutes' },
  hours: { zh: '小时', en: 'hours' },
  days: { zh: '天', en: 'days' },
  working_days: { zh: '个工作日', en: 'working days' },
  weeks: { zh: '周', en: 'weeks' },
  months: { zh: '个月', en: 'months' },
  years: { zh: '年', en: 'years' },
};

/**
 * How a cell's value is shaped.
 * - enum: one of `values`
 * - set: array of codes from `values` (data types)
 * - names: array of free strings (recipient names), or not_stated
 * - ages: array of numbers, or not_stated
 * - duration: {number, unit, text} or one of `values` (e.g. immediate, not_stated)
 */
export type ValueKind = 'enum' | 'set' | 'names' | 'ages' | 'duration';

export interface AttributeDef {
  id: string;
  category: GridCategoryId;
  kind: ValueKind;
  label: Label;
  /** Allowed enum strings (for duration: the non-duration alternatives). */
  values: readonly string[];
  valueLabels: Record<string, Label>;
}

// Every attribute may be not_stated: TAXONOMY.md says a cell without evidence shows not_stated, never a guess,
// so a yes/no attribute is `no` only when a clause says so, and not_stated otherwise.
const YES_NO = ['yes', 'no', 'not_stated'] as const;
const L = (zh: string, en: string): Label => ({ zh, en });
const NS = { not_stated: L('未说明', 'Not stated') };
const yesNoLabels = { yes: L('是', 'Yes'), no: L('否', 'No'), ...NS };

export const ATTRIBUTES: readonly AttributeDef[] = [
  {
    id: 'collection.data_types',
    category: 'collection',
    kind: 'set',
    label: L('收集的信息类型', 'Data types collected'),
    values: [...DATA_TYPE_CODES, 'not_stated'],
    valueLabels: { ...DATA_TYPE_LABELS, ...NS },
  },
  {
    id: 'collection.sensitive_notice',
    category: 'collection',
    kind: 'enum',
    label: L('标明敏感个人信息', 'Sensitive PI marked'),
    values: YES_NO,
    valueLabels: yesNoLabels,
  },
  {
    id: 'sharing.third_parties',
    category: 'sharing',
    kind: 'enum',
    label: L('向第三方共享', 'Shares with third parties'),
    values: ['shares', 'no_sharing', 'not_stated'],
    valueLabels: { shares: L('共享', 'Shares'), no_sharing: L('不共享', 'No sharing'), ...NS },
  },
  {
    id: 'sharing.named_recipients',
    category: 'sharing',
    kind: 'names',
    label: L('列明的接收方', 'Named recipients'),
    values: ['not_stated'],
    valueLabels: { ...NS },
  },
  {
    id: 'sharing.affiliates',
    category: 'sharing',
    kind: 'enum',
    label: L('与关联公司共享', 'Shared with affiliates'),
    values: YES_NO,
    valueLabels: yesNoLabels,
  },
  {
    id: 'sharing.transfer_on_merger',
    category: 'sharing',
    kind: 'enum',
    label: L('合并收购时转让', 'Transfer on merger'),
    values: YES_NO,
    valueLabels: yesNoLabels,
  },
  {
    id: 'sharing.public_disclosure',
    category: 'sharing',
    kind: 'enum',
    label: L('公开披露', 'Public disclosure'),
    values: YES_NO,
    valueLabels: yesNoLabels,
  },
  {
    id: 'sharing.cross_border',
    category: 'sharing',
    kind: 'enum',
    label: L('跨境传输', 'Cross-border transfer'),
    values: ['domestic_only', 'may_transfer_abroad', 'not_stated'],
    valueLabels: {
      domestic_only: L('仅境内', 'Domestic only'),
      may_transfer_abroad: L('可能出境', 'May transfer abroad'),
      ...NS,
    },
  },
  {
    id: 'retention.period',
    category: 'retention',
    kind: 'duration',
    label: L('保存期限', 'Retention period'),
    values: ['minimum_necessary', 'per_law', 'not_stated'],
    valueLabels: {
      minimum_necessary: L('最短必要期限', 'Minimum necessary'),
      per_law: L('依法律规定', 'As required by law'),
      ...NS,
    },
  },
  {
    id: 'retention.after_service_end',
    category: 'retention',
    kind: 'enum',
    label: L('停止运营后', 'After service ends'),
    values: ['delete_or_anonymize', 'notify_only', 'not_stated'],
    valueLabels: {
      delete_or_anonymize: L('删除或匿名化', 'Delete or anonymize'),
      notify_only: L('仅通知', 'Notify only'),
      ...NS,
    },
  },
  {
    id: 'minors.age_thresholds',
    category: 'minors',
    kind: 'ages',
    label: L('年龄门槛', 'Age thresholds'),
    values: ['not_stated'],
    valueLabels: { ...NS },
  },
  {
    id: 'minors.guardian_consent',
    category: 'minors',
    kind: 'enum',
    label: L('监护人同意', 'Guardian consent'),
    values: ['required', 'not_stated'],
    valueLabels: { required: L('需要', 'Required'), ...NS },
  },
  {
    id: 'minors.child_rules',
    category: 'minors',
    kind: 'enum',
    label: L('儿童个人信息规则', "Children's PI rules"),
    values: YES_NO,
    valueLabels: yesNoLabels,
  },
  {
    id: 'account_deletion.available',
    category: 'account_deletion',
    kind: 'enum',
    label: L('可注销账号', 'Account deletion available'),
    values: ['yes', 'no', 'not_stated'],
    valueLabels: yesNoLabels,
  },
  {
    id: 'account_deletion.method',
    category: 'account_deletion',
    kind: 'enum',
    label: L('注销方式', 'Deletion method'),
    values: ['self_service', 'contact_support', 'both', 'not_stated'],
    valueLabels: {
      self_service: L('自助注销', 'Self-service'),
      contact_support: L('联系客服', 'Contact support'),
      both: L('两者皆可', 'Both'),
      ...NS,
    },
  },
  {
    id: 'account_deletion.timeframe',
    category: 'account_deletion',
    kind: 'duration',
    label: L('注销时限', 'Deletion timeframe'),
    values: ['immediate', 'not_stated'],
    valueLabels: { immediate: L('即时', 'Immediate'), ...NS },
  },
  {
    id: 'account_deletion.data_after',
    category: 'account_deletion',
    kind: 'enum',
    label: L('注销后的数据', 'Data after deletion'),
    values: ['delete_or_anonymize', 'retain_some', 'not_stated'],
    valueLabels: {
      delete_or_anonymize: L('删除或匿名化', 'Delete or anonymize'),
      retain_some: L('保留部分', 'Retain some'),
      ...NS,
    },
  },
];

export type AttributeId = string;

export const ATTRIBUTE_IDS: readonly string[] = ATTRIBUTES.map((a) => a.id);

const attributeById = new Map(ATTRIBUTES.map((a) => [a.id, a]));
export function getAttribute(id: string): AttributeDef | undefined {
  return attributeById.get(id);
}

const categoryById = new Map(CATEGORIES.map((c) => [c.id, c]));
export function getCategory(id: string): Category | undefined {
  return categoryById.get(id as CategoryId);
}

/**
 * The "absent" value for an attribute: what a cell without evidence shows.
 * TAXONOMY.md: "A cell with no evidence must show not_stated, never a guess."
 */
export const NOT_STATED = 'not_stated' as const;
