/**
 * Imported first by the commands that start clusters: on native Windows they stop at once with one
 * sentence, instead of "spawn bash ENOENT" and then "0 of 0 checkpoints pass". The control plane runs
 * as Linux (or macOS) processes and the scripts use bash; WSL2 is Linux, so everything runs there.
 */
export function unsupportedPlatformMessage(platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'win32') return undefined;
  return 'Native Windows is not supported: the workbook runs Kubernetes as Linux processes and its scripts need bash. Use WSL2 (wsl --install, then clone the workbook inside Ubuntu and run npm install there).';
}

const message = unsupportedPlatformMessage();
if (message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
