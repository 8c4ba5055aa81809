import { Module } from '@nestjs/common';
import { EventStreams } from './event-streams.js';
import { EventsController } from './events.controller.js';
import { PresenceService } from './presence.service.js';

@Module({ controllers: [EventsController], providers: [PresenceService, EventStreams], exports: [PresenceService] })
export class LiveModule {}
