import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const GOLDEN = fileURLToPath(new URL('../fixtures/golden/', import.meta.url))

/**
 * Compares with a golden file in test/fixtures/golden (or `dir`). A missing golden file fails
 * as a different one does, in CI or not: only `UPDATE_GOLDEN=1 npm run test:unit` writes them,
 * on purpose.
 */
export function expectGolden(name: string, actual: string, dir = GOLDEN): void {
  const file = path.join(dir, name)
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(file, actual)
  } else if (!existsSync(file)) {
    throw new Error(
      `golden file ${name} is missing: write it with UPDATE_GOLDEN=1 npm run test:unit, then review and commit it`
    )
  }
  expect(actual).toBe(readFileSync(file, 'utf8'))
}
