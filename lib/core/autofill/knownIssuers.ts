// Apart from origin parsing on purpose: origin.ts brings the Public Suffix List (160 KB of
// script), which the popup, needing only this table, would otherwise parse on every open.

/**
 * Where well-known issuers ask for their codes. This only *suggests* a binding (orders the
 * popup's list, warns before "Remember this site" on a host the issuer does not use); a code is
 * never filled without a binding the user made or confirmed.
 *
 * `hosts` are exact sign-in hosts; a leading dot (".okta.com") means "any subdomain of", for
 * services where every customer has their own host.
 */
export interface KnownIssuer {
  names: readonly string[];
  hosts: readonly string[];
}

const KNOWN_ISSUERS: readonly KnownIssuer[] = [
  { names: ['github'], hosts: ['github.com'] },
  { names: ['google', 'gmail', 'googleworkspace', 'gsuite'], hosts: ['accounts.google.com'] },
  {
    names: [
      'microsoft',
      'microsoftaccount',
      'outlook',
      'hotmail',
      'azure',
      'azuread',
      'office365',
      'entra',
    ],
    hosts: ['login.microsoftonline.com', 'login.live.com', 'account.live.com'],
  },
  {
    names: ['aws', 'amazonwebservices', 'awsiam', 'awsconsole'],
    hosts: ['signin.aws.amazon.com', '.signin.aws.amazon.com', 'console.aws.amazon.com'],
  },
  { names: ['amazon'], hosts: ['www.amazon.com', 'www.amazon.co.uk', 'www.amazon.de'] },
  { names: ['gitlab'], hosts: ['gitlab.com'] },
  { names: ['npm', 'npmjs'], hosts: ['www.npmjs.com'] },
  { names: ['pypi'], hosts: ['pypi.org'] },
  { names: ['cloudflare'], hosts: ['dash.cloudflare.com'] },
  { names: ['discord'], hosts: ['discord.com'] },
  { names: ['okta'], hosts: ['.okta.com', '.okta-emea.com', '.oktapreview.com'] },
  { names: ['atlassian', 'jira', 'confluence'], hosts: ['id.atlassian.com'] },
  { names: ['bitbucket'], hosts: ['bitbucket.org', 'id.atlassian.com'] },
  { names: ['dropbox'], hosts: ['www.dropbox.com'] },
  { names: ['facebook', 'meta'], hosts: ['www.facebook.com'] },
  { names: ['instagram'], hosts: ['www.instagram.com'] },
  { names: ['twitter', 'x'], hosts: ['x.com', 'twitter.com'] },
  { names: ['linkedin'], hosts: ['www.linkedin.com'] },
  { names: ['reddit'], hosts: ['www.reddit.com'] },
  { names: ['twitch'], hosts: ['www.twitch.tv'] },
  { names: ['slack'], hosts: ['slack.com', '.slack.com'] },
  { names: ['digitalocean'], hosts: ['cloud.digitalocean.com'] },
  { names: ['heroku'], hosts: ['id.heroku.com'] },
  { names: ['docker', 'dockerhub'], hosts: ['login.docker.com'] },
  { names: ['vercel'], hosts: ['vercel.com'] },
  { names: ['netlify'], hosts: ['app.netlify.com'] },
  { names: ['stripe'], hosts: ['dashboard.stripe.com'] },
  { names: ['paypal'], hosts: ['www.paypal.com'] },
  { names: ['coinbase'], hosts: ['login.coinbase.com', 'www.coinbase.com'] },
  { names: ['binance'], hosts: ['accounts.binance.com'] },
  { names: ['kraken'], hosts: ['www.kraken.com'] },
  { names: ['proton', 'protonmail', 'protonmailch'], hosts: ['account.proton.me'] },
  {
    names: ['mozilla', 'firefox', 'firefoxaccounts', 'mozillaaccounts'],
    hosts: ['accounts.firefox.com'],
  },
  { names: ['bitwarden'], hosts: ['vault.bitwarden.com', 'vault.bitwarden.eu'] },
  { names: ['1password'], hosts: ['.1password.com', '.1password.eu'] },
  { names: ['salesforce'], hosts: ['login.salesforce.com', '.my.salesforce.com'] },
  { names: ['zoom'], hosts: ['zoom.us'] },
  { names: ['shopify'], hosts: ['accounts.shopify.com'] },
  { names: ['sentry'], hosts: ['sentry.io'] },
  { names: ['tailscale'], hosts: ['login.tailscale.com'] },
  { names: ['hetzner'], hosts: ['accounts.hetzner.com'] },
  { names: ['linode', 'akamai'], hosts: ['login.linode.com'] },
  { names: ['namecheap'], hosts: ['www.namecheap.com'] },
  { names: ['yahoo'], hosts: ['login.yahoo.com'] },
  { names: ['wordpress', 'wordpresscom'], hosts: ['wordpress.com'] },
  { names: ['epicgames'], hosts: ['www.epicgames.com'] },
  { names: ['steam'], hosts: ['store.steampowered.com', 'steamcommunity.com'] },
  { names: ['nintendo'], hosts: ['accounts.nintendo.com'] },
  { names: ['ubisoft'], hosts: ['account.ubisoft.com'] },
  { names: ['zoho'], hosts: ['accounts.zoho.com', 'accounts.zoho.eu'] },
];

/** "GitHub", "github.com", "GitHub, Inc." and "Git-Hub" all name the same issuer. */
function issuerKey(issuer: string): string {
  const ascii = issuer
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const noTld = ascii.replace(/\.(com|org|net|io|me|dev|us|tv|ch|eu)\b/g, '');
  return noTld.replace(/\b(inc|llc|ltd|gmbh|corp|corporation)\b/g, '').replace(/[^a-z0-9]/g, '');
}

export function knownIssuer(issuer: string): KnownIssuer | undefined {
  const key = issuerKey(issuer);
  if (key === '') return undefined;
  return KNOWN_ISSUERS.find((k) => k.names.includes(key));
}

/** Exact sign-in sites (https origins) for a well-known issuer, best first; [] if unknown. */
export function suggestedSites(issuer: string): string[] {
  const known = knownIssuer(issuer);
  if (!known) return [];
  return known.hosts.filter((h) => !h.startsWith('.')).map((h) => `https://${h}`);
}

/** Whether Tessera knows this issuer's sign-in hosts at all (for "usually signs in at …"). */
export function isKnownIssuer(issuer: string): boolean {
  return knownIssuer(issuer) !== undefined;
}
