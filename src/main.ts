/** The action: inputs → pipeline → outputs and the gate. The one place that decides failure. */
import { readFileSync } from 'node:fs'
import * as core from '@actions/core'
import path from 'node:path'
import { ActionError, ConfigError, InputError, errorMessage } from './errors.js'
import { canUpload, workflowArtifacts } from './adapters/github/artifacts.js'
import { githubClient } from './adapters/github/octokit.js'
import { runPublishStage } from './pipeline/publish-bundles.js'
import { actionsLog } from './adapters/github/actions-log.js'
import { readRunContext } from './adapters/github/context.js'
import { githubPublisher, type PublishOutcome } from './adapters/github/publish.js'
import { readSettings } from './settings/inputs.js'
import { runPipeline, type Progress } from './pipeline.js'
import { spawnCommandRunner } from './adapters/project/commands.js'

function readEventPayload(env: NodeJS.ProcessEnv): unknown {
  const file = env['GITHUB_EVENT_PATH']
  if (!file) return {}
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    core.warning(`Could not read the event payload ${file}: ${errorMessage(error)}`)
    return {}
  }
}

function maskSecrets(env: NodeJS.ProcessEnv, trackingUri: string): void {
  for (const name of ['MLFLOW_TRACKING_PASSWORD', 'MLFLOW_TRACKING_TOKEN']) {
    const value = env[name]
    if (value) core.setSecret(value)
  }
  try {
    const url = new URL(trackingUri)
    if (url.password) {
      core.setSecret(url.password)
      core.setSecret(decodeURIComponent(url.password))
    }
  } catch {
    // not a URL: nothing to mask
  }
}

export async function run(): Promise<void> {
  const progress: Progress = {}
  const published: PublishOutcome = {}
  let verdict = 'error'
  let grade = ''
  try {
    const settings = readSettings(name => core.getInput(name), process.env)
    maskSecrets(process.env, settings.trackingUri)
    const context = readRunContext(process.env, readEventPayload(process.env))
    const token = core.getInput('github-token')
    const octokit = token && context.repository ? githubClient(token, context.apiUrl) : undefined
    const publishOptions = {
      token,
      comment: settings.comment,
      checkName: settings.checkName,
      write: true
    }
    if (settings.mode === 'publish') {
      if (octokit === undefined) {
        throw new InputError(
          'github-token',
          'the publish stage needs a token to read the bundle and post it.'
        )
      }
      const reports = await runPublishStage(context, {
        log: actionsLog,
        octokit,
        token,
        dir: path.join(settings.outputDir, 'bundles'),
        publish: (report, markdown, target) =>
          githubPublisher(
            publishOptions,
            { ...context, pullRequest: target.pullRequest, headSha: target.headSha },
            actionsLog,
            published
          )(report, markdown)
      })
      const last = reports.at(-1)
      verdict = last?.verdict ?? 'none'
      grade = last?.label.overall ?? ''
      return
    }
    // A pull request from a fork has a read-only token and no secrets: report, and leave
    // posting to the publish stage.
    const reportOnly = settings.mode === 'report' || (settings.mode === 'auto' && context.fromFork)
    if (reportOnly && settings.mode === 'auto') {
      core.notice(
        'This pull request comes from a fork, so its token cannot comment: the report is in the job summary and in the report bundle. To post it on the pull request, add a workflow on workflow_run with mode: publish (see the README).'
      )
    }
    const artifacts =
      octokit && context.repository && canUpload(process.env)
        ? workflowArtifacts({
            octokit,
            token,
            repo: context.repository,
            workflowFile: context.workflowFile,
            workflowName: context.workflow,
            runUrl: context.runUrl,
            retentionDays: settings.artifactRetentionDays
          })
        : undefined
    const report = await runPipeline(
      settings,
      context,
      {
        log: actionsLog,
        env: process.env,
        commands: spawnCommandRunner,
        workspace: process.env['GITHUB_WORKSPACE'] || process.cwd(),
        publish: githubPublisher(
          { ...publishOptions, write: !reportOnly },
          context,
          actionsLog,
          published
        ),
        artifacts
      },
      progress
    )
    verdict = report.verdict
    grade = report.label.overall ?? ''
    const broken = report.comparison.metrics.filter(
      m => m.status === 'fail' || m.status === 'missing'
    )
    for (const m of broken) {
      const location =
        report.config.file && m.line !== undefined
          ? { file: report.config.file, startLine: m.line }
          : undefined
      const failed = m.checks.filter(c => !c.passed).map(c => c.description)
      const what =
        m.status === 'missing' ? 'was not logged by the run' : `broke ${failed.join('; ')}`
      const message = `Metric '${m.metric}' ${what}.`
      if (settings.failOnRegression) core.error(message, location)
      else core.warning(message, location)
    }
    for (const m of report.comparison.metrics.filter(m => m.status === 'warn')) {
      core.warning(`Metric '${m.metric}' is worse than its rule allows (warn only).`)
    }
    if (report.verdict === 'fail' && settings.failOnRegression) {
      core.setFailed(
        `${broken.length} metric check(s) failed: ${broken.map(m => m.metric).join(', ')}. The report is in the job summary${published.commentUrl ? ' and on the pull request' : ''}.`
      )
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      // One annotation at the file and line; it fails the step like setFailed would.
      core.error(error.message, { file: error.location.file, startLine: error.location.line })
      process.exitCode = core.ExitCode.Failure
    } else if (error instanceof ActionError) {
      core.setFailed(error.message)
    } else {
      core.setFailed(
        `Unexpected error, a bug in mlflow-care-label (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
      )
    }
  } finally {
    core.setOutput('run-id', progress.runId ?? '')
    core.setOutput('baseline-run-id', progress.baselineRunId ?? '')
    core.setOutput('verdict', verdict)
    core.setOutput('grade', grade)
    core.setOutput('report', progress.reportPath ?? '')
    core.setOutput('comment-url', published.commentUrl ?? '')
    core.setOutput('check-url', published.checkUrl ?? '')
    core.setOutput('label-svg', progress.svgPath ?? '')
    core.setOutput('report-html', progress.htmlPath ?? '')
    core.setOutput('artifact-url', progress.artifactUrl ?? '')
    core.setOutput(
      'tracking-uri',
      progress.storeUri?.startsWith('sqlite:') ? progress.storeUri : ''
    )
  }
}
