// Chinese strings of the validation group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhValidation = {
  validation: {
    placeholder: '—',
  },
} as const
