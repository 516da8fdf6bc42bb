// English strings of the charts group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enCharts: Pick<Catalogue, 'charts'> = {
  charts: {
    placeholder: '—',
  },
}
