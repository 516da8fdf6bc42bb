// Chinese strings of the validation group (see docs/i18n.md). The English file beside it has exactly these keys.
// Form (zod) messages and the rule messages the domain returns as keys; {{label}} parameters are keys of
// validation.labels, translated too.
export const zhValidation = {
  validation: {
    payment: {
      notPaidNoRefund: '尚未付款，不能退款',
      depositNotPaidNoApply: '保证金尚未缴纳，不能抵作价款',
      depositNotPaidNoForfeit: '保证金尚未缴纳，不能没收',
      processingWait: '支付正在处理中，请稍候',
      processingNoRefund: '支付正在处理中，不能退款',
      depositProcessingNoApply: '保证金尚未到账，不能抵作价款',
      depositProcessingNoForfeit: '保证金尚未到账，不能没收',
      failedNoRefund: '支付未成功，无需退款',
      depositFailedNoApply: '保证金未缴纳成功，不能抵作价款',
      depositFailedNoForfeit: '保证金未缴纳成功，不能没收',
      alreadyPaid: '已付款，无需重复支付',
      alreadyRefunded: '该款项已退还',
      depositRefundedNoApply: '保证金已退还，不能抵作价款',
      depositRefundedNoForfeit: '保证金已退还，不能没收',
      depositApplied: '保证金已抵作价款',
      depositAppliedNoRefund: '保证金已抵作价款，不能退还',
      depositAppliedNoForfeit: '保证金已抵作价款，不能没收',
      depositForfeited: '保证金已没收',
      depositForfeitedNoRefund: '保证金已没收，不能退还',
      depositForfeitedNoApply: '保证金已没收，不能抵作价款',
      kindCannot: '{{kind}}不能{{command}}',
      wrongStatus: '当前状态不允许该操作',
    },
    amount: {
      notNumber: '金额必须是数字',
      notInteger: '金额必须是整数（单位：分）',
      outOfRange: '金额超出范围',
      notPositive: '金额必须大于零',
      currency: '不支持的币种：{{currency}}（仅支持人民币 CNY）',
    },
    decline: {
      card_declined: '银行卡被发卡行拒绝，请换一张卡或联系发卡行。',
      insufficient_funds: '卡内余额不足，请换一张卡或充值后重试。',
      expired_card: '银行卡已过期，请换一张卡。',
      incorrect_cvc: '安全码（CVC）不正确，请核对后重试。',
      incorrect_number: '卡号不正确，请核对后重试。',
      processing_error: '支付机构处理出错，未扣款，请稍后重试。',
      other: '支付未成功，请换一张卡或稍后重试。',
    },
    listing: {
      notAllowed: '您无权执行此操作',
      wrongStatus: '当前状态（{{status}}）不能执行此操作',
      reasonRequired: '请填写原因',
    },
  },
} as const
