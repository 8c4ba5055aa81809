import { createHash } from 'node:crypto';
import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { ApiErrors } from '../common/openapi.js';
import { CONFIG, type Config } from '../config/config.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { megabytes } from './megabytes.js';
import { ReplyUploadRepository, type ReplyUploadDto } from './reply-upload.repository.js';

/** Uploads nobody sent are removed after this long. */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

/** The request body as bytes, refused as soon as it passes `limit`. */
function readBody(request: Request, limit: number, tooLarge: () => AppError): Promise<Buffer> {
  const declared = Number(request.get('content-length') ?? '0');
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A filename as the person's computer gave it, kept readable but safe in a MIME header and on disk. */
function cleanFilename(name: string | undefined): string {
  const cleaned = (name ?? '')
    .replace(/[\p{Cc}/\\]/gu, '_')
    .trim()
    .slice(0, 200);
  return cleaned || 'attachment';
}

/** Files for the composer: uploaded one by one (the raw bytes as the body), sent with the reply that lists them. */
@ApiTags('conversations')
@Controller('uploads')
export class ReplyUploadsController {
  constructor(
    private readonly uploads: ReplyUploadRepository,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('limits')
  @ApiOperation({ summary: 'How large one attached file, and all of one reply’s files together, may be (bytes)' })
  limits(): { fileBytes: number; totalBytes: number } {
    return this.config.replyAttachmentLimits;
  }

  @Post()
  @ApiOperation({
    summary:
      'Upload one file for a reply: the body is the file’s bytes (Content-Type: application/octet-stream), ?name= its filename and ?type= its media type. Answers its id, to list in attachmentIds when replying.',
  })
  @ApiErrors(400)
  async upload(
    @Req() request: Request,
    @Query('name') name: string | undefined,
    @Query('type') type: string | undefined,
    @CurrentAuth() auth: Authenticated,
  ): Promise<ReplyUploadDto> {
    const limit = this.config.replyAttachmentLimits.fileBytes;
    const filename = cleanFilename(name);
    // A JSON or form body was read by the body parsers already: the file's bytes come as octet-stream.
    if (request.readableEnded || request.is(['json', 'urlencoded'])) {
      throw new AppError('validation_failed', 'Send the file’s bytes as the body with Content-Type: application/octet-stream.');
    }
    const bytes = await readBody(request, limit, () => new AppError('validation_failed', `“${filename}” is larger than ${megabytes(limit)}, the most one attached file may be.`));
    if (bytes.length === 0) throw new AppError('validation_failed', `“${filename}” is empty.`);
    const contentType = type && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(type) ? type.toLowerCase() : 'application/octet-stream';
    await this.uploads.removeStale(new Date(this.clock.now().getTime() - STALE_UPLOAD_MS));
    return this.uploads.insert({ personId: auth.person.id, filename, contentType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest(), bytes });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a file out of the composer before sending' })
  @ApiErrors(404)
  async remove(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<void> {
    if (!isUuid(id) || !(await this.uploads.remove(id, auth.person.id))) throw new AppError('not_found', 'No such file waiting to be sent.');
  }
}
