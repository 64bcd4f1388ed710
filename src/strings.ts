/** Every visible or announced UI string of the element; replace any of them through the `strings` property. */
export interface ChatStreamStrings {
  inputLabel: string;
  send: string;
  stop: string;
  retry: string;
  regenerate: string;
  copy: string;
  copyCode: string;
  copied: string;
  /** Shown and announced when the clipboard refused a copy. */
  copyFailed: string;
  jumpToLatest: string;
  logLabel: string;
  user: string;
  assistant: string;
  /** Shown after a reply that was stopped. */
  stopped: string;
  /** Prefix of an error notice. */
  errorPrefix: string;
  openChat: string;
  closeChat: string;
  /** The launcher panel's title. */
  title: string;
  /** The reasoning section's summary while the model thinks. */
  thinking: string;
  /** The reasoning section's summary once the answer began; `{seconds}` is replaced by the time taken. */
  thoughtFor: string;
  /** The reasoning section's summary when the time is unknown (a restored history). */
  reasoning: string;
  /** A tool call's state while its arguments stream. */
  toolInputStreaming: string;
  /** A tool call's state once its arguments are complete. */
  toolInputAvailable: string;
  /** A tool call's state once its output arrived. */
  toolOutputAvailable: string;
  /** A tool call's state when the tool failed. */
  toolOutputError: string;
  /** The label of a tool call's arguments. */
  toolArguments: string;
  /** The label of a tool call's output. */
  toolOutput: string;
  /** The accessible name of the list of sources under a reply. */
  sources: string;
}

/** The English defaults. */
export const DEFAULT_STRINGS: ChatStreamStrings = {
  inputLabel: 'Message',
  send: 'Send',
  stop: 'Stop',
  retry: 'Retry',
  regenerate: 'Regenerate',
  copy: 'Copy',
  copyCode: 'Copy code',
  copied: 'Copied',
  copyFailed: 'Copy failed',
  jumpToLatest: 'Jump to latest',
  logLabel: 'Conversation',
  user: 'You',
  assistant: 'Assistant',
  stopped: 'Stopped',
  errorPrefix: 'Error:',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  title: 'Chat',
  thinking: 'Thinking…',
  thoughtFor: 'Thought for {seconds} s',
  reasoning: 'Reasoning',
  toolInputStreaming: 'Preparing',
  toolInputAvailable: 'Called',
  toolOutputAvailable: 'Done',
  toolOutputError: 'Failed',
  toolArguments: 'Arguments',
  toolOutput: 'Output',
  sources: 'Sources',
};
