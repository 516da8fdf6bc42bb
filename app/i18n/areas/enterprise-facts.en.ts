// English strings of the enterpriseFacts group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enEnterpriseFacts: Pick<Catalogue, 'enterpriseFacts'> = {
  enterpriseFacts: {
    placeholder: '—',
  },
}
