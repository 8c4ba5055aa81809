import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import type { Person } from '../people/person.entity.js';
import type { MemberActionsDto } from './feedback.types.js';
import { FixRepliesRepository } from './fix-replies.repository.js';

export const MEMBER_ACTIONS_KEY = 'feedback.memberActions';

/**
 * What members (not admins) may do with the team's feedback. Admins always may. The defaults keep
 * what members could always do, except retracting someone else's quote: a quote is its author's.
 */
export const DEFAULT_MEMBER_ACTIONS: MemberActionsDto = { retractOthersQuotes: false, mergeThemes: true, manageIssues: true, sendFixReplies: true };

const REFUSALS: Record<keyof MemberActionsDto, string> = {
  retractOthersQuotes: 'Only the person who pinned this quote or an admin can retract it.',
  mergeThemes: 'Only admins can merge themes here (an admin can allow members in Settings → Feedback).',
  manageIssues: 'Only admins can link, unlink or change issues here (an admin can allow members in Settings → Feedback).',
  sendFixReplies: 'Only admins can send fix replies here (an admin can allow members in Settings → Feedback).',
};

/** Reads the admins' choices and refuses what a member may not do, with a sentence saying who may. */
@Injectable()
export class MemberActions {
  constructor(private readonly settings: FixRepliesRepository) {}

  async current(): Promise<MemberActionsDto> {
    const stored = await this.settings.setting(MEMBER_ACTIONS_KEY);
    const chosen = typeof stored === 'object' && stored !== null ? (stored as Partial<Record<keyof MemberActionsDto, unknown>>) : {};
    const result = { ...DEFAULT_MEMBER_ACTIONS };
    for (const action of Object.keys(DEFAULT_MEMBER_ACTIONS) as (keyof MemberActionsDto)[]) {
      if (typeof chosen[action] === 'boolean') result[action] = chosen[action];
    }
    return result;
  }

  async put(changes: Partial<MemberActionsDto>, actor: Person): Promise<{ before: MemberActionsDto; after: MemberActionsDto }> {
    const before = await this.current();
    const after = { ...before, ...changes };
    await this.settings.putSetting(MEMBER_ACTIONS_KEY, after, actor.id);
    return { before, after };
  }

  /** Throws 403 unless `actor` is an admin or members may take `action`. */
  async require(actor: Person, action: keyof MemberActionsDto): Promise<void> {
    if (actor.access === 'admin') return;
    if (!(await this.current())[action]) throw new AppError('forbidden', REFUSALS[action]);
  }
}
