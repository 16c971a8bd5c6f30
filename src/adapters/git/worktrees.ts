/**
 * The Worktrees port over git: `git worktree add --detach` of another commit of the workspace's
 * clone, beside it. A shallow clone (actions/checkout's default) lacks the commit: then just that
 * commit is fetched from `origin`, at depth 1, as GitHub allows for any commit of the repository.
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { ActionError } from '../../errors.js'
import type { Worktrees } from '../../ports.js'
import type { CommandRunner } from '../project/commands.js'

export interface GitOptions {
  /** The git clone (the workspace). */
  repository: string
  /** Where the worktrees go (one directory per commit). */
  root: string
  commands: CommandRunner
  env: NodeJS.ProcessEnv
}

export function gitWorktrees(options: GitOptions): Worktrees {
  const { repository, commands, env } = options
  const output: string[] = []
  const git = async (...args: string[]): Promise<number> => {
    output.length = 0
    return commands.run('git', ['-C', repository, ...args], {
      env,
      onLine: line => output.push(line)
    })
  }
  const last = (): string => output.slice(-3).join(' ').trim() || '(no output)'
  return {
    async add(sha) {
      if ((await git('rev-parse', '--git-dir').catch(() => 1)) !== 0) {
        throw new ActionError(
          `baseline.strategy paired checks out the baseline commit, but ${repository} is not a git clone: check out the repository first (actions/checkout).`
        )
      }
      if ((await git('rev-parse', '--verify', '--quiet', `${sha}^{commit}`)) !== 0) {
        if ((await git('fetch', '--no-tags', '--depth=1', 'origin', sha)) !== 0) {
          throw new ActionError(
            `Could not fetch the baseline commit ${sha.slice(0, 7)} from origin (${last()}). Check out with fetch-depth: 0, or keep the checkout's credentials for this step.`
          )
        }
      }
      mkdirSync(options.root, { recursive: true })
      const dir = path.join(options.root, sha.slice(0, 12))
      rmSync(dir, { recursive: true, force: true })
      await git('worktree', 'prune')
      if ((await git('worktree', 'add', '--detach', '--force', dir, sha)) !== 0) {
        throw new ActionError(
          `Could not check out the baseline commit ${sha.slice(0, 7)} into ${dir} (${last()}).`
        )
      }
      return dir
    },
    async remove(dir) {
      await git('worktree', 'remove', '--force', dir)
      rmSync(dir, { recursive: true, force: true })
      await git('worktree', 'prune')
    }
  }
}
