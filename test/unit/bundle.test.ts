/** The publish stage's checks of a bundle, and of a downloaded store's layout. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TriggeringRun } from '../../src/adapters/github/context.js'
import { checkStoreLayout } from '../../src/adapters/history/carried-store.js'
import { readBundle } from '../../src/pipeline/publish-bundles.js'
import { toJson } from '../../src/core/report/build.js'
import { sampleReport } from '../support/reports.js'

const HEAD = 'f'.repeat(40)
const run: TriggeringRun = {
  id: 5,
  event: 'pull_request',
  headSha: HEAD,
  headBranch: 'feature',
  headOwner: 'someone',
  pullRequests: []
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-bundle-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function bundle(context: Partial<ReturnType<typeof sampleReport>['context']>): void {
  const report = sampleReport({ accuracy: 0.9 }, { accuracy: 0.9 })
  writeFileSync(
    path.join(dir, 'report.json'),
    toJson({ ...report, context: { ...report.context, headSha: HEAD, ...context } })
  )
}

describe('readBundle', () => {
  it('accepts a report about the triggering commit and one of its pull requests', () => {
    bundle({ pullRequest: 7 })
    expect(readBundle(dir, run, [{ number: 7 }]).context.pullRequest).toBe(7)
  })

  it('refuses a report about another commit', () => {
    bundle({ pullRequest: 7, headSha: 'e'.repeat(40) })
    expect(() => readBundle(dir, run, [{ number: 7 }])).toThrow(
      `it is about commit ${'e'.repeat(40)}, not ${HEAD}, the head of the run that triggered this one`
    )
  })

  it('refuses a report that names a pull request the commit is not the head of', () => {
    bundle({ pullRequest: 1 })
    expect(() => readBundle(dir, run, [{ number: 7 }])).toThrow(
      'it names pull request 1, but commit fffffff is the head of #7'
    )
    expect(() => readBundle(dir, run, [])).toThrow('is the head of no open pull request')
  })

  it('refuses a bundle without report.json or with a malformed one', () => {
    expect(() => readBundle(dir, run, [{ number: 7 }])).toThrow('the bundle has no report.json')
    writeFileSync(path.join(dir, 'report.json'), '{"schemaVersion": 1}')
    expect(() => readBundle(dir, run, [{ number: 7 }])).toThrow('report.key is missing')
  })
})

describe('checkStoreLayout', () => {
  it('accepts mlflow.db with an artifacts folder, and refuses anything else', () => {
    expect(checkStoreLayout(dir)).toBe('it has no mlflow.db')
    writeFileSync(path.join(dir, 'mlflow.db'), '')
    mkdirSync(path.join(dir, 'artifacts'))
    expect(checkStoreLayout(dir)).toBeUndefined()
    writeFileSync(path.join(dir, 'run.sh'), 'echo')
    expect(checkStoreLayout(dir)).toBe("it holds 'run.sh' beside mlflow.db and artifacts/")
  })
})
