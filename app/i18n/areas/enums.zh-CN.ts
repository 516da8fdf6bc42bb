// Chinese strings of the enums group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhEnums = {
  enums: {
    placeholder: '—',
  },
} as const
