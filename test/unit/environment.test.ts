import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { collectEnvironment, describeCpu } from '../../src/adapters/environment.js'
import { environmentTags } from '../../src/core/tags.js'
import type { MlflowCli } from '../../src/adapters/project/mlflow-cli.js'
import { consoleLog } from '../../src/adapters/console-log.js'
import { spawnCommandRunner } from '../../src/adapters/project/commands.js'

describe('the environment block', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'care-label-env-'))
    const script = (name: string, body: string): string => {
      const file = path.join(dir, name)
      writeFileSync(file, `#!/bin/sh\n${body}\n`)
      chmodSync(file, 0o755)
      return file
    }
    script('nvidia-smi', 'echo "NVIDIA A10G"; echo "NVIDIA A10G"')
    script('fake-python', 'echo "3.11.9 3.17.2"')
    // An `mlflow` console script whose shebang names its interpreter.
    writeFileSync(path.join(dir, 'mlflow'), `#!${path.join(dir, 'fake-python')}\nimport mlflow\n`)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const cli = (command: string[], env: NodeJS.ProcessEnv): MlflowCli => ({
    command,
    env,
    runner: spawnCommandRunner,
    log: consoleLog()
  })

  it('names the CPU model and count', () => {
    expect(describeCpu([{ model: 'AMD  EPYC 7763 ' }, { model: 'x' }])).toBe('AMD EPYC 7763 × 2')
    expect(describeCpu([{ model: '' }])).toBe('1 CPUs')
    expect(describeCpu([])).toBeUndefined()
  })

  it('reads the runner, the GPUs and the versions of Python and MLflow that ran the project', async () => {
    const env = { PATH: dir, RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' }
    const viaModule = await collectEnvironment(
      env,
      cli([path.join(dir, 'fake-python'), '-m', 'mlflow'], env)
    )
    expect(viaModule).toMatchObject({
      runner: 'Linux X64',
      gpu: 'NVIDIA A10G, NVIDIA A10G',
      python: '3.11.9',
      mlflow: '3.17.2'
    })
    const viaScript = await collectEnvironment(env, cli([path.join(dir, 'mlflow')], env))
    expect(viaScript.python).toBe('3.11.9')
  })

  it('leaves out what it cannot know, and says when there is no GPU', async () => {
    const environment = await collectEnvironment({ PATH: '/nonexistent' }, undefined)
    expect(environment.gpu).toBe('none found')
    expect(environment.python).toBeUndefined()
    expect(environment.runner).toBe(`${os.type()} ${os.arch()}`)
    expect(environmentTags(environment)).toEqual(
      expect.objectContaining({ 'care-label.env.gpu': 'none found' })
    )
    expect(Object.keys(environmentTags(environment))).not.toContain('care-label.env.python')
  })
})
