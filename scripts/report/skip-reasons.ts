/**
 * Set by the checkpoint reporter, which prints each skip's reason on the checkpoint's own line:
 * then skipBecause need not print it to stderr as well (other reporters do not show reasons).
 */
export const skipReasonsShownVariable = 'BARE_SKIP_REASONS_SHOWN';
