import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module.js';
import { AuthGuard } from './auth.guard.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';
import { PersonRepository } from './person.repository.js';
import { SessionController } from './session.controller.js';
import { SessionRepository } from './session.repository.js';
import { SessionService } from './session.service.js';
import { SetupController } from './setup.controller.js';
import { SignInService } from './sign-in.service.js';

@Module({
  imports: [AuditModule],
  controllers: [SetupController, SessionController, PeopleController],
  providers: [PersonRepository, SessionRepository, PeopleService, SessionService, SignInService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PeopleService, SessionService],
})
export class PeopleModule {}
