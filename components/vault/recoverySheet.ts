import { i18n } from '#i18n';
import QRCode from 'qrcode';
import { recoverySheetFileName, writeRecoverySheet } from '../../lib/core/kit/recoverySheet';
import { saveTextFile } from '../transfer/download';
import { uiLanguage } from '../ui/locale';

/**
 * Saves the printable recovery sheet. Offered where the recovery key is shown, which is only
 * at creation and when a new key is made: the vault cannot show the key again later.
 */
export async function saveRecoverySheet(recoveryKey: string): Promise<void> {
  const now = Date.now();
  const lang = uiLanguage();
  const qrSvg = await QRCode.toString(recoveryKey, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  });
  const html = await writeRecoverySheet({
    recoveryKey,
    qrSvg,
    strings: {
      lang,
      title: i18n.t('vault.sheet.title'),
      intro: i18n.t('vault.sheet.intro'),
      keyHeading: i18n.t('vault.sheet.keyHeading'),
      qrLabel: i18n.t('vault.sheet.qrLabel'),
      made: i18n.t('vault.sheet.made', [
        new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(now),
      ]),
      stepsHeading: i18n.t('vault.sheet.stepsHeading'),
      steps: [
        i18n.t('vault.sheet.stepSync'),
        i18n.t('vault.sheet.stepKit'),
        i18n.t('vault.sheet.stepFile'),
      ],
    },
  });
  saveTextFile(recoverySheetFileName(now), 'text/html', html);
}
