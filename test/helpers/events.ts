/** Records a target's events in order, so a test can assert exactly which fired and how often. */
export interface EventRecorder {
  /** Every recorded event, in order. */
  readonly events: CustomEvent[];
  /** The recorded event types, in order, with consecutive repeats collapsed as `token×N`. */
  sequence(): string[];
  /** How many events of a type were recorded. */
  count(type: string): number;
  /** Resolves with the next event of a type (or the one already recorded when `seen` is true). */
  next(type: string): Promise<CustomEvent>;
  /** Stops recording. */
  dispose(): void;
}

export function recordEvents(target: EventTarget, types: readonly string[] = ['start', 'token', 'done', 'error']): EventRecorder {
  const events: CustomEvent[] = [];
  const waiters: { type: string; resolve: (e: CustomEvent) => void }[] = [];
  const listener = (e: Event) => {
    events.push(e as CustomEvent);
    for (const w of waiters.filter((w) => w.type === e.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e as CustomEvent);
    }
  };
  for (const t of types) target.addEventListener(t, listener);
  return {
    events,
    sequence() {
      const out: string[] = [];
      let last = '';
      let n = 0;
      for (const e of events) {
        if (e.type === last) {
          n++;
          out[out.length - 1] = `${last}×${n}`;
        } else {
          last = e.type;
          n = 1;
          out.push(e.type);
        }
      }
      return out.map((s) => s.replace(/^token$/, 'token×1'));
    },
    count: (type) => events.filter((e) => e.type === type).length,
    next: (type) => new Promise((resolve) => waiters.push({ type, resolve })),
    dispose() {
      for (const t of types) target.removeEventListener(t, listener);
    },
  };
}
