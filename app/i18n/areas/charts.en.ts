// English strings of the charts group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enCharts: Pick<Catalogue, 'charts'> = {
  charts: {
    showTable: 'Show the chart’s figures as a table',
    price: {
      heading: 'Price over time',
      series: 'Price',
      summary: 'Price chart: starting price {{start}}, {{bids}} bids, latest bid {{latest}} ({{at}})',
      summaryNoBids: 'Price chart: starting price {{start}}, no bids yet',
      colSeq: 'No.',
      colTime: 'Time',
      colBidder: 'Bidder',
      colPrice: 'Price',
      opening: 'Starting price',
    },
    results: {
      heading: 'Starting and final price of each lot',
      starting: 'Starting price',
      final: 'Final price',
      summary: 'Bar chart: {{total}} lots in this session, {{sold}} sold, {{unsold}} unsold; starting prices total {{starting}}, final prices total {{final}}',
      lot: 'Lot {{number}}',
      colLot: 'Lot',
      colStarting: 'Starting price',
      colFinal: 'Final price',
      colOutcome: 'Result',
      sold: 'Sold',
      unsold: 'Unsold',
      none: '—',
    },
    deposits: {
      summary: 'Bar chart: {{sessions}} sessions, deposits held {{held}} in total, refunded {{refunded}}, forfeited {{forfeited}}; the figures are in the table below',
    },
    rewards: {
      heading: 'Rewards against the yearly cap, by enterprise, {{year}}',
      headingMine: 'Rewards against the yearly cap, by year',
      summary: 'Bar chart: in {{year}}, rewards counted against the cap total {{counted}} for {{enterprises}} enterprises; {{full}} have reached the cap',
      summaryMine: 'Bar chart: in {{year}}, rewards counted against the cap {{counted}}, yearly cap {{cap}}, left {{left}}; the figures for each year are in the table above',
      empty: 'No rewards in {{year}}.',
      colEnterprise: 'Enterprise',
    },
  },
}
