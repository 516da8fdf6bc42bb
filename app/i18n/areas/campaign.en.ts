// English strings of the campaign group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enCampaign: Pick<Catalogue, 'campaign'> = {
  campaign: {
    placeholder: '—',
  },
}
