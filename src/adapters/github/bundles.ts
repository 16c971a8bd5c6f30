/** The BundleSource port over GitHub's REST API and @actions/artifact (the publish stage's). */
import type { BundleSource } from '../../ports.js'
import { downloadArtifact, type RepoRef } from './artifacts.js'
import type { Octokit } from './octokit.js'

export function githubBundles(octokit: Octokit, repo: RepoRef, token: string): BundleSource {
  return {
    async list(runId) {
      const listed = await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
        owner: repo.owner,
        repo: repo.repo,
        run_id: runId,
        per_page: 100
      })
      return listed
        .filter(a => !a.expired)
        .map(a => ({
          id: a.id,
          name: a.name,
          size: a.size_in_bytes,
          digest: a.digest ?? undefined
        }))
    },
    async pullRequestsOf(run) {
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
      return pulls
        .filter(pr => pr.head.sha === run.headSha)
        .map(pr => ({ number: pr.number, baseSha: pr.base.sha }))
    },
    async download(bundle, run, dir) {
      await downloadArtifact(
        { ...bundle, workflowRunId: run.id, headSha: run.headSha },
        repo,
        token,
        dir
      )
    }
  }
}
