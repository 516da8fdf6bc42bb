import { describe, expect, test } from 'vitest'
import { formatWan } from '~/domain/money.ts'
import { DEFAULT_CHANNEL, KIND_LABELS, NOTIFICATION_KINDS, notificationHref, renderNotification, wantsEmail, wantsInApp } from '~/domain/notifications.ts'

describe('a notification is a kind and parameters, rendered in the reader’s language', () => {
  test.each([
    ['outbid', { lotId: 'l1', title: '阀门密封', amountFen: 125_000_00 }, 'zh-CN', '您的出价已被超过：阀门密封', '当前价 ¥125,000.00（12.5 万元），您已不是最高出价人。如需继续竞价，请尽快出价。'],
    ['outbid', { lotId: 'l1', title: '阀门密封', amountFen: 125_000_00, proxyMaxFen: 120_000_00 }, 'zh-CN', '您的出价已被超过：阀门密封', '当前价 ¥125,000.00（12.5 万元） 已超过您的代理最高价 ¥120,000.00（12 万元）。如需继续竞价，请尽快出价。'],
    ['outbid', { lotId: 'l1', title: 'Valve seal', amountFen: 125_000_00 }, 'en', 'You have been outbid: Valve seal', 'The price is now CNY 125,000.00; you are no longer the highest bidder.'],
    ['registration-refused', { sessionTitle: '2026 Q4', reason: '材料不全' }, 'zh-CN', '报名未通过：2026 Q4', '原因：材料不全'],
    ['deposit-forfeited', { title: '标的 1', amountFen: 10_000_00 }, 'zh-CN', '保证金不予退还：标的 1', '未在期限内支付余款（悔拍），保证金 ¥10,000.00（1 万元） 不予退还。'],
  ] as const)('%s %o (%s)', (kind, params, locale, title, body) => {
    expect(renderNotification(kind, params, locale)).toMatchObject({ title, body })
  })

  test('a missing parameter renders empty, never "undefined"; an unknown kind renders its code', () => {
    expect(renderNotification('listing-returned', { title: 'x' }).body).toBe('审核意见：')
    expect(renderNotification('no-such-kind', {})).toEqual({ title: 'no-such-kind', body: '', href: null })
  })

  test('every kind has a default channel and a label in both languages', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(DEFAULT_CHANNEL[kind]).toBeDefined()
      expect(KIND_LABELS['zh-CN'][kind]).toBeTruthy()
      expect(KIND_LABELS.en[kind]).toBeTruthy()
      expect(renderNotification(kind, {}, 'en').title).not.toMatch(/undefined/)
    }
  })

  test.each([
    ['IN_APP', true, false],
    ['EMAIL', false, true],
    ['BOTH', true, true],
  ] as const)('channel %s: in-app %s, e-mail %s', (channel, inApp, email) => {
    expect(wantsInApp(channel)).toBe(inApp)
    expect(wantsEmail(channel)).toBe(email)
  })

  test('links lead to what it is about', () => {
    expect(notificationHref('outbid', { lotId: 'l1' })).toBe('/auctions/lots/l1')
    expect(notificationHref('balance-due', { dealId: 'd1' })).toBe('/payments/deal/d1')
    expect(notificationHref('listing-published', { listing: 'need', id: 'n1' })).toBe('/needs/n1')
    expect(notificationHref('reward-paid', {})).toBe('/my/rewards')
  })

  test.each([
    [180_0000_00, '180 万元'],
    [12_3456_78, '12.3457 万元'],
    [5000_00, '0.5 万元'],
  ])('%i fen is %s', (fen, text) => {
    expect(formatWan(fen)).toBe(text)
  })
})
