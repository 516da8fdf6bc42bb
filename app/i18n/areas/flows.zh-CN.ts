// Chinese strings of the flows group (issue 12's flow tests: what they found missing). The English file beside it has
// exactly these keys.
export const zhFlows = {
  flows: {
    // The lifecycle buttons of a result or a need ask first (app/components/listing-actions.tsx).
    confirmListing: {
      publish: '确认审核通过并发布“{{title}}”？发布后所有人可见。',
      return: '确认退回“{{title}}”给申报单位修改？退回原因将告知对方。',
      withdraw: '确认撤回“{{title}}”？撤回后不再公开。',
      close: '确认关闭“{{title}}”？关闭后不再公开。',
      'mark-met': '确认把“{{title}}”标记为已满足？',
    },
  },
}
