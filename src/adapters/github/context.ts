/**
 * The workflow run's context, read from the runner's environment and the event payload. Pure:
 * takes the environment and the parsed payload (unlike @actions/github's `context`, nothing is
 * read at import time).
 */
import { isObject, optNumber, optObject, optString } from '../../util/guards.js'

export interface RunContext {
  eventName: string
  /** owner/repo */
  repository?: { owner: string; repo: string }
  /** The commit checked out: on a pull request, the merge commit. */
  sha: string
  /** The commit the change is about: the PR's head, or the pushed commit. */
  headSha: string
  /** e.g. refs/heads/main or refs/pull/7/merge */
  ref: string
  /** The branch this run measures: the pushed branch, or the PR's head branch. */
  branch: string
  /** The branch a pull request merges into. */
  baseRef?: string
  baseSha?: string
  pullRequest?: number
  /** The default branch of the repository, when the payload says. */
  defaultBranch?: string
  workflow: string
  job: string
  runUrl?: string
  serverUrl: string
  apiUrl: string
  runnerOs: string
  runnerArch: string
  /** GITHUB_RUN_ID: this workflow run. */
  runId?: number
  /** The workflow's file name (from GITHUB_WORKFLOW_REF), e.g. care-label.yml. */
  workflowFile?: string
  /** A pull request from a fork: its token is read-only and it has no secrets. */
  fromFork: boolean
  /** On workflow_run: the run that triggered this one (the publish stage's source). */
  workflowRun?: TriggeringRun
}

export interface TriggeringRun {
  id: number
  event: string
  conclusion?: string
  headSha: string
  headBranch: string
  /** owner of the repository the head branch is in (a fork's owner for fork PRs). */
  headOwner?: string
  /** The pull requests GitHub lists for the run (empty for pull requests from forks). */
  pullRequests: number[]
}

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
    pullRequests: prs
      .map(pr => (isObject(pr) ? optNumber(pr, 'number') : undefined))
      .filter((n): n is number => n !== undefined)
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
    workflowFile: /\/\.github\/workflows\/([^@/]+)@/.exec(env['GITHUB_WORKFLOW_REF'] ?? '')?.[1],
    fromFork: isFork(head, base),
    workflowRun: readTriggeringRun(event)
  }
}

/** Tags recorded on every run, so that later runs can find it as their baseline. */
export const TAG = {
  ref: 'care-label.git.ref',
  branch: 'care-label.git.branch',
  headSha: 'care-label.git.head-sha',
  baseRef: 'care-label.git.base-ref',
  pullRequest: 'care-label.pull-request',
  event: 'care-label.event',
  runUrl: 'care-label.workflow-run-url',
  runnerOs: 'care-label.runner.os',
  runnerArch: 'care-label.runner.arch'
} as const

export function contextTags(context: RunContext): Record<string, string> {
  const tags: Record<string, string> = {
    [TAG.event]: context.eventName,
    [TAG.runnerOs]: context.runnerOs,
    [TAG.runnerArch]: context.runnerArch
  }
  if (context.ref) tags[TAG.ref] = context.ref
  if (context.branch) tags[TAG.branch] = context.branch
  if (context.headSha) tags[TAG.headSha] = context.headSha
  if (context.baseRef) tags[TAG.baseRef] = context.baseRef
  if (context.pullRequest !== undefined) tags[TAG.pullRequest] = String(context.pullRequest)
  if (context.runUrl) tags[TAG.runUrl] = context.runUrl
  return tags
}
