// A user's own preferences. Today: the interface language, kept on the user row so that messages made
// without a request (e-mails, PDFs, jobs) use it too.
import type { Locale } from '~/i18n/catalogue.ts'
import type { Db } from '~/utils/db.server.ts'

export async function saveLocale(db: Pick<Db, 'user'>, userId: string, locale: Locale): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } })
}
