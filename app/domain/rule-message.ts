// What a domain rule says when it refuses: a key of the catalogue's validation group, never a sentence.
// The edge translates it (ServiceError, translateMessage); parameters may themselves be enum keys
// (enums.listingStatus.DRAFT), translated too.
import type { MessageKey } from '~/i18n/catalogue.ts'

export type RuleKey = Extract<MessageKey, `validation.${string}`>
export type RuleParams = Record<string, string | number>
