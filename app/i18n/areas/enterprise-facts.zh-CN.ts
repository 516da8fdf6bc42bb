// Chinese strings of the enterpriseFacts group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhEnterpriseFacts = {
  enterpriseFacts: {
    placeholder: '—',
  },
} as const
