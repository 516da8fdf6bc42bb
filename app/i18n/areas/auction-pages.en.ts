// English strings of the auctionPages group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enAuctionPages: Pick<Catalogue, 'auctionPages'> = {
  auctionPages: {
    placeholder: '—',
  },
}
