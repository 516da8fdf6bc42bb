// What the marketplace tells people: the kinds of notification, the channel
// each goes by unless the user chose otherwise, and how a stored notification
// (a kind code and its parameters, never a sentence) reads in each language.
// Pure and isomorphic: the notification centre, the e-mail job and the
// preferences page all render from here.
import { formatFen, formatWan } from './money.ts'

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

// Request categories as a notification names them (the pages use the catalogue's requests.category.*).
const REQUEST_CATEGORY_ZH: Record<string, string> = { POLICY: '政策', FUNDING: '资金', TALENT: '人才', TECHNOLOGY: '技术难题', FINANCE: '融资', OTHER: '其他' }
const REQUEST_CATEGORY_EN: Record<string, string> = { POLICY: 'Policy', FUNDING: 'Funding', TALENT: 'Talent', TECHNOLOGY: 'Technology problem', FINANCE: 'Finance', OTHER: 'Other' }

type Texts = { [K in NotificationKind]: (p: Reader) => { title: string; body: string } }

/** Reads parameters safely: a missing one renders as an empty string, never "undefined". */
type Reader = { s(name: string): string; money(name: string): string; time(name: string): string; has(name: string): boolean }

function reader(params: NotificationParams, locale: Locale): Reader {
  const fmt = shanghai(locale)
  return {
    s: (n) => (params[n] === null || params[n] === undefined ? '' : String(params[n])),
    money: (n) => (typeof params[n] === 'number' ? `${formatFen(params[n] as number)}（${formatWan(params[n] as number)}）` : ''),
    // eslint-disable-next-line no-restricted-globals -- parses a stored instant; the clock is not read
    time: (n) => (typeof params[n] === 'string' && params[n] ? fmt.format(Date.parse(params[n] as string)) : ''),
    has: (n) => params[n] !== null && params[n] !== undefined && params[n] !== '',
  }
}

const ZH: Texts = {
  outbid: (p) => ({
    title: `您的出价已被超过：${p.s('title')}`,
    body: p.has('proxyMaxFen')
      ? `当前价 ${p.money('amountFen')} 已超过您的代理最高价 ${p.money('proxyMaxFen')}。如需继续竞价，请尽快出价。`
      : `当前价 ${p.money('amountFen')}，您已不是最高出价人。如需继续竞价，请尽快出价。`,
  }),
  'lot-opening': (p) => ({ title: `标的开始竞价：${p.s('title')}`, body: `竞价已开始，结束时间 ${p.time('endsAt')}（遇延时顺延）。` }),
  'lot-ending': (p) => ({ title: `标的即将结束：${p.s('title')}`, body: `距结束不到 10 分钟（${p.time('endsAt')}），当前价 ${p.money('priceFen')}。` }),
  'lot-extended': (p) => ({ title: `标的已延时：${p.s('title')}`, body: `有人在最后时段出价，结束时间顺延至 ${p.time('endsAt')}。` }),
  'lot-won': (p) => ({
    title: `恭喜成交：${p.s('title')}`,
    body: `您以 ${p.money('priceFen')} 竞得该标的。请在 ${p.time('deadline')} 前支付余款，逾期视为悔拍，保证金不予退还。`,
  }),
  'lot-lost': (p) => ({
    title: `竞价结束：${p.s('title')}`,
    body: p.has('priceFen') ? `该标的已由其他竞买人以 ${p.money('priceFen')} 竞得。您的保证金将在标的结束后退还。` : `该标的流拍。您的保证金将在标的结束后退还。`,
  }),
  'lot-cancelled': (p) => ({ title: `标的已撤回：${p.s('title')}`, body: `原因：${p.s('reason')}。已交保证金将退还。` }),
  'deposit-refunded': (p) => ({ title: `保证金已退还：${p.s('title')}`, body: `退还金额 ${p.money('amountFen')}，将按原支付方式退回。` }),
  'deposit-forfeited': (p) => ({ title: `保证金不予退还：${p.s('title')}`, body: `未在期限内支付余款（悔拍），保证金 ${p.money('amountFen')} 不予退还。` }),
  'balance-due': (p) => ({ title: `余款即将到期：${p.s('title')}`, body: `请在 ${p.time('deadline')} 前支付余款 ${p.money('amountFen')}。` }),
  'balance-overdue': (p) => ({ title: `余款已逾期：${p.s('title')}`, body: `余款支付期限 ${p.time('deadline')} 已过。` }),
  'registration-approved': (p) => ({ title: `报名已通过：${p.s('sessionTitle')}`, body: `您的竞买报名已通过审核，缴纳保证金后即可出价。` }),
  'registration-refused': (p) => ({ title: `报名未通过：${p.s('sessionTitle')}`, body: `原因：${p.s('reason')}` }),
  'interest-new': (p) => ({ title: `新的合作意向：${p.s('title')}`, body: `${p.s('enterpriseName')} 对您的成果表达了合作意向。` }),
  'interest-reply': (p) => ({ title: `意向已回复：${p.s('title')}`, body: `${p.s('ownerName')} 回复了您的合作意向。` }),
  'listing-published': (p) => ({ title: `已发布：${p.s('title')}`, body: `您提交的${p.s('listing') === 'need' ? '技术需求' : '科技成果'}已通过审核并公开发布。` }),
  'listing-returned': (p) => ({ title: `已退回修改：${p.s('title')}`, body: `审核意见：${p.s('reason')}` }),
  'reward-computed': (p) => ({ title: `奖励已核算：${formatFen(Number(p.s('amountFen')) || 0)}`, body: `合同 ${p.s('contractNo')} 的奖励已核算，等待审核。` }),
  'reward-approved': (p) => ({ title: `奖励已批准`, body: `合同 ${p.s('contractNo')} 的奖励 ${p.money('amountFen')} 已批准，等待拨付。` }),
  'reward-rejected': (p) => ({ title: `奖励未批准`, body: `合同 ${p.s('contractNo')} 的奖励未获批准。原因：${p.s('reason')}` }),
  'reward-paid': (p) => ({ title: `奖励已拨付`, body: `合同 ${p.s('contractNo')} 的奖励 ${p.money('amountFen')} 已拨付。` }),
  'match-new': (p) => ({ title: `新的匹配：${p.s('title')}`, body: `与您的「${p.s('forTitle')}」匹配（${p.s('score')} 分）。` }),
  'challenge-suggested': (p) => ({ title: `揭榜挂帅推荐：${p.s('title')}`, body: `贵单位的成果与该榜单匹配度高，榜额 ${p.money('rewardFen')}，欢迎揭榜。` }),
  'challenge-application': (p) => ({ title: `新的揭榜申请：${p.s('title')}`, body: `有单位申请揭榜，请查看并择优选定。` }),
  'challenge-selected': (p) => ({ title: `揭榜成功：${p.s('title')}`, body: `贵单位的揭榜方案已被选定。` }),
  'challenge-not-selected': (p) => ({ title: `揭榜结果：${p.s('title')}`, body: `该榜单已选定其他单位，感谢参与。` }),
  'challenge-closed': (p) => ({ title: `榜单已撤回：${p.s('title')}`, body: `发榜方已撤回该榜单。` }),
  'request-new': (p) => ({ title: `新的企业诉求：${p.s('enterpriseName')}`, body: `${REQUEST_CATEGORY_ZH[p.s('category')] ?? ''}：${p.s('summary')}` }),
  'request-assigned': (p) => ({ title: `诉求已交办：${p.s('summary')}`, body: `已交办 ${p.s('department')}，办理期限 ${p.time('deadline')}。` }),
  'request-in-progress': (p) => ({ title: `诉求办理中：${p.s('summary')}`, body: `${p.s('department')} 正在办理您的诉求。` }),
  'request-answered': (p) => ({ title: `诉求已答复：${p.s('summary')}`, body: `请查看答复并评价（满意 / 基本满意 / 不满意）。` }),
  'request-rated': (p) => ({
    title: `企业评价：${p.s('summary')}`,
    body: p.s('rating') === 'UNSATISFIED' ? `${p.s('enterpriseName')} 评价为不满意，诉求已重新办理，新期限 ${p.time('deadline')}。` : `${p.s('enterpriseName')} 评价为${p.s('rating') === 'SATISFIED' ? '满意' : '基本满意'}，诉求已办结。`,
  }),
  'request-closed': (p) => ({ title: `诉求已办结：${p.s('summary')}`, body: `您的诉求已办结。` }),
  'request-overdue': (p) => ({ title: `诉求逾期未办结：${p.s('summary')}`, body: `${p.s('enterpriseName')} 的诉求交办 ${p.s('department')}，期限 ${p.time('deadline')} 已过，请督办。` }),
  'request-need': (p) => ({ title: `技术难题已发布为技术需求：${p.s('title')}`, body: `您的诉求已转为技术需求，在需求大厅公开，供匹配与竞价。` }),
}

const EN: Texts = {
  outbid: (p) => ({
    title: `You have been outbid: ${p.s('title')}`,
    body: p.has('proxyMaxFen')
      ? `The price ${p.money('amountFen')} has passed your proxy ceiling ${p.money('proxyMaxFen')}. Bid again to stay in.`
      : `The price is now ${p.money('amountFen')}; you are no longer the highest bidder.`,
  }),
  'lot-opening': (p) => ({ title: `Bidding open: ${p.s('title')}`, body: `Bidding has opened and ends at ${p.time('endsAt')} (late bids extend it).` }),
  'lot-ending': (p) => ({ title: `Ending soon: ${p.s('title')}`, body: `Less than 10 minutes left (${p.time('endsAt')}); the price is ${p.money('priceFen')}.` }),
  'lot-extended': (p) => ({ title: `Extended: ${p.s('title')}`, body: `A late bid moved the end to ${p.time('endsAt')}.` }),
  'lot-won': (p) => ({ title: `You won: ${p.s('title')}`, body: `You won at ${p.money('priceFen')}. Pay the balance by ${p.time('deadline')}, or the deposit is forfeited.` }),
  'lot-lost': (p) => ({
    title: `Bidding closed: ${p.s('title')}`,
    body: p.has('priceFen') ? `Another bidder won at ${p.money('priceFen')}. Your deposit will be refunded.` : `The lot did not sell. Your deposit will be refunded.`,
  }),
  'lot-cancelled': (p) => ({ title: `Lot withdrawn: ${p.s('title')}`, body: `Reason: ${p.s('reason')}. Deposits paid will be refunded.` }),
  'deposit-refunded': (p) => ({ title: `Deposit refunded: ${p.s('title')}`, body: `${p.money('amountFen')} is on its way back to the card it came from.` }),
  'deposit-forfeited': (p) => ({ title: `Deposit forfeited: ${p.s('title')}`, body: `The balance was not paid in time (default); the deposit of ${p.money('amountFen')} is forfeited.` }),
  'balance-due': (p) => ({ title: `Balance due soon: ${p.s('title')}`, body: `Please pay ${p.money('amountFen')} by ${p.time('deadline')}.` }),
  'balance-overdue': (p) => ({ title: `Balance overdue: ${p.s('title')}`, body: `The deadline ${p.time('deadline')} has passed.` }),
  'registration-approved': (p) => ({ title: `Registration approved: ${p.s('sessionTitle')}`, body: `Pay the deposit to bid.` }),
  'registration-refused': (p) => ({ title: `Registration refused: ${p.s('sessionTitle')}`, body: `Reason: ${p.s('reason')}` }),
  'interest-new': (p) => ({ title: `New interest: ${p.s('title')}`, body: `${p.s('enterpriseName')} is interested in your result.` }),
  'interest-reply': (p) => ({ title: `Reply to your interest: ${p.s('title')}`, body: `${p.s('ownerName')} replied.` }),
  'listing-published': (p) => ({ title: `Published: ${p.s('title')}`, body: `Your ${p.s('listing') === 'need' ? 'technical need' : 'research result'} passed review and is public.` }),
  'listing-returned': (p) => ({ title: `Returned for changes: ${p.s('title')}`, body: `Reviewer's note: ${p.s('reason')}` }),
  'reward-computed': (p) => ({ title: `Reward computed: ${formatFen(Number(p.s('amountFen')) || 0)}`, body: `The reward for contract ${p.s('contractNo')} awaits review.` }),
  'reward-approved': (p) => ({ title: `Reward approved`, body: `The reward of ${p.money('amountFen')} for contract ${p.s('contractNo')} is approved.` }),
  'reward-rejected': (p) => ({ title: `Reward rejected`, body: `The reward for contract ${p.s('contractNo')} was rejected. Reason: ${p.s('reason')}` }),
  'reward-paid': (p) => ({ title: `Reward paid`, body: `The reward of ${p.money('amountFen')} for contract ${p.s('contractNo')} has been paid.` }),
  'match-new': (p) => ({ title: `New match: ${p.s('title')}`, body: `Matches your "${p.s('forTitle')}" (score ${p.s('score')}).` }),
  'challenge-suggested': (p) => ({ title: `Open challenge for you: ${p.s('title')}`, body: `Your results fit this challenge well; the reward is ${p.money('rewardFen')}. You are welcome to apply.` }),
  'challenge-application': (p) => ({ title: `New application: ${p.s('title')}`, body: `An institution applied to your challenge. Review the applications and select one.` }),
  'challenge-selected': (p) => ({ title: `Selected: ${p.s('title')}`, body: `Your proposal was selected.` }),
  'challenge-not-selected': (p) => ({ title: `Challenge decided: ${p.s('title')}`, body: `Another applicant was selected. Thank you for applying.` }),
  'challenge-closed': (p) => ({ title: `Challenge withdrawn: ${p.s('title')}`, body: `The poster withdrew this challenge.` }),
  'request-new': (p) => ({ title: `New request from ${p.s('enterpriseName')}`, body: `${REQUEST_CATEGORY_EN[p.s('category')] ?? ''}: ${p.s('summary')}` }),
  'request-assigned': (p) => ({ title: `Request assigned: ${p.s('summary')}`, body: `Assigned to ${p.s('department')}, due by ${p.time('deadline')}.` }),
  'request-in-progress': (p) => ({ title: `Request being handled: ${p.s('summary')}`, body: `${p.s('department')} is working on your request.` }),
  'request-answered': (p) => ({ title: `Request answered: ${p.s('summary')}`, body: `Please read the answer and rate it (satisfied, fairly satisfied or not satisfied).` }),
  'request-rated': (p) => ({
    title: `Rated by the enterprise: ${p.s('summary')}`,
    body: p.s('rating') === 'UNSATISFIED' ? `${p.s('enterpriseName')} is not satisfied; the request is reopened, due by ${p.time('deadline')}.` : `${p.s('enterpriseName')} is ${p.s('rating') === 'SATISFIED' ? 'satisfied' : 'fairly satisfied'}; the request is closed.`,
  }),
  'request-closed': (p) => ({ title: `Request closed: ${p.s('summary')}`, body: `Your request has been closed.` }),
  'request-overdue': (p) => ({ title: `Request overdue: ${p.s('summary')}`, body: `The request of ${p.s('enterpriseName')}, assigned to ${p.s('department')}, was due by ${p.time('deadline')}. Please follow it up.` }),
  'request-need': (p) => ({ title: `Your technology problem is now a technical need: ${p.s('title')}`, body: `It is public on the needs board, for matching and auctions.` }),
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
  const texts = locale === 'en' ? EN : ZH
  return { ...texts[kind](reader(params, locale)), href: notificationHref(kind, params) }
}
