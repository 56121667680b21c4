import type { SimpleIcon } from 'simple-icons';

/** The shipped icons by key (brandIconSet.ts, loaded apart from the popup: brandIconStore). */
export type BrandIconSet = Readonly<Record<string, SimpleIcon>>;

/**
 * Which brand icon an issuer gets. Names are compared in a normalised form (lowercase, accents,
 * spaces and punctuation dropped), so "Git Hub", "github.com" and "GitHub, Inc." all find
 * GitHub. Aliases cover names that differ from the icon's: old brand names, products of one
 * company, and the spellings apps write into otpauth links.
 */
const ALIASES: Readonly<Record<string, string>> = {
  twitter: 'x',
  xcorp: 'x',
  googleaccount: 'google',
  googleworkspace: 'google',
  googlemail: 'gmail',
  fb: 'facebook',
  metaplatforms: 'meta',
  battlenet: 'battledotnet',
  blizzard: 'battledotnet',
  blizzardentertainment: 'battledotnet',
  bsky: 'bluesky',
  blockchaincom: 'blockchaindotcom',
  bunnynet: 'bunnydotnet',
  flyio: 'flydotio',
  itchio: 'itchdotio',
  lastfm: 'lastdotfm',
  mullvadvpn: 'mullvad',
  tutanota: 'tuta',
  protonag: 'proton',
  protonmailch: 'protonmail',
  playstationnetwork: 'playstation',
  psn: 'playstation',
  sonyentertainmentnetwork: 'playstation',
  epicgamesstore: 'epicgames',
  electronicarts: 'ea',
  eaaccount: 'ea',
  steampowered: 'steam',
  steamguard: 'steam',
  valve: 'steam',
  americanexpresscompany: 'americanexpress',
  amex: 'americanexpress',
  appleid: 'apple',
  icloudcom: 'icloud',
  npmjs: 'npm',
  pythonpackageindex: 'pypi',
  dockerhub: 'docker',
  atlassiancloud: 'atlassian',
  bitbucketorg: 'bitbucket',
  gitlabcom: 'gitlab',
  hashicorpcloudplatform: 'hashicorp',
  hcp: 'hashicorp',
  '1passwordcom': '1password',
  onepassword: '1password',
  bitwardenvault: 'bitwarden',
  wordpresscom: 'wordpress',
  mastodonsocial: 'mastodon',
  discordapp: 'discord',
  redditinc: 'reddit',
};

const TLD = /(com|net|org|io|dev|app|co|de|fr|it|nl|se|es|ch|uk|eu)$/;

/** The normalised form names are compared in. */
export function iconNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function known(key: string, icons: BrandIconSet): string | null {
  if (key === '') return null;
  if (Object.hasOwn(icons, key)) return key;
  const alias = ALIASES[key];
  return alias !== undefined && Object.hasOwn(icons, alias) ? alias : null;
}

/**
 * The icon key for an issuer, or null. Tries the whole name, the name without a trailing
 * domain ending ("github.com"), then its first word ("GitHub Enterprise", "Google (work)").
 */
export function iconKeyFor(issuer: string, icons: BrandIconSet): string | null {
  const whole = iconNameKey(issuer);
  const firstWord = iconNameKey(issuer.trim().split(/[\s,(/:]+/u)[0] ?? '');
  const hostLike = /^[\p{L}\p{N}-]+\.[a-z]{2,}$/iu.test(issuer.trim())
    ? iconNameKey(issuer.trim().replace(/\.[a-z]{2,}$/i, ''))
    : whole.replace(TLD, '');
  return known(whole, icons) ?? known(hostLike, icons) ?? known(firstWord, icons);
}

/** The icon for an account: the user's choice ('' = none) wins over the issuer's match. */
export function iconFor(
  issuer: string,
  choice: string | null,
  icons: BrandIconSet,
): SimpleIcon | null {
  if (choice === '') return null;
  const key = choice ?? iconKeyFor(issuer, icons);
  return key !== null && Object.hasOwn(icons, key) ? (icons[key] ?? null) : null;
}

/** Icon keys and names for the Edit dialog's choice, sorted by name. */
export function iconChoices(icons: BrandIconSet): { key: string; title: string }[] {
  return Object.entries(icons)
    .map(([key, icon]) => ({ key, title: icon.title }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** The tile's background: neutral white in every theme, so the contrast below holds. */
export const ICON_TILE = '#ffffff';
/** What draws a brand whose own colour is too light on the tile. */
const ICON_FALLBACK = '#1f2328';

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

export function contrastRatio(hexA: string, hexB: string): number {
  const [a, b] = [luminance(hexA.replace('#', '')), luminance(hexB.replace('#', ''))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/**
 * The fill on the white tile: the brand's colour when it has the 3:1 contrast WCAG asks of
 * graphics (1.4.11), otherwise a near-black, so a yellow or white brand stays visible.
 */
export function brandFill(icon: Pick<SimpleIcon, 'hex'>): string {
  const own = `#${icon.hex}`;
  return /^#[0-9a-f]{6}$/i.test(own) && contrastRatio(own, ICON_TILE) >= 3 ? own : ICON_FALLBACK;
}
