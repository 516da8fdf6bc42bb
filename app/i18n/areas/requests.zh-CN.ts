// Chinese strings of the requests group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhRequests = {
  requests: {
    placeholder: '—',
  },
} as const
