import { ChatStreamElement } from './chat-stream-element.js';

// Registers <chat-stream>; safe to import twice and next to another copy of the bundle.
ChatStreamElement.define();
