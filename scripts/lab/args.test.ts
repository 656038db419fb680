import { expect, it } from 'vitest';
import { labArgs } from './args.js';

it('--only with several unquoted words: the error shows them quoted, ready to copy', () => {
  const argv = ['1', '--only', 'relist', 'on', '410'];
  expect(() => labArgs({ only: 'relist' }, ['1', 'on', '410'], argv)).toThrow('--only takes one argument: put several words in quotes, as in --only "relist on 410".');
  expect(labArgs({ only: 'relist on 410' }, ['1'], ['1', '--only', 'relist on 410'])).toMatchObject({ stage: 1, only: 'relist on 410' });
  expect(() => labArgs({}, ['1', 'foo'], ['1', 'foo'])).toThrow('Unexpected argument foo');
});
