import type { TOTP } from 'otpauth';

export const DEMO_HOST: string;
export const DEMO_ACCOUNT: Readonly<{
  issuer: string;
  label: string;
  secret: string;
  algorithm: 'SHA1';
  digits: number;
  period: number;
}>;
export function demoUri(): string;
export function isValidDemoCode(code: string, timestamp?: number): boolean;
export function demoTotp(): TOTP;
