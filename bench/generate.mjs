// Deterministic generator of a realistic Android WhatsApp export (`DD/MM/YYYY, HH:MM - Author: text`).
//
//   node bench/generate.mjs [MESSAGES] [OUT]      (default 1,000,000 → bench/data/export-1m.txt)
//
// The same seed and message count always produce the same bytes. A sidecar `<file>.json` records what
// was generated; `ensureExport` regenerates only when that marker or the file's size does not match.
// "Messages" counts records (header lines), system events included.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the output for a given seed and count changes, so stale data files are regenerated. */
export const GENERATOR_VERSION = 3;
export const DEFAULT_MESSAGES = 1_000_000;
export const DEFAULT_SEED = 20240314;

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = join(BENCH_DIR, 'data');

/** bench/data/export-1m.txt for the default size, bench/data/export-<N>.txt otherwise. */
export function dataPathFor(messages) {
  return join(DATA_DIR, messages === DEFAULT_MESSAGES ? 'export-1m.txt' : `export-${messages}.txt`);
}

const markerPath = (path) => `${path}.json`;

/** The marker of an up-to-date file, or null when the file must be (re)generated. */
export function readMarker(path, messages, seed = DEFAULT_SEED) {
  try {
    const marker = JSON.parse(readFileSync(markerPath(path), 'utf8'));
    const ok =
      marker.generatorVersion === GENERATOR_VERSION &&
      marker.messages === messages &&
      marker.seed === seed &&
      statSync(path).size === marker.bytes;
    return ok ? marker : null;
  } catch {
    return null;
  }
}

/** Generates `path` unless an identical one is already there. Returns the marker and whether it generated. */
export function ensureExport(path, messages, { seed = DEFAULT_SEED, log = () => {} } = {}) {
  const existing = readMarker(path, messages, seed);
  if (existing !== null) return { ...existing, generated: false };
  log(`generating ${messages.toLocaleString('en-US')} messages into ${path} …`);
  const started = performance.now();
  const marker = generateExport(path, messages, { seed });
  log(`  ${(marker.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { ...marker, generated: true };
}

// ---------------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws indexes 0..n-1 with probability ∝ 1/(i+1)^s, by binary search over the cumulative weights. */
function zipf(n, s, random) {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += 1 / Math.pow(i + 1, s);
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// ---------------------------------------------------------------------------------------------------
// Content

const AUTHORS = [
  'Priya Shah', 'Tom', 'Ana María López', '+49 151 23456789', 'Jo 🌻', 'Mehmet Yılmaz', 'Chloé Dubois',
  'Sam', 'Kwame Mensah', 'Li Wei', 'Olga Petrova', 'Ravi', 'Emma Johnson', 'Lukas Müller', 'Fatima Zahra',
  'João Silva', 'Mia', 'Hiroshi Tanaka', 'Sophie', "Daniel O'Brien",
];

/** The most frequent words of a chat, in rough frequency order (they take the top Zipf ranks). */
const COMMON_WORDS = `
the you to i a and it is that in me my we for of be so on it's have just do ok not are this
with no what was but at get can i'm if all yes like will know now go up think out there your
when how good about too going yeah see they one time haha then need here back did lol today
tomorrow well come he she oh want really u still from us got would right thanks also home where
sure love let tonight been okay day maybe morning later she's any going why dinner some work
should them more had make call them tell great yes please thank night last hey could take lunch
sorry much over very am off after were who has bit next week send look again its wait hi nice
way free done because find give other meet cool bye food before pick something actually train
coffee weekend party house car phone message photo kids school office meeting late early soon
never always already everyone someone anyone thing things people place money pay bill order
ticket flight hotel trip beach birthday gift cake movie game match team win lost happy sad tired
hungry busy ready leaving arriving minutes hours traffic rain sunny cold hot weather doctor
appointment shopping supermarket milk bread eggs cheese wine beer tea water fridge kitchen
garden dog cat walk run gym yoga book read watch play song music concert video link check
`.trim().split(/\s+/);

/** Accented and non-English words that a diacritics-insensitive search must find. */
const ACCENTED_WORDS = [
  'café', 'naïve', 'résumé', 'jalapeño', 'über', 'façade', 'crème', 'brûlée', 'piñata', 'déjà', 'vu',
  'fiancée', 'señor', 'mañana', 'smörgåsbord', 'Müller', 'Straße', 'garçon', 'entrée', 'soufflé', 'São',
  'Paulo', 'Zürich', 'Málaga', 'Kraków', 'crêpe', 'açaí', 'pão', 'coração', 'obrigado', 'gràcies', 'niño',
  'año', 'Ålesund', 'øl', 'æble', 'şimdi', 'teşekkürler', 'děkuji', 'żurek', 'Ελλάδα', 'привет', 'спасибо',
];

const EMOJI = ['😂', '👍', '❤️', '🙏', '😊', '😍', '🎉', '😅', '🤣', '😭', '🔥', '👌', '🙈', '😘', '🤔', '☕', '🍕', '🎂', '👋', '💪', '🇧🇷', '👨‍👩‍👧'];

const CANNED = ['ok', 'Ok', 'OK 👍', 'haha', 'Hahaha', 'lol', 'yes', 'Yes!', 'no', 'Thanks!', 'thank you', 'on my way',
  'omw', '👍', '😂😂😂', 'sure', 'Good night', 'Good morning ☀️', 'see you', 'k', 'Love you ❤️', '?', 'wow', 'nice'];

const SYLLABLE_ONSETS = ['', 'b', 'br', 'c', 'ch', 'd', 'dr', 'f', 'g', 'gr', 'h', 'j', 'k', 'kl', 'l', 'm', 'n', 'p', 'pl', 'qu', 'r', 's', 'sh', 'st', 't', 'tr', 'v', 'w', 'z'];
const SYLLABLE_VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'y'];
const SYLLABLE_CODAS = ['', '', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ck'];

/** Random syllables occasionally spell something nobody wants to read in a benchmark's sample output. */
const UNFORTUNATE = /fuck|shit|cunt|dick|cock|slut|nig|fag|rape|piss|twat|wank|tits|porn|anal|cum|sex/;

/** ~50k distinct words: the real ones first (most frequent), accented ones mid-rank, generated ones after. */
function buildVocabulary(random, size = 50_000) {
  const seen = new Set(COMMON_WORDS);
  const words = [...seen];
  const generated = [];
  const pick = (list) => list[Math.floor(random() * list.length)];
  while (generated.length < size - words.length - ACCENTED_WORDS.length) {
    const syllables = 1 + Math.floor(random() * random() * 3.5);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(SYLLABLE_ONSETS) + pick(SYLLABLE_VOWELS) + pick(SYLLABLE_CODAS);
    if (word.length < 2 || seen.has(word) || UNFORTUNATE.test(word)) continue;
    seen.add(word);
    generated.push(word);
  }
  // Frequent words are short (stable sort keeps generation order among equal lengths).
  generated.sort((a, b) => a.length - b.length);
  // Accented words spread over ranks ~300..5000, so some are common and some rare.
  const vocabulary = words.concat(generated);
  ACCENTED_WORDS.forEach((w, i) => vocabulary.splice(words.length + 20 + i * 110, 0, w));
  return vocabulary;
}

const pad2 = (n) => (n < 10 ? '0' : '') + n;

const SYSTEM_TEMPLATES = [
  (a, b) => `${a} added ${b}`,
  (a, b) => `${a} removed ${b}`,
  (a, b) => `${b} left`,
  (a, b) => `${b} joined using this group's invite link`,
  (a) => `${a} changed this group's icon`,
  (a) => `${a} changed the group description`,
  (a, b, topic) => `${a} changed the subject from "${topic[0]}" to "${topic[1]}"`,
  (a, b) => `Your security code with ${b} changed. Tap to learn more.`,
  (a, b) => `${b} changed their phone number to a new number. Tap to message or add the new number.`,
  () => 'You added Tom',
  () => "You're now an admin",
];

const SUBJECTS = ['Family 🏡', 'Trip: Lisbon 2023', 'Flat 4B', 'Weekend plans', 'Família Silva', 'Book club 📚'];

const ENCRYPTION_NOTICE =
  'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.';

/**
 * Writes `messages` records to `path` (atomically: a temp file renamed at the end) and its marker.
 * Returns the marker: what was generated, with per-kind counts.
 */
export function generateExport(path, messages, { seed = DEFAULT_SEED } = {}) {
  if (!Number.isInteger(messages) || messages < 1) throw new Error(`messages must be a positive integer, got ${messages}`);
  const random = prng(seed);
  const chance = (p) => random() < p;
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Every seed draws its words from the default seed's vocabulary, as chats in one language share theirs
  // (BENCH_SCALE's chats: tasks/scale.mjs); the default seed's output is what it was before seeds differed.
  const vocabulary = buildVocabulary(seed === DEFAULT_SEED ? random : prng(DEFAULT_SEED));
  const nextWord = zipf(vocabulary.length, 1.1, random);
  const nextAuthor = zipf(AUTHORS.length, 0.9, random);

  // Time: ~3 years of wall clock, whatever the count. Bursts of 0–2 minute gaps (several messages in a
  // minute), longer exponential gaps between conversations, quiet nights (01:00–07:00).
  const start = Date.UTC(2021, 5, 1, 9, 12) / 60_000;
  const activeMinutes = 3 * 365 * 1440 * 0.8;
  const meanGap = activeMinutes / messages;
  const burstP = 0.7;
  const MAX_SILENCE = 30 * 1440; // tiny files stay within a few months instead of running decades ahead
  const longMean = Math.max(1, (meanGap - burstP * 0.8) / (1 - burstP));
  let minute = start;
  let dayIndex = -1;
  let dayText = '';
  let yyyymmdd = '';
  const mediaCounters = new Map();

  const stats = { system: 1, mediaOmitted: 0, fileAttached: 0, multiLine: 0, duplicates: 0, deleted: 0, edited: 0, calls: 0, emojiOnly: 0 };
  let lines = 0;

  function sentence(minWords = 1) {
    const n = Math.max(minWords, Math.min(60, Math.round(Math.exp(1.6 + random() * 0.9 * (random() + random())) - 3)));
    let s = '';
    for (let i = 0; i < n; i++) {
      let w = vocabulary[nextWord()];
      if (i === 0 && chance(0.6)) w = w[0].toUpperCase() + w.slice(1);
      else if (w === 'i') w = 'I';
      if (i > 0) s += chance(0.06) ? ', ' : ' ';
      if (i > 0 && chance(0.01)) s += `${1 + Math.floor(random() * 5000)} `;
      s += w;
    }
    const r = random();
    if (r < 0.15) s += '.';
    else if (r < 0.22) s += '!';
    else if (r < 0.3) s += '?';
    else if (r < 0.33) s += '...';
    if (chance(0.08)) s += ` ${pick(EMOJI)}`;
    if (chance(0.02)) s += ` https://example.com/${vocabulary[nextWord()]}/${Math.floor(random() * 1e6)}`;
    return s;
  }

  function attachment(date) {
    const r = random();
    const [prefix, ext] = r < 0.7 ? ['IMG', 'jpg'] : r < 0.82 ? ['VID', 'mp4'] : r < 0.92 ? ['PTT', 'opus'] : r < 0.97 ? ['STK', 'webp'] : ['DOC', 'pdf'];
    if (prefix === 'DOC') {
      const name = `${pick(['Invoice', 'Ticket', 'Menu', 'Contract', 'Boarding pass', 'Relatório'])} ${1000 + Math.floor(random() * 9000)}.pdf`;
      return `${name} (file attached)\n${name}`; // Android repeats a document's name on the next line
    }
    const key = `${prefix}${date}`;
    const n = mediaCounters.get(key) ?? 0;
    mediaCounters.set(key, n + 1);
    const name = `${prefix}-${date}-WA${String(n).padStart(4, '0')}.${ext}`;
    return chance(0.3) && prefix !== 'STK' && prefix !== 'PTT' ? `${name} (file attached)\n${sentence()}` : `${name} (file attached)`;
  }

  function body() {
    const r = random();
    if (r < 0.03) return (stats.mediaOmitted++, '<Media omitted>');
    if (r < 0.05) return (stats.fileAttached++, attachment(yyyymmdd));
    if (r < 0.055) return (stats.deleted++, 'This message was deleted');
    if (r < 0.057) return (stats.calls++, pick(['Missed voice call', 'Missed video call']));
    if (r < 0.077) return (stats.emojiOnly++, pick(EMOJI) + (chance(0.5) ? pick(EMOJI) : ''));
    if (r < 0.16) return pick(CANNED);
    if (r < 0.26) {
      // Multi-line: 2–6 lines, some of them blank.
      stats.multiLine++;
      const n = 2 + Math.floor(random() * random() * 5);
      const parts = [sentence()];
      for (let i = 1; i < n; i++) parts.push(chance(0.2) ? '' : sentence());
      if (parts[parts.length - 1] === '') parts.push(sentence());
      return parts.join('\n');
    }
    const text = sentence();
    if (chance(0.01)) return (stats.edited++, `${text} <This message was edited>`);
    return text;
  }

  const tmp = `${path}.tmp-${process.pid}`;
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  let chunk = [];
  let chunkChars = 0;
  const flush = () => {
    const buf = Buffer.from(chunk.join(''), 'utf8');
    writeSync(fd, buf);
    bytes += buf.length;
    chunk = [];
    chunkChars = 0;
  };
  const emit = (text) => {
    chunk.push(text);
    chunkChars += text.length;
    if (chunkChars > 1 << 20) flush();
  };

  let previous = null;
  try {
    for (let i = 0; i < messages; i++) {
      if (i > 0) {
        minute += chance(burstP)
          ? Math.floor(random() * random() * 3.2)
          : 1 + Math.floor(Math.min(MAX_SILENCE, Math.min(8, -Math.log(1 - random())) * longMean));
        const hour = Math.floor((minute % 1440) / 60);
        if (hour >= 1 && hour < 7 && chance(0.95)) minute = Math.floor(minute / 1440) * 1440 + 7 * 60 + Math.floor(random() * 90);
      }
      const day = Math.floor(minute / 1440);
      if (day !== dayIndex) {
        dayIndex = day;
        const d = new Date(day * 86_400_000);
        const [y, mo, dd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        dayText = `${pad2(dd)}/${pad2(mo)}/${y}, `;
        yyyymmdd = `${y}${pad2(mo)}${pad2(dd)}`;
      }
      const m = minute % 1440;
      const header = `${dayText}${pad2(Math.floor(m / 60))}:${pad2(m % 60)} - `;

      let record;
      let authored = false;
      if (i === 0) record = ENCRYPTION_NOTICE;
      else if (i === 1 && messages > 2) record = (stats.system++, `${AUTHORS[0]} created group "${SUBJECTS[0]}"`);
      else if (previous !== null && chance(0.001) && minute === previous.minute) {
        stats.duplicates++;
        record = previous.record;
        authored = true;
      } else if (chance(0.005)) {
        stats.system++;
        const a = AUTHORS[nextAuthor()];
        const b = AUTHORS[Math.floor(random() * AUTHORS.length)];
        record = pick(SYSTEM_TEMPLATES)(a, b, [pick(SUBJECTS), pick(SUBJECTS)]);
      } else {
        record = `${AUTHORS[nextAuthor()]}: ${body()}`;
        authored = true;
      }
      previous = authored ? { minute, record } : null;
      emit(header + record + '\n');
      lines++;
      for (let j = record.indexOf('\n'); j !== -1; j = record.indexOf('\n', j + 1)) lines++;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);

  const marker = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    messages,
    bytes,
    lines,
    first: new Date(start * 60_000).toISOString().slice(0, 16),
    last: new Date(minute * 60_000).toISOString().slice(0, 16),
    counts: stats,
  };
  writeFileSync(markerPath(path), JSON.stringify(marker, null, 2) + '\n');
  return marker;
}

// CLI: node bench/generate.mjs [MESSAGES] [OUT]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const messages = process.argv[2] ? Number(process.argv[2].replace(/_/g, '')) : DEFAULT_MESSAGES;
  const out = process.argv[3] ?? dataPathFor(messages);
  const marker = ensureExport(out, messages, { log: (s) => console.error(s) });
  if (!marker.generated && !existsSync(out)) process.exitCode = 1;
  console.log(JSON.stringify(marker, null, 2));
}
