/**
 * Where a GitLab CI job's merge-request note goes, read from the job's predefined variables.
 * Pure: takes the environment, reads nothing at import time.
 */
import { checkUrl, safeUrl } from '../../core/report/urls.js'
import { redactUri } from '../../util/redact.js'

/** The merge request of a merge-request pipeline, and the token that writes its note. */
export interface GitLabTarget {
  /** CI_API_V4_URL without a trailing slash, e.g. `https://gitlab.com/api/v4`. */
  apiUrl: string
  /** The merge request's project: its numeric id (or its path, `group/project`). */
  projectId: string
  /** The variable `projectId` came from, to name in a message that asks to check it. */
  projectIdVariable: ProjectIdVariable
  mergeRequestIid: number
  /** The merge request's page, to link the note; unknown without the project's URL. */
  mergeRequestUrl?: string
  token: string
  /** CI_JOB_NAME: which job's note this is, so that two jobs keep two notes. */
  jobName: string
}

/**
 * What the environment says about a note: not GitLab CI at all (`none`), GitLab CI but no note,
 * with the reason at the level to log it, or the note's target.
 */
export type GitLabJob =
  | { kind: 'none' }
  | { kind: 'skip'; level: 'info' | 'warning'; message: string }
  | { kind: 'note'; target: GitLabTarget }

type Env = Record<string, string | undefined>

export type ProjectIdVariable = 'CI_MERGE_REQUEST_PROJECT_ID' | 'CI_PROJECT_ID'

/** The scope and role a token needs to write notes, said the same way in every message. */
export const TOKEN_NEEDS =
  'a project access token with the api scope and at least the Reporter role, stored as the masked CI/CD variable GITLAB_TOKEN'

export function readGitLabJob(env: Env): GitLabJob {
  const value = (name: string): string => (env[name] ?? '').trim()
  const iid = value('CI_MERGE_REQUEST_IID')
  if (iid === '') {
    if (value('GITLAB_CI') !== 'true') return { kind: 'none' }
    return {
      kind: 'skip',
      level: 'info',
      message:
        'Not a merge request pipeline (no CI_MERGE_REQUEST_IID): no merge request note. Run the job in merge request pipelines (rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event") to get one.'
    }
  }
  // The merge request's own project: in a pipeline of a fork's merge request that runs in the
  // parent project, CI_PROJECT_ID is the project running the pipeline, not the one with the MR.
  const projectIdVariable: ProjectIdVariable =
    value('CI_MERGE_REQUEST_PROJECT_ID') !== '' ? 'CI_MERGE_REQUEST_PROJECT_ID' : 'CI_PROJECT_ID'
  const projectId = value(projectIdVariable)
  const apiUrl = value('CI_API_V4_URL').replace(/\/+$/, '')
  const problem = targetProblem(iid, projectId, apiUrl)
  if (problem !== undefined) return skipWarning(`${problem}: no merge request note.`)
  const token = value('GITLAB_TOKEN')
  if (token === '') {
    return skipWarning(
      `No GITLAB_TOKEN: no merge request note (CI_JOB_TOKEN may not write notes). Add ${TOKEN_NEEDS}.`
    )
  }
  const projectUrl = (value('CI_MERGE_REQUEST_PROJECT_URL') || value('CI_PROJECT_URL')).replace(
    /\/+$/,
    ''
  )
  const mergeRequestIid = Number(iid)
  return {
    kind: 'note',
    target: {
      apiUrl,
      projectId,
      projectIdVariable,
      mergeRequestIid,
      mergeRequestUrl: mergeRequestPage(projectUrl, mergeRequestIid),
      token,
      jobName: value('CI_JOB_NAME')
    }
  }
}

/**
 * The merge request's page, only when the project's URL is a plain http(s) address: the link is
 * written into the note and the log, where a password in it would be on show.
 */
function mergeRequestPage(projectUrl: string, iid: number): string | undefined {
  return projectUrl === '' ? undefined : safeUrl(`${projectUrl}/-/merge_requests/${iid}`)
}

function skipWarning(message: string): GitLabJob {
  return { kind: 'skip', level: 'warning', message }
}

/** What is wrong with the variables that name the merge request, if anything. */
function targetProblem(iid: string, projectId: string, apiUrl: string): string | undefined {
  if (!/^[1-9]\d{0,9}$/.test(iid)) {
    return `CI_MERGE_REQUEST_IID is '${iid}', not a merge request number`
  }
  if (projectId === '') return 'Neither CI_MERGE_REQUEST_PROJECT_ID nor CI_PROJECT_ID is set'
  return apiUrlProblem(apiUrl)
}

/**
 * What is wrong with CI_API_V4_URL as the address every request (and the token) goes to, if
 * anything. Credentials in it are named but never shown: fetch refuses such an address, and its
 * error would print the password.
 */
export function apiUrlProblem(apiUrl: string): string | undefined {
  if (apiUrl === '') return 'CI_API_V4_URL is not set'
  if (holdsCredentials(apiUrl)) {
    return 'CI_API_V4_URL holds credentials (a user name or password, not shown here; GitLab takes the token in GITLAB_TOKEN, not in the address)'
  }
  const check = checkUrl(apiUrl)
  if (check.ok) return undefined
  return `CI_API_V4_URL is '${redactUri(apiUrl)}', not a usable http(s) address (${check.reason})`
}

/** A user name or password before the host, also in an address `new URL` cannot parse. */
function holdsCredentials(text: string): boolean {
  try {
    const url = new URL(text)
    return url.username !== '' || url.password !== ''
  } catch {
    return /^[^/]*\/\/[^/]*@/.test(text)
  }
}
