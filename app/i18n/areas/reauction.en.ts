// English strings of the reauction group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enReauction: Pick<Catalogue, 'reauction'> = {
  reauction: {
    title: 'Defaults and re-auctions',
  },
}
