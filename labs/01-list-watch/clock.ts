/**
 * Time, injected: the workbook's one Clock (00-common/clock.ts). Given: use
 * `this.clock.setTimer` for the reflector's backoff wait, never setTimeout
 * directly, so a test can move time by hand.
 */
export { realClock, type Clock, type TimerHandle } from '../00-common/clock.js';
