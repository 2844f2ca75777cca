/**
 * The process phases the probes report: starting → started → shutting down. `main.ts` drives it;
 * tests drive it directly.
 */
export interface Lifecycle {
  readonly started: boolean;
  readonly shuttingDown: boolean;
  readonly startedAt: Date;
  markStarted(): void;
  markShuttingDown(): void;
}

export function createLifecycle(options: { started?: boolean } = {}): Lifecycle {
  let started = options.started ?? false;
  let shuttingDown = false;
  const startedAt = new Date();
  return {
    get started() {
      return started;
    },
    get shuttingDown() {
      return shuttingDown;
    },
    startedAt,
    markStarted() {
      started = true;
    },
    markShuttingDown() {
      shuttingDown = true;
    },
  };
}
