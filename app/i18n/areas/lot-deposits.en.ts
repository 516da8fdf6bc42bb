// English strings of the lotDeposits group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enLotDeposits: Pick<Catalogue, 'lotDeposits'> = {
  lotDeposits: {
    title: 'Deposits by lot',
  },
}
