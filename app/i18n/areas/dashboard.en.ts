// English strings of the dashboard group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enDashboard: Pick<Catalogue, 'dashboard'> = {
  dashboard: {
    placeholder: '—',
  },
}
