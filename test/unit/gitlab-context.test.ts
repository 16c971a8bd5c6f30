/** readGitLabJob: which GitLab CI environments get a merge-request note, and why the others do not. */
import { readGitLabJob, type GitLabJob } from '../../src/adapters/gitlab/context.js'

/** A merge-request pipeline's predefined variables, as GitLab sets them, and a token. */
const MR_PIPELINE = {
  GITLAB_CI: 'true',
  CI_PIPELINE_SOURCE: 'merge_request_event',
  CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
  CI_PROJECT_ID: '42',
  CI_PROJECT_URL: 'https://gitlab.example.com/ml-group/ml-repo',
  CI_MERGE_REQUEST_IID: '7',
  CI_JOB_NAME: 'care-label',
  CI_JOB_TOKEN: 'job-token-value',
  GITLAB_TOKEN: 'glpat-secret'
}

const NO_TOKEN =
  'No GITLAB_TOKEN: no merge request note (CI_JOB_TOKEN may not write notes). Add a project access token with the api scope and at least the Reporter role, stored as the masked CI/CD variable GITLAB_TOKEN.'

describe('readGitLabJob', () => {
  it('reads the target of a merge-request pipeline', () => {
    expect(readGitLabJob(MR_PIPELINE)).toEqual({
      kind: 'note',
      target: {
        apiUrl: 'https://gitlab.example.com/api/v4',
        projectId: '42',
        projectIdVariable: 'CI_PROJECT_ID',
        mergeRequestIid: 7,
        mergeRequestUrl: 'https://gitlab.example.com/ml-group/ml-repo/-/merge_requests/7',
        token: 'glpat-secret',
        jobName: 'care-label'
      }
    })
  })

  it("takes the merge request's project over the pipeline's (a fork's merge request)", () => {
    const job = readGitLabJob({
      ...MR_PIPELINE,
      CI_PROJECT_ID: '99',
      CI_PROJECT_URL: 'https://gitlab.example.com/someone/ml-repo-fork',
      CI_MERGE_REQUEST_PROJECT_ID: '42',
      CI_MERGE_REQUEST_PROJECT_URL: 'https://gitlab.example.com/ml-group/ml-repo/'
    })
    expect(job.kind === 'note' && job.target.projectId).toBe('42')
    expect(job.kind === 'note' && job.target.projectIdVariable).toBe('CI_MERGE_REQUEST_PROJECT_ID')
    expect(job.kind === 'note' && job.target.mergeRequestUrl).toBe(
      'https://gitlab.example.com/ml-group/ml-repo/-/merge_requests/7'
    )
  })

  it.each<[string, Record<string, string>, GitLabJob]>([
    ['not GitLab CI', { CI: 'true', GITHUB_ACTIONS: 'true' }, { kind: 'none' }],
    [
      'a branch pipeline',
      { ...MR_PIPELINE, CI_MERGE_REQUEST_IID: '', CI_PIPELINE_SOURCE: 'push' },
      {
        kind: 'skip',
        level: 'info',
        message:
          'Not a merge request pipeline (no CI_MERGE_REQUEST_IID): no merge request note. Run the job in merge request pipelines (rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event") to get one.'
      }
    ],
    [
      'no token (only the job token)',
      { ...MR_PIPELINE, GITLAB_TOKEN: '' },
      { kind: 'skip', level: 'warning', message: NO_TOKEN }
    ],
    [
      'a merge request number that is not one',
      { ...MR_PIPELINE, CI_MERGE_REQUEST_IID: '7; rm -rf' },
      {
        kind: 'skip',
        level: 'warning',
        message:
          "CI_MERGE_REQUEST_IID is '7; rm -rf', not a merge request number: no merge request note."
      }
    ],
    [
      'no project',
      { ...MR_PIPELINE, CI_PROJECT_ID: '', CI_MERGE_REQUEST_PROJECT_ID: ' ' },
      {
        kind: 'skip',
        level: 'warning',
        message:
          'Neither CI_MERGE_REQUEST_PROJECT_ID nor CI_PROJECT_ID is set: no merge request note.'
      }
    ],
    [
      'no API address',
      { ...MR_PIPELINE, CI_API_V4_URL: '' },
      {
        kind: 'skip',
        level: 'warning',
        message: 'CI_API_V4_URL is not set: no merge request note.'
      }
    ],
    [
      'an API address that is not http(s)',
      { ...MR_PIPELINE, CI_API_V4_URL: 'ftp://gitlab.example.com/api/v4' },
      {
        kind: 'skip',
        level: 'warning',
        message:
          "CI_API_V4_URL is 'ftp://gitlab.example.com/api/v4', not a usable http(s) address (it is a ftp: address, not http: or https:): no merge request note."
      }
    ],
    [
      'an API address with a character no address carries',
      { ...MR_PIPELINE, CI_API_V4_URL: 'https://gitlab.example.com/api(v4)' },
      {
        kind: 'skip',
        level: 'warning',
        message:
          "CI_API_V4_URL is 'https://gitlab.example.com/api(v4)', not a usable http(s) address (it holds a character a link cannot carry (U+0028)): no merge request note."
      }
    ]
  ])('%s', (_what, env, expected) => {
    expect(readGitLabJob(env)).toEqual(expected)
  })

  it('needs no GITLAB_CI: the merge request variables are enough (and no project URL)', () => {
    const env: Record<string, string> = { ...MR_PIPELINE }
    delete env['GITLAB_CI']
    delete env['CI_PROJECT_URL']
    const job = readGitLabJob({ ...env, CI_API_V4_URL: 'http://127.0.0.1:8080/api/v4///' })
    expect(job).toEqual({
      kind: 'note',
      target: expect.objectContaining({
        apiUrl: 'http://127.0.0.1:8080/api/v4',
        mergeRequestUrl: undefined
      })
    })
  })
})

describe('readGitLabJob with credentials in an address', () => {
  const CREDENTIALS =
    'CI_API_V4_URL holds credentials (a user name or password, not shown here; GitLab takes the token in GITLAB_TOKEN, not in the address): no merge request note.'

  it.each([
    ['a user name and password', 'https://ci-user:s3cr3t-pass@gitlab.example.com/api/v4'],
    ['a password alone', 'https://:s3cr3t-pass@gitlab.example.com/api/v4'],
    ['a token as the user name', 'https://s3cr3t-pass@gitlab.example.com/api/v4'],
    ['an address that does not parse', 'ftp://ci-user:s3cr3t-pass@gitlab example/api/v4'],
    ['a non-http address', 'ftp://ci-user:s3cr3t-pass@gitlab.example.com/api/v4']
  ])('refuses CI_API_V4_URL with %s, and does not show it', (_what, apiUrl) => {
    const job = readGitLabJob({ ...MR_PIPELINE, CI_API_V4_URL: apiUrl })
    expect(job).toEqual({ kind: 'skip', level: 'warning', message: CREDENTIALS })
    expect(JSON.stringify(job)).not.toContain('s3cr3t')
  })

  it('links no merge request page when the project URL holds credentials', () => {
    const job = readGitLabJob({
      ...MR_PIPELINE,
      CI_PROJECT_URL: 'https://ci-user:s3cr3t-pass@gitlab.example.com/ml-group/ml-repo'
    })
    expect(job.kind).toBe('note')
    expect(job.kind === 'note' && job.target.mergeRequestUrl).toBeUndefined()
    expect(JSON.stringify(job)).not.toContain('s3cr3t')
  })
})
