import { browser } from 'wxt/browser';
import { GuessThrottle, type ThrottleState, type ThrottleStore } from '../core/vault/throttle';

const SESSION_KEY = 'guessThrottle';

/**
 * The wrong-guess counter lives in storage.session: trusted contexts only (content scripts
 * cannot reset it), kept across service-worker restarts, gone when the browser closes.
 */
export const sessionThrottleStore: ThrottleStore = {
  async get() {
    return (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY];
  },
  async set(state: ThrottleState | null) {
    if (state === null) await browser.storage.session.remove(SESSION_KEY);
    else await browser.storage.session.set({ [SESSION_KEY]: state });
  },
};

/** The one throttle every passphrase and recovery-key check in the background goes through. */
export const guessThrottle = new GuessThrottle(sessionThrottleStore);
