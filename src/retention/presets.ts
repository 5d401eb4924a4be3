/**
 * Retention periods named after the rules that ask for them. A summary to help choose a period, not legal
 * advice: which rule applies to whom, and to which messages, is for the user (and their counsel) to decide.
 */
export interface Preset {
  name: string;
  /** The minimum period the rule names, as `parsePeriod` reads it. */
  period: string;
  /** The period runs from the end of the (calendar) year of the message, not from the message. */
  fromYearEnd: boolean;
  /** One line on who and what the rule covers. */
  covers: string;
}

export const PRESETS: readonly Preset[] = [
  {
    name: 'sec-17a-4',
    period: '3y',
    fromYearEnd: false,
    covers: 'SEC Rule 17a-4(b)(4), US broker-dealers: communications relating to the business as such (first 2 years easily accessible)',
  },
  {
    name: 'finra-4511',
    period: '6y',
    fromYearEnd: false,
    covers: 'FINRA Rule 4511(b), FINRA members: books and records for which no other period is specified',
  },
  {
    name: 'sec-204-2',
    period: '5y',
    fromYearEnd: true,
    covers: 'SEC Rule 204-2(e), US registered investment advisers: books and records incl. written communications, 5 years from the end of the fiscal year (taken as the calendar year)',
  },
  {
    name: 'cftc-1-31',
    period: '5y',
    fromYearEnd: false,
    covers: 'CFTC Regulation 1.31, CFTC registrants: required regulatory records (records of a swap must be kept for its life plus 5 years)',
  },
  {
    name: 'mifid2',
    period: '5y',
    fromYearEnd: false,
    covers: 'MiFID II Art. 16(7), EU investment firms: electronic communications relating to client orders and transactions (up to 7 years if the regulator asks)',
  },
  {
    name: 'uk-fca',
    period: '5y',
    fromYearEnd: false,
    covers: 'FCA Handbook SYSC 10A, UK investment firms: electronic communications relating to client orders and transactions (up to 7 years if the FCA asks)',
  },
  {
    name: 'hipaa',
    period: '6y',
    fromYearEnd: false,
    covers: 'HIPAA 45 CFR 164.316(b)(2), US covered entities: required documentation (medical records themselves fall under state law)',
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name.toLowerCase());
}
