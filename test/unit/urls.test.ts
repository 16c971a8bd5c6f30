/**
 * The links of a report, one rule at a time: what checkUrl refuses and why (in words), the form
 * it keeps, the notes dropUnsafeLinks adds, and where sanitizeBundleLinks lets each link of a
 * bundle point.
 */
import type { Report } from '../../src/core/report/types.js'
import {
  checkUrl,
  dropUnsafeLinks,
  safeUrl,
  sanitizeBundleLinks,
  type BundleOrigin
} from '../../src/core/report/urls.js'
import { sampleReport } from '../support/reports.js'

describe('checkUrl', () => {
  it.each([
    ['see the run', 'it is not a URL'],
    ['//github.com/o/r', 'it is not a URL'],
    ['ftp://example.com/a', 'it is a ftp: address, not http: or https:'],
    ['javascript:alert(1)', 'it is a javascript: address, not http: or https:'],
    ['data:text/html,x', 'it is a data: address, not http: or https:'],
    ['https://user@github.com/', 'it holds a user name or password'],
    ['https://:secret@github.com/', 'it holds a user name or password'],
    ["https://github.com/a'b", 'it holds a character a link cannot carry (U+0027)'],
    ['https://github.com/a(b', 'it holds a character a link cannot carry (U+0028)'],
    ['https://github.com/a)b', 'it holds a character a link cannot carry (U+0029)'],
    ['https://github.com/a[b', 'it holds a character a link cannot carry (U+005B)'],
    ['https://github.com/a]b', 'it holds a character a link cannot carry (U+005D)'],
    ["https://github.com/#it's", 'it holds a character a link cannot carry (U+0027)']
  ])('refuses %j: %s', (url, reason) => {
    expect(checkUrl(url)).toEqual({ ok: false, reason })
    expect(safeUrl(url)).toBeUndefined()
  })

  it.each([
    ['https://github.com/o/r/actions/runs/1', 'https://github.com/o/r/actions/runs/1'],
    ['http://127.0.0.1:5000/#/experiments/1', 'http://127.0.0.1:5000/#/experiments/1'],
    ['HTTPS://GitHub.COM/o', 'https://github.com/o'],
    ['https://github.com', 'https://github.com/'],
    ['https://github.com/a b', 'https://github.com/a%20b'],
    ['https://github.com/a"b<c>', 'https://github.com/a%22b%3Cc%3E'],
    ['https://github.com/#a\u202eb', 'https://github.com/#a%E2%80%AEb']
  ])('keeps %j as %j', (url, href) => {
    expect(checkUrl(url)).toEqual({ ok: true, href })
    expect(safeUrl(url)).toBe(href)
  })

  it('has nothing to check without an address', () => {
    expect(safeUrl(undefined)).toBeUndefined()
  })
})

describe('dropUnsafeLinks', () => {
  function report(): Report {
    const r = sampleReport({ accuracy: 0.9 }, { accuracy: 0.9 })
    r.notes = ['first']
    return r
  }

  it('leaves a report with safe links as it is, and adds no note', () => {
    const r = report()
    r.artifactUrl = 'https://github.com/o/r/actions/runs/1/artifacts/2'
    const { report: out, dropped } = dropUnsafeLinks(r)
    expect(dropped).toEqual([])
    expect(out).toBe(r)
  })

  it('writes each kept link in its serialised form', () => {
    const r = report()
    r.artifactUrl = 'HTTPS://GitHub.com/o/r/actions/runs/1/artifacts/2'
    r.run.url = 'http://127.0.0.1:5000'
    const { report: out, dropped } = dropUnsafeLinks(r)
    expect(dropped).toEqual([])
    expect(out.artifactUrl).toBe('https://github.com/o/r/actions/runs/1/artifacts/2')
    expect(out.run.url).toBe('http://127.0.0.1:5000/')
    expect(r.run.url).toBe('http://127.0.0.1:5000')
  })

  it('leaves out each unsafe link with a note after the others, in field order', () => {
    const r = report()
    r.run.url = 'javascript:x'
    if (r.baseline) r.baseline.url = 'see there'
    r.context.workflowRunUrl = 'https://a:b@github.com/'
    r.artifactUrl = "https://github.com/o'"
    const { report: out, dropped } = dropUnsafeLinks(r)
    expect(dropped).toEqual(['run.url', 'baseline.url', 'context.workflowRunUrl', 'artifactUrl'])
    expect(out.notes).toEqual([
      'first',
      'The link in run.url was left out: it is a javascript: address, not http: or https:.',
      'The link in baseline.url was left out: it is not a URL.',
      'The link in context.workflowRunUrl was left out: it holds a user name or password.',
      'The link in artifactUrl was left out: it holds a character a link cannot carry (U+0027).'
    ])
    expect(out.run).not.toHaveProperty('url')
    expect(out.baseline).not.toHaveProperty('url')
    expect(out.context).not.toHaveProperty('workflowRunUrl')
    expect(out).not.toHaveProperty('artifactUrl')
    // The report it was given is not changed.
    expect(r.run.url).toBe('javascript:x')
    expect(r.notes).toEqual(['first'])
  })

  it('checks the links a report has, and none it has not', () => {
    const r = sampleReport({ accuracy: 0.9 }, undefined)
    delete r.run.url
    delete r.context.workflowRunUrl
    expect(dropUnsafeLinks(r)).toEqual({ report: r, dropped: [] })
  })
})

describe('sanitizeBundleLinks', () => {
  const origin: BundleOrigin = {
    serverUrl: 'https://github.com/',
    owner: 'o',
    repo: 'r',
    workflowRunId: 5,
    trackingServer: 'https://ci:secret@mlflow.example.com/base?x=1#y'
  }
  const runId = 'c'.repeat(32)

  function bundle(links: {
    run?: string
    baseline?: string
    workflowRun?: string
    artifact?: string
  }): Report {
    const r = sampleReport({ accuracy: 0.9 }, { accuracy: 0.9 })
    r.notes = []
    r.run.url = links.run
    if (r.baseline) r.baseline.url = links.baseline
    r.context.workflowRunUrl = links.workflowRun
    r.artifactUrl = links.artifact
    return r
  }

  it.each([
    ['context.workflowRunUrl', { workflowRun: 'https://github.com/o/r/actions/runs/5' }],
    ['artifactUrl', { artifact: 'https://github.com/o/r/actions/runs/5/artifacts/77' }],
    ['run.url', { run: 'https://github.com/o/r/actions/runs/3/artifacts/44' }],
    ['baseline.url', { baseline: 'https://github.com/o/r/actions/runs/2/artifacts/1' }],
    ['run.url', { run: `https://mlflow.example.com/base/#/experiments/1/runs/${runId}` }],
    ['run.url', { run: `https://MLflow.example.com/base/x/#/experiments/1/runs/${runId}` }],
    [
      'baseline.url',
      { baseline: `https://mlflow.example.com/base/#/experiments/1/runs/${'b'.repeat(32)}` }
    ]
  ])('keeps %s: %j', (_field, links) => {
    const { dropped, report } = sanitizeBundleLinks(bundle(links), origin)
    expect(dropped).toEqual([])
    expect(report.notes).toEqual([])
  })

  it.each([
    [
      'context.workflowRunUrl',
      { workflowRun: 'https://github.com/o/r/actions/runs/6' },
      'it is not the page of workflow run 5 of o/r'
    ],
    [
      'context.workflowRunUrl',
      { workflowRun: 'https://github.com/o/r/actions/runs/5/' },
      'it is not the page of workflow run 5 of o/r'
    ],
    [
      'context.workflowRunUrl',
      { workflowRun: 'https://github.com/o/other/actions/runs/5' },
      'it is not the page of workflow run 5 of o/r'
    ],
    [
      'artifactUrl',
      { artifact: 'https://github.com/o/r/actions/runs/6/artifacts/77' },
      'it is not an artifact page of workflow run 5 of o/r'
    ],
    [
      'artifactUrl',
      { artifact: 'https://github.com/o/r/actions/runs/5/artifacts/77/x' },
      'it is not an artifact page of workflow run 5 of o/r'
    ],
    [
      'artifactUrl',
      { artifact: 'https://github.com/o/r/actions/runs/5/artifacts/' },
      'it is not an artifact page of workflow run 5 of o/r'
    ],
    [
      'artifactUrl',
      { artifact: 'https://evil.example/https://github.com/o/r/actions/runs/5/artifacts/77' },
      'it is not an artifact page of workflow run 5 of o/r'
    ],
    [
      'run.url',
      { run: 'https://github.com/evil/r/actions/runs/3/artifacts/44' },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${runId} on the tracking server this stage names`
    ],
    [
      'run.url',
      { run: `https://mlflow.example.com/base/#/experiments/1/runs/${'d'.repeat(32)}` },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${runId} on the tracking server this stage names`
    ],
    [
      'run.url',
      { run: `https://mlflow.example.com/#/experiments/1/runs/${runId}` },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${runId} on the tracking server this stage names`
    ],
    [
      'run.url',
      { run: `http://mlflow.example.com/base/#/experiments/1/runs/${runId}` },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${runId} on the tracking server this stage names`
    ],
    [
      'run.url',
      { run: `https://mlflow.example.com:8443/base/#/experiments/1/runs/${runId}` },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${runId} on the tracking server this stage names`
    ],
    [
      'run.url',
      { run: `https://mlflow.example.com/base/#/experiments/2/runs/${runId}` },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${runId} on the tracking server this stage names`
    ],
    [
      'run.url',
      { run: `https://mlflow.example.com/base/#/experiments/1/runs/${runId}/x` },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${runId} on the tracking server this stage names`
    ],
    [
      'baseline.url',
      { baseline: `https://mlflow.example.com/base/#/experiments/1/runs/${runId}` },
      `it is neither an artifact page of o/r nor the MLflow UI page of run ${'b'.repeat(32)} on the tracking server this stage names`
    ]
  ])('leaves out %s %j: %s', (field, links, reason) => {
    const { dropped, report } = sanitizeBundleLinks(bundle(links), origin)
    expect(dropped).toEqual([field])
    expect(report.notes).toEqual([`The link in ${field} was left out: ${reason}.`])
  })

  it('keeps no MLflow UI link when the stage names no tracking server, or a bad one', () => {
    const links = { run: `https://mlflow.example.com/base/#/experiments/1/runs/${runId}` }
    for (const trackingServer of [undefined, 'not a url', 'ftp://mlflow.example.com/base']) {
      const { dropped } = sanitizeBundleLinks(bundle(links), { ...origin, trackingServer })
      expect([trackingServer, dropped]).toEqual([trackingServer, ['run.url']])
    }
  })

  it("keeps a Databricks workspace's run page only when the stage names that workspace", () => {
    const workspace = {
      ...origin,
      trackingServer: 'https://dbc-1.cloud.databricks.com',
      databricks: true
    }
    const page = `https://dbc-1.cloud.databricks.com/ml/experiments/1/runs/${runId}`
    expect(sanitizeBundleLinks(bundle({ run: page }), workspace).dropped).toEqual([])
    for (const other of [
      `https://dbc-1.cloud.databricks.com/ml/experiments/1/runs/${'d'.repeat(32)}`,
      `https://dbc-1.cloud.databricks.com/ml/experiments/1/runs/${runId}?o=1`,
      `https://dbc-1.cloud.databricks.com/#/experiments/1/runs/${runId}`,
      `https://dbc-2.cloud.databricks.com/ml/experiments/1/runs/${runId}`
    ]) {
      expect([other, sanitizeBundleLinks(bundle({ run: other }), workspace).dropped]).toEqual([
        other,
        ['run.url']
      ])
    }
    expect(
      sanitizeBundleLinks(bundle({ run: page }), { ...workspace, databricks: false }).dropped
    ).toEqual(['run.url'])
  })

  it('takes a tracking server without a trailing slash as its directory', () => {
    const links = { run: `https://mlflow.example.com/base/#/experiments/1/runs/${runId}` }
    const server = { ...origin, trackingServer: 'https://mlflow.example.com/base' }
    expect(sanitizeBundleLinks(bundle(links), server).dropped).toEqual([])
    const sibling = { run: `https://mlflow.example.com/basement/#/experiments/1/runs/${runId}` }
    expect(sanitizeBundleLinks(bundle(sibling), server).dropped).toEqual(['run.url'])
  })

  it('matches an experiment id and a run id as the store writes them, encoded', () => {
    const r = bundle({})
    r.run.experimentId = 'a b'
    r.run.url = `https://mlflow.example.com/base/#/experiments/a%20b/runs/${runId}`
    expect(sanitizeBundleLinks(r, origin).dropped).toEqual([])
    r.run.url = `https://mlflow.example.com/base/#/experiments/a b/runs/${runId}`
    expect(sanitizeBundleLinks(r, origin).dropped).toEqual([])
  })

  it('refuses a link that is not safe before asking where it points', () => {
    const { report } = sanitizeBundleLinks(
      bundle({ workflowRun: 'javascript:https://github.com/o/r/actions/runs/5' }),
      origin
    )
    expect(report.notes).toEqual([
      'The link in context.workflowRunUrl was left out: it is a javascript: address, not http: or https:.'
    ])
  })

  it('escapes the repository in the patterns it builds', () => {
    const dotted = { ...origin, owner: 'o.x', repo: 'r' }
    const links = { artifact: 'https://github.com/oyx/r/actions/runs/5/artifacts/77' }
    expect(sanitizeBundleLinks(bundle(links), dotted).dropped).toEqual(['artifactUrl'])
    const own = { artifact: 'https://github.com/o.x/r/actions/runs/5/artifacts/77' }
    expect(sanitizeBundleLinks(bundle(own), dotted).dropped).toEqual([])
  })
})
