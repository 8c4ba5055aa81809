import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { createThemeRequestSchema, mergeThemeRequestSchema, type ThemeDto, type ThemeSummaryDto, updateThemeRequestSchema } from './feedback.contract.js';
import { MemberActions } from './member-actions.js';
import { ThemesService } from './themes.service.js';

@ApiTags('feedback')
@Controller()
export class ThemesController {
  constructor(
    private readonly themesService: ThemesService,
    private readonly memberActions: MemberActions,
  ) {}

  @Get('themes')
  @ApiOperation({ summary: 'Themes, most distinct customers first, with quote, customer and company counts' })
  themes(): Promise<ThemeSummaryDto[]> {
    return this.themesService.themes();
  }

  @Post('themes')
  @ApiOperation({ summary: 'Create a theme (suggestion phrases: admins only)' })
  @ApiJsonBody(createThemeRequestSchema)
  @ApiErrors(400, 403, 409)
  createTheme(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ThemeDto> {
    return this.themesService.createTheme(validate(createThemeRequestSchema, body), auth.person);
  }

  @Get('themes/:id')
  @ApiOperation({ summary: 'A theme’s page: its quotes verbatim, counts, first and last seen, weekly trend, linked issues' })
  @ApiErrors(404)
  theme(@Param('id') id: string): Promise<ThemeDto> {
    return this.themesService.theme(id);
  }

  @Patch('themes/:id')
  @ApiOperation({ summary: 'Rename, describe, or (admins) set suggestion phrases' })
  @ApiJsonBody(updateThemeRequestSchema)
  @ApiErrors(400, 403, 404, 409)
  updateTheme(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ThemeDto> {
    return this.themesService.updateTheme(id, validate(updateThemeRequestSchema, body), auth.person);
  }

  @Post('themes/:id/merge')
  @ApiOperation({ summary: 'Merge this theme into another: its quotes, issue links and phrases move over' })
  @ApiJsonBody(mergeThemeRequestSchema)
  @ApiErrors(400, 403, 404)
  async merge(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ThemeDto> {
    await this.memberActions.require(auth.person, 'mergeThemes');
    return this.themesService.mergeTheme(id, validate(mergeThemeRequestSchema, body).intoThemeId);
  }
}
