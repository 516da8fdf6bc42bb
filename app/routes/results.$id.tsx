import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Interests } from '~/components/interests.tsx'
import { AuditTrail, ListingActions } from '~/components/listing-actions.tsx'
import { MatchedNeeds } from '~/components/match-list.tsx'
import { ListingDetail } from '~/components/listing-detail.tsx'
import { useAskingPriceText } from '~/components/budget-text.tsx'
import { isOpenResult, isPublicResult } from '~/domain/access.ts'
import { availableResultActions } from '~/domain/listing-status.ts'
import { expressInterest, interestsForResult, replyToInterest } from '~/services/interests.server.ts'
import { matchesForResult, recordResultView } from '~/services/matching.server.ts'
import { getResult, transitionResult } from '~/services/results.server.ts'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { listingPageState } from '~/services/listing-lifecycle.server.ts'
import { formReply, readPost } from '~/utils/form-action.server.ts'
import { lifecycleReply, type ReplyTarget } from '~/utils/listing-route.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'
import { isWatching } from '~/services/notifications.server.ts'
import { WatchButton } from '~/components/watch-button.tsx'
import { submissionKeyOf } from '~/utils/submission-key.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.result.title ?? t('nav.results')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const result = await orRespond(getResult(db, user, params.id!))
  const { by, ...state } = await listingPageState(db, user, { id: result.id, status: result.status, ownerOrgId: result.owner.id }, 'ResearchResult', availableResultActions)
  const [matches, interests, , watching] = await Promise.all([
    by || isOpenResult(result.status) ? matchesForResult(db, user, result.id, 8) : [],
    interestsForResult(db, user, result.id),
    isPublicResult(result.status) ? recordResultView(db, user, { id: result.id, ownerId: result.owner.id }) : null,
    user ? isWatching(db, user.userId, { resultId: result.id }) : null,
  ])
  return {
    result,
    watching,
    matches,
    interests,
    canExpressInterest: user?.role === 'ENTERPRISE' && isOpenResult(result.status),
    canReply: by === 'owner',
    ...state,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request)
  const intent = formData.get('intent')
  const text = (name: string) => {
    const v = formData.get(name)
    return typeof v === 'string' ? v : ''
  }
  if (intent === 'interest') return formReply(async () => void (await expressInterest(db, user, params.id!, text('message'), new Date(), { submissionKey: submissionKeyOf(formData) })), { form: 'interest' } as ReplyTarget)
  if (intent === 'reply') {
    const interestId = text('interestId')
    return formReply(async () => void (await replyToInterest(db, user, interestId, text('reply'), new Date(), { resultId: params.id! })), { form: 'reply', interestId } as ReplyTarget)
  }
  return lifecycleReply(formData, (lifecycle, reason) => transitionResult(db, user, params.id!, lifecycle, reason, new Date()))
}

export default function ResultDetail() {
  const { result: r, actions, canEdit, askReason, audit, showReviewNote, matches, interests, canExpressInterest, canReply, watching } = useLoaderData<typeof loader>()
  const t = useT()
  const priceText = useAskingPriceText()
  const and = t('listingPages.common.listSeparator')
  return (
    <ListingDetail
      listing={r}
      back={{ to: '/results', label: t('nav.results') }}
      beforeNote={watching !== null && <WatchButton target={{ resultId: r.id }} watching={watching} />}
      showReviewNote={showReviewNote}
      text={r.summary}
      owner={{ label: t('listingPages.detail.owner'), name: r.owner.name }}
      facts={
        <>
          <dt>{t('listingPages.list.ipKind')}</dt>
          <dd>
            {t(`enums.ipKind.${r.ipKind}`)} {r.ipNumbers.join(and)}
          </dd>
          <dt>{t('listingPages.form.maturity')}</dt>
          <dd>{t(`enums.maturity.${r.maturity}`)}</dd>
          <dt>{t('listingPages.form.transferModes')}</dt>
          <dd>{r.transferModes.map((m) => t(`enums.transferMode.${m}`)).join(and)}</dd>
          <dt>{t('listingPages.detail.askingPrice')}</dt>
          <dd className="price">{priceText(r.askingPriceFen)}</dd>
        </>
      }
      canEdit={canEdit}
    >
      <ListingActions actions={actions} askReason={askReason} title={r.title} />
      <Interests items={interests} canExpress={canExpressInterest} canReply={canReply} />
      {matches.length > 0 && <MatchedNeeds items={matches} />}
      <AuditTrail rows={audit} />
    </ListingDetail>
  )
}
