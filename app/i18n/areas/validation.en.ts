// English strings of the validation group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enValidation: Pick<Catalogue, 'validation'> = {
  validation: {
    payment: {
      notPaidNoRefund: 'Nothing has been paid yet, so there is nothing to refund',
      depositNotPaidNoApply: 'The deposit has not been paid, so it cannot be applied to the price',
      depositNotPaidNoForfeit: 'The deposit has not been paid, so it cannot be forfeited',
      processingWait: 'The payment is being processed; please wait',
      processingNoRefund: 'The payment is still being processed and cannot be refunded yet',
      depositProcessingNoApply: 'The deposit has not arrived yet, so it cannot be applied to the price',
      depositProcessingNoForfeit: 'The deposit has not arrived yet, so it cannot be forfeited',
      failedNoRefund: 'The payment did not go through, so there is nothing to refund',
      depositFailedNoApply: 'The deposit was not paid successfully, so it cannot be applied to the price',
      depositFailedNoForfeit: 'The deposit was not paid successfully, so it cannot be forfeited',
      alreadyPaid: 'Already paid; there is no need to pay again',
      alreadyRefunded: 'This amount has already been refunded',
      depositRefundedNoApply: 'The deposit has been refunded, so it cannot be applied to the price',
      depositRefundedNoForfeit: 'The deposit has been refunded, so it cannot be forfeited',
      depositApplied: 'The deposit has already been applied to the price',
      depositAppliedNoRefund: 'The deposit has been applied to the price and cannot be refunded',
      depositAppliedNoForfeit: 'The deposit has been applied to the price and cannot be forfeited',
      depositForfeited: 'The deposit has been forfeited',
      depositForfeitedNoRefund: 'The deposit has been forfeited and cannot be refunded',
      depositForfeitedNoApply: 'The deposit has been forfeited and cannot be applied to the price',
      kindCannot: '{{kind}} cannot {{command}}',
      wrongStatus: 'This is not possible in the current status',
    },
    amount: {
      notNumber: 'The amount must be a number',
      notInteger: 'The amount must be a whole number (in fen)',
      outOfRange: 'The amount is out of range',
      notPositive: 'The amount must be greater than zero',
      currency: 'Unsupported currency: {{currency}} (only CNY is accepted)',
    },
    decline: {
      card_declined: 'The card was declined by the issuing bank. Please use another card or contact your bank.',
      insufficient_funds: 'There are not enough funds on the card. Please use another card or top up and try again.',
      expired_card: 'The card has expired. Please use another card.',
      incorrect_cvc: 'The security code (CVC) is incorrect. Please check it and try again.',
      incorrect_number: 'The card number is incorrect. Please check it and try again.',
      processing_error: 'The payment provider had a processing error. Nothing was charged; please try again later.',
      other: 'The payment did not go through. Please use another card or try again later.',
    },
    listing: {
      notAllowed: 'You are not allowed to do this',
      wrongStatus: 'This cannot be done in the current status ({{status}})',
      reasonRequired: 'Please give a reason',
    },
  },
}
