/**
 * The publish stage (`mode: publish`, on `workflow_run`): posts the reports that a pull
 * request's workflow (stage 1, `mode: report`) uploaded as bundles. Those bundles were made by
 * code under review, with a read-only token: this stage runs none of it. It checks the digest of
 * each bundle, reads its report.json strictly, checks that it is about the commit that triggered
 * this run and about a pull request GitHub links to that commit, and renders the comment itself
 * from the checked data (never posting Markdown written by the pull request).
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ActionError, InputError, errorMessage } from '../errors.js'
import type { RunContext, TriggeringRun } from '../core/context.js'
import type { BundleSource, Log } from '../ports.js'
import { clearDir } from '../adapters/history/carried-store.js'
import { BUNDLE_PREFIX } from '../core/names.js'
import { renderMarkdown } from '../core/render/markdown.js'
import type { Report } from '../core/report/types.js'
import { sanitizeBundleLinks } from '../core/report/urls.js'
import { parseReport, ReportFormatError } from '../core/report/validate.js'

/** A bundle larger than this is not downloaded; a report.json larger than this is not read. */
const MAX_BUNDLE_BYTES = 50 * 1024 * 1024
const MAX_REPORT_BYTES = 10 * 1024 * 1024

export interface PublishStageIO {
  log: Log
  /** The workflow run's report bundles and the pull requests of its commit. */
  bundles: BundleSource
  /** The tracking server whose MLflow UI links may be posted (the stage's own tracking-uri). */
  trackingServer?: string
  /** Where bundles are downloaded. */
  dir: string
  /** Posts one report (comment, check run, job summary) for the given pull request and commit. */
  publish(
    report: Report,
    markdown: string,
    target: { pullRequest: number; headSha: string }
  ): Promise<void>
}

/** Reads and checks one downloaded bundle. */
export function readBundle(dir: string, run: TriggeringRun, pullRequests: number[]): Report {
  const file = path.join(dir, 'report.json')
  let size: number
  try {
    size = statSync(file).size
  } catch {
    throw new ReportFormatError('the bundle has no report.json')
  }
  if (size > MAX_REPORT_BYTES) {
    throw new ReportFormatError(`its report.json is ${size} bytes, over ${MAX_REPORT_BYTES}`)
  }
  const report = parseReport(readFileSync(file, 'utf8'))
  if (report.context.headSha !== run.headSha) {
    throw new ReportFormatError(
      `it is about commit ${report.context.headSha ?? '(none)'}, not ${run.headSha}, the head of the run that triggered this one`
    )
  }
  const claimed = report.context.pullRequest
  if (claimed === undefined || !pullRequests.includes(claimed)) {
    throw new ReportFormatError(
      `it names pull request ${claimed ?? '(none)'}, but commit ${run.headSha.slice(0, 7)} is the head of ${pullRequests.length > 0 ? pullRequests.map(n => `#${n}`).join(', ') : 'no open pull request'}`
    )
  }
  return report
}

export async function runPublishStage(context: RunContext, io: PublishStageIO): Promise<Report[]> {
  const { log } = io
  const run = context.workflowRun
  const repo = context.repository
  if (run === undefined || repo === undefined) {
    throw new InputError(
      'mode',
      `publish runs on the workflow_run event of the workflow that reported (this is '${context.eventName}'). Use mode: report there and mode: publish in a workflow 'on: workflow_run'.`
    )
  }
  const bundles = (await io.bundles.list(run.id)).filter(a => a.name.startsWith(BUNDLE_PREFIX))
  if (bundles.length === 0) {
    log.info(
      `Workflow run ${run.id} uploaded no report bundle (${BUNDLE_PREFIX}*): nothing to publish. Did its care-label step run with mode: report?`
    )
    return []
  }
  const pullRequests = await io.bundles.pullRequestsOf(run)
  const reports: Report[] = []
  for (const bundle of bundles) {
    try {
      if (bundle.size > MAX_BUNDLE_BYTES) {
        throw new ReportFormatError(`it is ${bundle.size} bytes, over ${MAX_BUNDLE_BYTES}`)
      }
      const dir = path.join(io.dir, bundle.name)
      clearDir(dir)
      await io.bundles.download(bundle, run, dir)
      // Links that do not point where they should are left out (each with a note).
      const { report, dropped } = sanitizeBundleLinks(readBundle(dir, run, pullRequests), {
        serverUrl: context.serverUrl,
        owner: repo.owner,
        repo: repo.repo,
        workflowRunId: run.id,
        trackingServer: io.trackingServer
      })
      if (dropped.length > 0) {
        log.warning(
          `Report bundle '${bundle.name}': left out its links that do not point where they should (${dropped.join(', ')}).`
        )
      }
      report.artifactUrl = `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${run.id}/artifacts/${bundle.id}`
      const markdown = renderMarkdown(report)
      await io.publish(report, markdown, {
        pullRequest: report.context.pullRequest ?? 0,
        headSha: run.headSha
      })
      reports.push(report)
    } catch (error) {
      // A bug of ours stays a bug: only what is wrong with the bundle refuses it.
      if (!(error instanceof ActionError)) throw error
      throw new ActionError(
        `Report bundle '${bundle.name}' of workflow run ${run.id} was refused: ${errorMessage(error).replace(/\.$/, '')}.`,
        { cause: error }
      )
    }
  }
  return reports
}
