/**
 * The CLI in a GitLab merge-request pipeline: `node dist/cli/index.js` with the job's predefined
 * variables pointing at a loopback GitLab API. It posts the report as one note, finds that note
 * again on a later run (past pages of other notes, beside a copy of its marker by a reviewer) and
 * updates it in place, leaves it alone when nothing changed, and never prints the token. A note
 * GitLab refuses is a warning: the report's files and the exit code stay as they are.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, runPython, venvPath } from '../support/python.js'
import {
  BOT,
  DEFAULT_PROJECT,
  READ_TOKEN,
  REVIEWER,
  startGitLabApiServer,
  WRITE_TOKEN,
  type GitLabApiServer
} from '../support/gitlab-api-server.js'

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

function runCli(cwd: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli', 'index.js'), ...args], {
      cwd,
      env: {
        PATH: venvPath(),
        HOME: process.env['HOME'] ?? cwd,
        PYTHONWARNINGS: 'ignore',
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code: code ?? 1, stdout, stderr }))
  })
}

const PROJECT = DEFAULT_PROJECT.id
const IID = 7
const MARKER = '<!-- mlflow-care-label key="care-label" -->'

let server: GitLabApiServer
let dir: string
let runIds: string[] = []

/** A merge-request pipeline's predefined variables, as GitLab sets them, and GITLAB_TOKEN. */
function pipelineEnv(token: string, iid = IID): Record<string, string> {
  return {
    GITLAB_CI: 'true',
    CI: 'true',
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_SERVER_URL: server.url,
    CI_API_V4_URL: server.apiUrl,
    CI_PROJECT_ID: String(PROJECT),
    CI_PROJECT_URL: `${server.url}/${DEFAULT_PROJECT.path}`,
    CI_MERGE_REQUEST_IID: String(iid),
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
    CI_JOB_NAME: 'care-label',
    CI_JOB_TOKEN: 'job-token-that-may-not-write-notes',
    GITLAB_TOKEN: token
  }
}

/** Two runs logged by MLflow itself into a SQLite store: a baseline and a slightly better one. */
function logRuns(uri: string): string[] {
  const out = runPython(
    `import json, mlflow
mlflow.set_experiment("iris-classifier")
ids = []
for acc in [0.93, 0.94]:
    with mlflow.start_run() as run:
        mlflow.log_metrics({"accuracy": acc})
        ids.append(run.info.run_id)
print(json.dumps(ids))`,
    { MLFLOW_TRACKING_URI: uri }
  )
  return JSON.parse(out.trim().split('\n').pop() ?? '[]')
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-gitlab-'))
  runIds = logRuns(`sqlite:///${path.join(dir, 'store', 'mlflow.db')}`)
  writeFileSync(
    path.join(dir, 'rules.yml'),
    'metrics:\n  accuracy:\n    greater_is_better: true\n    max_regression: 2%\n    category: quality\n'
  )
  server = await startGitLabApiServer()
  // A long merge request: reviews, system notes, and a reviewer quoting our marker.
  server.addMergeRequest(PROJECT, IID)
  server.seedNote(PROJECT, IID, `${MARKER}\nquoted by a reviewer`, { author: REVIEWER })
  for (let i = 0; i < 140; i++) {
    if (i % 7 === 0) server.seedNote(PROJECT, IID, `added ${i} commits`, { system: true })
    else server.seedNote(PROJECT, IID, `review ${i}`, { author: REVIEWER })
  }
})

afterAll(async () => {
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const common = ['--tracking-uri', 'sqlite:///store/mlflow.db', '--config', 'rules.yml']
const ours = () => server.notes(PROJECT, IID).filter(n => n.author.id === BOT.id)
const noteLink = (id: number | undefined): string =>
  `${server.url}/${DEFAULT_PROJECT.path}/-/merge_requests/${IID}#note_${id}`
const writes = (from: number): string[] =>
  server.requests.slice(from).flatMap(r => (r.method === 'GET' ? [] : [`${r.method} ${r.path}`]))

function expectNoToken(result: CliResult, token: string): void {
  expect(result.stdout).not.toContain(token)
  expect(result.stderr).not.toContain(token)
}

describe('the CLI in a GitLab merge-request pipeline', () => {
  it('creates one note, updates it on the next run and leaves it when nothing changed', async () => {
    const [baseline = '', candidate = ''] = runIds
    const env = pipelineEnv(WRITE_TOKEN)
    const first = await runCli(dir, [...common, '--run-id', baseline, '--verbose'], env)
    expect(first.stderr).not.toContain('Traceback')
    expect(first.code).toBe(0)
    const [created] = ours()
    expect(ours()).toHaveLength(1)
    expect(first.stderr).toContain(`Merge request note created: ${noteLink(created?.id)}\n`)
    const report = (): string =>
      readFileSync(path.join(dir, 'out', 'care-label', 'report.md'), 'utf8')
    expect(created?.body).toBe(report())
    expect(created?.body.startsWith(`${MARKER}\n`)).toBe(true)
    expectNoToken(first, WRITE_TOKEN)

    const compared = [...common, '--run-id', candidate, '--baseline-run-id', baseline, '--verbose']
    const second = await runCli(dir, compared, env)
    expect(second.code).toBe(0)
    expect(second.stderr).toContain(`Merge request note updated: ${noteLink(created?.id)}\n`)
    expect(ours().map(n => n.id)).toEqual([created?.id])
    expect(ours()[0]?.body).toBe(report())
    expect(ours()[0]?.body).not.toBe(created?.body)
    expectNoToken(second, WRITE_TOKEN)

    const before = server.requests.length
    const third = await runCli(dir, compared, env)
    expect(third.code).toBe(0)
    expect(third.stderr).toContain(`Merge request note unchanged: ${noteLink(created?.id)}\n`)
    expect(writes(before)).toEqual([])
    expectNoToken(third, WRITE_TOKEN)

    // The reviewer's copy of the marker is theirs: untouched.
    const quoted = server.notes(PROJECT, IID).filter(n => n.body.includes('quoted by a reviewer'))
    expect(quoted.map(n => [n.author.username, n.body])).toEqual([
      [REVIEWER.username, `${MARKER}\nquoted by a reviewer`]
    ])
    // Every request carried the token in GitLab's header.
    expect(server.requests.every(r => r.headers['private-token'] === '<redacted>')).toBe(true)
  })

  it.each([
    [
      'a read_api token',
      READ_TOKEN,
      'warning: GitLab refused the note (HTTP 403: insufficient_scope (The request requires higher privileges than provided by the access token.)): GITLAB_TOKEN lacks the api scope (read_api only reads).'
    ],
    [
      'a wrong token',
      'glpat-NotTheRightTokenAtAll',
      'warning: GitLab refused GITLAB_TOKEN (HTTP 401: 401 Unauthorized): it is wrong, expired or revoked.'
    ]
  ])(
    'warns for %s, keeps the report and the exit code, and prints no token',
    async (_what, token, warning) => {
      const iid = IID + 1 + (token === READ_TOKEN ? 0 : 1)
      server.addMergeRequest(PROJECT, iid)
      const out = path.join(dir, `out-${iid}`)
      const result = await runCli(
        dir,
        [...common, '--run-id', runIds[1] ?? '', '--output-dir', out, '--verbose'],
        pipelineEnv(token, iid)
      )
      expect(result.code).toBe(0)
      expect(result.stderr).toContain(warning)
      expect(result.stderr).toContain(`The report is in ${path.join(out, 'report.md')}.\n`)
      expect(existsSync(path.join(out, 'report.md'))).toBe(true)
      expect(existsSync(path.join(out, 'report.json'))).toBe(true)
      expect(server.notes(PROJECT, iid)).toEqual([])
      expectNoToken(result, token)
    }
  )

  it('posts nothing with --comment off, and names the flag when its value is wrong', async () => {
    const before = server.requests.length
    const off = await runCli(
      dir,
      [...common, '--run-id', runIds[0] ?? '', '--comment', 'off'],
      pipelineEnv(WRITE_TOKEN, 99)
    )
    expect(off.code).toBe(0)
    expect(server.requests.length).toBe(before)
    const wrong = await runCli(dir, [...common, '--comment', 'always'], pipelineEnv(WRITE_TOKEN))
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toBe(
      "error: --comment: 'always' is not one of update, new, off, on-change, on-failure.\n"
    )
  })

  it('says why there is no note when GITLAB_TOKEN is missing', async () => {
    const env = pipelineEnv('')
    delete env['GITLAB_TOKEN']
    const result = await runCli(dir, [...common, '--run-id', runIds[0] ?? ''], env)
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      'warning: No GITLAB_TOKEN: no merge request note (CI_JOB_TOKEN may not write notes). Add a project access token with the api scope and at least the Reporter role, stored as the masked CI/CD variable GITLAB_TOKEN.\n'
    )
  })

  it('refuses CI_API_V4_URL with credentials in one warning, sends nothing, shows no secret', async () => {
    const secret = 's3cr3t-pass'
    const env = {
      ...pipelineEnv(WRITE_TOKEN),
      CI_API_V4_URL: server.apiUrl.replace('//', `//ci-user:${secret}@`)
    }
    const before = server.requests.length
    const out = path.join(dir, 'out-credentials')
    const args = [...common, '--run-id', runIds[0] ?? '', '--output-dir', out, '--verbose']
    const result = await runCli(dir, args, env)
    expect(result.code).toBe(0)
    expect(result.stderr.split('\n').filter(line => line.includes('CI_API_V4_URL'))).toEqual([
      'warning: CI_API_V4_URL holds credentials (a user name or password, not shown here; GitLab takes the token in GITLAB_TOKEN, not in the address): no merge request note.'
    ])
    expect(server.requests.length).toBe(before)
    expect(result.stdout).not.toContain(secret)
    expect(result.stderr).not.toContain(secret)
    expect(existsSync(path.join(out, 'report.md'))).toBe(true)
  })
})
