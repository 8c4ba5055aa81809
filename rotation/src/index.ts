export * from './civil-date.js';
export * from './duty.js';
export * from './zoned-time.js';
export * from './digest-schedule.js';
