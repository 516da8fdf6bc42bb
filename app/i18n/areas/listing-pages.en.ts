// English strings of the listingPages group; typed by the Chinese file, so a missing or extra key fails tsc.
import type { Catalogue } from '../catalogue.ts'

export const enListingPages: Pick<Catalogue, 'listingPages'> = {
  listingPages: {
    common: {
      negotiable: 'Price negotiable',
      listSeparator: ', ',
      updatedAt: 'Updated {{at}}',
      publishedAt: 'Published {{at}}',
      submittedAt: 'Submitted {{at}}',
      returnReason: 'Reason for return: {{reason}}',
      reviewNote: 'Review comments: {{note}}',
      edit: 'Edit',
      saveDraft: 'Save draft',
      saveAndSubmit: 'Save and submit for review',
    },
    budget: {
      negotiable: 'Budget negotiable',
      range: '{{min}} – {{max}}',
      from: 'From {{amount}}',
      upTo: 'Up to {{amount}}',
    },
    pager: {
      label: 'Pages',
      previous: 'Previous',
      next: 'Next',
      pageOf: 'Page {{page}} of {{count}}',
    },
    filter: {
      any: 'All',
    },
    myInterests: {
      titleEnterprise: 'Interests I have sent',
      titleInstitution: 'Interests received',
      titleAll: 'All interests',
      empty: 'No interests yet.',
      reply: 'Reply: {{reply}}',
      noReply: 'Not answered yet',
    },
    needForm: {
      newTitle: 'Post a technical need',
      editTitle: 'Edit technical need',
    },
    resultForm: {
      newTitle: 'Post a research result',
      editTitle: 'Edit research result',
    },
    myNeeds: {
      title: 'My needs ({{organization}})',
      add: 'Post a new need',
      empty: 'No needs yet.',
    },
    myResults: {
      title: 'My results ({{organization}})',
      add: 'Post a new result',
      empty: 'No results yet.',
    },
  },
}
