/**
 * What mail clients write around a reply, per language: attribution verbs and lead words, Outlook
 * header labels, separators, forward markers and the exact mobile signatures. Used by new-text.ts;
 * every pattern here only ever marks text as history when new-text.ts's whole-pattern rules agree.
 */

const union = (words: string[]) => words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');

/** "wrote" in the languages we support (English, German, French, Spanish, Italian, Portuguese, Dutch,
 * Swedish, Danish, Norwegian, Finnish, Polish, Czech, Russian, Japanese, Chinese, Korean, Vietnamese,
 * Turkish, Greek). Latin and Cyrillic verbs must stand as whole words. */
const WORD_VERBS = [
  'wrote', 'writes', 'a écrit', 'schrieb', 'escribió', 'escreveu', 'ha scritto', 'schreef', 'het volgende geschreven', 'skrev', 'kirjoitti',
  'napisał(a)', 'napisała', 'napisał', 'napisana', 'pisze', 'napsal(a)', 'napsala', 'napsal', 'написал(а)', 'написала', 'написал', 'пишет',
  'şunu yazdı', 'şunları yazdı', 'yazdı', 'đã viết', 'έγραψε',
];
const CJK_VERBS = ['写道', '寫道', 'のメッセージ', 'のメール', '님이 작성', '이(가) 쓴 글', '쓴 글', '작성'];
export const ATTRIBUTION_VERB = new RegExp(`(?:(?<![\\p{L}\\p{N}])(?:${union(WORD_VERBS)})(?![\\p{L}\\p{N}])|${union(CJK_VERBS)})`, 'iu');

/** Where an attribution can start inside a line that holds words before it: a lead word (case-sensitive:
 * it opens a sentence), or right after a dash separator ("bla bla --- On Wed, … wrote:"). */
export const ATTRIBUTION_LEAD = /(?<=^|\s)(?:On|Le|Am|El|Em|No dia|Il giorno|Il|Op|Den|På|W dniu|Dne|Vào|Στις)(?=\s)|(?<=(?:^|\s)(?:-{2,}|—|–)\s+)\S/gu;
export const ATTRIBUTION_LEAD_AT_START = /^\s*(?:On|Le|Am|El|Em|No dia|Il giorno|Il|Op|Den|På|W dniu|Dne|Vào|Στις|在|於)\s/u;

export const EMAIL = /<[^<>\s]+@[^<>\s]+>|[^\s<>()]+@[^\s<>()]+\.[^\s<>()]+/u;
export const TIME = /(?<!\d)\d{1,2}[:.]\d{2}(?!\d)/u;
export const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/u;
export const NUMERIC_DATE = /(?<!\d)\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{2,4}(?!\d)/u;

const FROM_LABELS = ['From', 'Von', 'De', 'Da', 'Van', 'Från', 'Fra', 'Lähettäjä', 'Od', 'От', '差出人', '发件人', '寄件者', '보낸 사람', 'Từ', 'Kimden'];
const SENT_LABELS = [
  'Sent', 'Date', 'Gesendet', 'Datum', 'Envoyé', 'Enviado el', 'Enviada em', 'Enviado', 'Inviato', 'Data', 'Verzonden', 'Skickat', 'Sendt', 'Lähetetty',
  'Päivämäärä', 'Wysłano', 'Odesláno', 'Отправлено', 'Дата', '送信日時', '日付', '发送时间', '日期', '寄件日期', '보낸 날짜', '날짜', 'Đã gửi', 'Ngày', 'Gönderildi', 'Tarih',
];
const SUBJECT_LABELS = [
  'Subject', 'Betreff', 'Objet', 'Asunto', 'Oggetto', 'Assunto', 'Onderwerp', 'Ämne', 'Emne', 'Aihe', 'Temat', 'Předmět', 'Тема', '件名', '主题', '主旨',
  '제목', 'Chủ đề', 'Konu',
];
const label = (labels: string[]) => new RegExp(`^\\s*\\*?(?:${union(labels)})\\*?\\s*[:：]\\*?\\s*\\S`, 'iu');
export const HEADER_FROM = label(FROM_LABELS);
export const HEADER_SENT = label(SENT_LABELS);
export const HEADER_SUBJECT = new RegExp(`^\\s*\\*?(?:${union(SUBJECT_LABELS)})\\*?\\s*[:：]`, 'iu');
/** A bracketed address, as clients write it in attributions ("Ada <ada@example.org>"). */
export const BRACKETED_EMAIL = /<[^<>\s]+@[^<>\s]+>|\(<[^<>\s]+@[^<>\s]+>\)/u;
/** A forward's subject prefix (Fwd:, FW:, WG:, TR:, RV:, ENC:, I:, Doorst:, Vb:, VL:, PD:, Пересл:, 转发:,
 * 轉寄:, 전달:). Not "VS:", which is a forward in Danish but a reply in Finnish. */
export const FORWARD_SUBJECT = /^\s*(?:Fwd?|WG|TR|RV|ENC|I|Doorst|VB|VL|PD|İlt|Пересл|转发|轉寄|전달)\s*[:：]/iu;

const ORIGINAL_MESSAGE = [
  'Original Message', 'Original message', 'Original', 'Reply Message', 'Replied Message', 'Ursprüngliche Nachricht', "Message d'origine", 'Mensaje original',
  'Messaggio originale', 'Mensagem original', 'Oorspronkelijk bericht', 'Ursprungligt meddelande', 'Oprindelig meddelelse', 'Opprinnelig melding',
  'Alkuperäinen viesti', 'Oryginalna wiadomość', 'Původní zpráva', 'Исходное сообщение', 'Özgün İleti', 'Orijinal Mesaj', '원본 메시지', '原始邮件', '原始郵件',
  '元のメッセージ', 'Tin nhắn gốc',
];
/** `-----Original Message-----` and its translations: the history starts here, whatever follows. */
export const ORIGINAL_SEPARATOR = new RegExp(`^\\s*-{2,}\\s*(?:${union(ORIGINAL_MESSAGE)})\\s*-{2,}\\s*$`, 'iu');
/** Any other `---- words ----` line: history only when a header (From: …) follows it. */
export const DASHED_SEPARATOR = /^\s*-{2,}\s*[^-\s][^-]{1,40}?\s*-{2,}\s*$/u;
/** Outlook on the web and mobile: a line of underscores, history only when a header follows it. */
export const UNDERSCORE_SEPARATOR = /^\s*_{20,}\s*$/u;

const FORWARDED = [
  'Forwarded message', 'Forwarded Message', 'Weitergeleitete Nachricht', 'Message transféré', 'Mensaje reenviado', 'Messaggio inoltrato', 'Mensagem encaminhada',
  'Doorgestuurd bericht', 'Vidarebefordrat meddelande', 'Videresendt meddelelse', 'Videresendt melding', 'Välitetty viesti', 'Przekazana wiadomość',
  'Přeposlaná zpráva', 'Пересылаемое сообщение', 'Переадресованное сообщение', '转发的邮件', '轉寄的郵件', '転送されたメッセージ', '전달된 메시지',
  'Tin nhắn đã chuyển tiếp', 'İletilen ileti',
];
const BEGIN_FORWARDED = [
  'Begin forwarded message', 'Début du message réexpédié', 'Anfang der weitergeleiteten Nachricht', 'Inicio del mensaje reenviado', 'Inizio messaggio inoltrato',
  'Início da mensagem reencaminhada', 'Begin doorgestuurd bericht', 'Vidarebefordrat brev', 'Videresendt e-post', 'Välitetty viesti alkaa',
];
export const FORWARD_MARKER = new RegExp(`^\\s*(?:-{2,}\\s*(?:${union(FORWARDED)})\\s*-{2,}|(?:${union(BEGIN_FORWARDED)})\\s*[:：]?)\\s*$`, 'iu');

export const SIGNATURE_DELIMITER = /^-- ?$/u;

/** A client's own signature, matched on the whole line: a longer sentence is the customer's. */
export const MOBILE_SIGNATURE = new RegExp(
  '^\\s*(?:' +
    [
      "Sent from my (?:iPhone|iPad|iPod|Android(?: device| phone)?|Galaxy|Samsung Galaxy smartphone|Samsung device|BlackBerry(?: [\\w ]{1,30})?|Huawei [\\w ]{1,30}|Pixel(?: \\w{1,10})?|mobile(?: device)?|phone|smartphone)\\.?",
      'Sent from (?:Mail|Outlook|Gmail|my phone)(?: for (?:Windows(?: 1[01])?|iOS|Android|iPhone|iPad|Mac))?\\.?',
      'Sent from Yahoo Mail (?:on|for) (?:Android|iPhone|iPad)\\.?',
      'Get Outlook for (?:iOS|Android|Mac)\\.?',
      'Envoyé de mon (?:iPhone|iPad|smartphone|appareil mobile)\\.?',
      'Von meinem (?:iPhone|iPad|Android|Smartphone|Samsung Galaxy Smartphone) gesendet\\.?',
      'Gesendet von meinem (?:iPhone|iPad|Android|Smartphone|Samsung Galaxy Smartphone)\\.?',
      'Enviado desde mi (?:iPhone|iPad|smartphone|dispositivo (?:Samsung|móvil))\\.?',
      'Inviato da (?:iPhone|iPad|il mio (?:iPhone|smartphone))\\.?',
      'Enviado do meu (?:iPhone|iPad|smartphone)\\.?',
      'Verzonden (?:vanaf|met) mijn (?:iPhone|iPad)\\.?',
      'Skickat från min (?:iPhone|iPad)\\.?',
      'Sendt fra min (?:iPhone|iPad)\\.?',
      'Lähetetty (?:iPhonesta|iPadista)\\.?',
      "Wysłane z (?:iPhone'a|mojego iPhone'a|iPada)\\.?",
      'Odesláno z (?:iPhonu|iPadu)\\.?',
      'Отправлено с (?:iPhone|iPad)\\.?',
      '(?:iPhone|iPad)から送信',
      '发自我的\\s?(?:iPhone|iPad)',
      '發自我的\\s?(?:iPhone|iPad)',
      '(?:iPhone|iPad)에서 보냄',
      'Gửi từ (?:iPhone|iPad) của tôi',
      "(?:iPhone|iPad)'umdan gönderildi",
    ].join('|') +
    ')\\s*$',
  'iu',
);
