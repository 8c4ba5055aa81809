import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { clientOf, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { type CustomerDto, type CustomerNoteDto, saveNoteRequestSchema } from './customers.contract.js';
import { CustomersService } from './customers.service.js';

@ApiTags('customers')
@Controller()
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get('conversations/:id/customer')
  @ApiOperation({ summary: 'The customer of a conversation: name, address, company (from the domain), their other conversations, quotes pinned from them, and the team’s note' })
  @ApiErrors(404)
  forConversation(@Param('id') id: string): Promise<CustomerDto> {
    return this.customers.forConversation(id);
  }

  @Put('contacts/:id/note')
  @ApiOperation({ summary: 'Save the team’s note about a customer over the version you edited (409 when someone saved a newer one); audited' })
  @ApiJsonBody(saveNoteRequestSchema)
  @ApiErrors(400, 404, 409)
  saveNote(@Param('id') id: string, @Body() body: unknown, @Req() request: Request, @CurrentAuth() auth: Authenticated): Promise<CustomerNoteDto> {
    return this.customers.saveNote(id, validate(saveNoteRequestSchema, body), auth.person, clientOf(request).ip);
  }
}
