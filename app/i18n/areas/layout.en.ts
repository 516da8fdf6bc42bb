// English strings of the layout group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enLayout: Pick<Catalogue, 'layout'> = {
  layout: {
    /** The staff menu's group of administration pages (organisations). */
    groupAdmin: 'Administration',
  },
}
