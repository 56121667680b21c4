import type { RecoveryCode } from './recoveryCodes';
import type { OtpAlgorithm, OtpType } from '../otp/types';

export type AccountInput =
  | { kind: 'uri'; uri: string }
  | {
      kind: 'fields';
      issuer: string;
      label: string;
      secret: string;
      type: OtpType;
      algorithm: OtpAlgorithm;
      digits: number;
      period: number;
      counter: number;
    };

export interface AccountPatch {
  issuer?: string;
  label?: string;
  sites?: string[];
  pinned?: boolean;
  subdomains?: boolean;
  autoFill?: boolean;
  /** Replaces the tags; normalised by the vault (tags.ts). */
  tags?: string[];
  /** null = automatic, '' = no icon, else an icon key. */
  icon?: string | null;
  /** Seconds, -MAX_TIME_OFFSET_S..MAX_TIME_OFFSET_S; 0 removes the offset. */
  timeOffset?: number;
  /** Replaces the recovery codes; normalised (recoveryCodes.ts), [] removes them. */
  recoveryCodes?: RecoveryCode[];
  /** Replaces the notes; '' removes them. */
  notes?: string;
}

export type UnlockInput = { passphrase: string } | { recoveryKey: string };
