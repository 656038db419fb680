/**
 * Time, injected: the same Clock as stage 1's Reflector. client-go's queues
 * take a clock.Clock so tests can move time by hand instead of sleeping; ours
 * do the same, with the clock you were given in stage 1.
 */
export { realClock, type Clock, type TimerHandle } from '../01-list-watch/clock.js';
