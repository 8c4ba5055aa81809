import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { AuthGuard } from './auth.guard.js';
import { PeopleController } from './people.controller.js';
import { PeopleService } from './people.service.js';
import { Person } from './person.entity.js';
import { SessionController } from './session.controller.js';
import { Session } from './session.entity.js';
import { SessionService } from './session.service.js';
import { SetupController } from './setup.controller.js';
import { SignInService } from './sign-in.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Person, Session]), AuditModule],
  controllers: [SetupController, SessionController, PeopleController],
  providers: [PeopleService, SessionService, SignInService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [PeopleService, SessionService],
})
export class PeopleModule {}
