/** Publishing on GitHub: the job summary, always; the sticky PR comment, when there is a PR. */
import * as core from '@actions/core'
import { errorMessage } from '../../errors.js'
import type { Log } from '../console-log.js'
import { reportMarker } from '../../core/render/markdown.js'
import type { Report } from '../../core/report/types.js'
import type { CommentMode } from '../../settings/types.js'
import { commentAuthor, createCheckRun, explainGitHubError, upsertComment } from './comment.js'
import type { RunContext } from './context.js'
import { githubClient, type GitHubRetryPolicy } from './octokit.js'

export interface PublishOutcome {
  commentUrl?: string
  checkUrl?: string
}

export interface PublishOptions {
  token: string
  comment: CommentMode
  checkName: string
  /**
   * false: the report stage of a fork's pull request, whose token cannot write: the job summary
   * only, and a note on the publish stage.
   */
  write: boolean
  /** How GitHub calls are retried (the default unless a test needs shorter waits). */
  retry?: GitHubRetryPolicy
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

export function githubPublisher(
  options: PublishOptions,
  context: RunContext,
  log: Log,
  outcome: PublishOutcome
) {
  return async (report: Report, markdown: string): Promise<void> => {
    if (process.env['GITHUB_STEP_SUMMARY']) {
      try {
        await core.summary.addRaw(markdown).write()
      } catch (error) {
        log.warning(`Could not write the job summary: ${errorMessage(error)}`)
      }
    }
    if (context.repository === undefined) return
    if (!options.write) {
      log.info(
        'Report stage: the comment and the check run are left to the publish stage (mode: publish, on workflow_run), which posts the uploaded report bundle.'
      )
      return
    }
    if (options.token === '') {
      log.warning('No github-token: the report is in the job summary only.')
      return
    }
    const octokit = githubClient(options.token, context.apiUrl, options.retry)
    if (options.checkName !== '' && context.headSha !== '') {
      try {
        outcome.checkUrl = await createCheckRun(octokit, context.repository, {
          name: options.checkName,
          headSha: context.headSha,
          conclusion: checkConclusion(report),
          title: `Care label ${report.label.overall ?? '?'}: ${report.verdict}`,
          summary: markdown
        })
        log.info(`Check run '${options.checkName}' created: ${outcome.checkUrl}`)
      } catch (error) {
        const status = statusOf(error)
        const hint =
          status === 403
            ? ' Add `permissions: checks: write` to the job, or set check-name to an empty string.'
            : ''
        log.warning(
          `Could not create the check run (HTTP ${status ?? '?'}: ${errorMessage(error)}).${hint}`
        )
      }
    }
    if (context.pullRequest === undefined) {
      log.info('Not a pull request: no comment to post.')
      return
    }
    if (options.comment === 'off') return
    try {
      const target = { ...context.repository, issueNumber: context.pullRequest }
      if (options.comment === 'new') {
        const { data } = await octokit.rest.issues.createComment({
          owner: target.owner,
          repo: target.repo,
          issue_number: target.issueNumber,
          body: markdown
        })
        outcome.commentUrl = data.html_url
        log.info(`Pull request comment created: ${data.html_url}`)
        return
      }
      const author = await commentAuthor(octokit)
      const result = await upsertComment(
        octokit,
        target,
        reportMarker(report.key),
        markdown,
        author
      )
      outcome.commentUrl = result.url
      log.info(`Pull request comment ${result.action}: ${result.url}`)
    } catch (error) {
      log.warning(explainGitHubError(statusOf(error), errorMessage(error)))
    }
  }
}
