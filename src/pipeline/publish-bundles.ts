/**
 * The publish stage (`mode: publish`, on `workflow_run`): posts the reports that a pull
 * request's workflow (stage 1, `mode: report`) uploaded as bundles. Those bundles were made by
 * code under review, with a read-only token: this stage runs none of it. It checks the digest of
 * each bundle, reads its report.json strictly, checks that it is about the commit that triggered
 * this run and about a pull request GitHub links to that commit, and renders the comment itself
 * from the checked data (never posting Markdown written by the pull request). Nor does it take
 * the bundle's word for the outcome: the verdict, the label and the check's conclusion are
 * decided here again, from the bundle's numbers and the rules of the pull request's base commit.
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { ActionError, InputError, errorMessage } from '../errors.js'
import type { PullRequestRef, RunContext, TriggeringRun } from '../core/context.js'
import type { BundleInfo, BundleSource, Log, Repository } from '../ports.js'
import { clearDir } from '../adapters/history/carried-store.js'
import { diffRules } from '../core/config/diff.js'
import { parseConfig } from '../core/config/parse.js'
import { EMPTY_CONFIG, type CareLabelConfig } from '../core/config/types.js'
import { BUNDLE_PREFIX } from '../core/names.js'
import { renderMarkdown } from '../core/render/markdown.js'
import { measuredRun } from '../core/report/build.js'
import type { Report } from '../core/report/types.js'
import { sanitizeBundleLinks } from '../core/report/urls.js'
import { parseReport, ReportFormatError } from '../core/report/validate.js'
import { testsFailGate } from '../core/tests/partials.js'
import { decide } from './decide.js'
import { parseRulesAt } from './load-config.js'

/** A bundle larger than this is not downloaded; a report.json larger than this is not read. */
const MAX_BUNDLE_BYTES = 50 * 1024 * 1024
const MAX_REPORT_BYTES = 10 * 1024 * 1024

export interface PublishStageIO {
  log: Log
  /** The workflow run's report bundles and the pull requests of its commit. */
  bundles: BundleSource
  /** The tracking server whose MLflow UI links may be posted (the stage's own tracking-uri). */
  trackingServer?: string
  /** The tracking server is a Databricks workspace (its UI's run pages differ). */
  databricks?: boolean
  /** The repository's files: the rules are read at each pull request's base commit. */
  repository: Repository
  /** The rules file, as the `config` input names it. */
  configPath: string
  /** Whether a failing verdict fails the check (this stage's `fail-on-regression`). */
  gate: boolean
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
export function readBundle(
  dir: string,
  run: TriggeringRun,
  pullRequests: PullRequestRef[]
): Report {
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
  if (claimed === undefined || !pullRequests.some(pr => pr.number === claimed)) {
    throw new ReportFormatError(
      `it names pull request ${claimed ?? '(none)'}, but commit ${run.headSha.slice(0, 7)} is the head of ${pullRequests.length > 0 ? pullRequests.map(pr => `#${pr.number}`).join(', ') : 'no open pull request'}`
    )
  }
  if (report.measurements === undefined || report.measurements.candidate.length === 0) {
    throw new ReportFormatError(
      'it has no measurements to decide the verdict from (a bundle of an older version of this action: use the same version in both workflows)'
    )
  }
  return report
}

/** The rules the publish stage judges by: the base commit's, and what the pull request changes. */
export interface BaseRules {
  config: CareLabelConfig
  /** The base commit the rules were read at. */
  at: string
  changes: string[]
}

/** Reads the rules at the pull request's base commit, and at its head to say what it changes. */
export async function readBaseRules(
  repository: Repository,
  configPath: string,
  refs: { base: string; head: string }
): Promise<BaseRules> {
  const at = refs.base.slice(0, 7)
  let text: string | undefined
  try {
    text = await repository.readFile(configPath, refs.base)
  } catch (error) {
    throw new ActionError(
      `The rules (${configPath}) could not be read at the base commit ${at}: ${errorMessage(error).replace(/\.$/, '')}. The publish stage decides the verdict by them: give its job 'contents: read'.`,
      { cause: error }
    )
  }
  const config = text === undefined ? EMPTY_CONFIG : parseRulesAt(configPath, refs.base, text)
  let changes: string[] = []
  try {
    // A file GitHub does not show at the head may be a fork's commit it cannot reach: unknown.
    const head = await repository.readFile(configPath, refs.head)
    if (head !== undefined) changes = diffRules(config, parseConfig(configPath, head))
  } catch {
    // What the pull request would change is news, not a condition: its rules are not applied.
  }
  return { config, at, changes }
}

/**
 * The report with its verdict and label decided again, from its own numbers and `rules`: what the
 * bundle says of its outcome (verdict, grade, letters, gate) is not read. Pure.
 */
export function judgeAgain(report: Report, rules: BaseRules, gate: boolean): Report {
  const measured = report.measurements ?? { candidate: [], baseline: [] }
  const decided = decide(
    rules.config,
    { runs: measured.candidate.map(measuredRun), how: '' },
    {
      runs: measured.baseline.map(measuredRun),
      how: report.baselineHow,
      paired: measured.paired
    }
  )
  const { label } = decided
  // A failed test fails the verdict here too (the bundle's records, as its numbers, are taken).
  const comparison = testsFailGate(report.tests ?? [])
    ? { ...decided.comparison, verdict: 'fail' as const }
    : decided.comparison
  return {
    ...report,
    verdict: comparison.verdict,
    gate,
    comparison,
    label,
    config: {
      file: rules.config.file,
      note: rules.config.file ? undefined : 'No thresholds: the base commit has no rules file.'
    },
    rules: { from: 'base', changes: rules.changes },
    notes: [
      ...report.notes,
      `The numbers come from the pull request's own run; the verdict and the label were decided by the publish stage, by the rules at the base commit ${rules.at}.`
    ]
  }
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
      reports.push(await publishBundle(bundle, { run, repo, pullRequests }, context, io))
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

/** One bundle: downloaded, read, judged again by the base rules, its links checked, posted. */
async function publishBundle(
  bundle: BundleInfo,
  of: { run: TriggeringRun; repo: { owner: string; repo: string }; pullRequests: PullRequestRef[] },
  context: RunContext,
  io: PublishStageIO
): Promise<Report> {
  const { run, repo, pullRequests } = of
  if (bundle.size > MAX_BUNDLE_BYTES) {
    throw new ReportFormatError(`it is ${bundle.size} bytes, over ${MAX_BUNDLE_BYTES}`)
  }
  const dir = path.join(io.dir, bundle.name)
  clearDir(dir)
  await io.bundles.download(bundle, run, dir)
  const bundled = readBundle(dir, run, pullRequests)
  const pr = pullRequests.find(p => p.number === bundled.context.pullRequest)
  const rules = await readBaseRules(io.repository, io.configPath, {
    // The default branch's commit that this stage runs at, when GitHub names no base.
    base: pr?.baseSha ?? context.headSha,
    head: run.headSha
  })
  // Links that do not point where they should are left out (each with a note).
  const { report, dropped } = sanitizeBundleLinks(judgeAgain(bundled, rules, io.gate), {
    serverUrl: context.serverUrl,
    owner: repo.owner,
    repo: repo.repo,
    workflowRunId: run.id,
    trackingServer: io.trackingServer,
    databricks: io.databricks
  })
  if (dropped.length > 0) {
    io.log.warning(
      `Report bundle '${bundle.name}': left out its links that do not point where they should (${dropped.join(', ')}).`
    )
  }
  report.artifactUrl = `${context.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${run.id}/artifacts/${bundle.id}`
  await io.publish(report, renderMarkdown(report), {
    pullRequest: report.context.pullRequest ?? 0,
    headSha: run.headSha
  })
  return report
}
