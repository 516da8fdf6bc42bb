// Industrial chains (产业链) the bureau files listings under. One list for
// results, needs, filters and matching; codes are stored, and their names are in the
// catalogue (enums.field.<code>), translated at the edge.
export const FIELD_CODES = [
  'semiconductor',
  'new-materials',
  'equipment',
  'casting',
  'auto-parts',
  'new-energy',
  'biomedicine',
  'bamboo-wood',
  'textiles',
  'digital',
  'agriculture',
  'environment',
] as const

export type FieldCode = (typeof FIELD_CODES)[number]

export function isFieldCode(code: string): code is FieldCode {
  return (FIELD_CODES as readonly string[]).includes(code)
}
