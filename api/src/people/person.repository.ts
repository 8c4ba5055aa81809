import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { Person } from './person.entity.js';

export type NewPerson = Omit<Person, 'id' | 'createdAt' | 'updatedAt' | 'undoSendSeconds'> & Partial<Pick<Person, 'undoSendSeconds'>>;

@Injectable()
export class PersonRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private people(tx: Tx = this.transactions.manager) {
    return tx.getRepository(Person);
  }

  anyExists(tx?: Tx): Promise<boolean> {
    return this.people(tx).exists();
  }

  /** Blocks a concurrent first-run setup until this unit of work ends. */
  async lockForSetup(tx: Tx): Promise<void> {
    await tx.query('LOCK TABLE person IN SHARE ROW EXCLUSIVE MODE');
  }

  list(): Promise<Person[]> {
    return this.people().find({ order: { active: 'DESC', name: 'ASC' } });
  }

  findById(id: string, tx?: Tx, options: { forUpdate?: boolean } = {}): Promise<Person | null> {
    return this.people(tx).findOne({ where: { id }, ...(options.forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByEmail(email: string): Promise<Person | null> {
    return this.people().findOneBy({ email });
  }

  emailTaken(email: string, tx?: Tx): Promise<boolean> {
    return this.people(tx).existsBy({ email });
  }

  async countOtherActiveAdmins(exceptId: string, tx?: Tx): Promise<number> {
    return this.people(tx)
      .createQueryBuilder('person')
      .where('person.access = :access AND person.active AND person.id <> :id', { access: 'admin', id: exceptId })
      .getCount();
  }

  insert(values: NewPerson, tx?: Tx): Promise<Person> {
    const people = this.people(tx);
    return people.save(people.create(values));
  }

  save(person: Person, tx?: Tx): Promise<Person> {
    return this.people(tx).save(person);
  }
}
