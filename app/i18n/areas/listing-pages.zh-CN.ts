// Chinese strings of the listingPages group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhListingPages = {
  listingPages: {
    placeholder: '—',
  },
} as const
