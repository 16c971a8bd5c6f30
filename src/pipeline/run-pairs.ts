/**
 * Steps 4 and 5 as one, for `baseline.strategy: paired`: the pull request's merge base is checked
 * out beside the workspace and its project runs on this runner too, interleaved with the
 * candidate's (A B A B …), with the same entry point, parameters and seeds. What differs between
 * runners (20–50% between VMs) is then the same for both runs of a pair, and cancels out in the
 * pair's ratio. It costs twice the compute.
 */
import type { Run } from '../core/runs.js'
import { TAG, environmentTags } from '../core/tags.js'
import { ActionError, errorMessage } from '../errors.js'
import type { Log, ProjectRunner, Repository, Worktrees } from '../ports.js'
import type { RunContext } from '../core/context.js'
import { checkProject } from './check-project.js'
import type { Notes } from './notes.js'
import {
  keepFailed,
  prepareLocalStore,
  readCandidate,
  readRun,
  runOnce,
  type Candidate,
  type RunRequest
} from './obtain-candidate.js'
import { livePrimary, type Stores } from './open-stores.js'
import type { RunPlan } from './plan-run.js'
import type { Baseline } from './select-baseline.js'

export interface PairsRequest {
  run: RunRequest
  paired: NonNullable<RunPlan['paired']>
  /** The workspace: the project's path in it is its path at the merge base too. */
  workspace: string
  /** The project as the user wrote it (relative to the workspace). */
  project: string
  experimentName: string
  context: RunContext
}

export interface PairsDeps {
  runner: ProjectRunner
  log: Log
  notes: Notes
  record: (runId: string) => void
  repository?: Repository
  worktrees?: Worktrees
}

export async function obtainPairs(
  request: PairsRequest,
  stores: Stores,
  deps: PairsDeps
): Promise<{ candidate: Candidate; baseline: Baseline }> {
  const { log } = deps
  const sha = await mergeBaseOf(request.paired, deps.repository)
  const short = sha.slice(0, 7)
  if (deps.worktrees === undefined) {
    throw new ActionError('baseline.strategy paired needs the git clone of the workspace.')
  }
  const worktrees = deps.worktrees
  const dir = await log.group(`Checking out the merge base ${short}`, () => worktrees.add(sha))
  try {
    // Each side runs once per pair, with the pair's seed.
    const run: RunRequest = { ...request.run, repeats: request.paired.pairs }
    const base = baseRequest({ ...request, run }, dir, short)
    await prepareLocalStore(request.experimentName, stores, deps)
    const ids = { candidate: [] as string[], baseline: [] as string[] }
    const uri = stores.location.uri
    const record = (runIds: string[]): void => deps.record(runIds.join(','))
    for (let i = 0; i < request.paired.pairs; i++) {
      ids.candidate.push(await runOnce(run, i, uri, deps).catch(keepFailed(ids.candidate, record)))
      record(ids.candidate)
      ids.baseline.push(await runOnce(base, i, uri, deps))
    }
    const candidate = await readCandidate(
      ids.candidate,
      { ...request, how: 'this run', runName: run.runName },
      { store: stores.primary(), runner: deps.runner, notes: deps.notes, trackingUri: uri }
    )
    const n = ids.candidate.length
    candidate.set.how = `this run, ${n} runs each paired with one of the merge base's`
    const runs = await tagBaseline(ids.baseline, { sha, ...request }, candidate, stores, deps.notes)
    const how = `${n} runs of the merge base ${short}, each beside one of this run's on this runner (A B A B …)`
    return {
      candidate,
      baseline: { set: { runs, how, paired: true }, from: { store: livePrimary(stores) } }
    }
  } finally {
    await worktrees.remove(dir).catch((error: unknown) => {
      log.warning(`Could not remove the worktree ${dir}: ${errorMessage(error)}`)
    })
  }
}

/** The merge base of the pull request, from GitHub's compare API. */
async function mergeBaseOf(
  paired: NonNullable<RunPlan['paired']>,
  repository: Repository | undefined
): Promise<string> {
  const what = `the merge base of '${paired.base}' and ${paired.head.slice(0, 7)}`
  if (repository === undefined) {
    throw new ActionError(
      `baseline.strategy paired runs ${what}, which GitHub's compare API names: give the step a github-token.`
    )
  }
  const found = await repository.mergeBase(paired.base, paired.head).catch((error: unknown) => {
    throw new ActionError(`Could not find ${what}: ${errorMessage(error)}`, { cause: error })
  })
  if (found === undefined) throw new ActionError(`GitHub names no ${what}.`)
  return found.sha
}

/** The same entry point and parameters, in the merge base's copy of the project. */
function baseRequest(request: PairsRequest, dir: string, short: string): RunRequest {
  const { run } = request
  let declared: string[]
  let projectDir: string
  try {
    const checked = checkProject(dir, request.project, run.entryPoint, run.parameters)
    declared = checked.declared
    projectDir = checked.dir
  } catch (error) {
    throw new ActionError(
      `baseline.strategy paired runs the project at the merge base ${short} too, but there: ${errorMessage(error)}`,
      { cause: error }
    )
  }
  const seedParam = run.seedParam !== undefined && declared.includes(run.seedParam)
  return {
    ...run,
    dir: projectDir,
    runName: `base-${short}`,
    seedParam: seedParam ? run.seedParam : undefined
  }
}

/** The merge base's runs, read back, nested under the candidate's parent and tagged as such. */
async function tagBaseline(
  runIds: string[],
  of: { sha: string; context: RunContext },
  candidate: Candidate,
  stores: Stores,
  notes: Notes
): Promise<Run[]> {
  const store = stores.primary()
  // Where it ran, but no branch or ref: a later search of the branch's runs never finds it.
  const tags: Record<string, string> = {
    [TAG.runnerOs]: of.context.runnerOs,
    [TAG.runnerArch]: of.context.runnerArch,
    ...environmentTags(candidate.environment),
    [TAG.pairedBase]: of.sha
  }
  const parent = candidate.set.parent
  if (parent) tags[TAG.parentRun] = parent.info.runId
  const runs: Run[] = []
  for (const runId of runIds) {
    const run = await readRun(store, runId)
    try {
      await store.setTags(runId, tags)
      Object.assign(run.data.tags, tags)
    } catch (error) {
      notes.warn(`Could not record the tags on run ${runId}: ${errorMessage(error)}`)
    }
    runs.push(run)
  }
  return runs
}
