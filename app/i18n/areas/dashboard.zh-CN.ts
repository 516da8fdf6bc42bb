// Chinese strings of the dashboard group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhDashboard = {
  dashboard: {
    placeholder: '—',
  },
} as const
