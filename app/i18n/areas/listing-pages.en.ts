// English strings of the listingPages group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enListingPages: Pick<Catalogue, 'listingPages'> = {
  listingPages: {
    placeholder: '—',
  },
}
