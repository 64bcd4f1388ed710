export type {
  ChatMessage,
  ChatRole,
  ChatStreamEvent,
  ChatStreamProtocol,
  ChatStreamStatus,
  ParseEventFunction,
  ParseEventResult,
  PrepareRequestFunction,
  RequestContext,
  RequestSpec,
} from './types.js';
export type {
  ChatStreamDoneDetail,
  ChatStreamElementEventMap,
  ChatStreamErrorDetail,
  ChatStreamStartDetail,
  ChatStreamTokenDetail,
} from './events.js';
export type { ChatStreamStrings } from './strings.js';
export { ChatStreamError, type ChatStreamErrorCode } from './errors.js';
