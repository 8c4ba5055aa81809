import { createContext, useContext } from 'react';

/**
 * The signed-in person's time zone, provided once by the session gate: every shown time reads it
 * from here. A list shows two times per row, and a query subscription per time made the inbox's
 * first frame after signing in a tenth slower. Undefined: the browser's own zone.
 */
export const PersonTimeZone = createContext<string | undefined>(undefined);

export const usePersonTimeZone = (): string | undefined => useContext(PersonTimeZone);
