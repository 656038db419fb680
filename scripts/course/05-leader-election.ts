import type { Todo } from './types.js';

export const leaderElectionTodos: readonly Todo[] = [
  {
    id: '5.1',
    file: 'leader-elector.ts',
    symbol: 'validateLeaderElectionConfig',
    what: "`validateLeaderElectionConfig`: client-go's rules, clear errors",
    hints: [
      'Leader election is only safe if its timings nest: the leader gives up (renewDeadline) before the others may take over (leaseDuration), and there is room for at least one retry. Bad timings must fail at start, not in production.',
      "Check, in this order, and throw InvalidLeaderElectionConfigError with a sentence that says why: a non-empty identity; retryPeriod > 0; leaseDuration in whole seconds and at least 1 s (a Lease stores seconds); leaseDuration > renewDeadline; renewDeadline > jitterFactor × retryPeriod.",
      "if (!(leaseDurationMs > renewDeadlineMs)) throw new InvalidLeaderElectionConfigError(`leaseDuration (${leaseDurationMs} ms) must be greater than renewDeadline (${renewDeadlineMs} ms): a leader must give up before followers may take over`);",
    ],
  },
  {
    id: '5.2',
    file: 'leader-elector.ts',
    symbol: 'LeaderElector.tryAcquireOrRenew',
    what: '`tryAcquireOrRenew`: read; create, take (if free or expired on your clock) or renew; 409 = lost',
    hints: [
      "One attempt at the lease, optimistic concurrency style: read it, decide, write it back with the resourceVersion you read. If someone else wrote in between, the API server answers 409 and you simply lost this round.",
      "get(); none → create a record naming you. Held by someone else and not expired → false; expiry is judged on YOUR clock from when you last saw the record change (observedAt), never from its renewTime. Otherwise update it with you as holder (keep acquireTime and transitions if it was yours, else now and +1). After a successful create or update, this.renewedAt = this.clock.now() as it was when the attempt started. Every local time is on this.clock (the checkpoints move a fake one); only the record's acquireTime/renewTime are new Date(). Any error → log, false.",
      "const startedAt = this.clock.now(); const now = new Date(); const current = await withDeadline(lock.get(), deadline, this.clock); … this.observe(current); const held = current.record.holderIdentity !== '' && current.record.holderIdentity !== identity; if (held && this.observedAt + current.record.leaseDurationSeconds * 1000 > this.clock.now()) return false; this.observe(await withDeadline(lock.update(record, current.resourceVersion), deadline, this.clock)); this.renewedAt = startedAt; return true;",
    ],
  },
  {
    id: '5.3',
    file: 'leader-elector.ts',
    symbol: 'LeaderElector.campaign, LeaderElector.renew',
    what: '`campaign`, `acquire`, `renew`: retry until leader; renew until the deadline; step down',
    hints: [
      'The elector runs in two phases: as a follower it retries until the lease is its own; as the leader it renews, and steps down the moment it could not renew for renewDeadline — before anyone else may take over.',
      'acquire: loop tryAcquireOrRenew() with a jittered retryPeriod sleep until true (or stopped → false). renew: every retryPeriod try to renew with deadline this.renewedAt + renewDeadline; return as soon as the lease names someone else (the first read that says so), or when renewDeadline passed without success. campaign: acquire, onStartedLeading(signal), renew, then step down (abort the signal, release if asked, onStoppedLeading).',
      "if (await this.tryAcquireOrRenew(this.renewedAt + this.config.renewDeadlineMs)) continue; if (!this.holdsLease() || this.clock.now() - this.renewedAt >= this.config.renewDeadlineMs) return;",
    ],
  },
  {
    id: '5.4',
    file: 'leader-elector.ts',
    symbol: 'LeaderElector.release',
    what: '`release` on stop, with `releaseOnCancel`',
    hints: [
      'A leader that stops on purpose can hand over at once instead of making the others wait out the lease: it clears the holder (client-go\'s ReleaseOnCancel).',
      'When stopping while leading and config.releaseOnCancel is set, update the lease you observed (at its resourceVersion) with an empty holderIdentity and a 1 s duration, keeping the transition count, within renewDeadline (withDeadline: an API server that does not answer must not keep a stopping process alive); log errors instead of throwing.',
      "const record = { ...this.observed.record, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now }; this.observe(await withDeadline(this.config.lock.update(record, this.observed.resourceVersion), this.clock.now() + this.config.renewDeadlineMs, this.clock));",
    ],
  },
  {
    id: '5.5',
    file: 'leader-elector.ts',
    symbol: 'LeaderElector.isLeaderNow',
    what: '`isLeaderNow`: leading, and renewed within the deadline on your own clock — asked before every write',
    hints: [
      "The renew loop notices a lost lease only when it next runs. A process paused past its renew deadline (SIGSTOP, a long GC pause, a suspended VM) wakes up with writes ready to go, before that loop has run — and another candidate may lead by now. So the write path asks the clock, not the loop.",
      'True only while this.leading and less than renewDeadlineMs has passed, on this.clock.now() (never Date.now(): a checkpoint jumps a fake clock to play the pause), since this.renewedAt (set by tryAcquireOrRenew when a renewal succeeds, to the time it started).',
      'return this.leading && this.clock.now() - this.renewedAt < this.config.renewDeadlineMs;',
    ],
  },
];
