// Text a person types, checked the same way in every form (browser and action alike): no control characters (a NUL
// byte is refused by PostgreSQL, a BEL or an escape is never typed on purpose), no bidirectional overrides (U+202E
// turns "gpj.exe" into "exe.jpg" on screen) and nothing that is only invisible characters (a contact name of
// zero-width spaces looks empty). Line breaks and tabs are allowed where the field has several lines.
import { z } from 'zod'

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

const MESSAGES: Record<TextProblem, (label: string) => string> = {
  control: (label) => `${label}含有不可见的控制字符，请删除后重试`,
  bidi: (label) => `${label}含有改变文字方向的控制字符，请删除后重试`,
  invisible: (label) => `${label}只有空白或不可见字符，请填写内容`,
}

export function textProblemMessage(problem: TextProblem, label: string): string {
  return MESSAGES[problem](label)
}

/** Refines a string schema with the checks above; use on every free-text field. */
export function cleanText<S extends z.ZodType<string>>(schema: S, label: string, opts: { multiline?: boolean } = {}) {
  return schema.superRefine((value, ctx) => {
    const problem = textProblem(value, opts)
    if (problem) ctx.addIssue({ code: 'custom', message: MESSAGES[problem](label) })
  })
}

/** A trimmed free-text field of min..max characters. */
export function plainText(label: string, min: number, max: number, opts: { multiline?: boolean } = {}) {
  return cleanText(
    z
      .string({ error: `请填写${label}` })
      .trim()
      .min(min, `${label}至少 ${min} 个字`)
      .max(max, `${label}不能超过 ${max} 个字`),
    label,
    opts,
  )
}
