import { readRunContext } from '../../src/adapters/github/context.js'
import { contextTags } from '../../src/core/tags.js'

const ENV = {
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REPOSITORY: 'octo/ml',
  GITHUB_SHA: 'merge000',
  GITHUB_REF: 'refs/pull/7/merge',
  GITHUB_HEAD_REF: 'feature',
  GITHUB_BASE_REF: 'main',
  GITHUB_RUN_ID: '99',
  GITHUB_WORKFLOW: 'ci',
  GITHUB_JOB: 'train',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64'
}

describe('readRunContext', () => {
  it('reads a pull_request event', () => {
    const context = readRunContext(ENV, {
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: 'head111', ref: 'feature' },
        base: { sha: 'base222', ref: 'main' }
      },
      repository: { default_branch: 'main' }
    })
    expect(context).toMatchObject({
      eventName: 'pull_request',
      repository: { owner: 'octo', repo: 'ml' },
      sha: 'merge000',
      headSha: 'head111',
      branch: 'feature',
      baseRef: 'main',
      baseSha: 'base222',
      pullRequest: 7,
      runUrl: 'https://github.com/octo/ml/actions/runs/99'
    })
    expect(contextTags(context)).toEqual({
      'care-label.event': 'pull_request',
      'care-label.runner.os': 'Linux',
      'care-label.runner.arch': 'X64',
      'care-label.git.ref': 'refs/pull/7/merge',
      'care-label.git.branch': 'feature',
      'care-label.git.head-sha': 'head111',
      'care-label.git.base-ref': 'main',
      'care-label.pull-request': '7',
      'care-label.workflow-run-url': 'https://github.com/octo/ml/actions/runs/99'
    })
  })

  it('reads a push event', () => {
    const context = readRunContext(
      {
        ...ENV,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
        GITHUB_HEAD_REF: '',
        GITHUB_BASE_REF: ''
      },
      { after: 'merge000' }
    )
    expect(context).toMatchObject({
      eventName: 'push',
      branch: 'main',
      headSha: 'merge000',
      pullRequest: undefined,
      baseRef: undefined
    })
  })

  it('tells a pull request from a fork, and reads the workflow file', () => {
    const pr = (headRepo: string) => ({
      number: 7,
      pull_request: {
        number: 7,
        head: { sha: 'h', ref: 'feature', repo: { full_name: headRepo } },
        base: { sha: 'b', ref: 'main', repo: { full_name: 'octo/ml' } }
      }
    })
    const env = {
      ...ENV,
      GITHUB_WORKFLOW_REF: 'octo/ml/.github/workflows/model.yml@refs/pull/7/merge'
    }
    expect(readRunContext(env, pr('someone/ml'))).toMatchObject({
      fromFork: true,
      workflowFile: 'model.yml',
      runId: 99
    })
    expect(readRunContext(env, pr('octo/ml')).fromFork).toBe(false)
    expect(readRunContext(ENV, {}).fromFork).toBe(false)
  })

  it('reads the run that triggered a workflow_run event', () => {
    const context = readRunContext(
      { ...ENV, GITHUB_EVENT_NAME: 'workflow_run' },
      {
        workflow_run: {
          id: 123,
          event: 'pull_request',
          conclusion: 'success',
          head_sha: 'f'.repeat(40),
          head_branch: 'feature',
          head_repository: { owner: { login: 'someone' } },
          pull_requests: [
            { number: 7, base: { ref: 'main', sha: 'e'.repeat(40) } },
            { number: 8 },
            { number: 'x' }
          ]
        }
      }
    )
    expect(context.workflowRun).toEqual({
      id: 123,
      event: 'pull_request',
      conclusion: 'success',
      headSha: 'f'.repeat(40),
      headBranch: 'feature',
      headOwner: 'someone',
      pullRequests: [{ number: 7, baseSha: 'e'.repeat(40) }, { number: 8 }]
    })
  })
})
