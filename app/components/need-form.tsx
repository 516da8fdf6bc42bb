import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form } from '@remix-run/react'
import { CsrfInput } from '~/components/csrf-input.tsx'
import { SubmissionKeyInput } from '~/components/submission-key-input.tsx'
import { CheckboxGroup, SelectField, TextArea, TextField } from '~/components/form-field.tsx'
import { FIELDS } from '~/domain/fields.ts'
import { TRANSFER_MODE_LABELS } from '~/domain/labels.ts'
import { fenToYuanInput } from '~/domain/money.ts'
import type { NeedView } from '~/services/needs.server.ts'
import { NeedFormSchema } from '~/utils/listing-validation.ts'

export function NeedFormFields({ lastResult, existing }: { lastResult?: SubmissionResult<string[]> | null; existing?: NeedView }) {
  const [form, fields] = useForm({
    lastResult,
    defaultValue: existing && {
      ...existing,
      keywords: existing.keywords.join('，'),
      budgetMin: existing.budgetMinFen === null ? '' : fenToYuanInput(existing.budgetMinFen),
      budgetMax: existing.budgetMaxFen === null ? '' : fenToYuanInput(existing.budgetMaxFen),
      wantedBy: existing.wantedBy ?? '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NeedFormSchema }),
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
      <TextField meta={fields.title} label="需求名称" />
      <TextArea meta={fields.description} label="需求描述" hint="现状、要解决的技术问题、期望指标" />
      <div className="grid2">
        <SelectField meta={fields.field} label="所属产业链" options={FIELDS.map((f) => ({ value: f.code, label: f.label }))} />
        <TextField meta={fields.keywords} label="关键词" hint="用逗号或顿号分隔，1–8 个" />
        <TextField meta={fields.budgetMin} label="预算下限（元）" />
        <TextField meta={fields.budgetMax} label="预算上限（元）" />
        <TextField meta={fields.wantedBy} label="期望完成日期" type="date" />
      </div>
      <CheckboxGroup
        meta={fields.acceptedModes}
        label="可接受的合作方式"
        options={Object.entries(TRANSFER_MODE_LABELS).map(([value, label]) => ({ value, label }))}
      />
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
