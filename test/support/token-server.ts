/**
 * A real `mlflow server` on loopback that takes a bearer token, as a Databricks workspace takes a
 * personal access token (Databricks itself cannot be reached from the tests): MLflow's basic-auth
 * app with its `authorization_function` replaced by token_auth.py, a SQLite backend and an
 * artifact root in a temporary directory, a free port. Started once per test file.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { venvBin } from './python.js'
import { answersOk, freePort, spawnService, waitFor } from './services.js'

export interface TokenServer {
  /** The server's address, `http://127.0.0.1:<port>` (no trailing slash). */
  url: string
  /** Where runs keep their artifacts (a local path, which MLflow's client writes to). */
  artifactRoot: string
  /** The one token it takes, shaped like a Databricks personal access token. */
  token: string
  /** MLflow's Python client settings for this server (URI and token). */
  clientEnv: Record<string, string>
  stop(): Promise<void>
}

const SUPPORT = path.dirname(fileURLToPath(import.meta.url))
const USER = 'admin'

export async function startTokenServer(): Promise<TokenServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-token-'))
  const port = await freePort()
  const token = `dapi${randomBytes(16).toString('hex')}`
  const config = path.join(dir, 'auth.ini')
  writeFileSync(
    config,
    [
      '[mlflow]',
      'default_permission = READ',
      `database_uri = sqlite:///${path.join(dir, 'auth.db')}`,
      `admin_username = ${USER}`,
      'authorization_function = token_auth:authenticate_request_token',
      ''
    ].join('\n')
  )
  const service = spawnService(
    path.join(venvBin(), 'mlflow'),
    [
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--backend-store-uri',
      `sqlite:///${path.join(dir, 'mlflow.db')}`,
      // The client writes artifacts itself, as it writes to a workspace's DBFS: a workspace
      // proxies none through its tracking API.
      '--default-artifact-root',
      path.join(dir, 'artifacts'),
      '--no-serve-artifacts',
      '--workers',
      '1',
      '--app-name',
      'basic-auth'
    ],
    {
      name: 'mlflow server (token auth)',
      cwd: dir,
      env: {
        ...process.env,
        PYTHONWARNINGS: 'ignore',
        PYTHONPATH: SUPPORT,
        MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
        MLFLOW_AUTH_CONFIG_PATH: config,
        // The auth app creates its admin user with a password on first start; nobody uses it.
        MLFLOW_AUTH_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
        MLFLOW_FLASK_SERVER_SECRET_KEY: 'care-label-test-only-key',
        CARE_LABEL_TEST_TOKEN: token,
        CARE_LABEL_TEST_USER: USER
      }
    }
  )
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    await service.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitFor(service, signal => answersOk(`${url}/health`, signal))
  } catch (error) {
    await stop()
    throw error
  }
  return {
    url,
    artifactRoot: path.join(dir, 'artifacts'),
    token,
    clientEnv: { MLFLOW_TRACKING_URI: url, MLFLOW_TRACKING_TOKEN: token },
    stop
  }
}
