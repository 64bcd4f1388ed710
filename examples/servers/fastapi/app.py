"""A streaming chat endpoint on FastAPI + uvicorn.

POST /api/chat answers the <chat-stream> element's default body `{ messages, stream: true }` with an
OpenAI-compatible SSE stream of a canned reply (a mock model: no API key), one word per event. Each
event is framed by a blank line and carries an `id:`, so a client that lost the connection
reconnects with `Last-Event-ID` and gets the rest; uvicorn sends each yielded chunk at once, and
Starlette cancels the generator when the client disconnects, which stops the generation. CORS
answers one configured origin, preflight included. GET /api/stats counts generations started,
completed and aborted (the tests read it).

    PORT=8000 CORS_ORIGIN=http://localhost:5173 python3 app.py
"""
import asyncio
import json
import os
import re

import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import StreamingResponse

PORT = int(os.environ.get("PORT", "8000"))
CORS_ORIGIN = os.environ.get("CORS_ORIGIN", "http://localhost:5173")
TOKEN_DELAY_S = float(os.environ.get("TOKEN_DELAY_MS", "40")) / 1000

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=[CORS_ORIGIN],
    allow_methods=["GET", "POST", "OPTIONS"],
    allow_headers=["Content-Type", "Authorization", "Last-Event-ID"],
    max_age=600,
)
stats = {"started": 0, "completed": 0, "aborted": 0}


def reply_tokens(messages: list) -> list:
    """The mock model: a canned reply that quotes the newest user message, split into words."""
    last_user = next((m.get("content", "") for m in reversed(messages) if m.get("role") == "user"), "")
    reply = f"Hello from fastapi! You said: {last_user}. This canned reply streams one word at a time."
    return re.findall(r"\S+\s*", reply)


def sse(event_id: int, data: str) -> str:
    # One SSE event: the blank line ("\n\n") at the end is what delimits it.
    return f"id: {event_id}\ndata: {data}\n\n"


async def generate(tokens: list, first: int):
    stats["started"] += 1
    finished = False
    try:
        for i in range(first, len(tokens)):
            await asyncio.sleep(TOKEN_DELAY_S)
            chunk = {"choices": [{"index": 0, "delta": {"content": tokens[i]}}]}
            yield sse(i, json.dumps(chunk))
        yield sse(len(tokens), "[DONE]")
        finished = True
        stats["completed"] += 1
    finally:
        # A disconnect cancels the generator at its await: the generation stops here.
        if not finished:
            stats["aborted"] += 1


@app.post("/api/chat")
async def chat(request: Request):
    body = await request.json()
    tokens = reply_tokens(body.get("messages", []))
    # Resume: ids are token indexes, so carry on after the last one the client saw.
    last_id = request.headers.get("last-event-id", "")
    first = int(last_id) + 1 if last_id.isdigit() else 0
    return StreamingResponse(
        generate(tokens, first),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@app.get("/api/stats")
async def get_stats():
    return stats


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
