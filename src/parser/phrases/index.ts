import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import { pt } from './pt.js';
import type { PlaceholderTable } from './types.js';

/** The languages whose iPhone placeholders and deleted markers are read completely (README, "Which exports are read"). */
export const PLACEHOLDER_TABLES: readonly PlaceholderTable[] = [en, de, es, fr, pt, it, nl, ar];
