/**
 * GitHub REST routes for workflow runs and pull requests, as the loopback GitHub API serves them
 * to the tests: `GET /repos/{owner}/{repo}/actions/workflows/{file}/runs` and `…/actions/runs`
 * (filtered by branch, status and event, newest first), and `GET /repos/{owner}/{repo}/pulls`
 * (filtered by state and `head=owner:branch`). Both page as GitHub does: `per_page` 30 unless
 * asked, at most 100, and a Link header to the next, last, previous and first pages. The tests
 * declare the runs and pull requests that exist.
 */
import type http from 'node:http'
import { pageOf } from './github-pages.js'

export interface FakeWorkflowRun {
  id: number
  /** The workflow's file name, e.g. model.yml. */
  workflowFile: string
  name: string
  branch: string
  event: string
  conclusion: 'success' | 'failure' | 'cancelled'
  headSha: string
}

export interface FakePull {
  number: number
  headOwner: string
  headBranch: string
  headSha: string
  state: 'open' | 'closed'
  /** The base branch's commit (GitHub's `base.sha`); a made-up one when not given. */
  baseSha?: string
}

export interface WorkflowRoutes {
  addRun(run: FakeWorkflowRun): void
  addPull(pull: FakePull): void
  /** Answers the routes above; false when the request is not one of them. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

export function workflowRoutes(owner: string, repo: string, serverUrl: string): WorkflowRoutes {
  const runs: FakeWorkflowRun[] = []
  const pulls: FakePull[] = []
  const repoJson = (full: string) => ({
    full_name: full,
    name: full.split('/')[1],
    owner: { login: full.split('/')[0] }
  })
  const runJson = (run: FakeWorkflowRun) => ({
    id: run.id,
    name: run.name,
    path: `.github/workflows/${run.workflowFile}`,
    head_branch: run.branch,
    head_sha: run.headSha,
    event: run.event,
    status: 'completed',
    conclusion: run.conclusion,
    html_url: `${serverUrl}/${owner}/${repo}/actions/runs/${run.id}`,
    created_at: new Date(1_800_000_000_000 + run.id * 1000).toISOString(),
    repository: repoJson(`${owner}/${repo}`)
  })
  return {
    addRun: run => runs.push(run),
    addPull: pull => pulls.push(pull),
    handle(req, res, url) {
      if (req.method !== 'GET') return false
      const base = `/repos/${owner}/${repo}`
      const q = url.searchParams
      const byFile = new RegExp(`^${base}/actions/workflows/([^/]+)/runs$`).exec(url.pathname)
      if (byFile || url.pathname === `${base}/actions/runs`) {
        const file = byFile ? decodeURIComponent(byFile[1] ?? '') : undefined
        const status = q.get('status')
        const matching = runs
          .filter(r => file === undefined || r.workflowFile === file)
          .filter(r => !q.get('branch') || r.branch === q.get('branch'))
          .filter(r => !q.get('event') || r.event === q.get('event'))
          .filter(r => !status || r.conclusion === status || status === 'completed')
          .sort((a, b) => b.id - a.id)
        const { items, headers } = pageOf(matching, url)
        send(res, 200, { total_count: matching.length, workflow_runs: items.map(runJson) }, headers)
        return true
      }
      if (url.pathname === `${base}/pulls`) {
        const state = q.get('state') ?? 'open'
        const head = q.get('head')
        const matching = pulls
          .filter(p => state === 'all' || p.state === state)
          .filter(p => !head || `${p.headOwner}:${p.headBranch}` === head)
        const { items, headers } = pageOf(matching, url)
        send(
          res,
          200,
          items.map(p => ({
            number: p.number,
            state: p.state,
            head: {
              sha: p.headSha,
              ref: p.headBranch,
              label: `${p.headOwner}:${p.headBranch}`,
              repo: repoJson(`${p.headOwner}/${repo}`)
            },
            base: {
              ref: 'main',
              sha: p.baseSha ?? '0'.repeat(40),
              repo: repoJson(`${owner}/${repo}`)
            }
          })),
          headers
        )
        return true
      }
      return false
    }
  }
}
