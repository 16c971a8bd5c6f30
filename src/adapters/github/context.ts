/**
 * The workflow run's context, read from the runner's environment and the event payload. Pure:
 * takes the environment and the parsed payload (unlike @actions/github's `context`, nothing is
 * read at import time).
 */
import type { RunContext, TriggeringRun } from '../../core/context.js'
import { isObject, optNumber, optObject, optString } from '../../util/guards.js'

export type { RunContext, TriggeringRun }

function readTriggeringRun(event: Record<string, unknown>): TriggeringRun | undefined {
  const run = optObject(event, 'workflow_run')
  const id = run && optNumber(run, 'id')
  if (run === undefined || id === undefined) return undefined
  const headRepo = optObject(run, 'head_repository')
  const owner = headRepo && optObject(headRepo, 'owner')
  const prs = Array.isArray(run['pull_requests']) ? run['pull_requests'] : []
  return {
    id,
    event: optString(run, 'event') ?? '',
    conclusion: optString(run, 'conclusion'),
    headSha: optString(run, 'head_sha') ?? '',
    headBranch: optString(run, 'head_branch') ?? '',
    headOwner: owner && optString(owner, 'login'),
    pullRequests: prs.flatMap(pr => {
      const number = isObject(pr) ? optNumber(pr, 'number') : undefined
      if (!isObject(pr) || number === undefined) return []
      const base = optObject(pr, 'base')
      return [{ number, baseSha: base && optString(base, 'sha') }]
    })
  }
}

function isFork(
  head: Record<string, unknown> | undefined,
  base: Record<string, unknown> | undefined
): boolean {
  const name = (side: Record<string, unknown> | undefined): string | undefined => {
    const repo = side && optObject(side, 'repo')
    return repo && optString(repo, 'full_name')
  }
  const headName = name(head)
  return headName !== undefined && headName !== name(base)
}

export function readRunContext(env: NodeJS.ProcessEnv, payload: unknown): RunContext {
  const event = isObject(payload) ? payload : {}
  const pr = optObject(event, 'pull_request')
  const head = pr ? optObject(pr, 'head') : undefined
  const base = pr ? optObject(pr, 'base') : undefined
  const repoObj = optObject(event, 'repository')
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  const serverUrl = env['GITHUB_SERVER_URL'] || 'https://github.com'
  const runId = env['GITHUB_RUN_ID']
  const ref = env['GITHUB_REF'] ?? ''
  const sha = env['GITHUB_SHA'] ?? ''
  const number = pr ? optNumber(pr, 'number') : optNumber(event, 'number')
  return {
    eventName: env['GITHUB_EVENT_NAME'] ?? 'local',
    repository: owner && repo ? { owner, repo } : undefined,
    sha,
    headSha: (head && optString(head, 'sha')) || sha,
    ref,
    branch:
      env['GITHUB_HEAD_REF'] ||
      (head && optString(head, 'ref')) ||
      env['GITHUB_REF_NAME'] ||
      ref.replace(/^refs\/heads\//, ''),
    baseRef: env['GITHUB_BASE_REF'] || (base && optString(base, 'ref')) || undefined,
    baseSha: (base && optString(base, 'sha')) || undefined,
    pullRequest: pr ? number : undefined,
    defaultBranch: (repoObj && optString(repoObj, 'default_branch')) || undefined,
    workflow: env['GITHUB_WORKFLOW'] ?? '',
    job: env['GITHUB_JOB'] ?? '',
    runUrl:
      owner && repo && runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
    serverUrl,
    apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
    runnerOs: env['RUNNER_OS'] || process.platform,
    runnerArch: env['RUNNER_ARCH'] || process.arch,
    runId: runId && /^\d+$/.test(runId) ? Number(runId) : undefined,
    runAttempt: Number(/^\d+$/.exec(env['GITHUB_RUN_ATTEMPT'] ?? '')?.[0] ?? 1),
    runnerName: env['RUNNER_NAME'] || undefined,
    workflowFile: /\/\.github\/workflows\/([^@/]+)@/.exec(env['GITHUB_WORKFLOW_REF'] ?? '')?.[1],
    fromFork: isFork(head, base),
    workflowRun: readTriggeringRun(event)
  }
}
