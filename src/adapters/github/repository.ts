/** The Repository port over GitHub's compare API: the merge base of a pull request. */
import type { Repository } from '../../ports.js'
import { isObject, optObject, optString } from '../../util/guards.js'
import type { RepoRef } from './artifacts.js'
import type { Octokit } from './octokit.js'

export function githubRepository(octokit: Octokit, repo: RepoRef): Repository {
  return {
    async mergeBase(base, head) {
      // `base...head` compares from the merge base, as a pull request's "Files changed" does.
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner: repo.owner,
        repo: repo.repo,
        basehead: `${base}...${head}`,
        per_page: 1
      })
      const commit: unknown = data.merge_base_commit
      if (!isObject(commit)) return undefined
      const sha = optString(commit, 'sha')
      const details = optObject(commit, 'commit')
      const committer = details && optObject(details, 'committer')
      const date = committer && optString(committer, 'date')
      if (sha === undefined) return undefined
      const time = date === undefined ? Number.NaN : Date.parse(date)
      // Without a date, "before the merge base" is every run.
      return { sha, time: Number.isFinite(time) ? time : Number.MAX_SAFE_INTEGER }
    },
    async readFile(path, ref) {
      try {
        const { data } = await octokit.rest.repos.getContent({
          owner: repo.owner,
          repo: repo.repo,
          path,
          ref
        })
        const file: unknown = data
        if (!isObject(file) || optString(file, 'type') !== 'file') return undefined
        const content = optString(file, 'content') ?? ''
        return Buffer.from(
          content,
          optString(file, 'encoding') === 'base64' ? 'base64' : 'utf8'
        ).toString('utf8')
      } catch (error) {
        if (isObject(error) && error['status'] === 404) return undefined
        throw error
      }
    }
  }
}
