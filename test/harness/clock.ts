import { Clock } from '../../api/src/common/clock.js';

/** A clock a test sets and moves: `clock.instant = …`. */
export class TestClock extends Clock {
  constructor(public instant: Date) {
    super();
  }

  now(): Date {
    return this.instant;
  }
}
