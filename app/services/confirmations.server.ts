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
import { fenFromDb, formatFen } from '~/domain/money.ts'
import type { Db } from '~/utils/db.server.ts'
import { formatDateTime } from '~/utils/format.ts'
import { renderPdf, type PdfLine } from '~/utils/pdf.server.ts'
import { ServiceError } from '~/utils/errors.ts'

export type ConfirmationFacts = {
  number: string
  organiser: { name: string; creditCode: string }
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

const DEAL_STATUS: Record<string, string> = { AWAITING_PAYMENT: '待支付余款', PAID: '已付清', DEFAULTED: '买受人悔拍（保证金不予退还）' }

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
    organiser: { name: organiser?.name ?? '科学技术局', creditCode: organiser?.creditCode ?? '—' },
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

export function confirmationLines(f: ConfirmationFacts): PdfLine[] {
  return [
    { kind: 'title', text: '成交确认书' },
    { kind: 'field', label: '编号', value: f.number },
    { kind: 'field', label: '竞价场次', value: `${f.session.quarter} · ${f.session.title}` },
    { kind: 'field', label: '标的', value: `标的 ${f.lot.number} · ${f.lot.title}` },
    { kind: 'heading', text: '一、当事各方' },
    { kind: 'field', label: '组织方', value: `${f.organiser.name}（统一社会信用代码 ${f.organiser.creditCode}）` },
    { kind: 'field', label: '出让方', value: `${f.seller.name}（统一社会信用代码 ${f.seller.creditCode}）` },
    { kind: 'field', label: '买受人', value: `${f.buyer.name}（统一社会信用代码 ${f.buyer.creditCode}）` },
    { kind: 'heading', text: '二、竞价结果' },
    { kind: 'text', text: `经公开竞价，买受人以最高应价竞得上述标的，成交。` },
    { kind: 'field', label: '成交价（小写）', value: formatFen(f.priceFen) },
    { kind: 'field', label: '成交价（大写）', value: `人民币${f.priceCapitals}` },
    { kind: 'field', label: '起拍价', value: formatFen(f.startingPriceFen) },
    { kind: 'field', label: '最后出价时间', value: f.lastBidAt ? `${formatDateTime(f.lastBidAt)}（北京时间，服务器时间）` : '—' },
    { kind: 'field', label: '竞价结束时间', value: f.closedAt ? `${formatDateTime(f.closedAt)}（北京时间）` : '—' },
    { kind: 'heading', text: '三、价款支付' },
    { kind: 'field', label: '保证金抵作价款', value: formatFen(f.depositFen) },
    { kind: 'field', label: '应付余款', value: `${formatFen(f.balanceFen)}（人民币${chineseCapitalAmount(f.balanceFen)}）` },
    { kind: 'field', label: '余款支付期限', value: `${formatDateTime(f.paymentDeadline)} 前（北京时间）` },
    { kind: 'field', label: '当前状态', value: DEAL_STATUS[f.dealStatus] ?? f.dealStatus },
    { kind: 'text', text: '买受人逾期未付清余款的，视为悔拍，所交保证金不予退还，标的可重新竞价，悔拍人不得参加该标的的再次竞价。' },
    { kind: 'heading', text: '四、核验' },
    { kind: 'text', text: `本标的竞价日志共 ${f.logEntries} 条，以哈希链相连；末条记录的哈希为：` },
    { kind: 'mono', text: f.lastHash },
    { kind: 'text', text: `任何人可在标的页面下载完整日志（/auctions/lots/${f.lot.id}/log）并核对上述哈希。` },
    { kind: 'gap' },
    { kind: 'text', text: `组织方：${f.organiser.name}` },
  ]
}

export async function confirmationPdf(db: Db, viewer: Principal, lotId: string): Promise<{ facts: ConfirmationFacts; pdf: Buffer }> {
  const facts = await confirmationFacts(db, viewer, lotId)
  return { facts, pdf: await renderPdf(confirmationLines(facts), { title: `成交确认书 ${facts.number}`, subject: facts.lot.title }) }
}
