/**
 * GitHub's compare API for the loopback GitHub (`extraRoutes`):
 * `GET /repos/{owner}/{repo}/compare/{base}...{head}`, answered as GitHub does, with the merge
 * base the test says (404 `Not Found` when it knows none), so the action finds a pull request's
 * merge base as it does on GitHub.
 */
import type http from 'node:http'

export interface MergeBaseAnswer {
  sha: string
  /** ISO 8601, as GitHub writes committer dates. */
  date: string
}

export type MergeBaseOf = (base: string, head: string) => MergeBaseAnswer | undefined

/** A JSON answer with its length, as GitHub sends one. */
export function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text))
  })
  res.end(text)
}

export function compareRoute(
  owner: string,
  repo: string,
  mergeBaseOf: MergeBaseOf
): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean {
  const pattern = new RegExp(`^/repos/${owner}/${repo}/compare/([^/]+)$`)
  return (req, res, url) => {
    const match = pattern.exec(url.pathname)
    if (req.method !== 'GET' || !match?.[1]) return false
    const [base, head] = decodeURIComponent(match[1]).split('...')
    const answer = base && head ? mergeBaseOf(base, head) : undefined
    if (answer === undefined) {
      send(res, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404'
      })
      return true
    }
    const commit = (sha: string, date: string) => ({
      sha,
      node_id: `C_${sha.slice(0, 8)}`,
      url: `${url.origin}/repos/${owner}/${repo}/commits/${sha}`,
      html_url: `https://github.com/${owner}/${repo}/commit/${sha}`,
      commit: {
        message: 'a commit',
        author: { name: 'octocat', email: 'octocat@github.com', date },
        committer: { name: 'GitHub', email: 'noreply@github.com', date }
      },
      parents: []
    })
    send(res, 200, {
      url: url.href,
      status: 'ahead',
      ahead_by: 1,
      behind_by: 0,
      total_commits: 1,
      base_commit: commit(answer.sha, answer.date),
      merge_base_commit: commit(answer.sha, answer.date),
      commits: [commit(head ?? '', answer.date)],
      files: []
    })
    return true
  }
}
