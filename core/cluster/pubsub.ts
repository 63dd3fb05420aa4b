import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisLink } from './redis-link.ts';

type MessageHandler = (message: string) => void;

/** This node's one subscriber connection (pub/sub needs its own); ioredis re-subscribes after a reconnect. */
export class PubSub {
  private readonly sub: Redis;
  private readonly handlers = new Map<string, MessageHandler>();

  constructor(link: RedisLink, private readonly log: Logger) {
    this.sub = link.open('pubsub');
    this.sub.on('message', (channel: string, message: string) => {
      const h = this.handlers.get(channel);
      if (!h) return;
      try {
        h(message);
      } catch (err) {
        this.log.error({ err, channel }, 'message handler failed');
      }
    });
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<void> {
    this.handlers.set(channel, handler);
    await this.sub.subscribe(channel);
  }
}
