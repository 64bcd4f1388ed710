// <chat-stream> in React 19: React sets `headers` and `messages` as properties (they exist on the
// element) and `ontoken`, `ondone`, `onerror` as listeners for the element's own events.
// test/embedding/frameworks.test.ts loads the built app and checks both directions.
import { useState } from 'react';
// Registers <chat-stream>; in an app that installed the package this is `import 'chat-stream'`.
import 'chat-stream';

// Stable references: React re-assigns a property only when the value changes between renders.
const headers = { 'X-Chat-Demo': 'react' };
const history = [
  { role: 'user', content: 'Hello from React' },
  { role: 'assistant', content: 'Hello! Ask me anything.' },
];

export function App() {
  const [reply, setReply] = useState('');
  const [tokens, setTokens] = useState(0);
  const [outcome, setOutcome] = useState('');

  return (
    <main>
      <h1>&lt;chat-stream&gt; in React</h1>
      <chat-stream
        endpoint="/mock/openai?delay=0"
        protocol="openai"
        headers={headers}
        messages={history}
        ontoken={(e) => {
          setReply(e.detail.text);
          setTokens((n) => n + 1);
        }}
        ondone={(e) => setOutcome(`done:${e.detail.reason}:${e.detail.text}`)}
        onerror={(e) => setOutcome(`error:${e.detail.status ?? ''}:${e.detail.error.message}`)}
      />
      <dl>
        <dt>Reply so far (from ontoken)</dt>
        <dd id="reply">{reply}</dd>
        <dt>Tokens</dt>
        <dd id="tokens">{tokens}</dd>
        <dt>Outcome (from ondone / onerror)</dt>
        <dd id="outcome">{outcome}</dd>
      </dl>
    </main>
  );
}
