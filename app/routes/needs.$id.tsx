import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AuditTrail, ListingActions } from '~/components/listing-actions.tsx'
import { MatchedResults } from '~/components/match-list.tsx'
import { ListingDetail } from '~/components/listing-detail.tsx'
import { isOpenNeed } from '~/domain/access.ts'
import { availableNeedActions } from '~/domain/listing-status.ts'
import { matchesForNeed } from '~/services/matching.server.ts'
import { canPostChallenge, challengeIdOfNeed } from '~/services/challenges.server.ts'
import { getNeed, transitionNeed } from '~/services/needs.server.ts'
import { fixedT } from '~/i18n/catalogue.ts'
import { useFormat, useT } from '~/i18n/react.tsx'
import type { loader as rootLoader } from '~/root.tsx'
import { getCurrentUser } from '~/utils/auth.server.ts'
import { useBudgetText } from '~/components/budget-text.tsx'
import { getDb } from '~/utils/db.server.ts'
import { listingPageState } from '~/services/listing-lifecycle.server.ts'
import { readPost } from '~/utils/form-action.server.ts'
import { lifecycleReply } from '~/utils/listing-route.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ data, matches }) => {
  const t = fixedT(matches.find((m) => m.id === 'root')?.data?.locale ?? 'zh-CN')
  return [{ title: `${data?.need.title ?? t('nav.needs')} · ${t('app.name')}` }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await getCurrentUser(request, db)
  const need = await orRespond(getNeed(db, user, params.id!))
  const { by, ...state } = await listingPageState(db, user, { id: need.id, status: need.status, ownerOrgId: need.enterprise.id }, 'TechnicalNeed', availableNeedActions)
  return {
    need,
    matches: by || isOpenNeed(need.status) ? await matchesForNeed(db, user, need.id, 8) : [],
    challenge: { postAs: await canPostChallenge(db, user, need.id), id: await challengeIdOfNeed(db, need.id) },
    ...state,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, formData } = await readPost(request)
  return lifecycleReply(formData, (intent, reason) => transitionNeed(db, user, params.id!, intent, reason, new Date()))
}

export default function NeedDetail() {
  const { need: n, actions, canEdit, askReason, audit, showReviewNote, matches, challenge } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const budgetText = useBudgetText()
  const and = t('listingPages.common.listSeparator')
  return (
    <ListingDetail
      listing={n}
      back={{ to: '/needs', label: t('nav.needs') }}
      showReviewNote={showReviewNote}
      text={n.description}
      owner={{ label: t('listingPages.detail.enterprise'), name: t('listingPages.detail.withCounty', { name: n.enterprise.name, county: n.enterprise.county }) }}
      facts={
        <>
          <dt>{t('listingPages.detail.budget')}</dt>
          <dd className="price">{budgetText(n.budgetMinFen, n.budgetMaxFen)}</dd>
          <dt>{t('listingPages.detail.wantedBy')}</dt>
          <dd>{f.date(n.wantedBy)}</dd>
          <dt>{t('listingPages.list.mode')}</dt>
          <dd>{n.acceptedModes.map((m) => t(`enums.transferMode.${m}`)).join(and)}</dd>
        </>
      }
      canEdit={canEdit}
    >
      {(challenge.id || challenge.postAs) && (
        <p>
          {challenge.id ? (
            <Link to={`/challenges/${challenge.id}`}>{t('challenges.viewChallenge')}</Link>
          ) : (
            <Link className="button secondary" to={`/needs/${n.id}/challenge`}>
              {t('challenges.postLink')}
            </Link>
          )}
        </p>
      )}
      <ListingActions actions={actions} askReason={askReason} title={n.title} />
      <MatchedResults items={matches} />
      <AuditTrail rows={audit} />
    </ListingDetail>
  )
}
