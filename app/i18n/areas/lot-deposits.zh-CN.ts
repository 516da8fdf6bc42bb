// Chinese strings of the lotDeposits group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhLotDeposits = {
  lotDeposits: {
    title: '保证金（按标的）',
    checkout: {
      title: '缴纳保证金',
      intro: '{{session}}：保证金按标的缴纳。缴纳某一标的的保证金后，即可参与该标的的竞价；未成交的，保证金在该标的结束后原路退还；成交的，抵作该标的价款；逾期不付款的，该标的保证金不予退还。',
      lotSummary: '第 {{number}} 号标的 {{title}}：保证金 {{amount}}。',
      legacyCovers: '贵单位已按原规则缴纳本场保证金 {{amount}}（{{status}}），可参与本场所有标的的竞价，无需再按标的缴纳；该保证金在本场全部结束后处理。',
      lotsTitle: '各标的保证金',
      colLot: '标的',
      colAmount: '保证金',
      colStatus: '状态',
      unpaid: '未缴',
      closed: '已结束',
      coveredBySession: '已由本场保证金覆盖',
      pay: '缴纳',
      alreadyPaid: '该标的保证金{{status}}，无需再次缴纳。',
      lotOver: '该标的已结束，不能再缴纳保证金。',
      submit: '支付保证金',
      backToLots: '返回各标的保证金',
      backToPayments: '返回我的款项',
    },
    myPayments: {
      sessionLine: '{{session}}：已缴 {{paid}} / {{total}} 个标的的保证金',
      choose: '选择标的缴纳',
    },
    lot: {
      paid: '您已缴纳本标的保证金。',
      payThis: '缴纳本标的保证金',
    },
    errors: {
      'lot-over': '该标的已结束，不能再缴纳保证金',
      'none-required': '该标的无需缴纳保证金',
      'covered-by-session': '贵单位已缴纳本场保证金（原规则），可参与本场所有标的，无需按标的缴纳',
      'lot-live': '该标的竞价进行中，不能退还保证金',
      'refund-after-lot-close': '标的结束后才能退还其保证金',
    },
  },
}
