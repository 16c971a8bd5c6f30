/** Where and why a care-label run happens: the event, the commit, the pull request, the runner. */
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
  /** GITHUB_RUN_ATTEMPT: 2 and up when jobs were re-run (default 1). */
  runAttempt?: number
  /** RUNNER_NAME: the machine's name, as the runner was registered. */
  runnerName?: string
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
  pullRequests: PullRequestRef[]
}

/** A pull request by its number, and the base commit its rules are read at (when known). */
export interface PullRequestRef {
  number: number
  baseSha?: string
}
