import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { createSavedReplyRequestSchema, type SavedReplyDto, updateSavedReplyRequestSchema } from './saved-replies.contract.js';
import { SavedRepliesService } from './saved-replies.service.js';

@ApiTags('saved replies')
@Controller()
export class SavedRepliesController {
  constructor(private readonly savedReplies: SavedRepliesService) {}

  @Get('saved-replies')
  @ApiOperation({ summary: 'The team’s saved replies and your own, by name; `q` matches anywhere in the name, ignoring case and accents' })
  @ApiQuery({ name: 'q', required: false })
  list(@Query('q') q: unknown, @CurrentAuth() auth: Authenticated): Promise<SavedReplyDto[]> {
    return this.savedReplies.list(typeof q === 'string' ? q : undefined, auth.person);
  }

  @Post('saved-replies')
  @ApiOperation({ summary: 'Save a reply for the team (`scope: team`) or for yourself (`personal`, the default). Variables like {{customer.firstName}} are kept as typed and filled in the composer.' })
  @ApiJsonBody(createSavedReplyRequestSchema)
  @ApiErrors(400, 409)
  create(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<SavedReplyDto> {
    return this.savedReplies.create(validate(createSavedReplyRequestSchema, body), auth.person);
  }

  @Patch('saved-replies/:id')
  @ApiOperation({ summary: 'Rename, rewrite or move a saved reply between team and personal (team ones: anyone; personal ones: their owner)' })
  @ApiJsonBody(updateSavedReplyRequestSchema)
  @ApiErrors(400, 404, 409)
  update(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<SavedReplyDto> {
    return this.savedReplies.update(id, validate(updateSavedReplyRequestSchema, body), auth.person);
  }

  @Delete('saved-replies/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a saved reply (team ones: anyone; personal ones: their owner or an admin)' })
  @ApiErrors(404)
  delete(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<void> {
    return this.savedReplies.delete(id, auth.person);
  }
}
