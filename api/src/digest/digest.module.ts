import { Module } from '@nestjs/common';
import { DutyModule } from '../duty/duty.module.js';
import { DigestController } from './digest.controller.js';
import { DigestRepository } from './digest.repository.js';
import { DigestScheduler } from './digest.scheduler.js';
import { DigestService } from './digest.service.js';

@Module({ imports: [DutyModule], controllers: [DigestController], providers: [DigestRepository, DigestService, DigestScheduler], exports: [DigestService] })
export class DigestModule {}
