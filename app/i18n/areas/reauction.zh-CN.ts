// Chinese strings of the reauction group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhReauction = {
  reauction: {
    title: '悔拍与重新拍卖',
    errors: {
      'above-ceiling': '重新拍卖的起拍价不得高于前次起拍价的 80 %（{{ceiling}}）；确需高于此价的，请填写理由',
      barred: '贵单位曾对该成果悔拍，不得参加其下一次拍卖',
      'same-session': '重新拍卖须安排在之后的场次，不能放回原场次',
      'reason-too-long': '理由最多 {{max}} 字',
    },
    notifications: {
      'deal-defaulted': {
        title: '悔拍：{{title}}',
        body: '您未在期限内付清余款，视为悔拍：成交已解除，保证金不予退还，且不得参加该成果的下一次拍卖。',
      },
    },
    kind: { REGULAR: '常规场', EXTRA: '补充场' },
    sessionKind: '场次类型',
    sessionKindHint: '每季度只有一场常规场；流拍或悔拍的成果可在同一季度的补充场重新拍卖',
    lotForm: {
      predecessor: '重新拍卖：前次为 {{quarter}} 第 {{number}} 号标的，起拍价 {{start}}',
      ceiling: '起拍价上限（前次的 80 %）：{{ceiling}}',
      reason: '高于上限的理由',
      reasonHint: '起拍价高于上限时必填，记入审计日志',
    },
    links: {
      successor: '重新拍卖：第 {{number}} 号标的（{{quarter}}）',
      predecessor: '前次拍卖：第 {{number}} 号标的（{{quarter}}）',
      reason: '起拍价高于前次 80 % 的理由：{{reason}}',
      defaulted: '悔拍：买受人未在期限内付清余款，成交已解除，保证金不予退还；该成果可重新拍卖，悔拍人不得参加其下一次拍卖。',
    },
    offer: {
      heading: '重新拍卖',
      intro: '该成果已回到可拍卖状态。新起拍价不得高于 {{ceiling}}（前次起拍价 {{start}} 的 80 %），否则须填写理由。',
      session: '放入场次',
      go: '去添加标的',
      none: '本局没有可添加标的的场次（未发布的计划场次）。',
      create: '新建场次（可选补充场）',
    },
  },
}
