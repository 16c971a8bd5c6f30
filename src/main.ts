/**
 * The action: inputs → the pipeline, wired to the real edges → outputs and the gate. Wiring only:
 * the steps are in pipeline/, the failure policy in errors.ts.
 */
import path from 'node:path'
import * as core from '@actions/core'
import { actionsLog } from './adapters/github/actions-log.js'
import { canUpload, workflowArtifacts } from './adapters/github/artifacts.js'
import { gitWorktrees } from './adapters/git/worktrees.js'
import { githubBundles } from './adapters/github/bundles.js'
import { githubRepository } from './adapters/github/repository.js'
import { readRunContext } from './adapters/github/context.js'
import { githubClient } from './adapters/github/octokit.js'
import { githubPublisher, type GitHubPublisher } from './adapters/github/publish.js'
import { maskSecrets, readEventPayload, stepOutputs } from './adapters/github/runner.js'
import { vegaCharts } from './adapters/vega-charts.js'
import { openStore } from './adapters/mlflow/open-store.js'
import { spawnCommandRunner } from './adapters/project/commands.js'
import { mlflowModelRegistry } from './adapters/project/model-registry.js'
import { mlflowProjectRunner, mlflowResolver } from './adapters/project/project-runner.js'
import {
  ACTION_SURFACE,
  InputError,
  describeFailure,
  errorMessage,
  type Failure
} from './errors.js'
import { runAggregate } from './pipeline/aggregate.js'
import { runPartial } from './pipeline/run-partial.js'
import { gate, type GateResult } from './pipeline/gate.js'
import { runPublishStage } from './pipeline/publish-bundles.js'
import { runCareLabel, type PipelineDeps } from './pipeline/run-care-label.js'
import { readSettings } from './settings/inputs.js'
import type { RunContext } from './core/context.js'
import type { BundleSource, Outputs, Repository } from './ports.js'
import type { Settings } from './settings/types.js'
import type { TrackingLocation } from './settings/tracking-uri.js'

export async function run(): Promise<void> {
  const outputs = stepOutputs()
  try {
    await runAction(outputs)
  } catch (error) {
    fail(describeFailure(error, ACTION_SURFACE))
  } finally {
    outputs.flush()
  }
}

async function runAction(outputs: Outputs): Promise<void> {
  const env = process.env
  const settings = readSettings(name => core.getInput(name), env)
  maskSecrets(env, settings.tracking)
  const context = readRunContext(env, readEventPayload(env))
  const { github, publisher, reportOnly } = connectGitHub(settings, context, env)
  if (settings.mode === 'publish') {
    if (github === undefined) {
      throw new InputError(
        'github-token',
        'the publish stage needs a token to read the bundle and post it.'
      )
    }
    const bundles = githubBundles(github.octokit, github.repo, github.token)
    const repository = githubRepository(github.octokit, github.repo)
    return publishBundles(settings, context, { bundles, repository, publisher, outputs })
  }
  if (reportOnly && (settings.mode === 'auto' || settings.mode === 'aggregate')) {
    core.notice(
      'This pull request comes from a fork, so its token cannot comment: the report is in the job summary and in the report bundle. To post it on the pull request, add a workflow on workflow_run with mode: publish (see the README).'
    )
  }
  const edges = runnerEdges(settings, context, env, github)
  if (settings.mode === 'partial')
    return partialJob(settings, context, { ...edges, github, outputs })
  const deps: PipelineDeps = {
    log: actionsLog,
    openStore: edges.openStore,
    runner: edges.runner,
    registry: mlflowModelRegistry(edges.cli),
    publisher: { publish: (r, markdown) => publisher.publish(r, markdown, context) },
    charts: vegaCharts,
    outputs,
    artifacts: edges.artifacts,
    repository: github && githubRepository(github.octokit, github.repo),
    worktrees: gitWorktrees({
      repository: settings.workspace,
      root: path.join(settings.outputDir, 'paired'),
      commands: spawnCommandRunner,
      env
    })
  }
  const { report, published } =
    settings.mode === 'aggregate'
      ? await runAggregate(settings, context, { ...deps, bundles: bundlesOf(github, 'aggregate') })
      : await runCareLabel(settings, context, deps)
  applyGate(gate(report, settings.failOnRegression), published.commentUrl !== undefined)
}

type GitHub = ReturnType<typeof connectGitHub>['github']

/** The edges of a job that runs MLflow: workflow artifacts, the stores, `mlflow`. */
function runnerEdges(
  settings: Settings,
  context: RunContext,
  env: NodeJS.ProcessEnv,
  github: GitHub
) {
  const artifacts =
    github && canUpload(env)
      ? workflowArtifacts({
          ...github,
          ...artifactScope(context),
          retentionDays: settings.artifactRetentionDays
        })
      : undefined
  const mlflow = {
    commands: spawnCommandRunner,
    env,
    log: actionsLog,
    mlflowVersion: settings.mlflowVersion
  }
  const cli = mlflowResolver(mlflow)
  return {
    artifacts,
    cli,
    runner: mlflowProjectRunner(mlflow, cli),
    openStore: (location: TrackingLocation) => openStore(location, { env, notify: retryNotice }),
    env
  }
}

/** This workflow run's bundles, through the token; the aggregate job cannot do without. */
function bundlesOf(github: GitHub, mode: 'aggregate'): BundleSource {
  if (github === undefined) {
    throw new InputError(
      'github-token',
      `the ${mode} job needs a token to read this workflow run's partial bundles (actions: read).`
    )
  }
  return githubBundles(github.octokit, github.repo, github.token)
}

/** A matrix job's share of the tests; the step fails when one of them failed at level fail. */
async function partialJob(
  settings: Settings,
  context: RunContext,
  edges: ReturnType<typeof runnerEdges> & { github: GitHub; outputs: Outputs }
): Promise<void> {
  const { github } = edges
  const { failed, bundle } = await runPartial(settings, context, {
    log: actionsLog,
    openStore: edges.openStore,
    runner: edges.runner,
    outputs: edges.outputs,
    artifacts: edges.artifacts,
    bundles: github && githubBundles(github.octokit, github.repo, github.token),
    summary: markdown => writeSummary(markdown, edges.env)
  })
  if (failed) {
    const names = bundle.tests.filter(t => t.status === 'failed' && t.level === 'fail')
    core.setFailed(
      `Test ${names.map(t => `'${t.name}'`).join(', ')} failed; its run and the partial bundle are kept, and the aggregate job reports it.`
    )
  }
}

/** Writes the job summary of a partial job; a failure is a warning. */
async function writeSummary(markdown: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env['GITHUB_STEP_SUMMARY']) return
  try {
    await core.summary.addRaw(markdown).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}

/** Each retry of a tracking server's or GitHub's request, in the log. */
const retryNotice = (message: string): void => actionsLog.info(message)

/**
 * The GitHub client (when there is a token and a repository) and the publisher. A pull request
 * from a fork has a read-only token and no secrets: it reports, and leaves posting to the
 * publish stage.
 */
function connectGitHub(settings: Settings, context: RunContext, env: NodeJS.ProcessEnv) {
  const token = core.getInput('github-token')
  const github =
    token && context.repository
      ? {
          octokit: githubClient(token, context.apiUrl, undefined, undefined, retryNotice),
          repo: context.repository,
          token
        }
      : undefined
  const reportOnly =
    settings.mode === 'report' ||
    settings.mode === 'partial' ||
    ((settings.mode === 'auto' || settings.mode === 'aggregate') && context.fromFork)
  const publisher = githubPublisher(
    {
      comment: settings.comment,
      checkName: settings.checkName,
      write: !reportOnly,
      summary: Boolean(env['GITHUB_STEP_SUMMARY'])
    },
    github?.octokit,
    actionsLog
  )
  return { github, publisher, reportOnly }
}

/** Which workflow's artifacts a run reads and where their pages are. */
function artifactScope(context: RunContext) {
  return {
    workflowFile: context.workflowFile,
    workflowName: context.workflow,
    runUrl: context.runUrl
  }
}

/** Stage 2 of a fork's pull request: posts the bundles the triggering run uploaded. */
async function publishBundles(
  settings: Settings,
  context: RunContext,
  deps: {
    bundles: BundleSource
    repository: Repository
    publisher: GitHubPublisher
    outputs: Outputs
  }
): Promise<void> {
  const { outputs } = deps
  const reports = await runPublishStage(context, {
    log: actionsLog,
    bundles: deps.bundles,
    repository: deps.repository,
    configPath: settings.configPath,
    gate: settings.failOnRegression,
    trackingServer:
      settings.tracking.kind === 'server'
        ? (settings.tracking.databricks?.host ?? settings.tracking.uri)
        : undefined,
    databricks: settings.tracking.kind === 'server' && settings.tracking.databricks !== undefined,
    dir: path.join(settings.outputDir, 'bundles'),
    publish: async (report, markdown, target) => {
      const published = await deps.publisher.publish(report, markdown, {
        repository: context.repository,
        ...target
      })
      outputs.set('comment-url', published.commentUrl ?? '')
      outputs.set('check-url', published.checkUrl ?? '')
    }
  })
  const last = reports.at(-1)
  outputs.set('verdict', last?.verdict ?? 'none')
  outputs.set('grade', last?.label.overall ?? '')
}

/** Annotates each broken rule and fails the step when the gate says so. */
function applyGate(result: GateResult, commented: boolean): void {
  for (const a of result.annotations) {
    const where = a.location ? { file: a.location.file, startLine: a.location.line } : undefined
    if (a.level === 'error') core.error(a.message, where)
    else core.warning(a.message, where)
  }
  if (result.failed && result.message) {
    core.setFailed(
      `${result.message} The report is in the job summary${commented ? ' and on the pull request' : ''}.`
    )
  }
}

/** One annotation at the file and line when there is one; it fails the step like setFailed. */
function fail(failure: Failure): void {
  if (failure.location) {
    core.error(failure.message, {
      file: failure.location.file,
      startLine: failure.location.line,
      startColumn: failure.location.column
    })
    process.exitCode = core.ExitCode.Failure
  } else {
    core.setFailed(failure.message)
  }
}
