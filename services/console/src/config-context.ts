import { createContext, useContext } from 'react';
import type { ConsoleConfig } from './config';

/** The console's configuration, null when the server gives none (sign-in then unavailable). */
export const ConfigContext = createContext<ConsoleConfig | null>(null);
export const useConfig = (): ConsoleConfig | null => useContext(ConfigContext);
