// The streaming chat endpoint as a NestJS controller. POST /api/chat answers the <chat-stream>
// element's default body `{ messages, stream: true }` with an OpenAI-compatible SSE stream of a
// canned reply (a mock model: no API key), one word per event, each framed by a blank line and
// carrying an `id:`; a client that lost the connection reconnects with `Last-Event-ID` and gets the
// rest; closing the connection stops the generation. It writes to the raw Express response
// (`@Res()`) rather than using `@Sse()`: `@Sse()` routes GET only, and the element POSTs the
// conversation. GET /api/stats counts generations started, completed and aborted (the tests read it).
import { Body, Controller, Get, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';

const TOKEN_DELAY_MS = Number(process.env.TOKEN_DELAY_MS ?? 40);

interface ChatMessage {
  role: string;
  content: string;
}

const stats = { started: 0, completed: 0, aborted: 0 };

/** The mock model: a canned reply that quotes the newest user message, split into words. */
function replyTokens(messages: ChatMessage[]): string[] {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const reply = `Hello from nestjs! You said: ${lastUser?.content ?? ''}. This canned reply streams one word at a time.`;
  return reply.match(/\S+\s*/g) ?? [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Controller('api')
export class ChatController {
  @Post('chat')
  async chat(
    @Body() body: { messages?: ChatMessage[] },
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const tokens = replyTokens(Array.isArray(body?.messages) ? body.messages : []);
    // Resume: ids are token indexes, so carry on after the last one the client saw.
    const lastId = Number.parseInt(lastEventId ?? '', 10);
    const first = Number.isInteger(lastId) ? lastId + 1 : 0;

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Accel-Buffering', 'no'); // tells nginx not to buffer this response
    res.flushHeaders();

    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    stats.started += 1;
    // Express writes straight to the socket (no compression middleware here), so each event goes out at once.
    for (let i = first; i < tokens.length; i += 1) {
      await sleep(TOKEN_DELAY_MS);
      if (closed) {
        stats.aborted += 1; // the client went away: stop generating
        return;
      }
      const chunk = { choices: [{ index: 0, delta: { content: tokens[i] } }] };
      // The blank line ("\n\n") ends the event.
      res.write(`id: ${i}\ndata: ${JSON.stringify(chunk)}\n\n`);
    }
    res.end(`id: ${tokens.length}\ndata: [DONE]\n\n`);
    stats.completed += 1;
  }

  @Get('stats')
  stats(): typeof stats {
    return stats;
  }
}
