/** The golden-file helper: a missing golden file fails unless UPDATE_GOLDEN=1 asks to write it. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expectGolden } from '../support/golden.js'

let dir: string
const saved = process.env['UPDATE_GOLDEN']

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-golden-'))
  delete process.env['UPDATE_GOLDEN']
})

afterEach(() => {
  if (saved === undefined) delete process.env['UPDATE_GOLDEN']
  else process.env['UPDATE_GOLDEN'] = saved
  rmSync(dir, { recursive: true, force: true })
})

describe('expectGolden', () => {
  it('fails on a missing golden file and writes nothing, with CI set or not', () => {
    for (const ci of [undefined, 'true']) {
      const savedCi = process.env['CI']
      if (ci === undefined) delete process.env['CI']
      else process.env['CI'] = ci
      try {
        expect(() => expectGolden('new.md', 'text', dir)).toThrow(
          'golden file new.md is missing: write it with UPDATE_GOLDEN=1 npm run test:unit, then review and commit it'
        )
      } finally {
        if (savedCi === undefined) delete process.env['CI']
        else process.env['CI'] = savedCi
      }
    }
    expect(() => readFileSync(path.join(dir, 'new.md'))).toThrow(/ENOENT/)
  })

  it('passes on the same text and fails on another', () => {
    writeFileSync(path.join(dir, 'same.md'), 'text')
    expect(() => expectGolden('same.md', 'text', dir)).not.toThrow()
    expect(() => expectGolden('same.md', 'other', dir)).toThrow(/Expected: "text"/)
  })

  it('writes the golden file with UPDATE_GOLDEN=1, new or changed', () => {
    process.env['UPDATE_GOLDEN'] = '1'
    expectGolden('new.md', 'first', dir)
    expect(readFileSync(path.join(dir, 'new.md'), 'utf8')).toBe('first')
    expectGolden('new.md', 'second', dir)
    expect(readFileSync(path.join(dir, 'new.md'), 'utf8')).toBe('second')
  })

  it('does not write with UPDATE_GOLDEN set to anything but 1', () => {
    process.env['UPDATE_GOLDEN'] = 'true'
    expect(() => expectGolden('new.md', 'text', dir)).toThrow(/is missing/)
  })
})
