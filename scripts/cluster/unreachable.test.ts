import { expect, it } from 'vitest';
import { isUnreachableNoise, isUnreachableVerdict } from './unreachable.js';

it("recognises kubectl's lines when no API server answers, and finds the server in its verdict", () => {
  const memcache = 'E1207 15:44:01.123456   4242 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp [::1]:8080: connect: connection refused"';
  expect(isUnreachableNoise(memcache)).toBe(true);
  expect(isUnreachableVerdict('The connection to the server localhost:8080 was refused - did you specify the right host or port?')).toBe('localhost:8080');
  expect(isUnreachableNoise('Error from server (NotFound): pods "x" not found')).toBe(false);
});
