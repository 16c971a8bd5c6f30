/** The sticky pull-request comment: one per PR and report key, updated in place. */
import type { getOctokit } from '@actions/github'

export type Octokit = ReturnType<typeof getOctokit>

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
 * Finds the comment that carries `marker` among all comments of the PR (every page) and updates
 * it, or creates one. An unchanged body is not written again.
 */
export async function upsertComment(
  octokit: Octokit,
  target: CommentTarget,
  marker: string,
  body: string
): Promise<UpsertResult> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100
  })
  const existing = comments.find(comment => comment.body?.includes(marker))
  if (existing !== undefined) {
    if (existing.body === body)
      return { action: 'unchanged', url: existing.html_url, id: existing.id }
    const { data } = await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body
    })
    return { action: 'updated', url: data.html_url, id: data.id }
  }
  const { data } = await octokit.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body
  })
  return { action: 'created', url: data.html_url, id: data.id }
}

/** Words for a failed GitHub call that say what to change. */
export function explainGitHubError(status: number | undefined, message: string): string {
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
