// A one-time key in each creating form (a hidden field, fresh from the root loader after every successful action): a
// double click posts the same key twice and creates one record (finding 10 of issue 11).
export const SUBMISSION_KEY_FIELD = 'submissionKey'

/** The form's key when it is a well-formed one; anything else counts as none. */
export function submissionKeyOf(formData: FormData): string | undefined {
  const value = formData.get(SUBMISSION_KEY_FIELD)
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(value) ? value : undefined
}
