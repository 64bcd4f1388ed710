/**
 * Copying a whole reply: writes its markdown to the clipboard, shows "Copied" on that reply's button
 * for a moment and announces it; a refused clipboard is announced as "Copy failed".
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Entry } from './entry.js';

/** How long a copy button says "Copied". */
const COPIED_MS = 2000;

export class CopyController implements ReactiveController {
  /** The entry whose button shows "Copied", or 0. */
  copiedId = 0;
  readonly #host: ReactiveControllerHost;
  readonly #announce: (ok: boolean) => void;

  constructor(host: ReactiveControllerHost, announce: (ok: boolean) => void) {
    this.#host = host;
    this.#announce = announce;
    host.addController(this);
  }

  hostConnected(): void {}

  copy(entry: Entry): void {
    navigator.clipboard.writeText(entry.content).then(
      () => {
        this.copiedId = entry.id;
        this.#announce(true);
        this.#host.requestUpdate();
        setTimeout(() => {
          if (this.copiedId === entry.id) this.copiedId = 0;
          this.#host.requestUpdate();
        }, COPIED_MS);
      },
      () => this.#announce(false),
    );
  }
}
