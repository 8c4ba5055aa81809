import { writeStamp } from './build-state.mjs';

writeStamp();
