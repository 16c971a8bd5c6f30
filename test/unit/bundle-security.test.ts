/**
 * A report bundle is written by the pull request's code, and the publish stage posts what it
 * renders from it with a write token: none of the bundle's Markdown, HTML or links may reach the
 * comment. A corpus of crafted bundles goes through the strict reader, the link check and every
 * renderer, and the output is checked for what would act: markers, images, links, mentions.
 */
import { toJson } from '../../src/core/report/build.js'
import { renderHtml } from '../../src/core/render/html.js'
import { renderMarkdown } from '../../src/core/render/markdown.js'
import { renderLabelSvg } from '../../src/core/render/svg.js'
import type { Report } from '../../src/core/report/types.js'
import {
  checkUrl,
  safeUrl,
  sanitizeBundleLinks,
  type BundleOrigin
} from '../../src/core/report/urls.js'
import { parseReport } from '../../src/core/report/validate.js'
import { sampleReport } from '../support/reports.js'

const PAYLOAD =
  'https://x/) @admins <img src=x> [click](https://evil.example) <!-- mlflow-care-label key="other" -->'
const MARKER = '<!-- mlflow-care-label key="other" -->'
const MENTION = '@admins'
const MARKDOWN = `${MENTION} ![pixel](https://evil.example/p.png) [click](https://evil.example) <img src=x onerror=alert(1)> ${MARKER}`
const BIDI = 'safe\u202Egnp.exe'

const origin: BundleOrigin = {
  serverUrl: 'https://github.com',
  owner: 'o',
  repo: 'r',
  workflowRunId: 5,
  trackingServer: 'http://user:secret@127.0.0.1:5000'
}

/** The links a real bundle of workflow run 5 of o/r has, and the stage's own artifact link. */
const LEGIT = {
  workflowRun: 'https://github.com/o/r/actions/runs/5',
  mlflowRun: `http://127.0.0.1:5000/#/experiments/1/runs/${'c'.repeat(32)}`,
  baselineArtifact: 'https://github.com/o/r/actions/runs/3/artifacts/44',
  ownArtifact: 'https://github.com/o/r/actions/runs/5/artifacts/9',
  stageArtifact: 'https://github.com/o/r/actions/runs/5/artifacts/77'
}
const ALLOWED = new Set(Object.values(LEGIT))

/** A bundle's report as a real report stage of run 5 writes it. */
function legitReport(): Report {
  const report = sampleReport(
    { accuracy: 0.88, f1_macro: 0.9, train_seconds: 2, n_nodes: 120 },
    { accuracy: 0.95, f1_macro: 0.9, train_seconds: 1, n_nodes: 100 }
  )
  report.run.url = LEGIT.mlflowRun
  if (report.baseline) report.baseline.url = LEGIT.baselineArtifact
  report.context.workflowRunUrl = LEGIT.workflowRun
  report.artifactUrl = LEGIT.ownArtifact
  report.histories = [{ metric: 'accuracy', candidate: [{ step: 0, value: 1 }] }]
  report.environment = { runner: 'Linux X64', python: '3.12.3' }
  return report
}

/** Loose JSON, as a test edits it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests poke at any field
type Json = Record<string, any>

/** What the publish stage does with a bundle's report.json, up to the rendered outputs. */
function publish(text: string): {
  report: Report
  dropped: string[]
  md: string
  html: string
  svg: string
} {
  const { report, dropped } = sanitizeBundleLinks(parseReport(text), origin)
  report.artifactUrl = LEGIT.stageArtifact
  return {
    report,
    dropped,
    md: renderMarkdown(report),
    html: renderHtml(report),
    svg: renderLabelSvg(report)
  }
}

function bundle(edit: (json: Json) => void = () => {}): string {
  const json = JSON.parse(toJson(legitReport())) as Json
  edit(json)
  return JSON.stringify(json)
}

const URL_FIELDS: Array<[string, (json: Json, value: string) => void]> = [
  ['run.url', (j, v) => (j['run']['url'] = v)],
  ['baseline.url', (j, v) => (j['baseline']['url'] = v)],
  ['artifactUrl', (j, v) => (j['artifactUrl'] = v)],
  ['context.workflowRunUrl', (j, v) => (j['context']['workflowRunUrl'] = v)]
]

const BAD_URLS: Array<[string, string]> = [
  ['a Markdown payload', PAYLOAD],
  ['a javascript: URL', 'javascript:alert(document.cookie)//https://github.com/o/r/actions/runs/5'],
  ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['credentials', 'https://admin:hunter2@github.com/o/r/actions/runs/5'],
  ['a second marker', `https://github.com/o/r/actions/runs/5?${MARKER}`],
  [
    'a mention and an image',
    `https://github.com/o/r/actions/runs/5#) ${MENTION} ![x](https://evil.example/p.png)`
  ],
  ['a bidi override', 'https://github.com/o/r/actions/runs/5\u202E9/stcafitra'],
  ['another repository', 'https://github.com/evil/r/actions/runs/5/artifacts/9'],
  ['another host', 'https://evil.example/o/r/actions/runs/5/artifacts/9'],
  ['a wrong MLflow run', `https://evil.example/#/experiments/1/runs/${'d'.repeat(32)}`],
  ['a link with a title', 'https://github.com/o/r/actions/runs/5 "title"'],
  ['not a URL', 'see the run']
]

/** Link targets of the Markdown: `[text](target)`. */
function markdownTargets(md: string): string[] {
  // An escaped bracket (`\]`) closes no link text.
  return [...md.matchAll(/(?<!\\)\]\(([^)\s]*)/g)].map(m => m[1] ?? '')
}

function hrefs(markup: string): string[] {
  return [...markup.matchAll(/\s(?:href|src|xlink:href)\s*=\s*"([^"]*)"/gi)].map(m => m[1] ?? '')
}

/** The Markdown after our marker (the marker is a comment: nothing in it is shown). */
function shown(md: string): string {
  return md.slice(md.indexOf('-->') + 3)
}

/** What must hold of any rendering of any bundle. */
function expectInert(out: { md: string; html: string; svg: string }): void {
  const { html, svg } = out
  // Exactly one hidden marker, ours, on the first line, that nothing in it can end early.
  expect(out.md.match(/<!--/g)?.length).toBe(1)
  expect(out.md.indexOf('-->')).toBe(out.md.indexOf('\n') - 3)
  expect(out.md.split('\n')[0]).toMatch(/^<!-- mlflow-care-label key="(?:(?!--)[^<>\n])*" -->$/)
  const md = shown(out.md)
  for (const text of [md, html, svg]) {
    expect(text).not.toMatch(/<img|<script|<iframe|<a\s+href="(?!https?:)/i)
    expect(text).not.toContain('\u202E')
    for (const href of hrefs(text).filter(h => h !== 'http://www.w3.org/2000/svg')) {
      expect(ALLOWED).toContain(href)
    }
  }
  // Links: only to the allowed addresses, and no image.
  for (const target of markdownTargets(md)) expect(ALLOWED).toContain(target)
  expect(md).not.toContain('![')
  expect(md).not.toMatch(/\]\((?:javascript|data):/i)
  // No mention: every '@' is followed by a zero-width space.
  expect(md).not.toMatch(/@(?!&#8203;)/)
  expect(html).not.toContain('<a href="javascript')
  expect(svg).not.toMatch(/<a[\s>]/)
  // Every table row has exactly as many cells as its header (a pipe after a backslash is text).
  const lines = md.split('\n')
  const count = (line: string): number => line.split(/(?<!\\)\|/).length
  let cells = 0
  lines.forEach((line, i) => {
    if (!line.startsWith('|')) return
    if (lines[i + 1]?.startsWith('|---')) cells = count(line)
    else expect(count(line)).toBe(cells)
  })
}

describe('checkUrl', () => {
  it.each([
    ['https://github.com/o/r/actions/runs/1', 'https://github.com/o/r/actions/runs/1'],
    [
      'http://127.0.0.1:5000/#/experiments/1/runs/ccc',
      'http://127.0.0.1:5000/#/experiments/1/runs/ccc'
    ],
    ['HTTPS://GitHub.com:443/o/r', 'https://github.com/o/r'],
    ['http://mlflow.internal', 'http://mlflow.internal/'],
    ['https://x/a b', 'https://x/a%20b'],
    [' https://x/\n', 'https://x/'],
    ['https://x/a\\b', 'https://x/a/b'],
    ['https://x/?a"b<c>', 'https://x/?a%22b%3Cc%3E'],
    ['https://x/#\u202Eexe', 'https://x/#%E2%80%AEexe'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/']
  ])('keeps %j as %j', (value, href) => {
    expect(checkUrl(value)).toEqual({ ok: true, href })
    expect(safeUrl(value)).toBe(href)
  })

  it.each([
    ['', 'it is not a URL'],
    ['see the run', 'it is not a URL'],
    ['/o/r/actions/runs/1', 'it is not a URL'],
    ['https://evil.example\u202E/', 'it is not a URL'],
    ['javascript:alert(1)', 'it is a javascript: address, not http: or https:'],
    ['JavaScript:alert(1)', 'it is a javascript: address, not http: or https:'],
    ['java\nscript:alert(1)', 'it is a javascript: address, not http: or https:'],
    ['data:text/html,<b>x</b>', 'it is a data: address, not http: or https:'],
    ['ftp://x/', 'it is a ftp: address, not http: or https:'],
    ['https://user:pw@github.com/', 'it holds a user name or password'],
    ['https://user@github.com/', 'it holds a user name or password'],
    ['https://x:@github.com/', 'it holds a user name or password'],
    [PAYLOAD, 'it holds a character a link cannot carry (U+0029)'],
    ['https://x/\n)', 'it holds a character a link cannot carry (U+0029)'],
    ["https://x/it's", 'it holds a character a link cannot carry (U+0027)'],
    ['https://x/(a)', 'it holds a character a link cannot carry (U+0028)'],
    ['https://x/#a[b]', 'it holds a character a link cannot carry (U+005B)'],
    ['https://x/?q=a\\b', 'it holds a character a link cannot carry (U+005C)'],
    ['https://x/?`x`', 'it holds a character a link cannot carry (U+0060)'],
    ['https://[::1]:5000/', 'it holds a character a link cannot carry (U+005B)']
  ])('refuses %j: %s', (value, reason) => {
    expect(checkUrl(value)).toEqual({ ok: false, reason })
    expect(safeUrl(value)).toBeUndefined()
  })

  it('has nothing to check in no address', () => {
    expect(safeUrl(undefined)).toBeUndefined()
  })
})

describe('parseReport leaves out links that are not plain http(s) addresses', () => {
  it.each(URL_FIELDS)('in %s, with a note', (field, set) => {
    const report = parseReport(bundle(j => set(j, 'javascript:alert(1)')))
    const links = {
      'run.url': report.run.url,
      'baseline.url': report.baseline?.url,
      artifactUrl: report.artifactUrl,
      'context.workflowRunUrl': report.context.workflowRunUrl
    }
    expect(links[field as keyof typeof links]).toBeUndefined()
    expect(Object.values(links).filter(v => v !== undefined)).toHaveLength(3)
    expect(report.notes).toEqual([
      `The link in ${field} was left out: it is a javascript: address, not http: or https:.`
    ])
  })

  it('keeps the links of a real report as they are', () => {
    expect(parseReport(bundle())).toEqual(legitReport())
  })
})

describe('sanitizeBundleLinks', () => {
  const withLinks = (links: Partial<Record<string, string>>): Report => {
    const report = legitReport()
    report.run.url = links['run.url']
    if (report.baseline) report.baseline.url = links['baseline.url']
    report.context.workflowRunUrl = links['context.workflowRunUrl']
    report.artifactUrl = links['artifactUrl']
    return report
  }
  const keptOf = (report: Report): Record<string, string | undefined> => ({
    'run.url': report.run.url,
    'baseline.url': report.baseline?.url,
    'context.workflowRunUrl': report.context.workflowRunUrl,
    artifactUrl: report.artifactUrl
  })

  it.each([
    // the workflow run: exactly the one that triggered the publish stage
    ['context.workflowRunUrl', LEGIT.workflowRun, LEGIT.workflowRun],
    ['context.workflowRunUrl', 'HTTPS://GITHUB.COM/o/r/actions/runs/5', LEGIT.workflowRun],
    ['context.workflowRunUrl', 'https://github.com/o/r/actions/runs/6', undefined],
    ['context.workflowRunUrl', 'https://github.com/o/r/actions/runs/5/', undefined],
    ['context.workflowRunUrl', 'https://github.com/o/r/actions/runs/5?x', undefined],
    ['context.workflowRunUrl', 'https://github.com/o/r/actions/runs/5#x', undefined],
    ['context.workflowRunUrl', 'https://github.com/O/R/actions/runs/5', undefined],
    ['context.workflowRunUrl', 'https://github.com.evil.example/o/r/actions/runs/5', undefined],
    ['context.workflowRunUrl', 'https://github.com/o/r/actions/runs/5/artifacts/9', undefined],
    // the artifact: one of the triggering run
    ['artifactUrl', LEGIT.ownArtifact, LEGIT.ownArtifact],
    ['artifactUrl', 'https://github.com/o/r/actions/runs/4/artifacts/9', undefined],
    ['artifactUrl', 'https://github.com/o/r/actions/runs/5/artifacts/x', undefined],
    // a run: an artifact page of this repository, or that run's MLflow UI page
    ['run.url', LEGIT.mlflowRun, LEGIT.mlflowRun],
    ['run.url', LEGIT.baselineArtifact, LEGIT.baselineArtifact],
    [
      'run.url',
      `http://127.0.0.1:5000/ui/?tab=runs#/experiments/1/runs/${'c'.repeat(32)}`,
      `http://127.0.0.1:5000/ui/?tab=runs#/experiments/1/runs/${'c'.repeat(32)}`
    ],
    // the right fragment on another host than the tracking server the stage names
    ['run.url', `https://evil.example/#/experiments/1/runs/${'c'.repeat(32)}`, undefined],
    ['run.url', `http://127.0.0.1:5001/#/experiments/1/runs/${'c'.repeat(32)}`, undefined],
    ['run.url', `http://127.0.0.1:5000/#/experiments/2/runs/${'c'.repeat(32)}`, undefined],
    ['run.url', `http://127.0.0.1:5000/#/experiments/1/runs/${'b'.repeat(32)}`, undefined],
    ['run.url', `http://127.0.0.1:5000/#/experiments/1/runs/${'c'.repeat(32)}/x`, undefined],
    ['run.url', `http://127.0.0.1:5000/experiments/1/runs/${'c'.repeat(32)}`, undefined],
    ['run.url', 'https://github.com/o/r/actions/runs/3/artifacts/44/x', undefined],
    ['run.url', 'https://github.com/o/r2/actions/runs/3/artifacts/44', undefined],
    ['run.url', 'https://evil.example/', undefined],
    ['baseline.url', LEGIT.baselineArtifact, LEGIT.baselineArtifact],
    [
      'baseline.url',
      `http://127.0.0.1:5000/#/experiments/1/runs/${'b'.repeat(32)}`,
      `http://127.0.0.1:5000/#/experiments/1/runs/${'b'.repeat(32)}`
    ],
    ['baseline.url', LEGIT.mlflowRun, undefined]
  ])('%s %j is kept as %j', (field, value, kept) => {
    const { report, dropped } = sanitizeBundleLinks(withLinks({ [field]: value }), origin)
    expect(keptOf(report)).toEqual({ ...keptOf(withLinks({})), [field]: kept })
    expect(dropped).toEqual(kept === undefined ? [field] : [])
    expect(report.notes).toHaveLength(kept === undefined ? 1 : 0)
  })

  it('keeps no MLflow UI link when the stage names no tracking server', () => {
    const { report, dropped } = sanitizeBundleLinks(withLinks({ 'run.url': LEGIT.mlflowRun }), {
      ...origin,
      trackingServer: undefined
    })
    expect(report.run.url).toBeUndefined()
    expect(dropped).toEqual(['run.url'])
  })

  it('says in a note which link it left out, and why', () => {
    const bad = withLinks({
      'run.url': 'https://evil.example/',
      'baseline.url': LEGIT.baselineArtifact,
      'context.workflowRunUrl': 'https://github.com/o/r/actions/runs/6',
      artifactUrl: 'https://github.com/o/r/actions/runs/6/artifacts/1'
    })
    const { report, dropped } = sanitizeBundleLinks(bad, origin)
    expect(dropped).toEqual(['run.url', 'context.workflowRunUrl', 'artifactUrl'])
    expect(report.notes).toEqual([
      `The link in run.url was left out: it is neither an artifact page of o/r nor the MLflow UI page of run ${'c'.repeat(32)} on the tracking server this stage names.`,
      'The link in context.workflowRunUrl was left out: it is not the page of workflow run 5 of o/r.',
      'The link in artifactUrl was left out: it is not an artifact page of workflow run 5 of o/r.'
    ])
    // The report given is not changed.
    expect(bad.run.url).toBe('https://evil.example/')
    expect(bad.notes).toEqual([])
  })

  it('reads a server URL with a trailing slash as the same server', () => {
    const { dropped } = sanitizeBundleLinks(legitReport(), {
      ...origin,
      serverUrl: 'https://github.com/'
    })
    expect(dropped).toEqual([])
  })

  it('keeps a real bundle whole', () => {
    const report = legitReport()
    expect(sanitizeBundleLinks(report, origin)).toEqual({ report, dropped: [] })
  })
})

describe('a crafted bundle renders inert', () => {
  it('a real bundle keeps its links (workflow run, artifact pages, MLflow UI run)', () => {
    const out = publish(bundle())
    expectInert(out)
    expect(out.dropped).toEqual([])
    expect(out.md).toContain(`[pr-7-abc1234](${LEGIT.mlflowRun})`)
    expect(out.md).toContain(`[main-def5678](${LEGIT.baselineArtifact})`)
    expect(out.md).toContain(`[workflow run](${LEGIT.workflowRun})`)
    expect(out.md).toContain(`[workflow artifact](${LEGIT.stageArtifact})`)
    expect(out.html).toContain(`<a href="${LEGIT.mlflowRun}">pr-7-abc1234</a>`)
    expect(out.html).toContain(`<a href="${LEGIT.baselineArtifact}">main-def5678</a>`)
  })

  const cases = URL_FIELDS.flatMap(([field, set]) =>
    BAD_URLS.map(([what, url]) => [field, what, set, url] as const)
  )
  it.each(cases)('%s with %s', (field, _what, set, url) => {
    const out = publish(bundle(j => set(j, url)))
    expectInert(out)
    // Left out, by the reader or by the link check, with one note that says so.
    expect(out.report.notes).toEqual([
      expect.stringMatching(
        new RegExp(`^The link in ${field.replace('.', '\\.')} was left out: it `)
      )
    ])
    expect(out.md).toContain(`The link in ${field.replace('.', '.')} was left out`)
    // The other links are still there.
    if (field !== 'run.url') expect(out.md).toContain(`](${LEGIT.mlflowRun})`)
    if (field !== 'baseline.url') expect(out.md).toContain(`](${LEGIT.baselineArtifact})`)
    if (field !== 'context.workflowRunUrl') expect(out.md).toContain(`](${LEGIT.workflowRun})`)
    expect(out.md).toContain(`](${LEGIT.stageArtifact})`)
    // A run whose link is left out is named as text.
    if (field === 'run.url') expect(out.md).toContain('this run: pr-7-abc1234, compared')
  })

  const TEXT_FIELDS: Array<[string, (json: Json, value: string) => void]> = [
    ['the key', (j, v) => (j['key'] = `x" -->${v}<!-- `)],
    ['the experiment name', (j, v) => (j['experimentName'] = v)],
    ['the run name', (j, v) => (j['run']['runName'] = v)],
    ['the baseline run name', (j, v) => (j['baseline']['runName'] = v)],
    ['the baseline choice', (j, v) => (j['baselineHow'] = v)],
    ['a metric name', (j, v) => (j['comparison']['metrics'][0]['metric'] = v)],
    ['a metric note', (j, v) => (j['comparison']['metrics'][0]['notes'] = [v])],
    [
      'a rule description',
      (j, v) => (j['comparison']['metrics'][0]['checks'][0]['description'] = v)
    ],
    [
      'a passed rule description',
      (j, v) => {
        const check = j['comparison']['metrics'][1]['checks'][0]
        check['passed'] = true
        check['description'] = v
      }
    ],
    ['a category', (j, v) => (j['label']['categories'][0]['category'] = v)],
    ['how the label was rated', (j, v) => (j['label']['how'] = v)],
    ['a label note', (j, v) => (j['label']['notes'] = [v])],
    ['a param change', (j, v) => (j['paramChanges'] = [{ key: v, candidate: v, baseline: v }])],
    ['a report note', (j, v) => (j['notes'] = [v])],
    ['the config file', (j, v) => (j['config'] = { file: v, note: v })],
    ['the store', (j, v) => (j['store'] = v)],
    ['a history', (j, v) => (j['histories'][0]['metric'] = v)],
    [
      'the environment',
      (j, v) =>
        (j['environment'] = {
          runner: v,
          cpu: v,
          gpu: v,
          python: v.slice(0, 100),
          mlflow: v.slice(0, 100)
        })
    ]
  ]
  const TEXTS: Array<[string, string]> = [
    ['Markdown, a mention and a marker', MARKDOWN],
    ['a URL payload', PAYLOAD],
    ['a bidi override', BIDI],
    ['a table break', 'x | y |\n| z'],
    ['a details break', '</sub></details><details open><summary>x']
  ]
  const textCases = TEXT_FIELDS.flatMap(([field, set]) =>
    TEXTS.map(([what, text]) => [field, what, set, text] as const)
  )
  it.each(textCases)('%s with %s', (_field, _what, set, text) => {
    const out = publish(bundle(j => set(j, text)))
    expectInert(out)
    expect(out.dropped).toEqual([])
    for (const rendered of [shown(out.md), out.html, out.svg]) {
      expect(rendered).not.toContain(MARKER)
      expect(rendered).not.toContain('</details><details open>')
    }
    // The HTML and the SVG are files, not Markdown: there a Markdown link is just text.
    expect(shown(out.md)).not.toContain('](https://evil')
    expect(shown(out.md)).not.toContain('https://evil')
    expect(shown(out.md)).not.toContain(MENTION)
    // The other metrics, the changed parameters and the history fold away, each closed; the
    // environment, the footer (and a metric's notes) are small print, each closed.
    const count = (re: RegExp) => out.md.match(re)?.length ?? 0
    expect([count(/<details>/g), count(/<\/details>/g)]).toEqual([3, 3])
    expect(count(/<sub>/g)).toBeGreaterThanOrEqual(2)
    expect(count(/<\/sub>/g)).toBe(count(/<sub>/g))
  })

  it.each(BAD_URLS.filter(([, url]) => safeUrl(url) === undefined))(
    'the renderers check each address themselves, as if the reader had not: %s',
    (_what, url) => {
      const report = legitReport()
      report.run.url = url
      if (report.baseline) report.baseline.url = url
      report.context.workflowRunUrl = url
      report.artifactUrl = url
      const out = {
        md: renderMarkdown(report),
        html: renderHtml(report),
        svg: renderLabelSvg(report)
      }
      expectInert(out)
      expect(markdownTargets(out.md)).toEqual([])
      expect(out.html).not.toContain('<a ')
      expect(out.md).toContain(
        'this run: pr-7-abc1234, compared with the baseline run main-def5678 ('
      )
      expect(out.md).not.toContain('workflow run')
      expect(out.md).not.toContain('workflow artifact')
    }
  )

  it('shows bidi controls as escapes in the comment and the HTML', () => {
    const out = publish(bundle(j => (j['run']['runName'] = BIDI)))
    expect(out.md).toContain('[safe\\u202egnp.exe](')
    expect(out.html).toContain('>safe\\u202egnp.exe</a>')
  })
})
