import { Body, Controller, Get, Param, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { AdminOnly, CurrentAuth } from './auth.decorators.js';
import { createPersonRequestSchema, type PersonDto, signatureRequestSchema, updatePersonRequestSchema } from './people.contract.js';
import { PeopleService, toPersonDto } from './people.service.js';
import type { Authenticated } from './session.service.js';

@ApiTags('people')
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOperation({ summary: 'Everyone on the team, active first' })
  async list(): Promise<PersonDto[]> {
    return (await this.people.list()).map(toPersonDto);
  }

  @Put('me/signature')
  @ApiOperation({ summary: 'Set your own reply signature' })
  @ApiJsonBody(signatureRequestSchema)
  @ApiErrors(400)
  async setSignature(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<PersonDto> {
    return toPersonDto(await this.people.setSignature(auth.person, validate(signatureRequestSchema, body).signature));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One person' })
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<PersonDto> {
    return toPersonDto(await this.people.get(id));
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Add a person (admins only)' })
  @ApiJsonBody(createPersonRequestSchema)
  @ApiErrors(400, 403, 409)
  async create(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<PersonDto> {
    const person = await this.people.create(validate(createPersonRequestSchema, body), auth.person, request.ip ?? null);
    return toPersonDto(person);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Edit a person (admins only); active: false signs them out everywhere at once' })
  @ApiJsonBody(updatePersonRequestSchema)
  @ApiErrors(400, 403, 404, 409)
  async update(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<PersonDto> {
    const person = await this.people.update(id, validate(updatePersonRequestSchema, body), auth.person, request.ip ?? null);
    return toPersonDto(person);
  }
}
