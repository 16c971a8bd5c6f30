/**
 * Step 2 (when the project runs here): the MLproject, checked before any compute is spent: the
 * directory, the entry point, the parameters (types, required ones, misspelt names).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { checkParameters, parseMLproject } from '../core/project/mlproject.js'
import { ConfigError, ProjectRunError } from '../errors.js'

export interface CheckedProject {
  /** The project directory, absolute. */
  dir: string
  /** The MLproject's `name`, when it has one. */
  name?: string
  /** The MLproject file, relative to the workspace (for annotations). */
  file: string
  /** The parameters the entry point declares (none for a .py or .sh entry point). */
  declared: string[]
  /** What MLflow will do that the user may not expect (undeclared parameters), in words. */
  notes: Array<{ message: string; line?: number }>
}

export function checkProject(
  workspace: string,
  project: string,
  entryPoint: string,
  parameters: Array<[string, string]>
): CheckedProject {
  const dir = path.resolve(workspace, project)
  if (!existsSync(dir)) {
    throw new ProjectRunError(
      surface =>
        `The project directory '${project}' does not exist. Set ${surface.input('project')} to the directory that holds your MLproject file.`
    )
  }
  const found = ['MLproject', 'mlproject', 'MLProject']
    .map(name => path.join(dir, name))
    .find(existsSync)
  if (found === undefined) {
    throw new ProjectRunError(
      surface =>
        `'${project}' has no MLproject file. Set ${surface.input('project')} to the directory of an MLflow Project, or ${surface.input('run-id')} to report on a run logged by an earlier step.`
    )
  }
  const file = path.relative(workspace, found) || found
  const parsed = parseMLproject(file, readFileSync(found, 'utf8'))
  const checked: CheckedProject = { dir, name: parsed.name, file, declared: [], notes: [] }
  const entry = parsed.entryPoints.find(e => e.name === entryPoint)
  if (entry === undefined) {
    // MLflow also runs a .py or .sh file of the project as an entry point.
    if (/\.(py|sh)$/.test(entryPoint) && existsSync(path.join(dir, entryPoint))) return checked
    const known = parsed.entryPoints.map(e => `'${e.name}'`).join(', ') || 'none'
    throw new ConfigError(
      surface =>
        `entry point '${entryPoint}' is not defined (defined: ${known}). Set ${surface.input('entry-point')} to one of them.`,
      { file, line: parsed.entryPoints[0]?.line }
    )
  }
  const { problems, notes } = checkParameters(entry, parameters)
  const first = problems[0]
  if (first !== undefined) {
    throw new ConfigError(problems.map(p => p.message).join(' '), { file, line: first.line })
  }
  checked.notes = notes.map(message => ({ message, line: entry.line }))
  checked.declared = entry.parameters.map(p => p.name)
  return checked
}
