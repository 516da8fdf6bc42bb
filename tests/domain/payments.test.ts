// The payment rules as tables: the state machine, the keys, the postings each
// status implies, the deposit identity, the settlement amount, input checks.
import { describe, expect, test } from 'vitest'
import { messageText } from '~/utils/messages.ts'
import {
  isCardExpired,
  accountBalances,
  checkAmount,
  confirmKey,
  contractPaymentKey,
  declineMessage,
  decidePaymentTransition,
  legacySessionDepositKey,
  lotDepositKey,
  depositsHeld,
  depositTotals,
  historyExplains,
  isCardNumber,
  payoutKey,
  postingsBetween,
  postingsForStatus,
  refundKey,
  settlementAmount,
  settlementKey,
  type PaymentEvent,
  type PaymentKind,
  type PaymentStatus,
} from '~/domain/payments.ts'

describe('the payment state machine', () => {
  test.each<[PaymentKind, PaymentStatus, PaymentEvent, string]>([
    // a card payment's life
    ['DEPOSIT', 'REQUIRES_PAYMENT', 'attempt', 'move PROCESSING'],
    ['DEPOSIT', 'PROCESSING', 'succeeded', 'move SUCCEEDED'],
    ['DEPOSIT', 'PROCESSING', 'failed', 'move FAILED'],
    ['DEPOSIT', 'FAILED', 'attempt', 'move PROCESSING'],
    ['DEPOSIT', 'SUCCEEDED', 'refunded', 'move REFUNDED'],
    ['DEPOSIT', 'SUCCEEDED', 'apply', 'move APPLIED'],
    ['DEPOSIT', 'SUCCEEDED', 'forfeit', 'move FORFEITED'],
    // a webhook may come before the answer to our own call
    ['DEPOSIT', 'REQUIRES_PAYMENT', 'succeeded', 'move SUCCEEDED'],
    // a success after a decline: the next card worked
    ['DEPOSIT', 'FAILED', 'succeeded', 'move SUCCEEDED'],
    // duplicates change nothing
    ['DEPOSIT', 'SUCCEEDED', 'succeeded', 'ignore duplicate'],
    ['DEPOSIT', 'FAILED', 'failed', 'ignore duplicate'],
    ['DEPOSIT', 'REFUNDED', 'refunded', 'ignore duplicate'],
    // late facts never go back
    ['DEPOSIT', 'SUCCEEDED', 'failed', 'ignore stale'],
    ['DEPOSIT', 'REFUNDED', 'succeeded', 'ignore stale'],
    ['DEPOSIT', 'APPLIED', 'succeeded', 'ignore stale'],
    ['DEPOSIT', 'FORFEITED', 'refunded', 'ignore stale'],
    ['DEPOSIT', 'FAILED', 'processing', 'ignore stale'],
    // commands that make no sense are refused
    ['DEPOSIT', 'SUCCEEDED', 'attempt', 'refuse wrong-status'],
    ['DEPOSIT', 'PROCESSING', 'attempt', 'refuse wrong-status'],
    ['DEPOSIT', 'FAILED', 'refund', 'refuse wrong-status'],
    ['DEPOSIT', 'REFUNDED', 'apply', 'refuse wrong-status'],
    ['DEPOSIT', 'APPLIED', 'forfeit', 'refuse wrong-status'],
    ['DEPOSIT', 'FORFEITED', 'refund', 'refuse wrong-status'],
    ['DEPOSIT', 'SUCCEEDED', 'refund', 'allow'],
    // kinds: only a deposit is applied or forfeited; a payout is never refunded
    ['SETTLEMENT', 'SUCCEEDED', 'apply', 'refuse not-allowed'],
    ['SETTLEMENT', 'SUCCEEDED', 'forfeit', 'refuse not-allowed'],
    ['SETTLEMENT', 'SUCCEEDED', 'refund', 'allow'],
    ['REWARD_PAYOUT', 'SUCCEEDED', 'refund', 'refuse not-allowed'],
    ['REWARD_PAYOUT', 'SUCCEEDED', 'refunded', 'ignore stale'],
    ['REWARD_PAYOUT', 'FAILED', 'attempt', 'move PROCESSING'],
    ['CONTRACT_INSTALMENT', 'SUCCEEDED', 'attempt', 'refuse not-allowed'],
    ['CONTRACT_INSTALMENT', 'SUCCEEDED', 'refunded', 'ignore stale'],
  ])('%s %s + %s → %s', (kind, from, event, expected) => {
    const d = decidePaymentTransition(kind, from, event)
    const got = d.type === 'move' ? `move ${d.to}` : d.type === 'ignore' ? `ignore ${d.reason}` : d.type === 'refuse' ? `refuse ${d.code}` : 'allow'
    expect(got).toBe(expected)
  })

  test('a provider fact is never refused, whatever the status', () => {
    for (const from of ['REQUIRES_PAYMENT', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'APPLIED', 'FORFEITED'] as const) {
      for (const fact of ['processing', 'succeeded', 'failed', 'refunded'] as const) {
        expect(decidePaymentTransition('DEPOSIT', from, fact).type).not.toBe('refuse')
      }
    }
  })

  test('refused commands say why in words', () => {
    // The domain returns a key and parameters; the edge words it (in Chinese here, the default).
    const words = (d: ReturnType<typeof decidePaymentTransition>) => (d.type === 'refuse' ? messageText(d.message, d.params) : null)
    expect(words(decidePaymentTransition('DEPOSIT', 'SUCCEEDED', 'attempt'))).toBe('已付款，无需重复支付')
    expect(words(decidePaymentTransition('SETTLEMENT', 'SUCCEEDED', 'forfeit'))).toBe('成交价款不能没收')
    expect(messageText('validation.payment.kindCannot', { kind: 'enums.paymentKind.SETTLEMENT', command: 'enums.paymentCommand.forfeit' }, 'en')).toBe('Purchase price cannot be forfeited')
  })
})

describe('idempotency keys come from what is paid for', () => {
  test.each([
    [lotDepositKey('l1', 'e1'), 'deposit-lot:l1:e1'],
    [legacySessionDepositKey('s1', 'e1'), 'deposit:s1:e1'],
    [settlementKey('d1'), 'settlement:d1'],
    [refundKey('p1'), 'refund:p1'],
    [payoutKey('r1'), 'payout:r1'],
    [payoutKey('r1', 2), 'payout:r1:2'],
    [contractPaymentKey('c1', ' HK-001 '), 'contract:c1:HK-001'],
    [confirmKey('deposit:s1:e1', 3), 'deposit:s1:e1:confirm:3'],
  ])('%s', (key, expected) => expect(key).toBe(expected))

  test('the same deposit never gets two keys; different deposits never share one', () => {
    expect(lotDepositKey('l1', 'e1')).toBe(lotDepositKey('l1', 'e1'))
    expect(new Set([lotDepositKey('l1', 'e1'), lotDepositKey('l1', 'e2'), lotDepositKey('l2', 'e1'), legacySessionDepositKey('l1', 'e1')]).size).toBe(4)
  })
})

describe('the ledger postings a status implies', () => {
  test.each<[PaymentKind, PaymentStatus, string[]]>([
    ['DEPOSIT', 'REQUIRES_PAYMENT', []],
    ['DEPOSIT', 'PROCESSING', []],
    ['DEPOSIT', 'FAILED', []],
    ['DEPOSIT', 'SUCCEEDED', ['deposit_received']],
    ['DEPOSIT', 'REFUNDED', ['deposit_received', 'deposit_refunded']],
    ['DEPOSIT', 'APPLIED', ['deposit_received', 'deposit_applied']],
    ['DEPOSIT', 'FORFEITED', ['deposit_received', 'deposit_forfeited']],
    ['SETTLEMENT', 'SUCCEEDED', ['settlement_received']],
    ['SETTLEMENT', 'REFUNDED', ['settlement_received', 'settlement_refunded']],
    ['REWARD_PAYOUT', 'SUCCEEDED', ['reward_paid_out']],
    ['CONTRACT_INSTALMENT', 'SUCCEEDED', []],
  ])('%s %s → %j', (kind, status, postings) => expect(postingsForStatus(kind, status)).toEqual(postings))

  test.each<[PaymentStatus, PaymentStatus, string[]]>([
    ['PROCESSING', 'SUCCEEDED', ['deposit_received']],
    ['SUCCEEDED', 'REFUNDED', ['deposit_refunded']],
    // a refund whose success webhook we never saw: both postings at once
    ['PROCESSING', 'REFUNDED', ['deposit_received', 'deposit_refunded']],
    ['SUCCEEDED', 'APPLIED', ['deposit_applied']],
  ])('deposit %s → %s posts %j', (from, to, postings) => expect(postingsBetween('DEPOSIT', from, to)).toEqual(postings))

  test('every posting is balanced: the ledger sums to zero', () => {
    const b = accountBalances([
      { kind: 'deposit_received', amountFen: 500 },
      { kind: 'deposit_applied', amountFen: 500 },
      { kind: 'settlement_received', amountFen: 1500 },
      { kind: 'reward_paid_out', amountFen: 400 },
    ])
    expect(Object.values(b).reduce((s, v) => s + v, 0)).toBe(0)
    expect(b).toMatchObject({ provider_cash: 1600, deposits_held: 0, seller_payable: -2000, reward_expense: 400 })
  })
})

describe('deposits held = paid − refunded − applied − forfeited', () => {
  test.each([
    [{ paid: 0, refunded: 0, applied: 0, forfeited: 0 }, 0],
    [{ paid: 300, refunded: 100, applied: 100, forfeited: 50 }, 50],
    [{ paid: 100, refunded: 100, applied: 0, forfeited: 0 }, 0],
  ])('%o → %i', (totals, held) => expect(depositsHeld(totals)).toBe(held))

  test('totals come from the deposit postings only', () => {
    expect(
      depositTotals([
        { kind: 'deposit_received', amountFen: 100 },
        { kind: 'deposit_received', amountFen: 200 },
        { kind: 'deposit_refunded', amountFen: 100 },
        { kind: 'deposit_forfeited', amountFen: 200 },
        { kind: 'settlement_received', amountFen: 999 },
      ]),
    ).toEqual({ paid: 300, refunded: 100, applied: 0, forfeited: 200 })
  })
})

describe('the winner pays the price less its deposit', () => {
  test.each([
    [30_000_000, 5_000_000, 25_000_000],
    [5_000_000, 5_000_000, 0],
    [30_000_000, 0, 30_000_000],
  ])('price %i, deposit %i → %i', (price, deposit, due) => expect(settlementAmount(price, deposit)).toBe(due))

  test.each([
    [-1, 0],
    [1.5, 0],
    [100, -5],
  ])('price %d, deposit %d is refused', (price, deposit) => expect(() => settlementAmount(price, deposit)).toThrow(RangeError))
})

describe('bad amounts and currencies get a clear message', () => {
  test.each<[unknown, unknown, string | null]>([
    [100, 'CNY', null],
    [-100, 'CNY', '金额必须大于零'],
    [0, 'CNY', '金额必须大于零'],
    [10.5, 'CNY', '金额必须是整数（单位：分）'],
    [Number.NaN, 'CNY', '金额必须是数字'],
    ['100', 'CNY', '金额必须是数字'],
    [2 ** 60, 'CNY', '金额超出范围'],
    [100, 'USD', '不支持的币种：USD（仅支持人民币 CNY）'],
    [100, 'cny', '不支持的币种：cny（仅支持人民币 CNY）'],
  ])('%s %s → %s', (amount, currency, message) => {
    const problem = checkAmount(amount, currency)
    expect(problem ? messageText(problem.message, problem.params) : null).toBe(message)
  })
})

describe('cards and declines', () => {
  test.each([
    ['4242 4242 4242 4242', true],
    ['4000000000000002', true],
    ['4242424242424241', false],
    ['12ab', false],
  ])('%s is a card number: %s', (n, ok) => expect(isCardNumber(n)).toBe(ok))

  test.each([
    ['insufficient_funds', '卡内余额不足，请换一张卡或充值后重试。'],
    ['card_declined', '银行卡被发卡行拒绝，请换一张卡或联系发卡行。'],
    ['something_new', '支付未成功，请换一张卡或稍后重试。'],
  ])('%s → %s', (code, message) => expect(messageText(declineMessage(code))).toBe(message))
})

describe('a history explains a status', () => {
  test.each<[PaymentKind, [PaymentStatus | null, PaymentStatus][], PaymentStatus, boolean]>([
    ['DEPOSIT', [[null, 'REQUIRES_PAYMENT'], ['REQUIRES_PAYMENT', 'PROCESSING'], ['PROCESSING', 'SUCCEEDED'], ['SUCCEEDED', 'REFUNDED']], 'REFUNDED', true],
    ['DEPOSIT', [[null, 'REQUIRES_PAYMENT'], ['REQUIRES_PAYMENT', 'PROCESSING'], ['PROCESSING', 'FAILED'], ['FAILED', 'PROCESSING'], ['PROCESSING', 'SUCCEEDED']], 'SUCCEEDED', true],
    ['CONTRACT_INSTALMENT', [[null, 'SUCCEEDED']], 'SUCCEEDED', true],
    // a gap, an illegal step, a wrong end
    ['DEPOSIT', [[null, 'REQUIRES_PAYMENT'], ['PROCESSING', 'SUCCEEDED']], 'SUCCEEDED', false],
    ['DEPOSIT', [[null, 'REQUIRES_PAYMENT'], ['REQUIRES_PAYMENT', 'SUCCEEDED'], ['SUCCEEDED', 'PROCESSING']], 'PROCESSING', false],
    ['DEPOSIT', [[null, 'REQUIRES_PAYMENT'], ['REQUIRES_PAYMENT', 'PROCESSING']], 'SUCCEEDED', false],
    ['SETTLEMENT', [[null, 'REQUIRES_PAYMENT'], ['REQUIRES_PAYMENT', 'SUCCEEDED'], ['SUCCEEDED', 'APPLIED']], 'APPLIED', false],
  ])('%s %j → %s: %s', (kind, steps, status, ok) =>
    expect(historyExplains(kind, steps.map(([from, to]) => ({ from, to })), status)).toBe(ok),
  )
})

describe('an expired card is refused before anything is sent (finding 16 of issue 11: 01/20 was charged)', () => {
  test.each([
    [1, 2020, { year: 2026, month: 11 }, true],
    [10, 2026, { year: 2026, month: 11 }, true],
    [11, 2026, { year: 2026, month: 11 }, false],
    [12, 2030, { year: 2026, month: 11 }, false],
  ])('%i/%i in %o → expired %s', (month, year, now, expired) => {
    expect(isCardExpired(month, year, now)).toBe(expired)
  })
})
