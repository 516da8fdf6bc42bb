// English strings of the layout group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enLayout: Pick<Catalogue, 'layout'> = {
  layout: {
    /** The header of a table's column of buttons (read by screen readers only). */
    actions: 'Actions',
    /** The header of the policies' version column (read by screen readers only). */
    version: 'Version',
    /** The staff menu's group of administration pages (organisations). */
    groupService: 'Enterprise services',
    navVouchers: 'Innovation vouchers',
    navMyVouchers: 'My vouchers',
    unread: 'unread',
    groupAdmin: 'Administration',
  },
}
