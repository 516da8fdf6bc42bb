import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SubmissionKeyInput } from '~/components/submission-key-input.tsx'
import { CheckboxGroup, SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { FIELDS } from '~/domain/fields.ts'
import { IP_KIND_LABELS, MATURITY_LABELS, TRANSFER_MODE_LABELS } from '~/domain/labels.ts'
import { fenToYuanInput } from '~/domain/money.ts'
import type { ResultView } from '~/services/results.server.ts'
import { ResultFormSchema } from '~/utils/listing-validation.ts'

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }))

export function ResultFormFields({ lastResult, existing }: { lastResult?: SubmissionResult<string[]> | null; existing?: ResultView }) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue: existing && {
      ...existing,
      keywords: existing.keywords.join('，'),
      ipNumbers: existing.ipNumbers.join('，'),
      askingPrice: existing.askingPriceFen === null ? '' : fenToYuanInput(existing.askingPriceFen),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResultFormSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <CsrfInput />
      {/* Creating only: the edit form changes one known record. */}
      {!existing && <SubmissionKeyInput />}
      {form.errors && (
        <p className="alert" role="alert" id={form.errorId}>
          {form.errors.join('；')}
        </p>
      )}
      <TextField meta={fields.title} label="成果名称" />
      <TextArea meta={fields.summary} label="成果简介" hint="技术内容、关键指标、解决的问题、应用场景" />
      <div className="grid2">
        <SelectField meta={fields.field} label="所属产业链" options={FIELDS.map((f) => ({ value: f.code, label: f.label }))} />
        <TextField meta={fields.keywords} label="关键词" hint="用逗号或顿号分隔，1–8 个" />
        <SelectField meta={fields.ipKind} label="知识产权类型" options={options(IP_KIND_LABELS)} />
        <TextField meta={fields.ipNumbers} label="知识产权编号" hint="如 ZL202110123456.7，多个用逗号分隔" />
        <SelectField meta={fields.maturity} label="成熟度" options={options(MATURITY_LABELS)} />
        <TextField meta={fields.askingPrice} label="挂牌价格（元）" hint="留空表示面议" />
      </div>
      <CheckboxGroup meta={fields.transferModes} label="转化方式" options={options(TRANSFER_MODE_LABELS)} />
      <div className="grid2">
        <TextField meta={fields.contactName} label="联系人" />
        <TextField meta={fields.contactPhone} label="联系电话" />
      </div>
      <div className="row">
        <button type="submit" name="intent" value="save">
          保存草稿
        </button>
        <button type="submit" name="intent" value="save-submit" className="secondary">
          保存并提交审核
        </button>
      </div>
    </Form>
  )
}
