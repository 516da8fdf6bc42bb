// English strings of the confirmations group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enConfirmations: Pick<Catalogue, 'confirmations'> = {
  confirmations: {
    placeholder: '—',
  },
}
