// Chinese strings of the charts group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhCharts = {
  charts: {
    placeholder: '—',
  },
} as const
