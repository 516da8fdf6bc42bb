// Chinese strings of the vouchers group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhVouchers = {
  vouchers: {
    placeholder: '—',
  },
} as const
