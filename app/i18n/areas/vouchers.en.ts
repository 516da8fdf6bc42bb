// English strings of the vouchers group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enVouchers: Pick<Catalogue, 'vouchers'> = {
  vouchers: {
    placeholder: '—',
  },
}
