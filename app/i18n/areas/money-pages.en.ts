// English strings of the moneyPages group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enMoneyPages: Pick<Catalogue, 'moneyPages'> = {
  moneyPages: {
    cardCheckout: {
      amountDue: 'Amount due: ',
      cardNumber: 'Card number',
      cardNumberHint: '16 to 19 digits; spaces are allowed',
      expiry: 'Expiry date (MM/YY)',
      cvc: 'Security code (CVC)',
      paying: 'Paying…',
      noDoubleCharge: 'You will not be charged twice for the same payment: submitting again, or retrying after a network failure, charges only once.',
    },
    dealCheckout: {
      title: 'Pay the purchase price',
      lotNumber: ' (lot {{number}})',
      summary: ': sold for {{price}}; the deposit of {{deposit}} you have paid counts towards the price.',
      deadline: 'Payment deadline: {{at}}',
      overdue: ' (overdue: the deposit will not be refunded)',
      submit: 'Pay the balance',
      backToPayments: 'Back to my payments',
    },
    depositCheckout: {
      title: 'Pay the deposit',
      summary:
        '{{session}}: deposit {{amount}}. Once paid, you may bid on every lot of this auction session. If you do not win, the deposit is refunded to your card after the session ends; if you win, it counts towards the price; if you do not pay by the deadline, it is not refunded.',
      alreadyPaid: 'Deposit: {{status}}. There is no need to pay it again.',
      submit: 'Pay the deposit',
      backToPayments: 'Back to my payments',
    },
    rewardsExport: {
      rewardId: 'Reward ID',
      entry: 'Entry',
      enterprise: 'Enterprise',
      creditCode: 'Unified social credit code',
      contractNo: 'Contract registration no.',
      viaAuction: 'Sold at auction',
      year: 'Year',
      base: 'Base (CNY)',
      rate: 'Rate',
      amount: 'Amount (CNY)',
      status: 'Status',
      policy: 'Policy',
      computedAt: 'Calculated at',
      decidedBy: 'Reviewed by',
      note: 'Note',
      contracts: 'Contracts',
      computed: 'Total calculated (CNY)',
      reversed: 'Reversed (CNY)',
      rejected: 'Rejected (CNY)',
      counted: 'Counted towards the cap (CNY)',
      approved: 'Approved, not yet paid (CNY)',
      paid: 'Paid (CNY)',
      cap: 'Yearly cap (CNY)',
      left: 'Remaining (CNY)',
    },
  },
}
