// Chinese strings of the serverText group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhServerText = {
  serverText: {
    placeholder: '—',
  },
} as const
