import { isCode } from './regions.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Is each name a course TODO gives as its symbol (`Reflector.run, Reflector.hasSynced`)
 * declared in the file's text? Answers with the names that are not.
 * A light textual check, enough to catch a renamed method or a typo.
 */
export function missingSymbols(file: string, text: string, symbols: string): string[] {
  return symbols
    .split(',')
    .map((s) => s.trim())
    .filter((symbol) => !declares(file, text, symbol));
}

function declares(file: string, text: string, symbol: string): boolean {
  const [owner, member] = symbol.split('.') as [string, string | undefined];
  if (isCode(file)) {
    if (!member) return new RegExp(`\\b(?:function|class|const|interface|type)\\s+${escape(owner)}\\b`).test(text);
    const body = text.split(new RegExp(`\\bclass\\s+${escape(owner)}\\b`))[1]?.split(/\n}\n/)[0];
    const modifiers = '(?:(?:private|protected|public|static|async|readonly|override|get|set)\\s+)*';
    return body !== undefined && new RegExp(`^\\s+${modifiers}${escape(member)}\\s*[(<]`, 'm').test(body);
  }
  if (file.endsWith('.yaml') || file.endsWith('.yml')) {
    return new RegExp(`^kind: ${escape(owner)}$`, 'm').test(text) && (!member || new RegExp(`^\\s*${escape(member)}:`, 'm').test(text));
  }
  return new RegExp(`^${escape(owner)}\\b`, 'm').test(text);
}
