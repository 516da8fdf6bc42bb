// Chinese strings of the auctionPages group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhAuctionPages = {
  auctionPages: {
    placeholder: '—',
  },
} as const
