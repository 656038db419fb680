/**
 * Time, injected: the same Clock as stage 1's Reflector (00-common/clock.ts).
 * client-go's queues take a clock.Clock so tests can move time by hand instead
 * of sleeping; ours do the same.
 */
export { realClock, type Clock, type TimerHandle } from '../00-common/clock.js';
