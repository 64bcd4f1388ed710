/**
 * Launcher mode: a floating button at a corner opens the panel as a dialog. Opening moves focus to
 * the input, closing gives it back to the button; Escape in the panel stops a streaming reply first,
 * and closes the panel when nothing streams.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface LauncherHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  launcher: string | null | undefined;
  open: boolean;
}

/** What Escape in the panel needs. */
export interface LauncherActions {
  busy(): boolean;
  stop(): void;
}

export class LauncherController implements ReactiveController {
  readonly #host: LauncherHost;
  readonly #actions: LauncherActions;
  #wasOpen: boolean | undefined;

  constructor(host: LauncherHost, actions: LauncherActions) {
    this.#host = host;
    this.#actions = actions;
    host.addController(this);
  }

  /** Whether the element is in launcher mode. */
  get active(): boolean {
    return this.#host.launcher !== null && this.#host.launcher !== undefined;
  }

  hostUpdated(): void {
    const { open } = this.#host;
    // Focus follows a change of `open` after the first render, not the initial state.
    if (this.active && this.#wasOpen !== undefined && open !== this.#wasOpen) {
      this.#host.renderRoot.querySelector<HTMLElement>(open ? 'textarea' : '.launcher-button')?.focus();
    }
    this.#wasOpen = open;
  }

  readonly toggle = (): void => {
    this.#host.open = !this.#host.open;
  };

  readonly close = (): void => {
    this.#host.open = false;
  };

  readonly onPanelKeydown = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape') return;
    if (this.#actions.busy()) {
      e.preventDefault();
      this.#actions.stop();
    } else if (this.#host.open && this.active) {
      e.preventDefault();
      this.#host.open = false;
    }
  };
}

