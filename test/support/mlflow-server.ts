/**
 * A real `mlflow server` on loopback for tests: SQLite backend in a temporary directory, a free
 * port, started and stopped by the test that needs it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { venvBin } from './python.js'
import { answersOk, freePort, spawnService, waitFor } from './services.js'

// The tests that start this server take their other ports from here too.
export { freePort }

export interface MlflowServer {
  url: string
  dir: string
  /** The server's backend store, for tests that read the same data locally. */
  backendUri: string
  stop(): Promise<void>
}

/** `auth`: run MLflow's basic-auth app with user `admin` and this password. */
export async function startMlflowServer(
  options: { adminPassword?: string } = {}
): Promise<MlflowServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-mlflow-'))
  const port = await freePort()
  const backendUri = `sqlite:///${path.join(dir, 'mlflow.db')}`
  const service = spawnService(
    path.join(venvBin(), 'mlflow'),
    [
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--backend-store-uri',
      backendUri,
      '--artifacts-destination',
      path.join(dir, 'artifacts'),
      '--workers',
      '1',
      ...(options.adminPassword ? ['--app-name', 'basic-auth'] : [])
    ],
    {
      name: 'mlflow server',
      cwd: dir,
      env: {
        ...process.env,
        PYTHONWARNINGS: 'ignore',
        MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false',
        ...(options.adminPassword
          ? {
              MLFLOW_AUTH_ADMIN_PASSWORD: options.adminPassword,
              MLFLOW_FLASK_SERVER_SECRET_KEY: 'care-label-test-only-key'
            }
          : {})
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
  return { url, dir, backendUri, stop }
}
