/**
 * The Worktrees adapter over real git, in a repository of the test: another commit checked out
 * beside the workspace, fetched at depth 1 when the clone is shallow, and removed again.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gitWorktrees } from '../../src/adapters/git/worktrees.js'
import type { CommandRunner } from '../../src/adapters/project/commands.js'

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'octocat',
  GIT_AUTHOR_EMAIL: 'octocat@example.com',
  GIT_COMMITTER_NAME: 'octocat',
  GIT_COMMITTER_EMAIL: 'octocat@example.com'
}

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: ENV })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.trim()
}

/** Runs commands as the action does (argv, no shell), recording each and its output lines. */
function recording(): CommandRunner & { commands: string[] } {
  const commands: string[] = []
  return {
    commands,
    run: (command, args, options) =>
      new Promise(resolve => {
        commands.push([command, ...args.slice(2)].join(' '))
        const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
        for (const stream of [child.stdout, child.stderr]) {
          stream.setEncoding('utf8')
          stream.on('data', (text: string) => text.split('\n').forEach(l => options.onLine?.(l)))
        }
        child.on('close', code => resolve(code ?? 1))
      })
  }
}

let dir: string
const commits: string[] = []

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-git-'))
  const origin = path.join(dir, 'origin')
  mkdirSync(origin)
  git(origin, 'init', '-q', '-b', 'main')
  for (const text of ['first', 'second']) {
    writeFileSync(path.join(origin, 'model.txt'), text)
    git(origin, 'add', '.')
    git(origin, 'commit', '-q', '-m', text)
    commits.push(git(origin, 'rev-parse', 'HEAD'))
  }
  git(dir, 'clone', '-q', '--depth', '1', `file://${origin}`, 'shallow')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('gitWorktrees', () => {
  it('fetches just the commit a shallow clone lacks, checks it out beside it, and removes it', async () => {
    const repository = path.join(dir, 'shallow')
    const commands = recording()
    const worktrees = gitWorktrees({
      repository,
      root: path.join(dir, 'trees'),
      commands,
      env: ENV
    })
    const first = commits[0] ?? ''
    const tree = await worktrees.add(first)
    expect(tree).toBe(path.join(dir, 'trees', first.slice(0, 12)))
    expect(readFileSync(path.join(tree, 'model.txt'), 'utf8')).toBe('first')
    expect(readFileSync(path.join(repository, 'model.txt'), 'utf8')).toBe('second')
    expect(commands.commands).toContain(`git fetch --no-tags --depth=1 origin ${first}`)
    await worktrees.remove(tree)
    expect(existsSync(tree)).toBe(false)
    expect(git(repository, 'worktree', 'list').split('\n')).toHaveLength(1)
    // The commit is there now: a second checkout fetches nothing.
    commands.commands.length = 0
    await worktrees.remove(await worktrees.add(first))
    expect(commands.commands.some(c => c.startsWith('git fetch'))).toBe(false)
  })

  it('says what to do when the commit cannot be fetched, or there is no clone', async () => {
    const commands = recording()
    const shallow = gitWorktrees({
      repository: path.join(dir, 'shallow'),
      root: path.join(dir, 'trees'),
      commands,
      env: ENV
    })
    await expect(shallow.add('0123456789'.repeat(4))).rejects.toThrow(
      /^Could not fetch the baseline commit 0123456 from origin \(.+\)\. Check out with fetch-depth: 0, or keep the checkout's credentials for this step\.$/
    )
    const plain = mkdtempSync(path.join(os.tmpdir(), 'care-label-nogit-'))
    try {
      const none = gitWorktrees({
        repository: plain,
        root: path.join(dir, 'trees'),
        commands,
        env: { ...ENV, GIT_CEILING_DIRECTORIES: path.dirname(plain) }
      })
      await expect(none.add(commits[0] ?? '')).rejects.toThrow(
        `baseline.strategy paired checks out the baseline commit, but ${plain} is not a git clone: check out the repository first (actions/checkout).`
      )
    } finally {
      rmSync(plain, { recursive: true, force: true })
    }
  })
})
