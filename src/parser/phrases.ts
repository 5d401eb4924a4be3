/**
 * What WhatsApp writes for events, placeholders and markers, in English, German, Spanish, French,
 * Portuguese, Italian and Dutch (plus a few more where the format doc lists them). Matching is on text
 * with direction marks removed. Event verbs are case-sensitive on purpose: names like "Left Bank Cafe"
 * must not read as "… left".
 */

/** Encryption and business notices: system wherever they appear, authored or not. */
export const NOTICE =
  /end-to-end encrypt|secured with end-to-end encryption|Ende-zu-Ende-verschlüsselt|cifrad[oa]s de extremo a extremo|chiffrés de bout en bout|criptografia de ponta a ponta|crittografati end-to-end|end-to-end versleuteld|secure service from Meta|sicheren Dienst von Meta|servicio seguro de Meta|service sécurisé de Meta|serviço seguro da Meta|servizio sicuro di Meta|beveiligde service van Meta/i;

/** Group and contact events (created, added, removed, left, subject/icon/description, link, security code…). */
export const EVENT = new RegExp(
  [
    // en
    'created group', 'created this group', '\\badded\\b', '\\bremoved\\b', '\\bleft$', 'changed the subject',
    "changed this group's icon", 'changed the group icon', "deleted this group's icon", 'changed the group description',
    'deleted the group description', "joined using this group's invite link", 'joined using an invite link',
    "joined from the community", 'changed their phone number', 'changed to \\+', 'now an admin',
    'security code', 'disappearing messages', 'message timer', "changed this group's settings",
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
  ].join('|'),
);

/** Android "<Media omitted>", whole body. */
export const ANDROID_OMITTED =
  /^<(media omitted|medien ausgeschlossen|multimedia omitido|archivo omitido|médias omis|média omis|fichier omis|media omessi|mídia oculta|arquivo de mídia oculto|media weggelaten|medya dahil edilmedi|без медиафайлов)>$/i;

/** iOS "image omitted" (and old iOS "<image omitted>"), optionally after a document's "NAME • 2 pages". */
export const IOS_OMITTED = new RegExp(
  '^(?:.* • .*)?<?(?:' +
    [
      '(?:image|video|audio|gif|sticker|contact card|video note|document) omitted',
      '(?:bild|video|audio|gif|sticker|kontaktkarte|videonachricht|dokument) weggelassen',
      '(?:imagen|video|audio|gif|sticker|tarjeta de contacto|documento) omitid[oa]',
      '(?:image|vidéo|audio|gif|autocollant|sticker|fiche contact|document) absente?',
      '(?:imagem|vídeo|áudio|gif|figurinha|cartão de contato|documento) ocultad[oa]',
      '(?:immagine|video|audio|gif|sticker|scheda contatto|documento) omess[oa]',
      '(?:afbeelding|video|audio|gif|sticker|contactkaart|document) weggelaten',
    ].join('|') +
    ')>?$',
  'i',
);

/** Android "NAME (file attached)" on the body's first line. */
export const ANDROID_ATTACHED =
  /^(.+) \((?:file attached|Datei angehängt|archivo adjunto|archivo adjuntado|fichier joint|arquivo anexado|file allegato|bestand bijgevoegd|dosya ekli|файл добавлен)\)$/;

/** iOS "<attached: NAME>" anywhere in the body. */
export const IOS_ATTACHED = /<(?:attached|Anhang|adjunto|pièce jointe|anexo|allegato|bijlage) ?: ([^<>]+)>/;

/** Old iOS "NAME <attached>". */
export const OLD_IOS_ATTACHED = /^(.+) <attached>$/;

export const EDITED =
  /[\s\u200E]*<(?:This message was edited|Diese Nachricht wurde bearbeitet|Se editó este mensaje\.?|Ce message a été modifié|Mensagem editada|Questo messaggio è stato modificato|Dit bericht is bewerkt)>$/i;

export const DELETED =
  /^(this message was deleted|you deleted this message|this message was deleted by an admin|diese nachricht wurde gelöscht|du hast diese nachricht gelöscht|se eliminó este mensaje|eliminaste este mensaje|este mensaje fue eliminado|ce message a été supprimé|vous avez supprimé ce message|essa mensagem foi apagada|esta mensagem foi apagada|você apagou esta mensagem|mensagem apagada|questo messaggio è stato eliminato|hai eliminato questo messaggio|dit bericht is verwijderd|je hebt dit bericht verwijderd)\.?$/i;

/** Call records are one short line: "Missed voice call", "Video call, 5 min", "Voice call. No answer". */
export const CALL =
  /^(?:(?:missed )?(?:group )?(?:voice|video) call|(?:verpasster )?(?:Sprach|Video|Gruppen)anruf|llamada (?:de voz|de video|perdida)|videollamada|appel (?:vocal|vidéo|manqué)|chamada (?:de voz|de vídeo|perdida)|chiamata (?:vocale|video|persa)|(?:gemiste )?(?:spraak|video)oproep)(?:[.,].*)?$/i;

export const POLL = /^(?:POLL|ENCUESTA|UMFRAGE|SONDAGE|ENQUETE|SONDAGGIO|PEILING):$/;

export const LOCATION =
  /^(?:(?:location|standort|ubicación|localização|localisation|posizione|locatie) ?: ?https?:\/\/|https?:\/\/maps\.google\.com\/\?q=|live location shared|live-standort geteilt|ubicación en tiempo real compartida)/i;
