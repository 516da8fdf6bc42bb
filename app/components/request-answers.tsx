// A request's answers, oldest first, with who answered, when, and the enterprise's rating: the enterprise's page and
// the staff's show the same list (the staff's with the note the enterprise wrote beside its rating).
import type { RequestRating } from '~/domain/service-requests.ts'
import { useFormat, useT } from '~/i18n/react.tsx'

type Answer = { id: string; text: string; by: string; at: string; rating: RequestRating | null; ratingNote?: string | null }

export function RequestAnswers({ answers, withNote = false }: { answers: Answer[]; withNote?: boolean }) {
  const t = useT()
  const f = useFormat()
  if (answers.length === 0) return <p>{t('requests.noAnswer')}</p>
  return (
    <ol>
      {answers.map((a) => (
        <li key={a.id}>
          <p>{a.text}</p>
          <p className="hint">
            {t('requests.answerBy', { name: a.by, at: f.dateTime(a.at) })}
            {a.rating && <> · {t('requests.rated', { rating: t(`requests.ratings.${a.rating}`) })}</>}
            {withNote && a.ratingNote && <> · {a.ratingNote}</>}
          </p>
        </li>
      ))}
    </ol>
  )
}
