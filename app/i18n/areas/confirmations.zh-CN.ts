// Chinese strings of the confirmations group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhConfirmations = {
  confirmations: {
    placeholder: '—',
  },
} as const
