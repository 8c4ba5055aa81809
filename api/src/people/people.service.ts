import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { hashPassword } from './password.js';
import type { CreatePersonRequest, PersonDto, UpdatePersonRequest, createPersonRequestSchema, setupRequestSchema, updatePersonRequestSchema } from './people.contract.js';
import { Person } from './person.entity.js';
import { SessionService } from './session.service.js';
import type { z } from 'zod';

type CreateInput = z.output<typeof createPersonRequestSchema>;
type UpdateInput = z.output<typeof updatePersonRequestSchema>;
type SetupInput = z.output<typeof setupRequestSchema>;

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
    createdAt: person.createdAt.toISOString(),
  };
}

@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Person) private readonly people: Repository<Person>,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
  ) {}

  async needsSetup(): Promise<boolean> {
    return !(await this.people.exists());
  }

  /** Creates the first admin; only while nobody exists (two racing requests: one wins, one gets 409). */
  async setup(input: SetupInput, ip: string | null): Promise<Person> {
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('LOCK TABLE person IN SHARE ROW EXCLUSIVE MODE');
      if (await manager.getRepository(Person).exists()) {
        throw new AppError('conflict', 'Wholegrain is already set up. Sign in instead.');
      }
      const person = await manager.getRepository(Person).save(
        manager.getRepository(Person).create({
          name: input.name,
          email: input.email,
          passwordHash,
          access: 'admin',
          supportRole: 'founder',
          timeZone: input.timeZone,
          workingDays: [1, 2, 3, 4, 5],
          active: true,
        }),
      );
      await this.audit.record({ actorId: person.id, action: 'setup.completed', targetType: 'person', targetId: person.id, ip }, manager);
      return person;
    });
  }

  list(): Promise<Person[]> {
    return this.people.find({ order: { active: 'DESC', name: 'ASC' } });
  }

  async get(id: string): Promise<Person> {
    const person = isUuid(id) ? await this.people.findOneBy({ id }) : null;
    if (!person) throw new AppError('not_found', 'No such person.');
    return person;
  }

  findByEmail(email: string): Promise<Person | null> {
    return this.people.findOneBy({ email });
  }

  async create(input: CreateInput, actor: Person, ip: string | null): Promise<Person> {
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      await this.assertEmailFree(manager, input.email);
      const repository = manager.getRepository(Person);
      const person = await repository.save(
        repository.create({
          name: input.name,
          email: input.email,
          passwordHash,
          access: input.access,
          supportRole: input.supportRole,
          timeZone: input.timeZone,
          workingDays: input.workingDays,
          active: true,
        }),
      );
      await this.audit.record(
        { actorId: actor.id, action: 'person.created', targetType: 'person', targetId: person.id, ip, details: { email: person.email, access: person.access, supportRole: person.supportRole } },
        manager,
      );
      return person;
    });
  }

  async update(id: string, input: UpdateInput, actor: Person, ip: string | null): Promise<Person> {
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(Person);
      const person = isUuid(id) ? await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!person) throw new AppError('not_found', 'No such person.');

      const changed: string[] = [];
      for (const field of ['name', 'email', 'access', 'supportRole', 'timeZone', 'workingDays', 'active'] as const) {
        const value = input[field];
        if (value === undefined || JSON.stringify(value) === JSON.stringify(person[field])) continue;
        if (field === 'email') await this.assertEmailFree(manager, value as string);
        Object.assign(person, { [field]: value });
        changed.push(field);
      }
      if (passwordHash !== undefined) {
        person.passwordHash = passwordHash;
        changed.push('password');
      }
      if (changed.length === 0) return person;

      const losesAdmin = changed.includes('access') || changed.includes('active');
      if (losesAdmin && !(person.access === 'admin' && person.active)) await this.assertAnotherAdminRemains(manager, person.id);

      await repository.save(person);
      // A deactivated person, or one whose password was reset, is signed out everywhere at once.
      if (changed.includes('active') && !person.active) await this.sessions.endAllFor(person.id, manager);
      else if (changed.includes('password') && person.id !== actor.id) await this.sessions.endAllFor(person.id, manager);

      const action = changed.includes('active') ? (person.active ? 'person.reactivated' : 'person.deactivated') : 'person.updated';
      await this.audit.record({ actorId: actor.id, action, targetType: 'person', targetId: person.id, ip, details: { changed } }, manager);
      return person;
    });
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    if (await manager.getRepository(Person).existsBy({ email })) {
      throw new AppError('conflict', `Someone already uses ${email}.`, { email: ['This email is already in use'] });
    }
  }

  private async assertAnotherAdminRemains(manager: EntityManager, exceptId: string): Promise<void> {
    const [row] = await manager.query(`SELECT COUNT(*)::int AS count FROM person WHERE access = 'admin' AND active AND id <> $1`, [exceptId]);
    if ((row as { count: number }).count === 0) {
      throw new AppError('conflict', 'Wholegrain needs at least one active admin. Make someone else an admin first.');
    }
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export type { CreatePersonRequest, UpdatePersonRequest };
