// Jest for StrykerJS (stryker.config.json): the unit project of jest.config.js, as a config of its
// own (the Jest runner takes one project), with only the pure core's unit tests: a mutant of the
// core is to be killed by them, not by the pipeline's or the adapters' tests, nor by end-to-end
// ones. Each test file here covers one of the mutated modules; a module added to `mutate` brings
// its tests here. Jest looks for files in src/ and test/ only: its start is paid once per mutant.
import config from './jest.config.js'

const unit = config.projects.find(project => project.displayName === 'unit')
if (unit === undefined) throw new Error('jest.config.js has no project named unit')

const CORE_TESTS = [
  'compare',
  'rate',
  'escape',
  'markdown',
  'label-render',
  'history',
  'filter',
  'validate',
  'urls',
  'bundle-security'
]

export default {
  ...unit,
  displayName: undefined,
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: [`<rootDir>/test/unit/{${CORE_TESTS.join(',')}}*.test.ts`]
}
