/** Publishing on GitHub: the job summary, always; the sticky PR comment, when there is a PR. */
import * as core from '@actions/core'
import { getOctokit } from '@actions/github'
import { errorMessage } from '../errors.js'
import type { Log } from '../log.js'
import { reportMarker } from '../report/markdown.js'
import type { Report } from '../report/types.js'
import { explainGitHubError, upsertComment } from './comment.js'
import type { RunContext } from './context.js'

export interface PublishOutcome {
  commentUrl?: string
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
  token: string,
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
    if (context.pullRequest === undefined || context.repository === undefined) {
      log.info('Not a pull request: no comment to post.')
      return
    }
    if (token === '') {
      log.warning('No github-token: the report is in the job summary only.')
      return
    }
    const octokit = getOctokit(token, { baseUrl: context.apiUrl })
    try {
      const result = await upsertComment(
        octokit,
        { ...context.repository, issueNumber: context.pullRequest },
        reportMarker(report.key),
        markdown
      )
      outcome.commentUrl = result.url
      log.info(`Pull request comment ${result.action}: ${result.url}`)
    } catch (error) {
      log.warning(explainGitHubError(statusOf(error), errorMessage(error)))
    }
  }
}
