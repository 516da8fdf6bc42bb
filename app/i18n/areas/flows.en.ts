// English strings of the flows group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enFlows: Pick<Catalogue, 'flows'> = {
  flows: {
    confirmListing: {
      publish: 'Approve and publish “{{title}}”? Everyone will see it.',
      return: 'Return “{{title}}” to its owner for changes? They will see the reason.',
      withdraw: 'Withdraw “{{title}}”? It will no longer be public.',
      close: 'Close “{{title}}”? It will no longer be public.',
      'mark-met': 'Mark “{{title}}” as met?',
    },
  },
}
