// The category of a request (诉求), for the enterprise's form and the staff's form after a visit.
import { REQUEST_CATEGORIES } from '~/domain/service-requests.ts'
import { useT } from '~/i18n/react.tsx'

export function CategorySelect() {
  const t = useT()
  return (
    <label>
      {t('requests.category')}
      <select name="category" required defaultValue="">
        <CategoryOptions />
      </select>
    </label>
  )
}

/** The categories to choose from, after a "choose" that cannot be chosen (the enterprise's form has its own select). */
export function CategoryOptions() {
  const t = useT()
  return (
    <>
      <option value="" disabled>
        {t('requests.chooseCategory')}
      </option>
      {REQUEST_CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {t(`requests.categories.${c}`)}
        </option>
      ))}
    </>
  )
}
