/**
 * Scroll following: while the reader is at the bottom, the log stays at the bottom as replies grow
 * (from a ResizeObserver, which runs after layout and before paint, so following never shows a
 * jump); scrolling up, by wheel or otherwise, stops following and shows "Jump to latest"; coming back
 * to the bottom, or that button, starts it again.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the bottom (in CSS pixels) still counts as at the bottom. */
const AT_BOTTOM_PX = 24;
/** How far above our own last scroll position a scroll must go to count as the reader's. */
const MOVED_UP_PX = 2;

export interface ScrollHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class ScrollFollowController implements ReactiveController {
  /** Whether the log follows the end of the conversation. */
  following = true;
  readonly #host: ScrollHost;
  #pinned = 0;
  #observer: ResizeObserver | undefined;

  constructor(host: ScrollHost) {
    this.#host = host;
    host.addController(this);
  }

  get #log(): HTMLElement | null {
    return this.#host.renderRoot.querySelector('.log');
  }

  hostConnected(): void {
    // On a reconnection the log exists already; on the first, hostUpdated observes it.
    this.#observe();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  hostUpdated(): void {
    this.#observe();
    this.scrollToEnd();
  }

  #observe(): void {
    const log = this.#log;
    if (!log || this.#observer) return;
    this.#observer = new ResizeObserver(() => this.scrollToEnd());
    this.#observer.observe(log);
    this.#observer.observe(log.firstElementChild!);
  }

  /** Scrolls to the end when following. */
  scrollToEnd(): void {
    const log = this.#log;
    if (log && this.following) {
      log.scrollTop = log.scrollHeight;
      this.#pinned = log.scrollTop;
    }
  }

  /** Follows again, as when a run starts. */
  follow(): void {
    this.#set(true);
  }

  #set(following: boolean): void {
    if (following !== this.following) {
      this.following = following;
      this.#host.requestUpdate();
    }
  }

  readonly onScroll = (): void => {
    const log = this.#log!;
    // Content that grew after our own scroll is not the reader scrolling away: only a move up is.
    if (log.scrollHeight - log.scrollTop - log.clientHeight < AT_BOTTOM_PX) this.#set(true);
    else if (log.scrollTop < this.#pinned - MOVED_UP_PX) this.#set(false);
  };

  readonly onWheel = (e: WheelEvent): void => {
    const log = this.#log!;
    // Stop following at once, before a fast stream's next frame scrolls back down.
    if (e.deltaY < 0 && log.scrollHeight > log.clientHeight) this.#set(false);
  };

  readonly jump = (e: Event): void => {
    this.#set(true);
    this.scrollToEnd();
    // The button goes away on this update: keep keyboard focus in the log rather than drop it to <body>.
    const root = this.#host.renderRoot as ShadowRoot;
    if (root.activeElement === e.currentTarget) this.#log!.focus({ preventScroll: true });
  };
}
