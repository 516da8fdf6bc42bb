// Industrial chains (产业链) the bureau files listings under. One list for
// results, needs, filters and matching; codes are stored, labels shown.
export const FIELDS = [
  { code: 'semiconductor', label: '集成电路与半导体材料' },
  { code: 'new-materials', label: '新材料' },
  { code: 'equipment', label: '高端装备与阀门' },
  { code: 'casting', label: '铸造与精密制造' },
  { code: 'auto-parts', label: '汽车零部件与汽车空调' },
  { code: 'new-energy', label: '新能源与电池' },
  { code: 'biomedicine', label: '生物医药' },
  { code: 'bamboo-wood', label: '竹木与林产品加工' },
  { code: 'textiles', label: '现代纺织与化纤' },
  { code: 'digital', label: '数字经济与软件' },
  { code: 'agriculture', label: '生态农业与食品' },
  { code: 'environment', label: '节能环保' },
] as const

export type FieldCode = (typeof FIELDS)[number]['code']

export const FIELD_CODES = FIELDS.map((f) => f.code) as [FieldCode, ...FieldCode[]]

export function fieldLabel(code: string): string {
  return FIELDS.find((f) => f.code === code)?.label ?? code
}
