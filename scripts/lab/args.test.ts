import { expect, it } from 'vitest';
import { parseLabArgs } from './args.js';

it('--only with several unquoted words: the error shows them quoted, ready to copy', () => {
  expect(() => parseLabArgs(['1', '--only', 'relist', 'on', '410'])).toThrow('--only takes one argument: put several words in quotes, as in --only "relist on 410".');
  expect(parseLabArgs(['1', '--only', 'relist on 410'])).toMatchObject({ stage: 1, only: 'relist on 410' });
  expect(() => parseLabArgs(['1', 'foo'])).toThrow('Unknown argument: foo');
});
