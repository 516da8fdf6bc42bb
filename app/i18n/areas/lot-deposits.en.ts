// English strings of the lotDeposits group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enLotDeposits: Pick<Catalogue, 'lotDeposits'> = {
  lotDeposits: {
    title: 'Deposits by lot',
    checkout: {
      title: 'Pay a deposit',
      intro: '{{session}}: deposits are paid per lot. Paying a lot\'s deposit lets you bid on that lot; if you do not win it, the deposit is refunded to your card after that lot ends; if you win, it counts toward that lot\'s price; if you do not pay the balance in time, that lot\'s deposit is forfeited.',
      lotSummary: 'Lot {{number}} {{title}}: deposit {{amount}}.',
      legacyCovers: 'Your organisation paid this session\'s deposit of {{amount}} under the earlier rule ({{status}}); it lets you bid on every lot of the session, so no per-lot deposit is needed. It is settled once the whole session is over.',
      lotsTitle: 'Deposits by lot',
      colLot: 'Lot',
      colAmount: 'Deposit',
      colStatus: 'Status',
      unpaid: 'Not paid',
      closed: 'Ended',
      coveredBySession: 'Covered by the session deposit',
      pay: 'Pay',
      alreadyPaid: 'This lot\'s deposit is {{status}}; nothing more to pay.',
      lotOver: 'This lot has ended; its deposit can no longer be paid.',
      submit: 'Pay the deposit',
      backToLots: 'Back to the deposits by lot',
      backToPayments: 'Back to my payments',
    },
    myPayments: {
      sessionLine: '{{session}}: deposits paid for {{paid}} of {{total}} lots',
      choose: 'Choose lots to pay for',
    },
    lot: {
      paid: 'You have paid this lot\'s deposit.',
      payThis: 'Pay this lot\'s deposit',
    },
    errors: {
      'lot-over': 'This lot has ended; its deposit can no longer be paid',
      'none-required': 'This lot needs no deposit',
      'covered-by-session': 'Your organisation paid this session\'s deposit under the earlier rule; it covers every lot, so no per-lot deposit is needed',
      'lot-live': 'Bidding on this lot is under way; its deposits cannot be refunded now',
      'refund-after-lot-close': 'A lot\'s deposits are refunded only after the lot has ended',
    },
  },
}
