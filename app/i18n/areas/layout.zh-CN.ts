// Chinese strings of the layout group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhLayout = {
  layout: {
    /** The staff menu's group of administration pages (organisations). */
    groupAdmin: '管理',
  },
} as const
