/**
 * Credentials against a real `mlflow server --app-name basic-auth`: from MLflow's environment
 * variables or inside the URI, never echoed in errors or descriptions.
 */
import { RestTrackingStore, restOptionsFromEnv } from '../../src/adapters/mlflow/rest-store.js'
import { startMlflowServer, type MlflowServer } from '../support/mlflow-server.js'

const PASSWORD = 'S3cret-pa55word!'
let server: MlflowServer

beforeAll(async () => {
  server = await startMlflowServer({ adminPassword: PASSWORD })
})

afterAll(async () => {
  await server?.stop()
})

const FAST = { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' }

it('reads with MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (Basic)', async () => {
  const store = new RestTrackingStore(
    restOptionsFromEnv(server.url, {
      ...FAST,
      MLFLOW_TRACKING_USERNAME: 'admin',
      MLFLOW_TRACKING_PASSWORD: PASSWORD
    })
  )
  expect((await store.getExperimentByName('Default'))?.experimentId).toBe('0')
})

it('reads with the credentials inside the URI, and shows the URI without them', async () => {
  const url = new URL(server.url)
  url.username = 'admin'
  url.password = PASSWORD
  const store = new RestTrackingStore(restOptionsFromEnv(url.toString(), FAST))
  expect((await store.getExperimentByName('Default'))?.experimentId).toBe('0')
  expect(store.description).toBe(`MLflow tracking server http://***:***@${url.host}/`)
  expect(store.runUrl('0', 'abc')).toBe(`${server.url}/#/experiments/0/runs/abc`)
})

it('says which variables to set when the server refuses, without the password', async () => {
  const store = new RestTrackingStore(
    restOptionsFromEnv(server.url, {
      ...FAST,
      MLFLOW_TRACKING_USERNAME: 'admin',
      MLFLOW_TRACKING_PASSWORD: 'wrong'
    })
  )
  const error: unknown = await store.getExperimentByName('Default').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(Error)
  const message = error instanceof Error ? error.message : ''
  expect(message).toMatch(/answered experiments\/get-by-name with HTTP 401/)
  expect(message).toContain(
    'Set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN'
  )
  expect(message).not.toContain('wrong')
  expect(message).not.toContain(PASSWORD)
})
