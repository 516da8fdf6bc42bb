// The category of a request (诉求), for the enterprise's form and the staff's form after a visit.
import { ChooseOptions, ChooseSelect } from '~/components/choose-select.tsx'
import { REQUEST_CATEGORIES } from '~/domain/service-requests.ts'
import type { T } from '~/i18n/catalogue.ts'
import { useT } from '~/i18n/react.tsx'

const categoryOptions = (t: T) => REQUEST_CATEGORIES.map((c) => ({ value: c, label: t(`requests.categories.${c}`) }))

export function CategorySelect() {
  const t = useT()
  return <ChooseSelect label={t('requests.category')} name="category" placeholder={t('requests.chooseCategory')} options={categoryOptions(t)} />
}

/** The categories to choose from, for the enterprise's form (which lays out its own select). */
export function CategoryOptions() {
  const t = useT()
  return <ChooseOptions placeholder={t('requests.chooseCategory')} options={categoryOptions(t)} />
}
