// Boots the NestJS app that serves ChatController, with CORS for one configured origin (preflight
// included, `Last-Event-ID` allowed so a resumed stream may send it).
//
//   npm ci && npm run build && PORT=3000 CORS_ORIGIN=http://localhost:5173 npm start
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChatController } from './chat.controller';

const PORT = Number(process.env.PORT ?? 3000);
const CORS_ORIGIN = process.env.CORS_ORIGIN ?? 'http://localhost:5173';

@Module({ controllers: [ChatController] })
class AppModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableCors({
    origin: CORS_ORIGIN,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Last-Event-ID'],
    maxAge: 600,
  });
  await app.listen(PORT, '127.0.0.1');
  console.log(`nestjs chat server on http://127.0.0.1:${PORT}/api/chat`);
}

bootstrap();
