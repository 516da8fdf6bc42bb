// English strings of the serverText group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enServerText: Pick<Catalogue, 'serverText'> = {
  serverText: {
    placeholder: '—',
  },
}
