// English strings of the enums group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enEnums: Pick<Catalogue, 'enums'> = {
  enums: {
    placeholder: '—',
  },
}
