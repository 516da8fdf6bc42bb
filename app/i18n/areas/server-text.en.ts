// English strings of the serverText group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enServerText: Pick<Catalogue, 'serverText'> = {
  serverText: {
    listSeparator: ', ',
    attention: {
      stuckProblem: 'No result from the payment provider for more than 15 minutes',
      stuckAdvice: 'Check with the payment provider and record the result (the card is not charged twice)',
      stuckAction: 'Check with the provider',
      paidAfterDefaultProblem: 'The sale was defaulted (deposit forfeited), but the balance has arrived',
      paidAfterDefaultAdvice: 'Refund this balance payment to where it came from',
      paidAfterDefaultAction: 'Refund the balance',
      payoutFailedProblem: 'Reward payout failed ({{reason}})',
      payoutFailedUnknown: 'Reward payout failed (reason unknown)',
      payoutFailedAdvice: "Check the enterprise's receiving account, then pay again (a new payout number; nothing is paid twice)",
      payoutFailedAction: 'Pay again',
      losersPayer: '{{quarter}} {{title}}: {{number}} enterprises that did not win',
      losersProblem: 'Bidding has ended, but the deposits of enterprises that did not win have not been refunded',
      losersAdvice: 'Refund these deposits to where they came from',
      losersAction: 'Refund deposits of non-winning enterprises',
      overdueProblem: 'The payment deadline ({{deadline}}) has passed and the sale price is unpaid',
      overdueAdvice: 'Forfeit the deposit and treat the sale as defaulted',
      overdueAction: 'Forfeit the deposit',
      declinedAdvice: 'Nothing for staff to do: the enterprise pays again with another card or later; if they report a problem, open the receipt to see each attempt',
      saidAmount: 'amount {{amount}}',
      saidCurrency: 'currency {{currency}}',
      saidRefunded: 'refunded {{amount}}',
      refusedProblem: 'A notice from the payment provider ({{type}}, {{said}}) does not match this payment ({{ours}} {{currency}}) and was refused',
      refusedAdvice: 'The payment has not changed; check the notice with the provider (the event number is on the receipt) and handle it by hand if it is genuine',
      partialRefundProblem: 'The payment provider has refunded part of the payment: {{refunded}} (of {{total}})',
      partialRefundAdvice: 'A partial refund changes neither the payment status nor the deposit ledger; check it and settle the rest by hand',
    },
  },
}
