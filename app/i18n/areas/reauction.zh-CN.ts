// Chinese strings of the reauction group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhReauction = {
  reauction: {
    title: '悔拍与重新拍卖',
  },
}
