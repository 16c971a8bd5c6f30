/** Publishing on GitHub: the job summary, the check run and the sticky pull-request comment. */
import * as core from '@actions/core'
import { errorMessage } from '../../errors.js'
import type { Log, PublishOutcome } from '../../ports.js'
import { reportMarker } from '../../core/render/markdown.js'
import { noCommentReason, worthAComment } from '../../core/report/comment-policy.js'
import type { Report } from '../../core/report/types.js'
import type { CommentMode } from '../../settings/types.js'
import {
  commentAuthor,
  createCheckRun,
  explainGitHubError,
  upsertComment,
  type CommentTarget
} from './comment.js'
import type { Octokit } from './octokit.js'

export interface PublishOptions {
  comment: CommentMode
  checkName: string
  /**
   * false: the report stage of a fork's pull request, whose token cannot write: the job summary
   * only, and a note on the publish stage.
   */
  write: boolean
  /** Where the job summary goes (GITHUB_STEP_SUMMARY); none off a runner. */
  summary: boolean
}

/** Where to post: the repository, the pull request and the commit. */
export interface PublishTarget {
  repository?: { owner: string; repo: string }
  pullRequest?: number
  headSha: string
}

/** The conclusion of the check run: failure only when the verdict gates the merge. */
export function checkConclusion(report: Report): 'success' | 'failure' | 'neutral' {
  if (report.verdict !== 'fail') return 'success'
  return report.gate ? 'failure' : 'neutral'
}

function statusOf(error: unknown): number | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof error.status === 'number'
  ) {
    return error.status
  }
  return undefined
}

export interface GitHubPublisher {
  publish(report: Report, markdown: string, target: PublishTarget): Promise<PublishOutcome>
}

/**
 * Posts on GitHub: the job summary, always; the check run and the sticky comment, when the token
 * may write. What GitHub refuses is a warning in the outcome (and the log), never an exception:
 * the report is in the job summary and the files either way.
 */
export function githubPublisher(
  options: PublishOptions,
  octokit: Octokit | undefined,
  log: Log
): GitHubPublisher {
  return {
    async publish(report, markdown, target) {
      const outcome: PublishOutcome = { warnings: [] }
      const warn = (message: string): void => {
        log.warning(message)
        outcome.warnings.push(message)
      }
      if (options.summary) await writeSummary(markdown, warn)
      const repository = target.repository
      if (repository === undefined) return outcome
      if (!options.write) {
        log.info(
          'Report stage: the comment and the check run are left to the publish stage (mode: publish, on workflow_run), which posts the uploaded report bundle.'
        )
        return outcome
      }
      if (octokit === undefined) {
        warn('No github-token: the report is in the job summary only.')
        return outcome
      }
      const posting = { octokit, log, warn }
      if (options.checkName !== '' && target.headSha !== '') {
        const check = { repository, name: options.checkName, headSha: target.headSha }
        outcome.checkUrl = await postCheck(posting, check, report, markdown)
      }
      if (target.pullRequest === undefined) {
        log.info('Not a pull request: no comment to post.')
      } else if (options.comment !== 'off') {
        const issue = { ...repository, issueNumber: target.pullRequest }
        outcome.commentUrl = await postComment(posting, issue, options.comment, report, markdown)
      }
      return outcome
    }
  }
}

/** What posting needs: the client, and where to say what went wrong. */
interface Posting {
  octokit: Octokit
  log: Log
  warn: (message: string) => void
}

async function writeSummary(markdown: string, warn: (message: string) => void): Promise<void> {
  try {
    await core.summary.addRaw(markdown).write()
  } catch (error) {
    warn(`Could not write the job summary: ${errorMessage(error)}`)
  }
}

/** The check run with the verdict as its conclusion; its page, or undefined with a warning. */
async function postCheck(
  { octokit, log, warn }: Posting,
  {
    repository,
    name,
    headSha
  }: { repository: PublishTarget['repository'] & {}; name: string; headSha: string },
  report: Report,
  markdown: string
): Promise<string | undefined> {
  try {
    const url = await createCheckRun(octokit, repository, {
      name,
      headSha,
      conclusion: checkConclusion(report),
      title: `Care label ${report.label.overall ?? '?'}: ${report.verdict}`,
      summary: markdown
    })
    log.info(`Check run '${name}' created: ${url}`)
    return url
  } catch (error) {
    const status = statusOf(error)
    const hint =
      status === 403
        ? ' Add `permissions: checks: write` to the job, or set check-name to an empty string.'
        : ''
    warn(`Could not create the check run (HTTP ${status ?? '?'}: ${errorMessage(error)}).${hint}`)
    return undefined
  }
}

/** The sticky comment (or a new one each run); its page, or undefined with a warning. */
async function postComment(
  { octokit, log, warn }: Posting,
  issue: CommentTarget,
  mode: Exclude<CommentMode, 'off'>,
  report: Report,
  markdown: string
): Promise<string | undefined> {
  try {
    if (mode === 'new') {
      const { data } = await octokit.rest.issues.createComment({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.issueNumber,
        body: markdown
      })
      log.info(`Pull request comment created: ${data.html_url}`)
      return data.html_url
    }
    const author = await commentAuthor(octokit)
    const create = worthAComment(report, mode)
    const marker = reportMarker(report.key)
    const result = await upsertComment(octokit, issue, marker, markdown, author, { create })
    if (result === undefined) {
      log.info(
        `No pull request comment (comment: ${mode}): ${noCommentReason(mode)}. The report is in the job summary.`
      )
      return undefined
    }
    log.info(`Pull request comment ${result.action}: ${result.url}`)
    return result.url
  } catch (error) {
    warn(explainGitHubError(statusOf(error), errorMessage(error)))
    return undefined
  }
}
