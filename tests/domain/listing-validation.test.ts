import { describe, expect, test } from 'vitest'
import { checkWantedBy, NeedFormSchema, ResultFiltersSchema, ResultFormSchema } from '~/utils/listing-validation.ts'
import { fixedT, translateMessage } from '~/i18n/catalogue.ts'

/** Form messages are keys (with parameters); the page shows them in Chinese by default. */
const inChinese = (message: string) => translateMessage(fixedT('zh-CN'), message)

const validResult = {
  title: '阀门密封面激光熔覆技术',
  summary: '采用激光熔覆钴基合金，密封面硬度提高到 HRC 45，泄漏率降低 90%，适用于高温高压阀门。',
  field: 'equipment',
  keywords: '激光熔覆、密封面，阀门',
  ipKind: 'INVENTION_PATENT',
  ipNumbers: 'ZL202110123456.7',
  maturity: 'PILOT',
  transferModes: ['TRANSFER', 'LICENCE'],
  askingPrice: '800,000.50',
  contactName: '王工',
  contactPhone: '0578-2271234',
}

function errorsOf(schema: typeof ResultFormSchema | typeof NeedFormSchema, input: Record<string, unknown>) {
  const r = schema.safeParse(input)
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), inChinese(i.message)]))
}

describe('the result form', () => {
  test('a complete form reads into fen, lists and enums', () => {
    const r = ResultFormSchema.parse(validResult)
    expect(r.askingPrice).toBe(80_000_050)
    expect(r.keywords).toEqual(['激光熔覆', '密封面', '阀门'])
    expect(r.ipNumbers).toEqual(['ZL202110123456.7'])
  })

  test('no price means 面议 (null), not zero', () => {
    expect(ResultFormSchema.parse({ ...validResult, askingPrice: '' }).askingPrice).toBeNull()
  })

  test.each([
    [{ title: '阀门' }, 'title', '成果名称至少 4 个字'],
    [{ askingPrice: '12.345' }, 'askingPrice', '挂牌价格应为金额（元），最多两位小数'],
    [{ askingPrice: '-100' }, 'askingPrice', '挂牌价格应为金额（元），最多两位小数'],
    [{ field: 'space-mining' }, 'field', '请选择所属产业链'],
    [{ transferModes: [] }, 'transferModes', '请至少选择一种转化方式'],
    [{ keywords: '' }, 'keywords', '请至少填写 1 个关键词'],
    [{ contactPhone: '12345' }, 'contactPhone', '请填写有效的手机号或座机号（如 0578-2271234）'],
    // Finding 16 of issue 11: stored before.
    [{ askingPrice: '0' }, 'askingPrice', '挂牌价格应大于零；面议请留空'],
    [{ title: '阀门\u0007密封技术' }, 'title', '成果名称含有不可见的控制字符，请删除后重试'],
    [{ title: '\u202E阀门密封技术' }, 'title', '成果名称含有改变文字方向的控制字符，请删除后重试'],
    [{ contactName: '\u200B\u200B\u200B' }, 'contactName', '联系人只有空白或不可见字符，请填写内容'],
    [{ summary: `${'采用激光熔覆工艺制备涂层，'.repeat(3)}\u0000` }, 'summary', '成果简介含有不可见的控制字符，请删除后重试'],
  ])('%o is refused at %s', (change, path, message) => {
    expect(errorsOf(ResultFormSchema, { ...validResult, ...change })[path]).toBe(message)
  })
})

describe('the need form', () => {
  const validNeed = {
    title: '超低温球阀密封泄漏攻关',
    description: 'LNG 接收站用超低温球阀在 -196℃ 下密封泄漏超标，需要新的密封结构或材料。',
    field: 'equipment',
    keywords: '超低温,球阀,密封',
    budgetMin: '500000',
    budgetMax: '1500000',
    wantedBy: '2027-06-30',
    acceptedModes: ['JOINT_DEVELOPMENT'],
    contactName: '李经理',
    contactPhone: '13857812345',
  }
  test('budget reads into fen', () => {
    const n = NeedFormSchema.parse(validNeed)
    expect([n.budgetMin, n.budgetMax]).toEqual([50_000_000, 150_000_000])
  })
  test('the upper budget may not be below the lower', () => {
    expect(errorsOf(NeedFormSchema, { ...validNeed, budgetMax: '100' }).budgetMax).toBe('预算上限不能低于下限')
  })
  test('the deadline lies after today in Shanghai', () => {
    expect(checkWantedBy('2026-11-23', '2026-11-23')).toBe('validation.listingForm.wantedByAfterToday')
    expect(checkWantedBy('2026-11-24', '2026-11-23')).toBeNull()
    expect(checkWantedBy(undefined, '2026-11-23')).toBeNull()
  })
})

describe('list filters never fail a page: a wrong value is dropped', () => {
  test.each([
    [{ page: '0' }, { page: 1 }],
    [{ page: 'x' }, { page: 1 }],
    [{ field: 'nope' }, { field: undefined }],
    [{ sort: 'random' }, { sort: 'newest' }],
    [{ minPrice: '-5' }, { minPrice: undefined }],
    [{ minPrice: '1000' }, { minPrice: 1000 }],
    [{ minPrice: '', maxPrice: '' }, { minPrice: undefined, maxPrice: undefined }], // the empty fields of the GET form
  ])('%o → %o', (input, expected) => expect(ResultFiltersSchema.parse(input)).toMatchObject(expected))
})
