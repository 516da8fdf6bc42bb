// What the marketplace tells people: the kinds of notification, the channel
// each goes by unless the user chose otherwise, and how a stored notification
// (a kind code and its parameters, never a sentence) reads in each language:
// the texts are in the catalogue (serverText.notifications.<kind>), in the recipient's saved language.
// Pure and isomorphic: the notification centre, the e-mail job and the
// preferences page all render from here.
import { fixedT, type MessageKey, type MessageParams } from '~/i18n/catalogue.ts'
import { formatFen, formatMoneyExact, formatWan } from './money.ts'

export const NOTIFICATION_KINDS = [
  'outbid',
  'lot-opening',
  'lot-ending',
  'lot-extended',
  'lot-won',
  'lot-lost',
  'lot-cancelled',
  'deposit-refunded',
  'deposit-forfeited',
  'balance-due',
  'balance-overdue',
  'registration-approved',
  'registration-refused',
  'interest-new',
  'interest-reply',
  'listing-published',
  'listing-returned',
  'reward-computed',
  'reward-approved',
  'reward-rejected',
  'reward-paid',
  'match-new',
  'challenge-suggested',
  'challenge-application',
  'challenge-selected',
  'challenge-not-selected',
  'challenge-closed',
  'request-new',
  'request-assigned',
  'request-in-progress',
  'request-answered',
  'request-rated',
  'request-closed',
  'request-overdue',
  'request-need',
  'deal-defaulted',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const CHANNELS = ['IN_APP', 'EMAIL', 'BOTH'] as const
export type Channel = (typeof CHANNELS)[number]

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value)
}

/** Money and deadlines go by e-mail too unless the user says otherwise; the chatter of a live lot stays in the app. */
export const DEFAULT_CHANNEL: Record<NotificationKind, Channel> = {
  outbid: 'BOTH',
  'lot-opening': 'BOTH',
  'lot-ending': 'IN_APP',
  'lot-extended': 'IN_APP',
  'lot-won': 'BOTH',
  'lot-lost': 'BOTH',
  'lot-cancelled': 'BOTH',
  'deposit-refunded': 'BOTH',
  'deposit-forfeited': 'BOTH',
  'balance-due': 'BOTH',
  'balance-overdue': 'BOTH',
  'registration-approved': 'BOTH',
  'registration-refused': 'BOTH',
  'interest-new': 'BOTH',
  'interest-reply': 'BOTH',
  'listing-published': 'BOTH',
  'listing-returned': 'BOTH',
  'reward-computed': 'IN_APP',
  'reward-approved': 'BOTH',
  'reward-rejected': 'BOTH',
  'reward-paid': 'BOTH',
  'match-new': 'IN_APP',
  'challenge-suggested': 'BOTH',
  'challenge-application': 'BOTH',
  'challenge-selected': 'BOTH',
  'challenge-not-selected': 'BOTH',
  'challenge-closed': 'BOTH',
  'request-new': 'BOTH',
  'request-assigned': 'BOTH',
  'request-in-progress': 'BOTH',
  'request-answered': 'BOTH',
  'request-rated': 'BOTH',
  'request-closed': 'BOTH',
  'request-overdue': 'BOTH',
  'request-need': 'BOTH',
  'deal-defaulted': 'BOTH',
}

export function wantsInApp(channel: Channel): boolean {
  return channel !== 'EMAIL'
}

export function wantsEmail(channel: Channel): boolean {
  return channel !== 'IN_APP'
}

/** Parameters are plain JSON: ids, titles, amounts in fen, instants as ISO text. */
export type NotificationParams = Record<string, string | number | boolean | null>

export type Locale = 'zh-CN' | 'en'

export type RenderedNotification = { title: string; body: string; href: string | null }

const shanghai = (locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })

/** Parameters that are amounts in fen and instants (ISO text); every other parameter is shown as it is. */
const MONEY_PARAMS = ['amountFen', 'proxyMaxFen', 'priceFen', 'rewardFen'] as const
const TIME_PARAMS = ['endsAt', 'deadline'] as const
/** Every parameter a text names: a missing one renders as an empty string, never "undefined" or "{{name}}". */
const TEXT_PARAMS = ['title', 'sessionTitle', 'reason', 'enterpriseName', 'ownerName', 'contractNo', 'forTitle', 'score', 'summary', 'department'] as const

/** The parameters, formatted for the reader: money exact (with 万元 in Chinese), times in Beijing time. */
function formatted(params: NotificationParams, locale: Locale): MessageParams {
  const fmt = shanghai(locale)
  const has = (n: string) => params[n] !== null && params[n] !== undefined && params[n] !== ''
  const out: MessageParams = {}
  for (const n of TEXT_PARAMS) out[n] = has(n) ? String(params[n]) : ''
  for (const n of MONEY_PARAMS) {
    const fen = params[n]
    out[n] = typeof fen !== 'number' ? '' : locale === 'en' ? formatMoneyExact(fen, 'en') : `${formatFen(fen)}（${formatWan(fen)}）`
  }
  const amount = Number(params.amountFen) || 0
  out.amountFenExact = locale === 'en' ? formatMoneyExact(amount, 'en') : formatFen(amount)
  // eslint-disable-next-line no-restricted-globals -- parses a stored instant; the clock is not read
  for (const n of TIME_PARAMS) out[n] = typeof params[n] === 'string' && params[n] ? fmt.format(Date.parse(params[n] as string)) + (locale === 'en' ? ' UTC+8' : '') : ''
  return out
}

/** Kinds whose texts live in a catalogue area of their own (app/i18n/areas), not in serverText.notifications. */
const TEXT_GROUP: Partial<Record<NotificationKind, string>> = { 'deal-defaulted': 'reauction.notifications' }

function textKey(kind: NotificationKind, part: 'title' | 'body'): MessageKey {
  return `${TEXT_GROUP[kind] ?? 'serverText.notifications'}.${kind}.${part}` as MessageKey
}

/** The catalogue key of a notification's body: some kinds read differently with or without a parameter. */
function bodyKey(kind: NotificationKind, params: NotificationParams): MessageKey {
  const has = (n: string) => params[n] !== null && params[n] !== undefined && params[n] !== ''
  if (kind === 'outbid' && has('proxyMaxFen')) return 'serverText.notifications.outbid.bodyProxy'
  if (kind === 'lot-lost' && !has('priceFen')) return 'serverText.notifications.lot-lost.bodyUnsold'
  if (kind === 'listing-published' && params.listing === 'need') return 'serverText.notifications.listing-published.bodyNeed'
  if (kind === 'request-rated' && params.rating === 'UNSATISFIED') return 'serverText.notifications.request-rated.bodyReopened'
  return textKey(kind, 'body')
}

export const KIND_LABELS: Record<Locale, Record<NotificationKind, string>> = {
  'zh-CN': {
    outbid: '出价被超过',
    'lot-opening': '标的开始竞价',
    'lot-ending': '标的即将结束',
    'lot-extended': '标的延时',
    'lot-won': '竞得标的',
    'lot-lost': '未竞得标的',
    'lot-cancelled': '标的撤回',
    'deposit-refunded': '保证金退还',
    'deposit-forfeited': '保证金不予退还',
    'balance-due': '余款即将到期',
    'balance-overdue': '余款逾期',
    'registration-approved': '报名通过',
    'registration-refused': '报名未通过',
    'interest-new': '新的合作意向',
    'interest-reply': '意向回复',
    'listing-published': '发布成功',
    'listing-returned': '退回修改',
    'reward-computed': '奖励核算',
    'reward-approved': '奖励批准',
    'reward-rejected': '奖励未批准',
    'reward-paid': '奖励拨付',
    'match-new': '新的匹配',
    'challenge-suggested': '揭榜挂帅推荐',
    'challenge-application': '新的揭榜申请',
    'challenge-selected': '揭榜选定',
    'challenge-not-selected': '揭榜未选定',
    'challenge-closed': '榜单撤回',
    'request-new': '新的诉求',
    'request-assigned': '诉求交办',
    'request-in-progress': '诉求办理',
    'request-answered': '诉求答复',
    'request-rated': '诉求评价',
    'request-closed': '诉求办结',
    'request-overdue': '诉求逾期督办',
    'request-need': '诉求转技术需求',
    'deal-defaulted': '悔拍',
  },
  en: {
    outbid: 'Outbid',
    'lot-opening': 'Lot opens',
    'lot-ending': 'Lot ends in 10 minutes',
    'lot-extended': 'Lot extended',
    'lot-won': 'Lot won',
    'lot-lost': 'Lot lost',
    'lot-cancelled': 'Lot withdrawn',
    'deposit-refunded': 'Deposit refunded',
    'deposit-forfeited': 'Deposit forfeited',
    'balance-due': 'Balance due in 3 days',
    'balance-overdue': 'Balance overdue',
    'registration-approved': 'Registration approved',
    'registration-refused': 'Registration refused',
    'interest-new': 'New interest',
    'interest-reply': 'Reply to interest',
    'listing-published': 'Listing published',
    'listing-returned': 'Listing returned',
    'reward-computed': 'Reward computed',
    'reward-approved': 'Reward approved',
    'reward-rejected': 'Reward rejected',
    'reward-paid': 'Reward paid',
    'match-new': 'New match',
    'challenge-suggested': 'Challenge suggested to you',
    'challenge-application': 'New challenge application',
    'challenge-selected': 'Challenge: selected',
    'challenge-not-selected': 'Challenge: not selected',
    'challenge-closed': 'Challenge withdrawn',
    'request-new': 'New request',
    'request-assigned': 'Request assigned',
    'request-in-progress': 'Request being handled',
    'request-answered': 'Request answered',
    'request-rated': 'Request rated',
    'request-closed': 'Request closed',
    'request-overdue': 'Request overdue',
    'request-need': 'Request became a technical need',
    'deal-defaulted': 'Default on a won lot',
  },
}

/** Where a notification leads, from its parameters. */
export function notificationHref(kind: NotificationKind, params: NotificationParams): string | null {
  const id = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : null)
  if (id('lotId')) return `/auctions/lots/${id('lotId')}`
  if (kind === 'balance-due' || kind === 'balance-overdue') return id('dealId') ? `/payments/deal/${id('dealId')}` : '/payments'
  if (kind.startsWith('registration-')) return id('sessionId') ? `/auctions/${id('sessionId')}` : '/auctions'
  if (kind.startsWith('interest-')) return '/my/interests'
  if (kind.startsWith('listing-')) return id('id') ? `/${params.listing === 'need' ? 'needs' : 'results'}/${id('id')}` : null
  if (kind.startsWith('reward-')) return '/my/rewards'
  if (kind.startsWith('deposit-')) return '/payments'
  if (kind === 'match-new') return id('href')
  if (kind.startsWith('challenge-')) return id('challengeId') ? `/challenges/${id('challengeId')}` : '/challenges'
  if (kind === 'request-need') return id('needId') ? `/needs/${id('needId')}` : null
  // Staff read a request in the queue, the enterprise on its own page.
  if (kind.startsWith('request-')) return id('requestId') ? (params.forStaff ? `/staff/requests/${id('requestId')}` : `/my/requests#r-${id('requestId')}`) : null
  return null
}

export function renderNotification(kind: string, params: NotificationParams, locale: Locale = 'zh-CN'): RenderedNotification {
  if (!isNotificationKind(kind)) return { title: kind, body: '', href: null }
  const t = fixedT(locale)
  const p = formatted(params, locale)
  // A request's category and rating are codes: named in the reader's language.
  const code = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : '')
  if (kind.startsWith('request-')) {
    p.category = code('category') ? t(`requests.categories.${code('category')}` as MessageKey) : ''
    p.rating = code('rating') ? t(`requests.ratings.${code('rating')}` as MessageKey) : ''
  }
  return { title: t(textKey(kind, 'title'), p), body: t(bodyKey(kind, params), p), href: notificationHref(kind, params) }
}
