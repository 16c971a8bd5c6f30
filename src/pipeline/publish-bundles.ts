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
import { downloadArtifact, type FoundArtifact, type RepoRef } from '../adapters/github/artifacts.js'
import type { RunContext, TriggeringRun } from '../adapters/github/context.js'
import type { Octokit } from '../adapters/github/octokit.js'
import type { Log } from '../adapters/console-log.js'
import { BUNDLE_PREFIX, clearDir } from '../adapters/history/carried-store.js'
import { renderMarkdown } from '../core/render/markdown.js'
import type { Report } from '../core/report/types.js'
import { parseReport, ReportFormatError } from '../core/report/validate.js'

/** A bundle larger than this is not downloaded; a report.json larger than this is not read. */
const MAX_BUNDLE_BYTES = 50 * 1024 * 1024
const MAX_REPORT_BYTES = 10 * 1024 * 1024

export interface PublishStageIO {
  log: Log
  octokit: Octokit
  token: string
  /** Where bundles are downloaded. */
  dir: string
  /** Posts one report (comment, check run, job summary) for the given pull request and commit. */
  publish(
    report: Report,
    markdown: string,
    target: { pullRequest: number; headSha: string }
  ): Promise<void>
}

/** The pull requests whose head is the triggering commit. */
async function pullRequestsOf(
  octokit: Octokit,
  repo: RepoRef,
  run: TriggeringRun
): Promise<number[]> {
  if (run.pullRequests.length > 0) return run.pullRequests
  // A pull request from a fork is not listed on its workflow run: look it up by head branch.
  if (run.headOwner === undefined || run.headBranch === '') return []
  const pulls = await octokit.paginate(octokit.rest.pulls.list, {
    owner: repo.owner,
    repo: repo.repo,
    state: 'open',
    head: `${run.headOwner}:${run.headBranch}`,
    per_page: 100
  })
  return pulls.filter(pr => pr.head.sha === run.headSha).map(pr => pr.number)
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
  const { log, octokit } = io
  const run = context.workflowRun
  const repo = context.repository
  if (run === undefined || repo === undefined) {
    throw new InputError(
      'mode',
      `publish runs on the workflow_run event of the workflow that reported (this is '${context.eventName}'). Use mode: report there and mode: publish in a workflow 'on: workflow_run'.`
    )
  }
  const listed = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
    owner: repo.owner,
    repo: repo.repo,
    run_id: run.id,
    per_page: 100
  })
  const bundles = listed.filter(a => a.name.startsWith(BUNDLE_PREFIX) && !a.expired)
  if (bundles.length === 0) {
    log.info(
      `Workflow run ${run.id} uploaded no report bundle (${BUNDLE_PREFIX}*): nothing to publish. Did its care-label step run with mode: report?`
    )
    return []
  }
  const pullRequests = await pullRequestsOf(octokit, repo, run)
  const reports: Report[] = []
  for (const bundle of bundles) {
    const found: FoundArtifact = {
      id: bundle.id,
      name: bundle.name,
      size: bundle.size_in_bytes,
      digest: bundle.digest ?? undefined,
      workflowRunId: run.id,
      headSha: run.headSha
    }
    try {
      if (found.size > MAX_BUNDLE_BYTES) {
        throw new ReportFormatError(`it is ${found.size} bytes, over ${MAX_BUNDLE_BYTES}`)
      }
      const dir = path.join(io.dir, bundle.name)
      clearDir(dir)
      await downloadArtifact(found, repo, io.token, dir)
      const report = readBundle(dir, run, pullRequests)
      report.artifactUrl = `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${run.id}/artifacts/${bundle.id}`
      const markdown = renderMarkdown(report)
      await io.publish(report, markdown, {
        pullRequest: report.context.pullRequest ?? 0,
        headSha: run.headSha
      })
      reports.push(report)
    } catch (error) {
      throw new ActionError(
        `Report bundle '${bundle.name}' of workflow run ${run.id} was refused: ${errorMessage(error).replace(/\.$/, '')}.`,
        { cause: error }
      )
    }
  }
  return reports
}
