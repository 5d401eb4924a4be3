/**
 * What WhatsApp writes for events, placeholders and markers. English, German, Spanish, French,
 * Portuguese, Italian and Dutch come from public parsers (docs/export-format.md); Indonesian, Czech, Swedish,
 * Finnish, Turkish, Vietnamese, Chinese, Japanese, Thai and Arabic are best effort. Where a structural
 * rule exists (iOS attachment names start with an 8-digit counter, Android media names are
 * `IMG-YYYYMMDD-WA0000.ext`) it backs the word lists, so an unlisted language still links its media.
 * iPhone placeholders and deleted markers are data, one table per language, in phrases/.
 * Matching is on text with direction marks removed. Event verbs are case-sensitive on purpose: names
 * like "Left Bank Cafe" must not read as "… left".
 */

import { PLACEHOLDER_TABLES } from './phrases/index.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Encryption and business notices, in any language listed. */
export const NOTICE = new RegExp(
  [
    'end-to-end encrypt', 'secured with end-to-end encryption', 'secure service from Meta',
    'Ende-zu-Ende-verschlüsselt', 'sicheren Dienst von Meta',
    'cifrad[oa]s de extremo a extremo', 'servicio seguro de Meta',
    'chiffrés de bout en bout', 'service sécurisé de Meta',
    'criptografia de ponta a ponta', 'serviço seguro da Meta',
    'crittografati end-to-end', 'servizio sicuro di Meta',
    'end-to-end versleuteld', 'beveiligde service van Meta',
    'terenkripsi secara end-to-end', 'koncově šifrované', 'end-to-end-krypterade', 'päästä päähän salattuja',
    'uçtan uca şifreli', 'mã hóa đầu cuối', '端到端加密', 'エンドツーエンドで暗号化', 'ต้นทางถึงปลายทาง',
    'بين الطرفين', 'сквозным шифрованием',
  ].join('|'),
  'i',
);

/** Group and contact events (created, added, removed, left, subject/icon/description, link, security code…). */
export const EVENT = new RegExp(
  [
    // en
    'created group', 'created this group', '\\badded\\b', '\\bremoved\\b', '\\bleft$', 'changed the subject',
    'changed the group name', "changed this group's icon", 'changed the group icon', "deleted this group's icon",
    'changed the group description', 'deleted the group description', "joined using this group's invite link",
    'joined using an invite link', 'joined from the community', 'changed their phone number', 'changed to \\+',
    'now an admin', 'security code', 'disappearing messages', 'message timer', "changed this group's settings",
    'changed the group settings', 'blocked this contact', 'unblocked this contact', 'is a contact',
    // de
    'hat die Gruppe .* erstellt', 'hinzugefügt', 'entfernt', 'hat die Gruppe verlassen', 'ist ausgetreten',
    'hat den Betreff', 'hat das Gruppenbild', 'hat die Gruppenbeschreibung', 'Einladungslink', 'Sicherheitsnummer',
    'selbstlöschende Nachrichten', 'ist jetzt Admin', 'Gruppeneinstellungen',
    // es
    'creó el grupo', 'creó este grupo', 'añadió a', 'agregó a', 'eliminó a', 'salió del grupo', '\\bsalió$',
    'cambió el asunto', 'cambió el nombre del grupo', 'cambió el ícono', 'cambió el icono', 'cambió la descripción',
    'se unió usando el enlace', 'código de seguridad', 'mensajes temporales', 'ahora es admin',
    // fr
    'a créé le groupe', 'a créé ce groupe', 'a ajouté', 'a retiré', 'est parti', 'a quitté', 'a changé le sujet',
    "a changé l'icône", "a modifié l'icône", 'a changé la description', "s'est joint", 'a rejoint',
    'code de sécurité', 'messages éphémères', 'maintenant admin',
    // pt
    'criou o grupo', 'criou este grupo', 'adicionou', 'removeu', '\\bsaiu\\b', 'mudou o assunto', 'alterou o assunto',
    'mudou a imagem', 'alterou a imagem', 'mudou a descrição', 'alterou a descrição', 'entrou usando o link',
    'código de segurança', 'mensagens temporárias', 'agora é admin',
    // it
    'ha creato il gruppo', 'ha creato questo gruppo', 'ha aggiunto', 'ha rimosso', 'è uscit[oa]', 'ha abbandonato',
    "ha cambiato l'oggetto", "ha modificato l'oggetto", "ha cambiato l'immagine", "ha modificato l'immagine",
    'ha cambiato la descrizione', 'ha modificato la descrizione', 'si è unit[oa]', 'codice di sicurezza',
    'messaggi effimeri', 'ora è amministratore',
    // nl
    'heeft groep', 'heeft deze groep', 'toegevoegd', 'verwijderd', 'heeft de groep verlaten', 'is vertrokken',
    'heeft het onderwerp', 'heeft de groepsnaam', 'heeft het groepsicoon', 'heeft de groepsafbeelding',
    'heeft de groepsbeschrijving', 'neemt deel via', 'lid geworden via', 'beveiligingscode',
    'verdwijnende berichten', 'is nu beheerder',
    // id
    'membuat grup', 'menambahkan', 'mengeluarkan', '\\bkeluar$', 'mengubah subjek', 'mengubah ikon',
    'mengubah deskripsi', 'bergabung menggunakan tautan', 'Kode keamanan',
    // cs
    'vytvořil', 'přidal', 'odebral', 'odešel', 'odešla', 'opustil', 'změnil', 'se připojil', 'bezpečnostní kód',
    // sv
    'skapade gruppen', 'lade till', 'tog bort', '\\blämnade$', 'ändrade', 'gick med', 'säkerhetskod',
    // fi
    'loi ryhmän', 'lisäsi', 'poisti', '\\bpoistui$', 'vaihtoi', 'muutti', 'liittyi', 'turvakoodi',
    // tr
    'grubunu oluşturdu', 'ekledi', 'çıkardı', 'ayrıldı', 'değiştirdi', 'katıldı', 'güvenlik kodu',
    // vi
    'đã tạo nhóm', 'đã thêm', 'đã xóa', 'đã rời', 'đã đổi', 'đã tham gia', 'mã bảo mật',
    // zh, ja, th, ar
    '创建了群组', '添加了', '移除了', '已退出', '更改了', '加入了', '安全码',
    'を作成しました', 'を追加しました', 'を削除しました', '退出しました', 'を変更しました', '参加しました', 'セキュリティコード',
    'สร้างกลุ่ม', 'ออกจากกลุ่ม', 'รหัสความปลอดภัย',
    'أنشأ المجموعة', 'أضاف', 'أزال', 'غادر', 'انضم', 'رمز الأمان',
  ].join('|'),
);

/** Android "<Media omitted>", whole body. */
export const ANDROID_OMITTED = new RegExp(
  '^<(?:' +
    [
      'media omitted', 'medien ausgeschlossen', 'multimedia omitido', 'archivo omitido', 'médias omis', 'média omis',
      'fichier omis', 'media omessi', 'mídia oculta', 'arquivo de mídia oculto', 'media weggelaten',
      'medya dahil edilmedi', 'без медиафайлов', 'media tidak disertakan', 'média vynechána', 'média vynechány',
      'media utelämnad', 'media utelämnat', 'media jätettiin pois', 'tệp phương tiện bị bỏ qua', '省略影音内容',
      'メディアなし', 'تم استبعاد الوسائط', 'pominięto multimedia', '미디어 파일 생략',
    ].join('|') +
    ')>$',
  'i',
);

/** Languages without a table of their own (best effort): iOS placeholders as patterns. */
const OTHER_OMITTED = [
  '(?:gambar|video|audio|gif|stiker|kartu kontak|dokumen) tidak disertakan',
  '(?:obrázek|video|zvuk|gif|nálepka|dokument) vynechán[aoy]?',
  '(?:bild|video|ljud|gif|klistermärke|dokument) utelämnad',
  '(?:kuva|video|ääni|gif|tarra|dokumentti) jätetty pois',
  '(?:görüntü|video|ses|gif|çıkartma|belge) dahil edilmedi',
  '(?:hình ảnh|video|âm thanh|gif|nhãn dán|tài liệu) bị bỏ qua',
  '(?:图片|视频|音频|GIF|贴图|文档)已忽略',
  '(?:画像|動画|音声|GIF|スタンプ|書類)(?:は)?省略されました',
  'ไม่รวม(?:รูปภาพ|วิดีโอ|เสียง|สติกเกอร์|เอกสาร)',
  '(?:تم استبعاد|تم حذف) (?:الصورة|الفيديو|الصوت|الملصق|المستند)',
];
const OMITTED_PHRASES = [...PLACEHOLDER_TABLES.flatMap((t) => t.omitted).map(escapeRegExp), ...OTHER_OMITTED].join('|');

/** iOS "image omitted" (and old iOS "<image omitted>"), optionally after a document's "NAME • 2 pages". */
export const IOS_OMITTED = new RegExp(`^(?:.* • .*)?<?(?:${OMITTED_PHRASES})>?$`, 'i');

/**
 * iOS's file-name-led placeholders, marks kept: `Offer.pdf ‹LRM›document omitted`,
 * `Offer.pdf • ‹LRM›4 pages ‹LRM›document omitted`. Group 1 is the file name.
 */
export const IOS_NAMED_OMITTED = new RegExp(`^\u200E?([^\n\u200E]+?\.[A-Za-z0-9]{1,8})(?: • [^\n]*?)? \u200E(?:${OMITTED_PHRASES})$`, 'i');

/** Android "NAME (file attached)" on the body's first line. */
export const ANDROID_ATTACHED = new RegExp(
  '^(.+) \\((?:' +
    [
      'file attached', 'Datei angehängt', 'archivo adjunto', 'archivo adjuntado', 'fichier joint', 'arquivo anexado',
      'file allegato', 'bestand bijgevoegd', 'dosya ekli', 'файл добавлен', 'file terlampir', 'soubor připojen',
      'fil bifogad', 'tiedosto liitetty', 'tệp đính kèm', '文件附件', 'ファイル添付', 'الملف مرفق', 'plik załączony',
    ].join('|') +
    ')\\)$',
);

/** Any language: Android's own media names, `IMG-20240314-WA0002.jpg (…)` (also `AUD-…-WA0000.` without extension). */
export const ANDROID_ATTACHED_BY_NAME = /^((?:IMG|VID|PTT|AUD|STK|GIF|DOC)-\d{8}-WA\d+\.[A-Za-z0-9]*) \([^()]+\)$/;

/**
 * iOS "<attached: NAME>" anywhere in the body. iOS numbers its attachments (`00000035-PHOTO-…`), so a
 * `<word: 00000035-…>` in any language is an attachment too.
 */
export const IOS_ATTACHED =
  /<(?:(?:attached|Anhang|adjunto|pièce jointe|anexo|allegato|bijlage|lampiran) ?: ([^<>\n]+)|[^<>\n:：]{1,30}[:：] ?(\d{8}-[^<>\n]+))>/;

/** Old iOS "NAME <attached>". */
export const OLD_IOS_ATTACHED = /^(.+) <attached>$/;

/**
 * Trailing "<This message was edited>". iOS puts LRM before the marker, which also recognises it in a
 * language not listed; a colon is excluded so `‹LRM›<attached: …>` is never read as an edit.
 */
export const EDITED = new RegExp(
  '(?:[\\s\\u200E]*<(?:' +
    [
      'This message was edited', 'Diese Nachricht wurde bearbeitet', 'Se editó este mensaje\\.?', 'Ce message a été modifié',
      'Mensagem editada', 'Questo messaggio è stato modificato', 'Dit bericht is bewerkt', 'Pesan ini diedit',
      'Tato zpráva byla upravena', 'Detta meddelande redigerades', 'Tätä viestiä on muokattu', 'Bu mesaj düzenlendi',
      'Tin nhắn này đã được chỉnh sửa', '此消息已编辑', 'このメッセージは編集されました', 'تم تعديل هذه الرسالة',
    ].join('|') +
    ')>|(?<=[^\\s\\u200E])\\s*\\u200E<[^<>:：\\n]{3,60}>)$',
  'i',
);

/** Languages without a table of their own (best effort): deleted-message markers. */
const OTHER_DELETED = [
  'pesan ini telah dihapus', 'anda menghapus pesan ini', 'tato zpráva byla smazána', 'smazali jste tuto zprávu',
  'detta meddelande raderades', 'du raderade detta meddelande', 'tämä viesti poistettiin', 'poistit tämän viestin',
  'bu mesaj silindi', 'bu mesajı sildiniz', 'tin nhắn này đã bị xóa', 'bạn đã xóa tin nhắn này',
  '此消息已删除', '你删除了此消息', 'このメッセージは削除されました', 'ข้อความนี้ถูกลบแล้ว',
];

export const DELETED = new RegExp(
  `^(?:${[...PLACEHOLDER_TABLES.flatMap((t) => t.deleted).map(escapeRegExp), ...OTHER_DELETED].join('|')})[.。]?$`,
  'i',
);

/** Call records are one short line: "Missed voice call", "Video call, 5 min", "Voice call. No answer". */
export const CALL =
  /^(?:(?:missed )?(?:group )?(?:voice|video) call|(?:verpasster )?(?:Sprach|Video|Gruppen)anruf|llamada (?:de voz|de video|perdida)|videollamada|appel (?:vocal|vidéo|manqué)|chamada (?:de voz|de vídeo|perdida)|chiamata (?:vocale|video|persa)|(?:gemiste )?(?:spraak|video)oproep|panggilan (?:suara|video)(?: tak terjawab)?|(?:cevapsız )?(?:sesli|görüntülü) arama|(?:未接)?(?:语音|视频)通话)(?:[.,，].*)?$/i;

/** A poll's first line. Unlisted languages are recognised by shape instead (see body.ts). */
export const POLL = /^(?:POLL|ENCUESTA|UMFRAGE|SONDAGE|ENQUETE|SONDAGGIO|PEILING|JAJAK PENDAPAT|ANKETA|ANKET|OMRÖSTNING|KYSELY|投票|アンケート|استطلاع):$/;

/** `location: https://maps.google.com/?q=…` (any label) and Foursquare `NAME (ADDRESS): https://foursquare.com/v/…`. */
export const LOCATION = /^(?:[^\n]{0,200}?: ?)?https?:\/\/(?:maps\.google\.com\/\?q=|foursquare\.com\/v\/)/i;

export const LIVE_LOCATION = /^(?:live location shared|live-standort geteilt|ubicación en tiempo real compartida)/i;
