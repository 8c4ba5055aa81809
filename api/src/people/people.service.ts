import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/ids.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { hashPassword } from './password.js';
import type { createPersonRequestSchema, PersonDto, setupRequestSchema, updatePersonRequestSchema } from './people.contract.js';
import type { Person } from './person.entity.js';
import { PersonRepository } from './person.repository.js';
import { SessionService } from './session.service.js';

type CreateInput = z.output<typeof createPersonRequestSchema>;
type UpdateInput = z.output<typeof updatePersonRequestSchema>;
type SetupInput = z.output<typeof setupRequestSchema>;

const EDITABLE_FIELDS = ['name', 'email', 'access', 'supportRole', 'timeZone', 'workingDays', 'active', 'undoSendSeconds'] as const;

export function toPersonDto(person: Person): PersonDto {
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    access: person.access,
    supportRole: person.supportRole,
    timeZone: person.timeZone,
    workingDays: person.workingDays,
    active: person.active,
    signature: person.signature,
    undoSendSeconds: person.undoSendSeconds,
    createdAt: person.createdAt.toISOString(),
  };
}

@Injectable()
export class PeopleService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly people: PersonRepository,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  async needsSetup(): Promise<boolean> {
    return !(await this.people.anyExists());
  }

  /** Creates the first admin; only while nobody exists (of two racing requests one wins, one gets 409). */
  async setup(input: SetupInput, ip: string | null): Promise<Person> {
    const passwordHash = await hashPassword(input.password);
    return this.transactions.run(async (tx) => {
      await this.people.lockForSetup(tx);
      if (await this.people.anyExists(tx)) throw new AppError('conflict', 'Wholegrain is already set up. Sign in instead.');
      const person = await this.people.insert(
        { name: input.name, email: input.email, passwordHash, access: 'admin', supportRole: 'founder', timeZone: input.timeZone, workingDays: [1, 2, 3, 4, 5], active: true, signature: '' },
        tx,
      );
      await this.audit.record({ actorId: person.id, action: 'setup.completed', targetType: 'person', targetId: person.id, ip }, tx);
      return person;
    });
  }

  list(): Promise<Person[]> {
    return this.people.list();
  }

  async get(id: string): Promise<Person> {
    const person = isUuid(id) ? await this.people.findById(id) : null;
    if (!person) throw new AppError('not_found', 'No such person.');
    return person;
  }

  findByEmail(email: string): Promise<Person | null> {
    return this.people.findByEmail(email);
  }

  async create(input: CreateInput, actor: Person, ip: string | null): Promise<Person> {
    const { password, ...fields } = input;
    const passwordHash = await hashPassword(password);
    return this.transactions.run(async (tx) => {
      await this.assertEmailFree(input.email, tx);
      const person = await this.people.insert({ ...fields, passwordHash, active: true, signature: '' }, tx);
      await this.audit.record(
        { actorId: actor.id, action: 'person.created', targetType: 'person', targetId: person.id, ip, details: { email: person.email, access: person.access, supportRole: person.supportRole } },
        tx,
      );
      return person;
    });
  }

  async update(id: string, input: UpdateInput, actor: Person, ip: string | null): Promise<Person> {
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    return this.transactions.run(async (tx) => {
      const person = isUuid(id) ? await this.people.findById(id, tx, { forUpdate: true }) : null;
      if (!person) throw new AppError('not_found', 'No such person.');

      const changed: string[] = [];
      for (const field of EDITABLE_FIELDS) {
        const value = input[field];
        if (value === undefined || JSON.stringify(value) === JSON.stringify(person[field])) continue;
        if (field === 'email') await this.assertEmailFree(value as string, tx);
        Object.assign(person, { [field]: value });
        changed.push(field);
      }
      if (passwordHash !== undefined) {
        person.passwordHash = passwordHash;
        changed.push('password');
      }
      if (changed.length === 0) return person;

      const wasOrStaysAdmin = person.access === 'admin' && person.active;
      if ((changed.includes('access') || changed.includes('active')) && !wasOrStaysAdmin && (await this.people.countOtherActiveAdmins(person.id, tx)) === 0) {
        throw new AppError('conflict', 'Wholegrain needs at least one active admin. Make someone else an admin first.');
      }

      await this.people.save(person, tx);
      // A deactivated person, or one whose password an admin reset, is signed out everywhere at once.
      if (changed.includes('active') && !person.active) await this.sessions.endAllFor(person.id, tx);
      else if (changed.includes('password') && person.id !== actor.id) await this.sessions.endAllFor(person.id, tx);

      const action = changed.includes('active') ? (person.active ? 'person.reactivated' : 'person.deactivated') : 'person.updated';
      await this.audit.record({ actorId: actor.id, action, targetType: 'person', targetId: person.id, ip, details: { changed } }, tx);
      return person;
    });
  }

  /** Everyone edits their own signature (added below their replies). */
  async setSignature(person: Person, signature: string): Promise<Person> {
    return this.transactions.run(async (tx) => {
      const current = await this.people.findById(person.id, tx, { forUpdate: true });
      if (!current) throw new AppError('not_found', 'No such person.');
      current.signature = signature;
      await this.people.save(current, tx);
      return current;
    });
  }

  private async assertEmailFree(email: string, tx: Tx): Promise<void> {
    if (await this.people.emailTaken(email, tx)) {
      throw new AppError('conflict', `Someone already uses ${email}.`, { email: ['This email is already in use'] });
    }
  }
}
