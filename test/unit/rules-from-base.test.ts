/** A pull request is judged by the base branch's rules, and what it changes in them is shown. */
import { diffRules } from '../../src/core/config/diff.js'
import { parseConfig } from '../../src/core/config/parse.js'
import { renderMarkdown } from '../../src/core/render/markdown.js'
import { collectNotes } from '../../src/pipeline/notes.js'
import { loadConfig } from '../../src/pipeline/load-config.js'
import type { Repository } from '../../src/ports.js'
import { memoryLog } from '../support/fakes.js'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sampleReport } from '../support/reports.js'

const BASE = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.9
    max_regression: 1%
  loss:
    greater_is_better: false
`
const LOOSER = `metrics:
  accuracy:
    greater_is_better: true
    threshold: 0.5
    max_regression: 1%
    level: warn
  f1:
    greater_is_better: true
decision:
  alpha: 0.2
`

describe('diffRules', () => {
  it('names every loosened, removed and added rule', () => {
    expect(diffRules(parseConfig('a', BASE), parseConfig('b', LOOSER))).toEqual([
      'accuracy.threshold: 0.9 → 0.5',
      'accuracy.level: fail → warn',
      'removes the rules of loss',
      'adds rules for f1',
      'decision: {} → {"alpha":0.2}'
    ])
  })

  it('finds nothing in the same rules', () => {
    expect(diffRules(parseConfig('a', BASE), parseConfig('b', BASE))).toEqual([])
  })
})

describe('loadConfig on a pull request', () => {
  function workspaceWith(config: string): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-rules-'))
    mkdirSync(path.join(dir, '.github'))
    writeFileSync(path.join(dir, '.github', 'care-label.yml'), config)
    return dir
  }
  const repository = (file: () => Promise<string | undefined>): Repository => ({
    mergeBase: async () => undefined,
    readFile: file
  })
  const request = (workspace: string, apply: 'base' | 'head') => ({
    workspace,
    configPath: '.github/care-label.yml',
    explicit: false,
    baseSha: 'b'.repeat(40),
    apply
  })

  it("applies the base branch's rules, and lists what the pull request changes", async () => {
    const log = memoryLog()
    const loaded = await loadConfig(request(workspaceWith(LOOSER), 'base'), {
      log,
      notes: collectNotes(log),
      repository: repository(async () => BASE)
    })
    expect(loaded.config.metrics.map(m => [m.metric, m.threshold])).toEqual([
      ['accuracy', 0.9],
      ['loss', undefined]
    ])
    expect(loaded.config.file).toBe('.github/care-label.yml')
    expect(loaded.rules?.from).toBe('base')
    expect(loaded.rules?.changes).toContain('accuracy.threshold: 0.9 → 0.5')
    expect(log.lines).toContain(
      'info: Rules for 2 metric(s) from .github/care-label.yml at the base commit.'
    )
  })

  it('rules: head applies its own, and still shows the changes', async () => {
    const log = memoryLog()
    const loaded = await loadConfig(request(workspaceWith(LOOSER), 'head'), {
      log,
      notes: collectNotes(log),
      repository: repository(async () => BASE)
    })
    expect(loaded.config.metrics.map(m => m.metric)).toEqual(['accuracy', 'f1'])
    expect(loaded.rules).toMatchObject({ from: 'head' })
    expect(loaded.rules?.changes).toHaveLength(5)
  })

  it('before the base branch has rules, the pull request brings its own', async () => {
    const log = memoryLog()
    const notes = collectNotes(log)
    const loaded = await loadConfig(request(workspaceWith(LOOSER), 'base'), {
      log,
      notes,
      repository: repository(async () => undefined)
    })
    expect(loaded.config.metrics.map(m => m.metric)).toEqual(['accuracy', 'f1'])
    expect(notes.list).toEqual([])
  })

  it('when the base rules cannot be read, it says so and applies its own', async () => {
    const log = memoryLog()
    const notes = collectNotes(log)
    const loaded = await loadConfig(request(workspaceWith(LOOSER), 'base'), {
      log,
      notes,
      repository: repository(async () => {
        throw new Error('HTTP 403')
      })
    })
    expect(loaded.rules?.from).toBe('head')
    expect(notes.list).toEqual([
      "The base branch's rules could not be read (HTTP 403): this pull request is judged by its own .github/care-label.yml."
    ])
  })
})

describe('the comment shows changed rules at the top', () => {
  it('escaped, under the title', () => {
    const report = sampleReport({ accuracy: 0.9 }, { accuracy: 0.91 })
    report.rules = {
      from: 'base',
      changes: ['accuracy.threshold: 0.9 → 0.5', 'adds rules for @admins']
    }
    const lines = renderMarkdown(report).split('\n')
    const at = lines.findIndex(l => l.startsWith('> ⚠️'))
    expect(at).toBe(3)
    expect(lines[at]).toContain(
      'This pull request changes the rules, and it is judged by the base branch'
    )
    expect(lines[at]).not.toContain('@admins')
  })
})
