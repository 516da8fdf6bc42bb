// Chinese strings of the moneyPages group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhMoneyPages = {
  moneyPages: {
    placeholder: '—',
  },
} as const
