/** The sticky pull-request comment: one per PR and report key, updated in place. */
import { decideStickyWrite, type StickyDecision } from '../../core/report/sticky.js'
import type { Octokit } from './octokit.js'

export interface CommentTarget {
  owner: string
  repo: string
  issueNumber: number
}

export interface UpsertResult {
  action: 'created' | 'updated' | 'unchanged'
  url: string
  id: number
}

/**
 * Who this token comments as: its user's login, or undefined for an installation token (the
 * workflow's GITHUB_TOKEN, a GitHub App's), which may not read `/user` and comments as a bot.
 */
export async function commentAuthor(octokit: Octokit): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return data.login
  } catch {
    return undefined
  }
}

/**
 * Finds the comment that carries `marker` among all comments of the PR (every page) written by
 * `author` (by a bot when the author is unknown: an installation token comments as one), and
 * updates it, or creates one (unless `create` is false: then undefined). A marker copied into
 * someone else's comment is not ours to edit. An unchanged body is not written again.
 */
export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  body: string,
  author?: string
): Promise<UpsertResult>
export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  body: string,
  author: string | undefined,
  options: { create: boolean }
): Promise<UpsertResult | undefined>
export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  body: string,
  author?: string,
  options: { create: boolean } = { create: true }
): Promise<UpsertResult | undefined> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100
  })
  const ours = (user: { login: string; type: string } | null | undefined): boolean =>
    author === undefined ? user?.type === 'Bot' : user?.login === author
  const candidates = comments.map(c => ({
    id: c.id,
    url: c.html_url,
    body: c.body ?? '',
    ours: ours(c.user)
  }))
  const decision = decideStickyWrite(candidates, { marker, body, create: options.create })
  return writeComment(octokit, target, decision, body)
}

/** Carries out the decision over GitHub's API: the comment as it now stands, or undefined. */
async function writeComment(
  octokit: Octokit,
  target: CommentTarget,
  decision: StickyDecision<{ id: number; url: string }>,
  body: string
): Promise<UpsertResult | undefined> {
  switch (decision.action) {
    case 'none':
      return undefined
    case 'unchanged':
      return { action: 'unchanged', url: decision.existing.url, id: decision.existing.id }
    case 'update': {
      const { data } = await octokit.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: decision.existing.id,
        body
      })
      return { action: 'updated', url: data.html_url, id: data.id }
    }
    case 'create': {
      const { data } = await octokit.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body
      })
      return { action: 'created', url: data.html_url, id: data.id }
    }
  }
}

/** Words for a failed GitHub call that say what to change. */
export function explainGitHubError(status: number | undefined, message: string): string {
  if ((status === 403 || status === 429) && /rate limit/i.test(message)) {
    return `GitHub's API rate limit stopped the comment (HTTP ${status}: ${message}); the report is in the job summary. The limit resets within the hour; re-run the job then.`
  }
  if (status === 403 || status === 401) {
    return (
      `GitHub refused the comment (HTTP ${status}: ${message}). The token cannot write to pull requests: ` +
      'add `permissions: pull-requests: write` to the job. On pull requests from forks the token is always read-only; ' +
      'the report is in the job summary.'
    )
  }
  if (status === 422)
    return `GitHub rejected the comment (HTTP 422: ${message}); the report is in the job summary.`
  if (status === 404)
    return `GitHub could not find the pull request or the repository (HTTP 404: ${message}).`
  return `Posting the comment failed${status ? ` (HTTP ${status})` : ''}: ${message}; the report is in the job summary.`
}

/** The largest check-run summary GitHub accepts. */
export const MAX_CHECK_SUMMARY = 65535

export interface CheckRunInput {
  name: string
  headSha: string
  conclusion: 'success' | 'failure' | 'neutral'
  title: string
  summary: string
}

/**
 * GitHub refuses a check-run summary over 65,535 characters and also one over 65,535 UTF-8
 * bytes (emoji and other non-ASCII count several): cut to both, at a character boundary.
 */
export function fitCheckSummary(summary: string): string {
  if (summary.length <= MAX_CHECK_SUMMARY && Buffer.byteLength(summary) <= MAX_CHECK_SUMMARY)
    return summary
  const note =
    '\n\n_(The report was cut to fit a check run; the whole report is in the job summary.)_'
  const budget = MAX_CHECK_SUMMARY - Buffer.byteLength(note)
  let bytes = 0
  let cut = ''
  for (const ch of summary) {
    bytes += Buffer.byteLength(ch)
    if (bytes > budget) break
    cut += ch
  }
  return cut + note
}

/** Creates a completed check run with the report as its summary; returns its URL. */
export async function createCheckRun(
  octokit: Octokit,
  target: { owner: string; repo: string },
  check: CheckRunInput
): Promise<string> {
  const summary = fitCheckSummary(check.summary)
  const { data } = await octokit.rest.checks.create({
    owner: target.owner,
    repo: target.repo,
    name: check.name,
    head_sha: check.headSha,
    status: 'completed',
    conclusion: check.conclusion,
    output: { title: check.title, summary }
  })
  return data.html_url ?? ''
}
