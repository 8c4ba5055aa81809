import { Module } from '@nestjs/common';
import { MailboxesModule } from '../mailboxes/mailboxes.module.js';
import { PeopleModule } from '../people/people.module.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';
import { SystemMailService } from './system-mail.service.js';

@Module({
  imports: [PeopleModule, MailboxesModule],
  controllers: [InvitationsController],
  providers: [InvitationsRepository, InvitationsService, SystemMailService],
  exports: [SystemMailService],
})
export class InvitationsModule {}
