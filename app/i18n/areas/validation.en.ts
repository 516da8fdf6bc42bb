// English strings of the validation group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enValidation: Pick<Catalogue, 'validation'> = {
  validation: {
    placeholder: '—',
  },
}
