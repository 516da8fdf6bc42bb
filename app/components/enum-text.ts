// Names of enum values in the page's language: enums.<name>.<VALUE> in the catalogue.
// For values typed as plain strings (a database column, a log entry), an unknown value is shown as it is.
import { FIELD_CODES, isFieldCode } from '~/domain/fields.ts'
import { isMessageKey, type T } from '~/i18n/catalogue.ts'

/** The name of an industrial chain (产业链) code. */
export function fieldText(t: T, code: string): string {
  return isFieldCode(code) ? t(`enums.field.${code}`) : code
}

/** The <select> options of the industrial chains. */
export function fieldOptions(t: T): { value: string; label: string }[] {
  return FIELD_CODES.map((code) => ({ value: code, label: t(`enums.field.${code}`) }))
}

type EnumGroup = 'listingStatus' | 'auditAction' | 'lotEventKind' | 'transferMode'

/** enums.<group>.<value> when the catalogue has it, else the value itself. */
export function enumText(t: T, group: EnumGroup, value: string): string {
  const key = `enums.${group}.${value}`
  return isMessageKey(key) ? (t as unknown as (key: string) => string)(key) : value
}

/** Options of a <select> or checkbox group: each value with its name. */
export function enumOptions<V extends string>(values: readonly V[], name: (value: V) => string): { value: V; label: string }[] {
  return values.map((value) => ({ value, label: name(value) }))
}
