import { expect, it } from 'vitest';
import { unsupportedPlatformMessage } from './supported-platform.js';

it('stops native Windows with one sentence naming WSL2, and lets Linux and macOS through', () => {
  expect(unsupportedPlatformMessage('win32')).toMatch(/^Native Windows is not supported: .* Use WSL2 /);
  expect(unsupportedPlatformMessage('linux')).toBeUndefined();
  expect(unsupportedPlatformMessage('darwin')).toBeUndefined();
});
