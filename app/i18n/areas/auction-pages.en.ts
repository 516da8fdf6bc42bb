// English strings of the auctionPages group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enAuctionPages: Pick<Catalogue, 'auctionPages'> = {
  auctionPages: {
    watch: {
      watching: '★ Saved',
      watch: '☆ Save',
    },
    allResults: {
      title: 'Sale and unsold notices',
      back: '← Auctions',
      quarter: 'Quarter',
      all: 'All',
      filter: 'Filter',
      empty: 'No notices yet.',
    },
    sessionResults: {
      title: 'Results',
      heading: '{{title}} · Results',
      sessionFallback: 'Auction session',
      notFound: 'Auction session not found',
      summary: '{{total}} lots decided: {{sold}} sold, {{unsold}} unsold. ',
      quarterLink: 'All notices this quarter',
      empty: 'No lot in this session has ended yet.',
    },
    resultNotice: {
      sold: 'Notice of sale',
      unsold: 'Notice of no sale',
      result: 'Result',
      undecided: 'Result not in the log',
      lotLink: '{{session}} · Lot {{number}} · {{title}}',
      buyer: 'Buyer',
      bidder: 'Bidder {{pseudonym}}',
      price: 'Sale price',
      startingPrice: 'Starting price',
      premium: 'Premium over starting price',
      reserve: 'Reserve price (published after the close)',
      biddersAndBids: 'Bidders / bids',
      biddersAndBidsValue: '{{bidders}} / {{bids}}',
      endedAt: 'Ended at',
      unsoldReason: 'Reason unsold',
      note: ': {{note}}',
      highest: 'Highest bid',
      undecidedText: 'The log of this lot has no closing entry, so no sale or no-sale is announced.',
      downloadConfirmation: 'Download the sale confirmation (PDF)',
      logEntries: 'Log: {{entries}} entries, last hash',
      downloadLog: 'Download the log',
    },
  },
}
