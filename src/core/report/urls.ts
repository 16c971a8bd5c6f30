/**
 * The links of a report: which addresses may be written into a comment, an HTML page or an SVG,
 * and, for a bundle a pull request uploaded, whether each link points where it should. Pure.
 *
 * A bundle's report.json was written by code under review, and its links are written into a
 * comment posted with a write token: a link that is not a plain http(s) address, or that points
 * somewhere the report has no reason to point, is left out (with a note saying so).
 */
import { BIDI_CONTROLS } from '../render/escape.js'
import type { Report, RunSummary } from './types.js'

/**
 * What an address may not hold once serialised: whitespace, quotes, brackets, parentheses,
 * backslash, angle brackets, control and bidi characters. None has a place in a plain link, and
 * each could end a Markdown link destination or an HTML attribute, or disguise the address.
 */
const UNSAFE = new RegExp(
  `[\\s<>"'\`()[\\]\\\\\\u0000-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`,
  'u'
)

export type UrlCheck = { ok: true; href: string } | { ok: false; reason: string }

/** Checks an address; when it is safe to link to, gives it as `new URL` serialises it. */
export function checkUrl(value: string): UrlCheck {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { ok: false, reason: 'it is not a URL' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `it is a ${url.protocol} address, not http: or https:` }
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'it holds a user name or password' }
  }
  const bad = UNSAFE.exec(url.href)?.[0]
  if (bad !== undefined) {
    const code = bad.codePointAt(0) ?? 0
    return {
      ok: false,
      reason: `it holds a character a link cannot carry (U+${code.toString(16).toUpperCase().padStart(4, '0')})`
    }
  }
  return { ok: true, href: url.href }
}

/** The address as `new URL` serialises it, or undefined when it is not safe to link to. */
export function safeUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const check = checkUrl(value)
  return check.ok ? check.href : undefined
}

/** The report's link fields, by the name a note gives them. */
type LinkField = 'run.url' | 'baseline.url' | 'context.workflowRunUrl' | 'artifactUrl'

function linkOf(report: Report, field: LinkField): string | undefined {
  switch (field) {
    case 'run.url':
      return report.run.url
    case 'baseline.url':
      return report.baseline?.url
    case 'context.workflowRunUrl':
      return report.context.workflowRunUrl
    case 'artifactUrl':
      return report.artifactUrl
  }
}

/** Sets or (undefined) deletes an optional property on a copy of `value`. */
function setLink<T extends object, K extends keyof T>(value: T, key: K, url: T[K] | undefined): T {
  const copy = { ...value }
  if (url === undefined) delete copy[key]
  else copy[key] = url
  return copy
}

/** A copy of the report with the link set (undefined: left out); the rest is shared. */
function withLink(report: Report, field: LinkField, url: string | undefined): Report {
  switch (field) {
    case 'run.url':
      return { ...report, run: setLink(report.run, 'url', url) }
    case 'baseline.url':
      return report.baseline === undefined
        ? report
        : { ...report, baseline: setLink(report.baseline, 'url', url) }
    case 'context.workflowRunUrl':
      return { ...report, context: setLink(report.context, 'workflowRunUrl', url) }
    case 'artifactUrl':
      return setLink(report, 'artifactUrl', url)
  }
}

const FIELDS: LinkField[] = ['run.url', 'baseline.url', 'context.workflowRunUrl', 'artifactUrl']

export interface LinkResult {
  report: Report
  /** The fields whose link was left out, e.g. `run.url`. */
  dropped: string[]
}

/**
 * Applies `decide` to each link of the report: it gives the link to keep, or why the link is
 * left out. Each link left out adds a note to the report.
 */
function filterLinks(
  report: Report,
  decide: (field: LinkField, value: string) => UrlCheck
): LinkResult {
  let out = report
  const dropped: string[] = []
  const notes: string[] = []
  for (const field of FIELDS) {
    const value = linkOf(report, field)
    if (value === undefined) continue
    const check = decide(field, value)
    if (check.ok) {
      if (check.href !== value) out = withLink(out, field, check.href)
      continue
    }
    out = withLink(out, field, undefined)
    dropped.push(field)
    notes.push(`The link in ${field} was left out: ${check.reason}.`)
  }
  if (dropped.length === 0) return { report: out, dropped }
  return { report: { ...out, notes: [...out.notes, ...notes] }, dropped }
}

/** Leaves out every link of the report that is not a plain http(s) address (see checkUrl). */
export function dropUnsafeLinks(report: Report): LinkResult {
  return filterLinks(report, (_field, value) => checkUrl(value))
}

/** What the publish stage knows for sure: its own server and repository, and the triggering run. */
export interface BundleOrigin {
  /** e.g. https://github.com (GITHUB_SERVER_URL) */
  serverUrl: string
  owner: string
  repo: string
  /** The workflow run that uploaded the bundle (the one that triggered the publish stage). */
  workflowRunId: number
  /**
   * The tracking server whose MLflow UI links may stand in the comment (the publish stage's own
   * `tracking-uri`); none: run links go only to this repository's artifacts.
   */
  trackingServer?: string
  /** The tracking server is a Databricks workspace: its run pages are `<host>/ml/experiments/…`. */
  databricks?: boolean
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The tracking server's address without credentials, query or fragment, or undefined. */
function trackingServerOf(uri: string | undefined): URL | undefined {
  const check = uri === undefined ? undefined : checkUrl(uri.replace(/\/\/[^/@]*@/, '//'))
  if (check === undefined || !check.ok) return undefined
  const url = new URL(check.href)
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url
}

/** The MLflow UI page of a run, as RestTrackingStore.runUrl writes it. */
function mlflowRunFragment(run: RunSummary): string {
  return `#/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.runId)}`
}

/** Whether `url` is the run's page in the server's UI (MLflow's, or a Databricks workspace's). */
function isRunPage(url: URL, server: URL, run: RunSummary, databricks: boolean): boolean {
  if (url.origin !== server.origin) return false
  if (databricks) {
    return (
      url.hash === '' &&
      url.search === '' &&
      url.pathname === `${server.pathname}ml/${mlflowRunFragment(run).slice(2)}`
    )
  }
  return url.pathname.startsWith(server.pathname) && url.hash === mlflowRunFragment(run)
}

/**
 * Leaves out each link of a bundle's report that does not point where it should, given where the
 * publish stage knows the bundle came from:
 *
 * - `context.workflowRunUrl`: exactly the page of the workflow run that uploaded the bundle;
 * - `artifactUrl`: an artifact page of that workflow run (the publish stage sets its own anyway);
 * - `run.url`, `baseline.url`: an artifact page of this repository (a carried history store), or
 *   an MLflow UI page of that very run (`<base>#/experiments/<experiment id>/runs/<run id>`) on
 *   the tracking server the publish stage itself names (none named: no UI link is kept).
 *
 * Every link kept is also a plain http(s) address (checkUrl), in its serialised form. Each link
 * left out adds a note to the report.
 */
export function sanitizeBundleLinks(report: Report, origin: BundleOrigin): LinkResult {
  const repoPage = `${origin.serverUrl.replace(/\/+$/, '')}/${origin.owner}/${origin.repo}`
  const repoHref = safeUrl(repoPage)
  const where = `${origin.owner}/${origin.repo}`
  const runHref = safeUrl(`${repoPage}/actions/runs/${origin.workflowRunId}`)
  const artifactPage = (runs: string): RegExp | undefined =>
    repoHref === undefined
      ? undefined
      : new RegExp(`^${escapeRegExp(repoHref)}/actions/runs/${runs}/artifacts/\\d+$`)
  const anyArtifact = artifactPage('\\d+')
  const ownArtifact = artifactPage(String(origin.workflowRunId))
  const server = trackingServerOf(origin.trackingServer)

  return filterLinks(report, (field, value) => {
    const check = checkUrl(value)
    if (!check.ok) return check
    const { href } = check
    const refuse = (reason: string): UrlCheck => ({ ok: false, reason })
    switch (field) {
      case 'context.workflowRunUrl':
        return href === runHref
          ? check
          : refuse(`it is not the page of workflow run ${origin.workflowRunId} of ${where}`)
      case 'artifactUrl':
        return ownArtifact?.test(href) === true
          ? check
          : refuse(`it is not an artifact page of workflow run ${origin.workflowRunId} of ${where}`)
      case 'run.url':
      case 'baseline.url': {
        const run = field === 'run.url' ? report.run : report.baseline
        if (anyArtifact?.test(href) === true) return check
        const url = new URL(href)
        if (
          run !== undefined &&
          server !== undefined &&
          isRunPage(url, server, run, origin.databricks === true)
        ) {
          return check
        }
        return refuse(
          `it is neither an artifact page of ${where} nor the MLflow UI page of run ${run?.runId ?? ''} on the tracking server this stage names`
        )
      }
    }
  })
}
