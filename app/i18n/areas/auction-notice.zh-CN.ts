// Chinese strings of the auctionNotice group: the 竞价公告, registration deadline and calendar (see docs/i18n.md).
export const zhAuctionNotice = {
  auctionNotice: {
    errors: {
      'already-published': '竞价公告已经发布',
      'not-planned': '场次已开始或已结束，不能再发布公告',
      'no-lots': '请先添加至少一个标的，再发布竞价公告',
      'days-out-of-range': '报名截止须在竞价开始前 1–60 天',
      'too-late': '现在发布已来不及：报名须在首个标的开始竞价（{{opensAt}}）前 {{days}} 天截止，请缩短天数或推迟场次',
      'published-terms-fixed': '竞价公告已发布，标的及其条件不能再更改；如需撤回标的，请填写理由',
      'registration-closed': '报名已于 {{deadlineAt}} 截止',
    },
  },
} as const
