/**
 * The CLI's backend flags as a user types them: `node dist/cli/index.js` in a directory of their
 * own. A wrong backend setting fails before anything runs, in the CLI's own flag names.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, venvPath } from '../support/python.js'

function runCli(cwd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli', 'index.js'), ...args], {
      cwd,
      env: { PATH: venvPath(), HOME: process.env['HOME'] ?? cwd, PYTHONWARNINGS: 'ignore' },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code: code ?? 1, stderr }))
  })
}

let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-cli-backends-'))
  cpSync(path.join(ROOT, 'examples', 'iris'), path.join(dir, 'model'), { recursive: true })
  writeFileSync(path.join(dir, 'cluster.json'), '{"num_workers": 1}')
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the CLI’s backend flags', () => {
  it.each([
    [
      ['--backend', 'kubernetes'],
      "--backend-config: is required when --backend is kubernetes: the path of a JSON file (relative to the workspace) with the repository-uri to push the project's image to and the kube-job-template-path of the Job to run it in, as MLflow documents it."
    ],
    [
      ['--backend', 'databricks', '--backend-config', 'cluster.json'],
      '--backend: databricks runs the project on a cluster, which cannot log to the local store in the output directory. Set --tracking-uri to an MLflow tracking server that both this machine and the cluster reach.'
    ],
    [['--wait-timeout-minutes', '0'], '--wait-timeout-minutes: must be at least 1, not 0.']
  ])('%j', async (flags, message) => {
    const { code, stderr } = await runCli(dir, ['--project', 'model', ...flags])
    expect(code).toBe(2)
    expect(stderr.trim().split('\n').at(-1)).toBe(`error: ${message}`)
  })
})
