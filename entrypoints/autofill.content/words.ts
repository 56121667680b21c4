/**
 * Words that say what an input is for, in English, Italian, Swedish, Dutch, German, French and
 * Spanish. They run over normalizeText() output: lowercase ASCII words separated by single
 * spaces, with a space at both ends, so " kod " is the whole word and "kod " a word's ending.
 */

/** Splits camelCase and snake_case, drops accents ("Bestätigungscode" → " bestatigungscode "). */
export function normalizeText(text: string): string {
  const words = text
    .slice(0, 400)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return ` ${words} `;
}

/** A one-time-code field, whatever else the text says (beats SOFT_NEGATIVE, not HARD_NEGATIVE). */
export const STRONG = new RegExp(
  [
    // language-neutral and English
    ' [th]?otp',
    ' (?:2fa|mfa|tfa|2sv)',
    'passcode',
    'one ?time',
    'single use',
    'verifi', // verification, verifica, verificatie, verifieringskod, verifizierung, verificacion
    'verify',
    'authenti', // authentication, authentificatie, authentifizierung, authentification
    'autenti', // autenticazione, autentisering, autenticacion
    '(?:two|2|second|multi) ?(?:factor|step)',
    'security code',
    'log ?in code',
    'sign ?in code',
    // German
    'sicherheits ?code',
    'bestatigungs ?code',
    'einmal',
    'zwei ?faktor',
    // Italian
    'codice di sicurezza',
    'monouso',
    'due fattori',
    // Swedish
    'sakerhetskod',
    'bekraftelsekod',
    'engangs',
    'tva ?faktor',
    'tva ?stegs',
    // Dutch
    'beveiligingscode',
    'eenmalig',
    'twee ?staps',
    'twee ?factor',
    // French
    'code de securite',
    'usage unique',
    'deux facteurs',
    'double authentification',
    'code de confirmation',
    // Spanish
    'codigo de seguridad',
    'un solo uso',
    'dos factores',
    'doble factor',
    'dos pasos',
  ].join('|'),
);

/** "code" on its own: a code field only with digits-only hints (inputmode, maxlength, pattern). */
export const MEDIUM = /(?:code|codes|kod|koden|codice|codigo|token) /;

/** Never a code field, even if it also says "code": search, postal, promo, card, identity… */
export const HARD_NEGATIVE = new RegExp(
  [
    'search',
    'zoek',
    'recherche',
    'buscar',
    'busqueda',
    ' such',
    ' cerca ',
    ' sok ',
    // postal codes
    'postal',
    'post ?code',
    'postleitzahl',
    ' plz ',
    'zip',
    ' cap ',
    'postnummer',
    // promotions
    'promo',
    'coupon',
    'voucher',
    'gift',
    'discount',
    'rabatt',
    'sconto',
    'korting',
    'gutschein',
    'cupon',
    'reduction',
    'referral',
    'invit',
    'redeem',
    'kampanj',
    // payment cards and banking
    'card',
    ' cc ',
    'cvv',
    'cvc',
    ' csc ',
    'credit',
    'kreditkarte',
    ' carta ',
    'tarjeta',
    ' carte ',
    'kortnummer',
    ' kort ',
    'iban',
    'sort code',
    'expiry',
    ' exp ',
    'expiration date',
    'scadenza',
    'ablaufdatum',
    'vervaldatum',
    'caducidad',
    // identity, addresses and other data
    'captcha',
    'user ?name',
    'nome utente',
    'benutzername',
    'gebruikersnaam',
    'anvandarnamn',
    'nom d utilisateur',
    'usuario',
    'country',
    'area code',
    'vorwahl',
    'prefisso',
    ' prefix',
    'quantity',
    ' qty ',
    'amount',
    'price',
    'first name',
    'last name',
    ' name ',
    'address',
    'street',
    ' city ',
    'birth',
    ' date',
    ' year',
    'serial',
    'licen[cs]e',
    'product key',
    ' vat ',
    ' tax ',
  ].join('|'),
);

/** Not a code field unless STRONG words say otherwise ("one-time password", "email code"). */
export const SOFT_NEGATIVE = new RegExp(
  [
    'e ?mail',
    ' mail ',
    'correo',
    'courriel',
    'e ?post ',
    'phone',
    'telefon',
    'telephone',
    'telefono',
    ' tel ',
    'mobil',
    'cellulare',
    'movil',
    'portable',
    'handy',
    ' gsm ',
    ' sms ',
    'password',
    'passwort',
    'kennwort',
    'contrasena',
    'wachtwoord',
    'losenord',
    'mot de passe',
    ' pin ',
    ' user ',
    'message',
    'comment',
    'subject',
    'title',
  ].join('|'),
);

/**
 * Autocomplete tokens that name another kind of data. Sites put junk like "nope" in the
 * attribute to stop autofill, so only known tokens count.
 */
export const OTHER_AUTOCOMPLETE =
  /(?:^|\s)(?:email|tel(?:-[a-z-]+)?|postal-code|cc-[a-z-]+|username|current-password|new-password|address-line\d|address-level\d|street-address|country(?:-name)?|name|given-name|family-name|additional-name|bday(?:-[a-z]+)?|organization|transaction-[a-z]+|url|photo|sex|nickname|impp)(?:\s|$)/;
