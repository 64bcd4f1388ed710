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
};
