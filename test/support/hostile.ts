/** Names and values a pull request could log to attack the comment. */
export const HOSTILE = [
  '@octocat please look',
  '@org/team',
  'acc | 1.0 | fake',
  '</details><details open>',
  '<img src=x onerror=alert(1)>',
  '[click](https://evil.example)',
  '![pixel](https://evil.example/p.png)',
  'https://evil.example/path',
  'www.evil.example',
  '`code` **bold** _it_',
  '<!-- mlflow-care-label key="x" -->',
  'line1\nline2\r\n| injected | row |',
  'user@example.com',
  '```mermaid\ngraph TD\n```'
]
