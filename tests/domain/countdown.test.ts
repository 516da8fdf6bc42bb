import { expect, test } from 'vitest'
import { formatCountdown } from '~/components/use-lot-room.ts'

test('a countdown reads in the page language: days say 天 or d', () => {
  const ms = ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000
  expect(formatCountdown(ms)).toBe('2 天 03:04:05')
  expect(formatCountdown(ms, 'en')).toBe('2 d 03:04:05')
  expect(formatCountdown(65_000, 'en')).toBe('01:05')
  expect(formatCountdown(3_725_000)).toBe('01:02:05')
  expect(formatCountdown(0)).toBe('00:00')
})

test('a service error parameter that is a serverText key is translated with the message', async () => {
  const { messageText } = await import('~/utils/messages.ts')
  expect(messageText('lot.control-wrong-status', { action: 'serverText.lotActions.pause' })).toBe('当前状态不能暂停')
  expect(messageText('lot.control-wrong-status', { action: 'serverText.lotActions.pause' }, 'en')).toBe("Cannot pause in the lot's current state")
  expect(messageText('rule', { text: 'serverText.alreadySubmitted' }, 'en')).toContain('already been submitted')
})
