// Chinese strings of the campaign group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhCampaign = {
  campaign: {
    placeholder: '—',
  },
} as const
