/**
 * The composer: Enter sends (Shift, Alt, Ctrl or Meta with Enter adds a line; an input method's
 * composition keeps its Enter), Escape stops a streaming reply, the textarea grows with its text
 * where CSS `field-sizing` is missing, and the input is emptied only once a run has started.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The keyCode Safari reports for keys pressed while an input method composes. */
const IME_KEY_CODE = 229;
/** Room for the textarea's borders when sizing it to its content. */
const BORDER_PX = 2;

export interface ComposerHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** What the composer drives. */
export interface ComposerActions {
  /** Whether a reply is streaming. */
  busy(): boolean;
  /** Starts a run with the text; returns whether it started (the input is then emptied). */
  submit(text: string): boolean;
  stop(): void;
}

export class ComposerController implements ReactiveController {
  readonly #host: ComposerHost;
  readonly #actions: ComposerActions;

  constructor(host: ComposerHost, actions: ComposerActions) {
    this.#host = host;
    this.#actions = actions;
    host.addController(this);
  }

  hostConnected(): void {}

  get input(): HTMLTextAreaElement | null {
    return this.#host.renderRoot.querySelector('textarea');
  }

  readonly onKeydown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && !(e.shiftKey || e.altKey || e.ctrlKey || e.metaKey)) {
      if (e.isComposing || e.keyCode === IME_KEY_CODE) return;
      e.preventDefault();
      this.#submit();
    } else if (e.key === 'Escape' && this.#actions.busy()) {
      e.preventDefault();
      e.stopPropagation();
      this.#actions.stop();
    }
  };

  readonly onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    this.#submit();
    this.input?.focus();
  };

  readonly onStop = (): void => {
    this.#actions.stop();
    this.input?.focus();
  };

  readonly grow = (): void => {
    const input = this.input;
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight + BORDER_PX}px`;
  };

  #submit(): void {
    const input = this.input;
    if (!input || this.#actions.busy() || !input.value.trim()) return;
    if (this.#actions.submit(input.value)) {
      input.value = '';
      this.grow();
    }
  }
}
