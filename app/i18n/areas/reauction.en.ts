// English strings of the reauction group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enReauction: Pick<Catalogue, 'reauction'> = {
  reauction: {
    title: 'Defaults and re-auctions',
    errors: {
      'above-ceiling': 'A re-auction may start at no more than 80 % of the previous starting price ({{ceiling}}); to start higher, give a reason',
      barred: 'Your organization defaulted on this result, so it may not take part in its next auction',
      'same-session': 'A re-auction goes into a later session, not back into the one the lot was in',
      'reason-too-long': 'The reason may be at most {{max}} characters',
    },
    notifications: {
      'deal-defaulted': {
        title: 'Default: {{title}}',
        body: 'The balance was not paid by the deadline, so the sale is void, the deposit is forfeited, and your organization may not take part in this result\'s next auction.',
      },
    },
    kind: { REGULAR: 'Regular session', EXTRA: 'Extra session' },
    sessionKind: 'Kind of session',
    sessionKindHint: 'One regular session a quarter; an unsold or defaulted result may be re-auctioned in an extra session of the same quarter',
    lotForm: {
      predecessor: 'Re-auction: previously lot {{number}} of {{quarter}}, starting at {{start}}',
      ceiling: 'Highest starting price (80 % of the previous): {{ceiling}}',
      reason: 'Reason for starting above the ceiling',
      reasonHint: 'Required when the starting price is above the ceiling; kept in the audit log',
    },
    links: {
      successor: 'Re-auctioned: lot {{number}} ({{quarter}})',
      predecessor: 'Previous auction: lot {{number}} ({{quarter}})',
      reason: 'Why it starts above 80 % of the previous start: {{reason}}',
      defaulted: 'Default: the buyer did not pay the balance by the deadline, so the sale is void and the deposit forfeited; the result may be auctioned again, without the defaulter.',
    },
    offer: {
      heading: 'Re-auction',
      intro: 'This result may go to auction again. The new starting price may be at most {{ceiling}} (80 % of the previous {{start}}) unless you give a reason.',
      session: 'Session',
      go: 'Add the lot',
      none: 'Your bureau has no session that takes lots (a planned session not yet published).',
      create: 'Create a session (an extra one if need be)',
    },
  },
}
