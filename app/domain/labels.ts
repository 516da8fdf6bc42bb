// The enum values of the schema the forms offer; their names are in the catalogue
// (enums.ipKind.<VALUE>, enums.maturity.<VALUE>, enums.transferMode.<VALUE>), translated at the edge.

export const IP_KINDS = ['INVENTION_PATENT', 'UTILITY_MODEL', 'DESIGN_PATENT', 'SOFTWARE_COPYRIGHT', 'IC_LAYOUT', 'NEW_PLANT_VARIETY', 'KNOW_HOW', 'OTHER'] as const
export const MATURITIES = ['LABORATORY', 'PROTOTYPE', 'PILOT', 'SMALL_BATCH', 'MASS_PRODUCTION'] as const
export const TRANSFER_MODES = ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT', 'EQUITY'] as const

export type IpKind = (typeof IP_KINDS)[number]
export type Maturity = (typeof MATURITIES)[number]
export type TransferMode = (typeof TRANSFER_MODES)[number]
