// Text a person types, checked the same way in every form (browser and action alike): no control characters (a NUL
// byte is refused by PostgreSQL, a BEL or an escape is never typed on purpose), no bidirectional overrides (U+202E
// turns "gpj.exe" into "exe.jpg" on screen) and nothing that is only invisible characters (a contact name of
// zero-width spaces looks empty). Line breaks and tabs are allowed where the field has several lines.
import { z } from 'zod'
import { keyWithParams, type Catalogue } from '~/i18n/catalogue.ts'

/** The label of a form field, as a key: messages name the field in the reader's language. */
export type LabelKey = `validation.labels.${keyof Catalogue['validation']['labels'] & string}`

// C0 controls except tab, line feed and carriage return; DEL and the C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const LINE_BREAKS = /[\t\n\r]/
// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
const BIDI = /[\u202A-\u202E\u2066-\u2069]/
// Zero-width and other invisible characters, and white space.
const INVISIBLE = /[\s\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u180E\u3164]/gu

export type TextProblem = 'control' | 'bidi' | 'invisible'

/** What is wrong with a piece of typed text, or null. Empty text is for the field's own "required" rule. */
export function textProblem(value: string, opts: { multiline?: boolean } = {}): TextProblem | null {
  if (CONTROL.test(value) || (!opts.multiline && LINE_BREAKS.test(value))) return 'control'
  if (BIDI.test(value)) return 'bidi'
  if (value.length > 0 && value.replace(INVISIBLE, '').length === 0) return 'invisible'
  return null
}

/** The message of a text problem: a key (validation.text.<problem>) whose {{label}} is the field's label key. */
export function textProblemMessage(problem: TextProblem, label: LabelKey): { key: `validation.text.${TextProblem}`; params: { label: LabelKey } } {
  return { key: `validation.text.${problem}`, params: { label } }
}

/** Refines a string schema with the checks above; use on every free-text field. */
export function cleanText<S extends z.ZodType<string>>(schema: S, label: LabelKey, opts: { multiline?: boolean } = {}) {
  return schema.superRefine((value, ctx) => {
    const problem = textProblem(value, opts)
    if (problem) ctx.addIssue({ code: 'custom', message: keyWithParams(`validation.text.${problem}`, { label }) })
  })
}

/** A trimmed free-text field of min..max characters. */
export function plainText(label: LabelKey, min: number, max: number, opts: { multiline?: boolean } = {}) {
  return cleanText(
    z
      .string({ error: keyWithParams('validation.text.required', { label }) })
      .trim()
      .min(min, keyWithParams('validation.text.tooShort', { label, min }))
      .max(max, keyWithParams('validation.text.tooLong', { label, max })),
    label,
    opts,
  )
}
