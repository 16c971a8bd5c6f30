import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const GOLDEN = fileURLToPath(new URL('../fixtures/golden/', import.meta.url))

/**
 * Compares with a golden file in test/fixtures/golden. `UPDATE_GOLDEN=1 npm run test:unit`
 * rewrites them on purpose; in CI a missing golden file is an error.
 */
export function expectGolden(name: string, actual: string): void {
  const file = `${GOLDEN}${name}`
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    if (process.env['CI']) throw new Error(`golden file ${name} is missing`)
    writeFileSync(file, actual)
  }
  expect(actual).toBe(readFileSync(file, 'utf8'))
}
