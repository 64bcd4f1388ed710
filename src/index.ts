// The npm entry: registers <chat-stream> and re-exports the class and the public types.
import './define.js';
export { ChatStreamElement } from './chat-stream-element.js';
export * from './public-types.js';
