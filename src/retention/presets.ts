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
  /** The rule cited: the law and section, or the official page. */
  rule: string;
  /** Where the rule can be read (the primary source). */
  source: string;
  /** One line on who and what the rule covers. */
  covers: string;
}

export const PRESETS: readonly Preset[] = [
  {
    name: 'sec-17a-4',
    period: '3y',
    fromYearEnd: false,
    rule: 'SEC Rule 17a-4(b)(4)',
    source: 'https://www.ecfr.gov/current/title-17/section-240.17a-4',
    covers: 'US broker-dealers: communications relating to the business as such (first 2 years easily accessible)',
  },
  {
    name: 'finra-4511',
    period: '6y',
    fromYearEnd: false,
    rule: 'FINRA Rule 4511(b)',
    source: 'https://www.finra.org/rules-guidance/rulebooks/finra-rules/4511',
    covers: 'FINRA members: books and records for which no other period is specified',
  },
  {
    name: 'sec-204-2',
    period: '5y',
    fromYearEnd: true,
    rule: 'SEC Rule 204-2(e)',
    source: 'https://www.ecfr.gov/current/title-17/section-275.204-2',
    covers: 'US registered investment advisers: books and records incl. written communications, 5 years from the end of the fiscal year (taken as the calendar year)',
  },
  {
    name: 'cftc-1-31',
    period: '5y',
    fromYearEnd: false,
    rule: 'CFTC Regulation 1.31',
    source: 'https://www.ecfr.gov/current/title-17/section-1.31',
    covers: 'CFTC registrants: required regulatory records (records of a swap must be kept for its life plus 5 years)',
  },
  {
    name: 'mifid2',
    period: '5y',
    fromYearEnd: false,
    rule: 'MiFID II (Directive 2014/65/EU) Art. 16(7)',
    source: 'https://eur-lex.europa.eu/eli/dir/2014/65/oj',
    covers: 'EU investment firms: electronic communications relating to client orders and transactions (up to 7 years if the regulator asks)',
  },
  {
    name: 'uk-fca',
    period: '5y',
    fromYearEnd: false,
    rule: 'FCA Handbook SYSC 10A',
    source: 'https://www.handbook.fca.org.uk/handbook/SYSC/10A/',
    covers: 'UK investment firms: electronic communications relating to client orders and transactions (up to 7 years if the FCA asks)',
  },
  {
    name: 'hipaa',
    period: '6y',
    fromYearEnd: false,
    rule: 'HIPAA, 45 CFR 164.316(b)(2)',
    source: 'https://www.ecfr.gov/current/title-45/section-164.316',
    covers: 'US covered entities: required documentation (medical records themselves fall under state law)',
  },
  {
    name: 'uk-company',
    period: '6y',
    fromYearEnd: true,
    rule: 'HMRC, GOV.UK "Running a limited company: company and accounting records"',
    source: 'https://www.gov.uk/running-a-limited-company/company-and-accounting-records',
    covers: 'UK limited companies: financial and accounting records, incl. correspondence, 6 years from the end of the company financial year (taken as the calendar year); longer in the cases the page lists',
  },
  {
    name: 'uk-vat',
    period: '6y',
    fromYearEnd: false,
    rule: 'HMRC VAT Notice 700/21 "Record keeping for VAT"',
    source: 'https://www.gov.uk/guidance/record-keeping-for-vat-notice-70021',
    covers: 'UK VAT-registered businesses: business records kept for VAT, generally at least 6 years (10 for the One Stop Shop schemes)',
  },
  {
    name: 'de-letters',
    period: '6y',
    fromYearEnd: true,
    rule: 'HGB § 257(1) Nr. 2-3, (4), (5); AO § 147(1) Nr. 2-3, (3), (4)',
    source: 'https://www.gesetze-im-internet.de/hgb/__257.html',
    covers: 'German merchants and taxpayers: commercial and business letters received and copies of those sent (Handels- und Geschäftsbriefe), 6 years from the end of the calendar year',
  },
  {
    name: 'de-vouchers',
    period: '8y',
    fromYearEnd: true,
    rule: 'HGB § 257(1) Nr. 4, (4), (5); AO § 147(1) Nr. 4, (3), (4)',
    source: 'https://www.gesetze-im-internet.de/ao_1977/__147.html',
    covers: 'German merchants and taxpayers: accounting vouchers (Buchungsbelege) such as invoices and receipts, 8 years from the end of the calendar year (10 before the Bürokratieentlastungsgesetz IV of 2024)',
  },
  {
    name: 'de-books',
    period: '10y',
    fromYearEnd: true,
    rule: 'HGB § 257(1) Nr. 1, (4), (5); AO § 147(1) Nr. 1, (3), (4)',
    source: 'https://www.gesetze-im-internet.de/hgb/__257.html',
    covers: 'German merchants and taxpayers: books, inventories, annual accounts and the working instructions needed to understand them, 10 years from the end of the calendar year',
  },
  {
    name: 'us-irs-bad-debt',
    period: '7y',
    fromYearEnd: true,
    rule: 'IRS Publication 583 and irs.gov "How long should I keep records?"',
    source: 'https://www.irs.gov/businesses/small-businesses-self-employed/how-long-should-i-keep-records',
    covers: 'US taxpayers: records backing a claim for a bad-debt deduction or a loss from worthless securities, 7 years (the IRS counts from the filing of the return, after the year ends: set more by hand for a late return)',
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name.toLowerCase());
}
