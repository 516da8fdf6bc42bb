// 成交确认书: the confirmation of sale of a sold lot, as a PDF. The bureau
// that organised the session (the organisation of the staff member who created
// it), seller and buyer with their unified social credit codes, the result,
// the price in figures and in capitals, the deposit applied, the balance and
// its deadline, the time of the last bid, and the hash of the lot's last log
// entry, so anyone can check it against the public log. Buyer, seller and
// staff may download it.
import { isStaff, type Principal } from '~/domain/access.ts'
import { announce } from '~/domain/announcements.ts'
import { chineseCapitalAmount } from '~/domain/chinese-amount.ts'
import { fenFromDb, formatFen, formatMoneyExact } from '~/domain/money.ts'
import { fixedT, translateMessage, type Catalogue, type Locale, type MessageParams } from '~/i18n/catalogue.ts'
import type { Db } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { renderPdf, type PdfLine } from '~/utils/pdf.server.ts'
import { ServiceError } from '~/utils/errors.ts'

export type ConfirmationFacts = {
  number: string
  /** null when no bureau is on record (the document then says 科学技术局 / Science and Technology Bureau). */
  organiser: { name: string | null; creditCode: string }
  seller: { name: string; creditCode: string }
  buyer: { name: string; creditCode: string }
  session: { quarter: string; title: string }
  lot: { id: string; number: number; title: string }
  priceFen: number
  priceCapitals: string
  startingPriceFen: number
  depositFen: number
  balanceFen: number
  paymentDeadline: string
  dealStatus: string
  lastBidAt: string | null
  closedAt: string | null
  lastHash: string
  logEntries: number
}

const DEAL_STATUSES = ['AWAITING_PAYMENT', 'PAID', 'DEFAULTED'] as const
type DealStatus = (typeof DEAL_STATUSES)[number]

export async function confirmationFacts(db: Db, viewer: Principal, lotId: string): Promise<ConfirmationFacts> {
  const lot = await db.lot.findUnique({
    where: { id: lotId },
    include: {
      session: true,
      result: { select: { title: true } },
      deal: { include: { buyer: true, seller: true } },
      events: { where: { kind: 'close' }, select: { kind: true, payload: true } },
    },
  })
  if (!lot) throw new ServiceError('not-found', 'lot.not-found')
  const deal = lot.deal
  const announcement = announce(fenFromDb(lot.startingPriceFen), lot.events.map((e) => ({ kind: e.kind, payload: (e.payload ?? {}) as Record<string, unknown> })))
  // Only a lot whose log says it sold has a confirmation of sale.
  if (!deal || announcement.outcome !== 'SOLD' || !lot.lastHash) throw new ServiceError('not-found', 'confirmation.not-sold')
  if (!isStaff(viewer) && viewer.organizationId !== deal.buyerId && viewer.organizationId !== deal.sellerId) {
    throw new ServiceError('forbidden', 'confirmation.forbidden')
  }
  const [creation, lastBid, deposits] = await Promise.all([
    db.auditLog.findFirst({ where: { entityType: 'AuctionSession', entityId: lot.sessionId, action: 'session.create' }, select: { actor: { select: { organization: true } } } }),
    db.bid.findFirst({ where: { lotId }, orderBy: { seq: 'desc' }, select: { receivedAt: true } }),
    db.payment.findMany({
      where: { kind: 'DEPOSIT', payerId: deal.buyerId, status: { in: ['SUCCEEDED', 'APPLIED', 'FORFEITED'] }, OR: [{ lotId }, { lotId: null, sessionId: lot.sessionId }] },
      select: { amountFen: true },
    }),
  ])
  const organiser =
    creation?.actor?.organization ?? (await db.organization.findFirst({ where: { kind: 'BUREAU' }, orderBy: { createdAt: 'asc' } }))
  const priceFen = fenFromDb(deal.priceFen)
  const depositFen = Math.min(priceFen, deposits.reduce((sum, d) => sum + fenFromDb(d.amountFen), 0))
  return {
    number: `CJQR-${lot.session.quarter}-${String(lot.number).padStart(3, '0')}`,
    organiser: { name: organiser?.name ?? null, creditCode: organiser?.creditCode ?? '—' },
    seller: { name: deal.seller.name, creditCode: deal.seller.creditCode },
    buyer: { name: deal.buyer.name, creditCode: deal.buyer.creditCode },
    session: { quarter: lot.session.quarter, title: lot.session.title },
    lot: { id: lot.id, number: lot.number, title: lot.result.title },
    priceFen,
    priceCapitals: chineseCapitalAmount(priceFen),
    startingPriceFen: fenFromDb(lot.startingPriceFen),
    depositFen,
    balanceFen: priceFen - depositFen,
    paymentDeadline: deal.paymentDeadline.toISOString(),
    dealStatus: deal.status,
    lastBidAt: lastBid?.receivedAt.toISOString() ?? null,
    closedAt: lot.closedAt?.toISOString() ?? null,
    lastHash: lot.lastHash,
    logEntries: lot.seq,
  }
}

/** The document in the reader's language (Chinese by default); the CJK font is embedded either way, for names. */
export function confirmationLines(f: ConfirmationFacts, locale: Locale = 'zh-CN'): PdfLine[] {
  const t = fixedT(locale)
  const c = (key: Exclude<keyof Catalogue['serverText']['confirmationPdf'], 'dealStatus'>, params?: MessageParams) => translateMessage(t, `serverText.confirmationPdf.${key}`, params)
  // Chinese keeps the bureau's usual ¥1,234.00; English says CNY 1,234.00.
  const money = (fen: number) => (locale === 'en' ? formatMoneyExact(fen, 'en') : formatFen(fen))
  const party = (p: { name: string; creditCode: string }) => c('party', { name: p.name, creditCode: p.creditCode })
  const organiser = { name: f.organiser.name ?? c('organiserFallback'), creditCode: f.organiser.creditCode }
  const status = (DEAL_STATUSES as readonly string[]).includes(f.dealStatus) ? t(`serverText.confirmationPdf.dealStatus.${f.dealStatus as DealStatus}`) : f.dealStatus
  return [
    { kind: 'title', text: c('title') },
    { kind: 'field', label: c('number'), value: f.number },
    { kind: 'field', label: c('session'), value: `${f.session.quarter} · ${f.session.title}` },
    { kind: 'field', label: c('lot'), value: c('lotValue', { number: f.lot.number, title: f.lot.title }) },
    { kind: 'heading', text: c('partiesHeading') },
    { kind: 'field', label: c('organiser'), value: party(organiser) },
    { kind: 'field', label: c('seller'), value: party(f.seller) },
    { kind: 'field', label: c('buyer'), value: party(f.buyer) },
    { kind: 'heading', text: c('resultHeading') },
    { kind: 'text', text: c('resultText') },
    { kind: 'field', label: c('priceFigures'), value: money(f.priceFen) },
    { kind: 'field', label: c('priceCapitals'), value: `人民币${f.priceCapitals}` },
    { kind: 'field', label: c('startingPrice'), value: money(f.startingPriceFen) },
    { kind: 'field', label: c('lastBidAt'), value: f.lastBidAt ? c('lastBidAtValue', { time: formatDateTime(f.lastBidAt, locale) }) : '—' },
    { kind: 'field', label: c('closedAt'), value: f.closedAt ? c('closedAtValue', { time: formatDateTime(f.closedAt, locale) }) : '—' },
    { kind: 'heading', text: c('paymentHeading') },
    { kind: 'field', label: c('depositApplied'), value: money(f.depositFen) },
    { kind: 'field', label: c('balance'), value: c('balanceValue', { amount: money(f.balanceFen), capitals: `人民币${chineseCapitalAmount(f.balanceFen)}` }) },
    { kind: 'field', label: c('deadline'), value: c('deadlineValue', { time: formatDateTime(f.paymentDeadline, locale) }) },
    { kind: 'field', label: c('statusLabel'), value: status },
    { kind: 'text', text: c('defaultRule') },
    { kind: 'heading', text: c('checkHeading') },
    { kind: 'text', text: c('logText', { entries: f.logEntries }) },
    { kind: 'mono', text: f.lastHash },
    { kind: 'text', text: c('logLink', { path: `/auctions/lots/${f.lot.id}/log` }) },
    { kind: 'gap' },
    { kind: 'text', text: `${c('organiser')}${c('labelSeparator')}${organiser.name}` },
  ]
}

/** The file name the browser saves it under. */
export function confirmationFileName(f: ConfirmationFacts, locale: Locale = 'zh-CN'): string {
  return fixedT(locale)('serverText.confirmationPdf.fileName', { number: f.number })
}

export async function confirmationPdf(db: Db, viewer: Principal, lotId: string, locale: Locale = 'zh-CN'): Promise<{ facts: ConfirmationFacts; pdf: Buffer }> {
  const facts = await confirmationFacts(db, viewer, lotId)
  const t = fixedT(locale)
  const pdf = await renderPdf(confirmationLines(facts, locale), {
    title: t('serverText.confirmationPdf.documentTitle', { number: facts.number }),
    subject: facts.lot.title,
    producer: t('app.name'),
    labelSeparator: t('serverText.confirmationPdf.labelSeparator'),
  })
  return { facts, pdf }
}
