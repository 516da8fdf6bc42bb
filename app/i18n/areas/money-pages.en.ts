// English strings of the moneyPages group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enMoneyPages: Pick<Catalogue, 'moneyPages'> = {
  moneyPages: {
    placeholder: '—',
  },
}
