/**
 * A real `mlflow server` on loopback for tests: SQLite backend in a temporary directory, a free
 * port, started and stopped by the test that needs it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { venvBin } from './python.js'

export interface MlflowServer {
  url: string
  dir: string
  /** The server's backend store, for tests that read the same data locally. */
  backendUri: string
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitHealthy(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`mlflow server exited (${child.exitCode}):\n${log()}`)
    try {
      const res = await fetch(`${url}/health`)
      if (res.ok) return
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 250))
  }
  throw new Error(`mlflow server did not become healthy within ${timeoutMs} ms:\n${log()}`)
}

/** `auth`: run MLflow's basic-auth app with user `admin` and this password. */
export async function startMlflowServer(
  options: { adminPassword?: string } = {}
): Promise<MlflowServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-mlflow-'))
  const port = await freePort()
  const backendUri = `sqlite:///${path.join(dir, 'mlflow.db')}`
  const child = spawn(
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
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
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
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise(resolve => child.once('exit', resolve))
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }, 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitHealthy(url, child, () => output, 120_000)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, dir, backendUri, stop }
}
