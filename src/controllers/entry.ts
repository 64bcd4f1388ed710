/**
 * The log's data model: what one message is on screen, beyond the `ChatMessage` the page sees. An
 * assistant entry is a sequence of segments — runs of reply text and the tool calls that happened
 * between them, in order — plus its reasoning and sources. Plain data: controllers change it, views
 * render it.
 */
import type { ChatMessage, ChatRole, ChatToolCall } from '../types.js';

/** The AI SDK's names for where a tool call stands. */
export type ToolCallState = 'input-streaming' | 'input-available' | 'output-available' | 'output-error';

/** A tool call as the log shows it. */
export interface ToolCallView {
  id: string;
  name: string;
  state: ToolCallState;
  /** The raw argument text so far. */
  arguments: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
}

/** A cited source. */
export interface SourceView {
  url: string;
  title: string;
}

/** A run of reply text between tool calls. */
export interface TextSegment {
  kind: 'text';
  text: string;
}

/** Where a tool call happened in the reply. */
export interface ToolSegment {
  kind: 'tool';
  call: ToolCallView;
}

export type Segment = TextSegment | ToolSegment;

/** One message in the log. */
export interface Entry {
  id: number;
  role: ChatRole;
  /** The reply's whole text (the text segments joined). */
  content: string;
  state: 'done' | 'streaming' | 'error' | 'aborted';
  error?: string;
  /** The model's reasoning, never sent back. */
  reasoning: string;
  /** How long the model thought, once the answer began (unknown for a restored history). */
  thoughtMs?: number;
  /** The reasoning segment's own text holder, so that its view can follow it. */
  reasoningSegment: TextSegment;
  segments: Segment[];
  toolCalls: ToolCallView[];
  sources: SourceView[];
}

let nextId = 1;

/** A fresh entry; an assistant message's tool calls (from a restored history) come before its text. */
export function createEntry(message: ChatMessage, state: Entry['state'] = 'done'): Entry {
  const toolCalls = (message.toolCalls ?? []).map(toToolCallView);
  const segments: Segment[] = toolCalls.map((call) => ({ kind: 'tool', call }));
  // A reply always ends with a text segment: where its text (and, while streaming, the caret) goes.
  if (message.content || message.role === 'assistant') segments.push({ kind: 'text', text: message.content });
  const reasoning = message.reasoning ?? '';
  return {
    id: nextId++,
    role: message.role,
    content: message.content,
    state,
    reasoning,
    reasoningSegment: { kind: 'text', text: reasoning },
    segments,
    toolCalls,
    sources: [],
  };
}

function toToolCallView(call: ChatToolCall): ToolCallView {
  const view: ToolCallView = {
    id: call.id,
    name: call.name,
    state: 'output' in call ? 'output-available' : 'input-available',
    arguments: JSON.stringify(call.input ?? null),
    input: call.input,
  };
  if ('output' in call) view.output = call.output;
  return view;
}

/** The public form of an entry: what `messages` returns and storage keeps. */
export function toMessage(entry: Entry): ChatMessage {
  const message: ChatMessage = { role: entry.role, content: entry.content };
  if (entry.role !== 'assistant') return message;
  if (entry.reasoning) message.reasoning = entry.reasoning;
  if (entry.toolCalls.length) {
    message.toolCalls = entry.toolCalls.map(({ id, name, input, output, state }) =>
      state === 'output-available' ? { id, name, input, output } : { id, name, input },
    );
  }
  return message;
}
