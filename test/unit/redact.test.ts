/** Credentials out of URIs, and out of every URL in a message that came from elsewhere. */
import { redactText, redactUri } from '../../src/util/redact.js'

describe('redactUri', () => {
  it.each([
    ['https://user:secret@mlflow.example/', 'https://***:***@mlflow.example/'],
    ['https://token@mlflow.example/x', 'https://***@mlflow.example/x'],
    ['https://mlflow.example/x?y=1', 'https://mlflow.example/x?y=1'],
    ['not a url //u:p@host', 'not a url //***@host']
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
