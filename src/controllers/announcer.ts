/**
 * Announcements through the element's polite status region: a finished reply, "Copied". Each is
 * made by clearing the region, letting that render, then setting the text in a later task — so a
 * screen reader hears a repeated announcement ("Copied", "Copied") again, as it would not if the
 * same text were simply set twice.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class AnnouncerController implements ReactiveController {
  /** What the status region shows now. */
  text = '';
  readonly #host: ReactiveControllerHost;
  #pending = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#pending++;
  }

  announce(text: string): void {
    const token = ++this.#pending;
    this.text = '';
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() =>
      setTimeout(() => {
        if (token !== this.#pending) return;
        this.text = text;
        this.#host.requestUpdate();
      }),
    );
  }
}
