import { Module } from '@nestjs/common';
import { EventsController } from './events.controller.js';
import { PresenceService } from './presence.service.js';

@Module({ controllers: [EventsController], providers: [PresenceService], exports: [PresenceService] })
export class LiveModule {}
