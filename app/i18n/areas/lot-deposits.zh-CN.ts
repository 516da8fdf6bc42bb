// Chinese strings of the lotDeposits group (see docs/i18n.md). The English file beside it has exactly these keys.
export const zhLotDeposits = {
  lotDeposits: {
    title: '押金（按标的）',
  },
}
