export type {
  ChatMessage,
  ChatRole,
  ChatToolCall,
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
  ChatStreamReasoningDetail,
  ChatStreamSource,
  ChatStreamStartDetail,
  ChatStreamToolCallDetail,
  ChatStreamToolCallState,
  ChatStreamTokenDetail,
} from './events.js';
export type { ChatStreamStrings } from './strings.js';
export { ChatStreamError, type ChatStreamErrorCode } from './errors.js';
