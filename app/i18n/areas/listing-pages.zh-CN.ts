// Chinese strings of the listingPages group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhListingPages = {
  listingPages: {
    common: {
      negotiable: '面议',
      listSeparator: '、',
      updatedAt: '更新于 {{at}}',
      publishedAt: '发布于 {{at}}',
      submittedAt: '提交于 {{at}}',
      returnReason: '退回原因：{{reason}}',
      reviewNote: '审核意见：{{note}}',
      edit: '修改',
      saveDraft: '保存草稿',
      saveAndSubmit: '保存并提交审核',
    },
    budget: {
      negotiable: '预算面议',
      range: '{{min}} – {{max}}',
      from: '{{amount}} 起',
      upTo: '不超过 {{amount}}',
    },
    pager: {
      label: '分页',
      previous: '上一页',
      next: '下一页',
      pageOf: '第 {{page}} / {{count}} 页',
    },
    filter: {
      any: '全部',
    },
    myInterests: {
      titleEnterprise: '我提交的合作意向',
      titleInstitution: '收到的合作意向',
      titleAll: '全部合作意向',
      empty: '暂无合作意向。',
      reply: '回复：{{reply}}',
      noReply: '尚未回复',
    },
    needForm: {
      newTitle: '发布技术需求',
      editTitle: '修改技术需求',
    },
    resultForm: {
      newTitle: '发布科技成果',
      editTitle: '修改科技成果',
    },
    myNeeds: {
      title: '我的需求（{{organization}}）',
      add: '发布新需求',
      empty: '还没有需求。',
    },
    myResults: {
      title: '我的成果（{{organization}}）',
      add: '发布新成果',
      empty: '还没有成果。',
    },
  },
} as const
