// English strings of the requests group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enRequests: Pick<Catalogue, 'requests'> = {
  requests: {
    placeholder: '—',
  },
}
