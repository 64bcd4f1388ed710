// The class-only entry: registers nothing, for pages that pick their own tag name
// (`ChatStreamElement.define('my-chat')`).
export { ChatStreamElement } from './chat-stream-element.js';
export * from './public-types.js';
