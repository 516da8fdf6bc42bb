// GET /auctions/lots/:lotId/confirmation.pdf — the 成交确认书 of a sold lot (buyer, seller, staff), in the reader's language.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { confirmationFileName, confirmationPdf } from '~/services/confirmations.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { downloadResponse } from '~/utils/download.server.ts'
import { getLocale } from '~/utils/i18n.server.ts'
import { orRespond } from '~/utils/service-response.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const user = await requireUser(request, db)
  const locale = await getLocale(request)
  const { facts, pdf } = await orRespond(confirmationPdf(db, user, params.lotId!, locale))
  return downloadResponse(
    {
      body: new Uint8Array(pdf),
      type: 'application/pdf',
      name: confirmationFileName(facts, locale),
      asciiName: `${facts.number}.pdf`,
    },
    'private, no-store',
  )
}
