import { fitCheckSummary, MAX_CHECK_SUMMARY } from '../../src/adapters/github/comment.js'

describe('fitCheckSummary', () => {
  it('keeps a summary that fits', () => {
    expect(fitCheckSummary('✅ pass')).toBe('✅ pass')
  })

  it.each([
    ['ASCII over the character limit', 'x'.repeat(70_000)],
    ['under the character limit but over the byte limit', '✅'.repeat(30_000)],
    ['a mix with surrogate pairs', '🟩 A · '.repeat(12_000)]
  ])('cuts %s to 65,535 characters and bytes, on a character boundary', (_name, text) => {
    const fitted = fitCheckSummary(text)
    expect(fitted.length).toBeLessThanOrEqual(MAX_CHECK_SUMMARY)
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(MAX_CHECK_SUMMARY)
    expect(fitted).toMatch(/the whole report is in the job summary\.\)_$/)
    expect(fitted).not.toContain('\uFFFD')
    expect(text.startsWith(fitted.slice(0, fitted.indexOf('\n\n_(The report was cut')))).toBe(true)
  })
})
