/**
 * Workflow artifacts: uploading the local MLflow store and the report files, and finding and
 * downloading the store of the base branch's latest successful run. Uploads and downloads go
 * through @actions/artifact; the runs and artifacts are listed with our GitHub client (retries).
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { ArtifactError, errorMessage } from '../../errors.js'
import type { ArtifactStore } from '../../ports.js'
import type { Octokit } from './octokit.js'

export interface UploadedArtifact {
  id: number
  name: string
  size: number
  digest?: string
  /** The artifact's page, when the workflow run is known. */
  url?: string
}

export interface FoundArtifact {
  id: number
  name: string
  size: number
  digest?: string
  workflowRunId: number
  headSha: string
  createdAt?: string
}

/** Every file under `dir`, for an upload. */
export function filesUnder(dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) files.push(...filesUnder(full))
    else if (entry.isFile()) files.push(full)
  }
  return files
}

/** Whether this job can upload artifacts (it runs on an Actions runner). */
export function canUpload(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['ACTIONS_RUNTIME_TOKEN'] && env['ACTIONS_RESULTS_URL'])
}

export async function uploadDirectory(
  name: string,
  dir: string,
  retentionDays: number,
  runUrl?: string
): Promise<UploadedArtifact> {
  const files = filesUnder(dir)
  const client = new DefaultArtifactClient()
  const result = await client.uploadArtifact(name, files, dir, {
    retentionDays: retentionDays > 0 ? retentionDays : undefined
  })
  if (result.id === undefined)
    throw new ArtifactError(`The upload of artifact '${name}' returned no id.`)
  return {
    id: result.id,
    name,
    size: result.size ?? 0,
    digest: result.digest,
    url: runUrl ? `${runUrl}/artifacts/${result.id}` : undefined
  }
}

export interface RepoRef {
  owner: string
  repo: string
}

/**
 * The artifact `name` of the latest successful run of this workflow on `branch` (push events),
 * looking at the newest `maxRuns` runs: the first run on a branch, and runs whose artifact has
 * expired, have none.
 */
export async function findLatestArtifact(
  octokit: Octokit,
  repo: RepoRef,
  query: { workflowFile?: string; workflowName: string; branch: string; name: string },
  maxRuns = 20
): Promise<FoundArtifact | undefined> {
  const filter = {
    owner: repo.owner,
    repo: repo.repo,
    branch: query.branch,
    status: 'success' as const,
    event: 'push',
    per_page: maxRuns
  }
  const runs = query.workflowFile
    ? (await octokit.rest.actions.listWorkflowRuns({ ...filter, workflow_id: query.workflowFile }))
        .data.workflow_runs
    : (await octokit.rest.actions.listWorkflowRunsForRepo(filter)).data.workflow_runs.filter(
        run => run.name === query.workflowName
      )
  for (const run of runs) {
    const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: repo.owner,
      repo: repo.repo,
      run_id: run.id,
      name: query.name,
      per_page: 10
    })
    const artifact = data.artifacts.find(a => a.name === query.name && !a.expired)
    if (artifact !== undefined) {
      return {
        id: artifact.id,
        name: artifact.name,
        size: artifact.size_in_bytes,
        digest: artifact.digest ?? undefined,
        workflowRunId: run.id,
        headSha: run.head_sha,
        createdAt: artifact.created_at ?? undefined
      }
    }
  }
  return undefined
}

/**
 * Downloads another run's artifact into `dir` and checks its digest: an artifact whose bytes do
 * not match what GitHub recorded at upload is refused.
 */
export async function downloadArtifact(
  artifact: FoundArtifact,
  repo: RepoRef,
  token: string,
  dir: string
): Promise<string> {
  const client = new DefaultArtifactClient()
  let result
  try {
    result = await client.downloadArtifact(artifact.id, {
      path: dir,
      expectedHash: artifact.digest,
      findBy: {
        token,
        workflowRunId: artifact.workflowRunId,
        repositoryOwner: repo.owner,
        repositoryName: repo.repo
      }
    })
  } catch (error) {
    throw new ArtifactError(
      `Could not download artifact '${artifact.name}' of workflow run ${artifact.workflowRunId}: ${errorMessage(error)}`,
      { cause: error }
    )
  }
  if (result.digestMismatch) {
    throw new ArtifactError(
      `Artifact '${artifact.name}' of workflow run ${artifact.workflowRunId} does not match its digest (${artifact.digest}): it was changed or damaged after upload, so it is not used.`
    )
  }
  return result.downloadPath ?? dir
}

/**
 * Workflow artifacts for the pipeline: stores and report files go up with @actions/artifact;
 * the branch's latest store is found with the REST API and downloaded into a directory.
 */
export function workflowArtifacts(options: {
  octokit: Octokit
  token: string
  repo: RepoRef
  workflowFile?: string
  workflowName: string
  runUrl?: string
  retentionDays: number
}): ArtifactStore {
  const { octokit, token, repo } = options
  return {
    async fetch(name, branch, dir) {
      const found = await findLatestArtifact(octokit, repo, {
        workflowFile: options.workflowFile,
        workflowName: options.workflowName,
        branch,
        name
      })
      if (found === undefined) return undefined
      await downloadArtifact(found, repo, token, dir)
      const runPage = `${options.runUrl?.replace(/\/actions\/runs\/\d+$/, '') ?? ''}/actions/runs/${found.workflowRunId}`
      return {
        dir,
        description: `artifact '${name}' of workflow run ${found.workflowRunId} on '${branch}' (commit ${found.headSha.slice(0, 7)})`,
        url: options.runUrl ? `${runPage}/artifacts/${found.id}` : undefined
      }
    },
    async upload(name, dir) {
      return (await uploadDirectory(name, dir, options.retentionDays, options.runUrl)).url
    },
    async uploadFiles(name, files, root) {
      const client = new DefaultArtifactClient()
      const result = await client.uploadArtifact(name, files, root, {
        retentionDays: options.retentionDays > 0 ? options.retentionDays : undefined
      })
      return options.runUrl && result.id !== undefined
        ? `${options.runUrl}/artifacts/${result.id}`
        : undefined
    }
  }
}
