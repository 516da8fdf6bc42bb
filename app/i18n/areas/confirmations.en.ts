// English strings of the confirmations group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enConfirmations: Pick<Catalogue, 'confirmations'> = {
  confirmations: {
    amountBoth: '{{exact}} ({{wan}})',
    pay: 'Pay {{amount}}? The card will be charged when you confirm.',
    refundDeposit: 'Refund the deposit of {{amount}} ({{payer}})?',
    refundSettlement: 'Refund the payment of {{amount}} ({{payer}})?',
    refundLosers: 'Refund the deposits of the enterprises that did not win in this session, {{amount}} in total?',
    forfeit: 'Forfeit the deposit of {{payer}}? The sale at {{amount}} will be recorded as defaulted; this cannot be undone.',
    payout: 'Pay the reward of {{amount}} to {{enterprise}}?',
    approveReward: 'Approve the reward of {{amount}} for {{enterprise}}?',
    rejectReward: 'Reject the reward of {{amount}} for {{enterprise}}?',
    approvePolicy: 'Approve this reward policy version (in force from {{from}})? Rewards will be computed by it.',
    rejectPolicy: 'Reject this reward policy version?',
    cancelContract: 'Cancel contract {{no}}? No further payments can be recorded for it.',
    recordPayment: 'Record a payment of {{amount}} for contract {{no}}?',
    recordPaymentUnknown: 'Record this payment for contract {{no}}?',
    cancelLot: 'Cancel lot {{number}} "{{title}}"? This cannot be undone and its bids no longer count.',
    cancelLotReason: 'Please give a reason for the cancellation first',
    rewardCreatedBy: 'You and the staff member who registered this contract created one another\'s accounts; another staff member must review it.',
    applySession: 'Register for this auction session?',
    signInToBid: 'Sign in to register and bid',
    signInToApply: 'Sign in to register',
    registrationStatus: 'You have registered: {{status}}',
    noRewardsYet: 'No rewards yet. Rewards are listed here once payments under registered contracts are confirmed.',
    liveNow: 'Auction in progress: {{quarter}} · {{title}}',
    nextSession: 'Next auction session: {{quarter}} · {{title}}, starts {{start}}',
    enterRoom: 'Go to the session',
    exportTo: 'To (included)',
    exportInclusive: 'Both dates are included (Beijing time); the end date defaults to today.',
  },
}
