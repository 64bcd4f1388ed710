/**
 * A tool-call card (part `tool-call`), where the call happened in the reply: the tool's name, its
 * state, its arguments as they stream (formatted JSON once they parse; the raw text when they never
 * do) and its output or error when the stream carries one. Everything is text: nothing a model
 * sends is parsed as HTML here.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ToolCallView } from '../controllers/entry.js';
import type { ChatStreamStrings } from '../strings.js';
import { toolIcon } from './icons.js';

const INDENT = 2;

/** A value as readable text: strings as they are, anything else as indented JSON. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, INDENT) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The arguments as shown: formatted when complete and parsed, else the raw text so far. */
export function formatArguments(call: ToolCallView): string {
  if (call.state !== 'input-streaming' && call.input !== undefined) return formatValue(call.input);
  return call.arguments;
}

function stateLabel(call: ToolCallView, s: ChatStreamStrings): string {
  switch (call.state) {
    case 'input-streaming':
      return s.toolInputStreaming;
    case 'input-available':
      return s.toolInputAvailable;
    case 'output-available':
      return s.toolOutputAvailable;
    case 'output-error':
      return s.toolOutputError;
  }
}

export function toolCallView(call: ToolCallView, s: ChatStreamStrings): TemplateResult {
  const args = formatArguments(call);
  return html`<div part="tool-call" class="tool-call" data-state=${call.state}>
    <div class="tool-header">
      ${toolIcon}<span class="tool-name">${call.name}</span>
      <span class="tool-state">${stateLabel(call, s)}</span>
    </div>
    ${args ? html`<div class="tool-label">${s.toolArguments}</div><pre class="tool-arguments"><code>${args}</code></pre>` : nothing}
    ${'output' in call
      ? html`<div class="tool-label">${s.toolOutput}</div><pre class="tool-output"><code>${formatValue(call.output)}</code></pre>`
      : nothing}
    ${call.errorText !== undefined ? html`<div class="tool-error">${call.errorText}</div>` : nothing}
  </div>`;
}
