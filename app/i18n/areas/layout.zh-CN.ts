// Chinese strings of the layout group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhLayout = {
  layout: {
    /** The header of a table's column of buttons (read by screen readers only). */
    actions: '操作',
    /** The header of the policies' version column (read by screen readers only). */
    version: '版本',
    /** The staff menu's group of administration pages (organisations). */
    groupService: '服务企业',
    navVouchers: '创新券',
    navMyVouchers: '我的创新券',
    unread: '条未读',
    groupAdmin: '管理',
  },
} as const
