import { describe, expect, test } from 'vitest'
import { assignmentTableRows, parseAssignmentTable, splitCell } from '../../app/domain/assignment-table.ts'

const header = ['序号', '组长', '责任处室（中心）', '县市区', '联系企业']

describe('the assignment table as the notice lays it out', () => {
  test('a numbered row starts a group, the rows below add counties; cells split on commas of either width', () => {
    const parsed = parseAssignmentTable([
      ['丽水市科技局助企纾困对口联系安排表'],
      header,
      ['1', '翁伟荣', '高新与成果处(基础处)，农村社发与合作处(规划处)', '莲都区', '甲公司, 乙公司'],
      ['', '', '', '开发区', '丙公司、丁公司'],
      [],
      ['2', '廖旭青', '科技发展研究中心', '景宁县', ''],
    ])
    expect(parsed).toEqual({
      ok: true,
      groups: [
        {
          line: 3,
          position: 1,
          leader: '翁伟荣',
          departments: ['高新与成果处(基础处)', '农村社发与合作处(规划处)'],
          counties: [
            { line: 3, county: '莲都区', enterprises: ['甲公司', '乙公司'] },
            { line: 4, county: '开发区', enterprises: ['丙公司', '丁公司'] },
          ],
        },
        { line: 6, position: 2, leader: '廖旭青', departments: ['科技发展研究中心'], counties: [{ line: 6, county: '景宁县', enterprises: [] }] },
      ],
    })
  })

  test.each([
    [[['no header here']], [{ line: 1, code: 'header-missing' }]],
    [[header], [{ line: 1, code: 'empty' }]],
    [[header, ['', '', '', '莲都区', '']], [{ line: 2, code: 'no-group' }]],
    [[header, ['0', '甲', '处', '莲都区', '']], [{ line: 2, code: 'position-invalid', value: '0' }]],
    [[header, ['1', '', '', '莲都区', '']], [{ line: 2, code: 'leader-missing' }, { line: 2, code: 'departments-missing' }]],
    [[header, ['1', '甲', '处', '', '']], [{ line: 2, code: 'county-missing' }]],
    [
      [header, ['1', '甲', '处', '莲都区', 'A公司'], ['2', '乙', '处', '莲都区', 'A公司']],
      [
        { line: 3, code: 'county-repeated', value: '莲都区' },
        { line: 3, code: 'enterprise-repeated', value: 'A公司' },
      ],
    ],
    [[header, ['1', '甲', '处', '莲都区', ''], ['', '乙', '', '青田县', '']], [{ line: 3, code: 'group-mismatch' }]],
    [[header, ['1', '甲', '处', '莲都区', ''], ['1', '乙', '处', '青田县', '']], [{ line: 3, code: 'position-repeated', value: '1' }]],
  ])('every problem with its line: %#', (rows, problems) => {
    expect(parseAssignmentTable(rows)).toEqual({ ok: false, problems })
  })

  test('a continuation row may repeat its group’s cells (a sheet without merged cells)', () => {
    expect(parseAssignmentTable([header, ['1', '甲', '处一, 处二', '莲都区', ''], ['', '甲', '处一，处二', '青田县', '']]).ok).toBe(true)
  })

  test('export and import give back the same table', () => {
    const groups = [{ position: 1, leader: '甲', departments: ['处一', '处二'], counties: [{ county: '莲都区', enterprises: ['A', 'B'] }, { county: '青田县', enterprises: [] }] }]
    const parsed = parseAssignmentTable(assignmentTableRows(groups))
    expect(parsed.ok && parsed.groups.map((g) => ({ position: g.position, leader: g.leader, departments: g.departments, counties: g.counties.map(({ county, enterprises }) => ({ county, enterprises })) }))).toEqual(groups)
    expect(splitCell(' a ,, b；c ')).toEqual(['a', 'b', 'c'])
  })
})
