import type { PlaceholderTable } from './types.js';

/**
 * Arabic (iOS leads these with U+200F, removed before matching). Source: a public Dart WhatsApp-export
 * parser's localized table (code search "لم يتم إدراج الصورة").
 */
export const ar: PlaceholderTable = {
  omitted: [
    '\u0644\u0645 \u064A\u062A\u0645 \u0625\u062F\u0631\u0627\u062C \u0627\u0644\u0635\u0648\u0631\u0629', // لم يتم إدراج الصورة (image)
    '\u0644\u0645 \u064A\u062A\u0645 \u0625\u062F\u0631\u0627\u062C \u0627\u0644\u0641\u064A\u062F\u064A\u0648\u0647\u0627\u062A', // … الفيديوهات (video)
    '\u0644\u0645 \u064A\u062A\u0645 \u0625\u062F\u0631\u0627\u062C \u0627\u0644\u0645\u0642\u0627\u0637\u0639 \u0627\u0644\u0635\u0648\u062A\u064A\u0629', // … المقاطع الصوتية (audio)
    '\u0644\u0645 \u064A\u062A\u0645 \u0625\u062F\u0631\u0627\u062C \u0635\u0648\u0631\u0629 GIF', // … صورة GIF
    '\u062A\u0645 \u062D\u0630\u0641 \u0627\u0644\u0645\u0644\u0635\u0642\u0627\u062A', // تم حذف الملصقات (sticker)
    '\u0644\u0645 \u064A\u062A\u0645 \u0625\u062F\u0631\u0627\u062C \u0627\u0644\u0645\u0633\u062A\u0646\u062F', // … المستند (document)
    '\u0644\u0645 \u064A\u062A\u0645 \u0625\u062F\u0631\u0627\u062C \u0628\u0637\u0627\u0642\u0629 \u062C\u0647\u0629 \u0627\u062A\u0635\u0627\u0644', // … بطاقة جهة اتصال (contact card)
  ],
  deleted: [
    '\u062A\u0645 \u062D\u0630\u0641 \u0647\u0630\u0647 \u0627\u0644\u0631\u0633\u0627\u0644\u0629', // تم حذف هذه الرسالة
    '\u0644\u0642\u062F \u062D\u0630\u0641\u062A \u0647\u0630\u0647 \u0627\u0644\u0631\u0633\u0627\u0644\u0629', // لقد حذفت هذه الرسالة
  ],
};
