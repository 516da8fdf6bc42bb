// English strings of the auctionNotice group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enAuctionNotice: Pick<Catalogue, 'auctionNotice'> = {
  auctionNotice: {
    errors: {
      'already-published': 'The auction notice has already been published',
      'not-planned': 'The session has started or ended; its notice can no longer be published',
      'no-lots': 'Add at least one lot before publishing the auction notice',
      'days-out-of-range': 'Registration must close 1 to 60 days before bidding opens',
      'too-late': 'Too late to publish: registration must close {{days}} days before bidding opens ({{opensAt}}). Shorten the period or move the session',
      'published-terms-fixed': 'The auction notice is published: its lots and their terms can no longer change. To withdraw a lot, give a reason',
      'registration-closed': 'Registration closed on {{deadlineAt}}',
    },
  },
}
