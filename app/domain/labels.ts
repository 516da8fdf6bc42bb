// How the bureau names the enum values of the schema, in the UI's language.

export const IP_KIND_LABELS = {
  INVENTION_PATENT: '发明专利',
  UTILITY_MODEL: '实用新型专利',
  DESIGN_PATENT: '外观设计专利',
  SOFTWARE_COPYRIGHT: '软件著作权',
  IC_LAYOUT: '集成电路布图设计',
  NEW_PLANT_VARIETY: '植物新品种',
  KNOW_HOW: '技术秘密',
  OTHER: '其他',
} as const

export const MATURITY_LABELS = {
  LABORATORY: '实验室阶段',
  PROTOTYPE: '样机/样品阶段',
  PILOT: '中试阶段',
  SMALL_BATCH: '小批量生产',
  MASS_PRODUCTION: '可规模化生产',
} as const

export const TRANSFER_MODE_LABELS = {
  TRANSFER: '转让',
  LICENCE: '许可',
  JOINT_DEVELOPMENT: '合作开发',
  EQUITY: '作价入股',
} as const

export type IpKind = keyof typeof IP_KIND_LABELS
export type Maturity = keyof typeof MATURITY_LABELS
export type TransferMode = keyof typeof TRANSFER_MODE_LABELS

export const IP_KINDS = Object.keys(IP_KIND_LABELS) as [IpKind, ...IpKind[]]
export const MATURITIES = Object.keys(MATURITY_LABELS) as [Maturity, ...Maturity[]]
export const TRANSFER_MODES = Object.keys(TRANSFER_MODE_LABELS) as [TransferMode, ...TransferMode[]]
