/** Credentials out of URIs, and out of every URL in a message that came from elsewhere. */
import { redactText, redactUri, trackingSecrets } from '../../src/util/redact.js'

describe('redactUri', () => {
  it.each([
    ['https://user:secret@mlflow.example/', 'https://***:***@mlflow.example/'],
    ['https://token@mlflow.example/x', 'https://***@mlflow.example/x'],
    ['https://mlflow.example/x?y=1', 'https://mlflow.example/x?y=1'],
    ['not a url //u:p@host', 'not a url //***@host'],
    // A DATABRICKS_HOST may name no scheme: URL would read `user:` as one and keep the password.
    ['admin:s3cret@adb-1.2.azuredatabricks.net', '***@adb-1.2.azuredatabricks.net'],
    ['dapi0123@dbc-1.cloud.databricks.com/x', '***@dbc-1.cloud.databricks.com/x'],
    ['databricks', 'databricks'],
    ['models:/classifier@champion', 'models:/classifier@champion'],
    ['mlflow-artifacts:/0/abc/artifacts', 'mlflow-artifacts:/0/abc/artifacts']
  ])('%j → %j', (uri, out) => {
    expect(redactUri(uri)).toBe(out)
  })
})

describe('redactText', () => {
  it('redacts each URL of a message and cuts its query, and leaves the rest', () => {
    const message =
      "botocore: PUT https://bucket.s3.example/a.svg?X-Amz-Credential=AKIA123&X-Amz-Signature=abc failed; tracking http://admin:hunter2@127.0.0.1:5000/api (see 'https://docs.example/x')"
    const out = redactText(message)
    expect(out).toBe(
      "botocore: PUT https://bucket.s3.example/a.svg?… failed; tracking http://***:***@127.0.0.1:5000/api (see 'https://docs.example/x')"
    )
    for (const secret of ['AKIA123', 'X-Amz-Signature', 'hunter2']) {
      expect(out).not.toContain(secret)
    }
  })

  it('leaves a message without URLs as it is', () => {
    expect(redactText('Permission denied: /srv/mlflow/artifacts')).toBe(
      'Permission denied: /srv/mlflow/artifacts'
    )
  })
})

describe('trackingSecrets', () => {
  it.each([
    ['http://127.0.0.1:5000', {}, []],
    [
      'databricks',
      {
        DATABRICKS_HOST: 'https://dbc-1.cloud.databricks.com',
        DATABRICKS_TOKEN: 'dapi0123',
        MLFLOW_TRACKING_USERNAME: 'admin',
        MLFLOW_TRACKING_PASSWORD: 'hunter2'
      },
      ['hunter2', 'dapi0123']
    ],
    // A token pasted with its line break: the value sent, and the value a log shows.
    [
      'databricks',
      { DATABRICKS_TOKEN: 'dapi0123\n', DATABRICKS_PASSWORD: '  ' },
      ['dapi0123\n', 'dapi0123']
    ],
    [
      'https://admin:p%40ss@mlflow.example.com',
      { MLFLOW_TRACKING_TOKEN: 'tok', DATABRICKS_CLIENT_SECRET: 'dose1' },
      ['tok', 'dose1', 'p%40ss', 'p@ss']
    ],
    // The password of DATABRICKS_HOST, with a scheme or without one.
    ['databricks', { DATABRICKS_HOST: 'https://u:s3cret@dbc-1.cloud.databricks.com' }, ['s3cret']],
    ['databricks', { DATABRICKS_HOST: 'u:s3cret@dbc-1.cloud.databricks.com' }, ['s3cret']],
    ['sqlite:////tmp/mlflow.db', { DATABRICKS_HOST: 'not a host' }, []]
  ])('%j with %j hides %j', (uri, env, secrets) => {
    expect(trackingSecrets(env, uri)).toEqual(secrets)
  })
})
