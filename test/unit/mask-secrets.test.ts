/** The runner is told each tracking secret before anything is logged, and warned of clear text. */
import { jest } from '@jest/globals'
import { maskSecrets } from '../../src/adapters/github/runner.js'
import { parseTrackingUri } from '../../src/settings/tracking-uri.js'

/** The workflow commands `fn` writes to stdout. */
function commands(fn: () => void): string[] {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
  return written.join('').split('\n').filter(Boolean)
}

const where = (env: NodeJS.ProcessEnv) => ({ workspace: '/repo', outputDir: '/tmp/out', env })

it('masks the Databricks token and the password in DATABRICKS_HOST, and warns of plain http', () => {
  const env = {
    DATABRICKS_HOST: 'http://ci:p%40ss@10.0.0.7:8080',
    DATABRICKS_TOKEN: 'dapi0123456789abcdef'
  }
  expect(commands(() => maskSecrets(env, parseTrackingUri('databricks', where(env))))).toEqual([
    '::add-mask::dapi0123456789abcdef',
    // A workflow command escapes % as %25: the runner masks p%40ss.
    '::add-mask::p%2540ss',
    '::add-mask::p@ss',
    '::warning::DATABRICKS_HOST is http://***:***@10.0.0.7:8080/, a plain http:// address: DATABRICKS_TOKEN is sent to it unencrypted. Use https://.'
  ])
})

it("masks a tracking server's credentials, and warns of nothing over https", () => {
  const env = { MLFLOW_TRACKING_PASSWORD: 'hunter2' }
  const location = parseTrackingUri('https://bot:s3cret@mlflow.example.com', where(env))
  expect(commands(() => maskSecrets(env, location))).toEqual([
    '::add-mask::hunter2',
    '::add-mask::s3cret'
  ])
})
