// The card form reads the expiry as people type it: "12/30", "12 / 30" and "1230" are the same month.
import { describe, expect, test } from 'vitest'
import { CardFormSchema, cardFromForm } from '~/utils/payment-validation.ts'

const form = (expiry: string) => CardFormSchema.safeParse({ cardNumber: '4242 4242 4242 4242', expiry, cvc: '123' })

describe('card expiry', () => {
  test.each(['12/30', '1230', '12 / 30', ' 12/30 '])('"%s" is December 2030', (expiry) => {
    const parsed = form(expiry)
    expect(parsed.success).toBe(true)
    expect(cardFromForm(parsed.data!)).toMatchObject({ expMonth: 12, expYear: 2030 })
  })
  test.each(['13/30', '1/30', '12/2030', '12-30', ''])('"%s" is refused', (expiry) => {
    expect(form(expiry).success).toBe(false)
  })
})
