import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/ids.js';
import type { Person } from '../people/person.entity.js';
import type { CreateSavedReplyRequest, SavedReplyDto, UpdateSavedReplyRequest } from './saved-replies.contract.js';
import { SavedRepliesRepository, type SavedReplyRow } from './saved-replies.repository.js';

/**
 * Team replies are used and edited by everyone; personal ones are seen only by their owner.
 * Anyone may edit or delete a team reply; admins may also delete a person's own (e.g. after they left).
 */
@Injectable()
export class SavedRepliesService {
  constructor(private readonly repository: SavedRepliesRepository) {}

  async list(query: string | undefined, actor: Person): Promise<SavedReplyDto[]> {
    const rows = await this.repository.visibleTo(actor.id, (query ?? '').slice(0, 200));
    return rows.map((row) => this.dto(row, actor));
  }

  async create(request: CreateSavedReplyRequest, actor: Person): Promise<SavedReplyDto> {
    const id = await this.repository.insert({ name: request.name, body: request.body, ownerId: request.scope === 'team' ? null : actor.id, createdBy: actor.id });
    return this.dto((await this.repository.find(id))!, actor);
  }

  async update(id: string, request: UpdateSavedReplyRequest, actor: Person): Promise<SavedReplyDto> {
    const row = await this.visible(id, actor);
    const ownerId = request.scope === undefined ? row.ownerId : request.scope === 'team' ? null : actor.id;
    // Taking a shared reply for oneself would take it from everyone: only whoever wrote it, or an admin.
    if (row.ownerId === null && ownerId !== null && row.createdById !== actor.id && actor.access !== 'admin') {
      throw new AppError('forbidden', 'Only whoever wrote this team reply, or an admin, may make it personal.');
    }
    await this.repository.update(id, { name: request.name ?? row.name, body: request.body ?? row.body, ownerId });
    return this.dto((await this.repository.find(id))!, actor);
  }

  async delete(id: string, actor: Person): Promise<void> {
    if (actor.access === 'admin' && isUuid(id) && (await this.repository.find(id))) return this.repository.delete(id);
    await this.visible(id, actor);
    await this.repository.delete(id);
  }

  /** The reply if the actor may see it; another person's own answers 404 (its existence is theirs). */
  private async visible(id: string, actor: Person): Promise<SavedReplyRow> {
    const row = isUuid(id) ? await this.repository.find(id) : null;
    if (!row || (row.ownerId !== null && row.ownerId !== actor.id)) throw new AppError('not_found', 'This saved reply does not exist (or is someone else’s own).');
    return row;
  }

  private dto(row: SavedReplyRow, actor: Person): SavedReplyDto {
    return {
      id: row.id,
      name: row.name,
      body: row.body,
      scope: row.ownerId === null ? 'team' : 'personal',
      createdBy: row.createdById ? { id: row.createdById, name: row.createdByName ?? '' } : null,
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
      canEdit: row.ownerId === null || row.ownerId === actor.id,
    };
  }
}
