// Chinese strings of the charts group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhCharts = {
  charts: {
    showTable: '以表格查看图中数据',
    price: {
      heading: '价格走势',
      series: '价格',
      summary: '价格走势图：起拍价 {{start}}，共 {{bids}} 次出价，最新出价 {{latest}}（{{at}}）',
      summaryNoBids: '价格走势图：起拍价 {{start}}，尚无出价',
      colSeq: '序号',
      colTime: '时间',
      colBidder: '出价人',
      colPrice: '价格',
      opening: '起拍价',
    },
    results: {
      heading: '各标的起拍价与成交价',
      starting: '起拍价',
      final: '成交价',
      summary: '柱状图：本场 {{total}} 个标的，成交 {{sold}} 个，流拍 {{unsold}} 个；起拍价合计 {{starting}}，成交价合计 {{final}}',
      lot: '{{number}} 号',
      colLot: '标的',
      colStarting: '起拍价',
      colFinal: '成交价',
      colOutcome: '结果',
      sold: '成交',
      unsold: '流拍',
      none: '—',
    },
    deposits: {
      summary: '柱状图：{{sessions}} 个场次，在管保证金合计 {{held}}，已退 {{refunded}}，已没收 {{forfeited}}；数字见下表',
    },
    rewards: {
      heading: '{{year}} 年度各企业奖励与年度上限',
      headingMine: '各年度奖励与年度上限',
      summary: '条形图：{{year}} 年度 {{enterprises}} 家企业计入上限的奖励合计 {{counted}}，其中 {{full}} 家已达上限',
      summaryMine: '条形图：{{year}} 年度计入上限的奖励 {{counted}}，年度上限 {{cap}}，剩余额度 {{left}}；各年度数字见上表',
      empty: '{{year}} 年度暂无奖励。',
      colEnterprise: '企业',
    },
  },
} as const
