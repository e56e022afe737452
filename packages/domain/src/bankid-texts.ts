/**
 * User messages for BankID, after BankID's recommended texts (RFA = "Recommended
 * For Action"), in plain Swedish (default) and English.
 *
 * Codes without an RFA number in BankID's guidelines use descriptive names:
 * DECLINED_CALL, UPDATE_APP, RISK_BLOCKED and COMPLETE.
 */

/** The message codes `bankIdMessage` and `bankIdErrorMessage` can return. */
export type BankIdMessageCode =
  | 'RFA1'
  | 'RFA3'
  | 'RFA4'
  | 'RFA5'
  | 'RFA6'
  | 'RFA8'
  | 'RFA9'
  | 'RFA13'
  | 'RFA14'
  | 'RFA15'
  | 'RFA16'
  | 'RFA17A'
  | 'RFA17B'
  | 'RFA21'
  | 'RFA22'
  | 'RFA23'
  | 'RFA24'
  | 'DECLINED_CALL'
  | 'UPDATE_APP'
  | 'RISK_BLOCKED'
  | 'COMPLETE';

/** Languages the BankID texts exist in. */
export type BankIdLocale = 'sv' | 'en';

/** Every BankID user message, by code and language. */
export const BANKID_TEXTS: Readonly<Record<BankIdMessageCode, Readonly<Record<BankIdLocale, string>>>> = {
  RFA1: {
    sv: 'Starta BankID-appen.',
    en: 'Start your BankID app.',
  },
  RFA3: {
    sv: 'Åtgärden avbröts. Försök igen.',
    en: 'Action cancelled. Please try again.',
  },
  RFA4: {
    sv: 'En inloggning eller underskrift för det här personnumret pågår redan. Försök igen.',
    en: 'An identification or signing for this personal number is already started. Please try again.',
  },
  RFA5: {
    sv: 'Internt tekniskt fel. Försök igen.',
    en: 'Internal error. Please try again.',
  },
  RFA6: {
    sv: 'Åtgärden avbröts.',
    en: 'Action cancelled.',
  },
  RFA8: {
    sv:
      'BankID-appen svarar inte. Kontrollera att appen är startad och att du har internetanslutning. ' +
      'Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.',
    en:
      'The BankID app is not responding. Please check that it is started and that you have internet access. ' +
      "If you don't have a valid BankID you can get one from your bank. Try again.",
  },
  RFA9: {
    sv: 'Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.',
    en: 'Enter your security code in the BankID app and select Identify or Sign.',
  },
  RFA13: {
    sv: 'Försöker starta BankID-appen.',
    en: 'Trying to start your BankID app.',
  },
  RFA14: {
    sv:
      'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID ' +
      'har hittats har du troligen inget BankID som går att använda för den här inloggningen eller ' +
      'underskriften. Om du inte har något BankID kan du skaffa ett hos din bank.',
    en:
      'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID ' +
      "has been found, you probably don't have a BankID which can be used for this identification or " +
      "signing. If you don't have a BankID you can get one from your bank.",
  },
  RFA15: {
    sv:
      'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID ' +
      'har hittats har du troligen inget BankID som går att använda på den här enheten. Om du inte har ' +
      'något BankID kan du skaffa ett hos din bank. Om du har BankID på en annan enhet kan du starta ' +
      'BankID-appen där.',
    en:
      'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID ' +
      "has been found, you probably don't have a BankID which can be used on this device. If you don't " +
      'have a BankID you can get one from your bank. If you have a BankID on another device you can start ' +
      'the BankID app there.',
  },
  RFA16: {
    sv: 'Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    en: 'The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.',
  },
  RFA17A: {
    sv:
      'BankID-appen verkar inte finnas på din dator eller telefon. Installera den och skaffa ett BankID ' +
      'hos din bank. Installera appen från din appbutik eller på install.bankid.com.',
    en:
      "The BankID app couldn't be found on your computer or mobile device. Please install it and get a " +
      'BankID from your bank. Install the app from your app store or install.bankid.com.',
  },
  RFA17B: {
    sv:
      'Det gick inte att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att ' +
      'BankID-appen är uppdaterad. Om du inte har BankID-appen behöver du installera den och skaffa ett ' +
      'BankID hos din bank. Installera appen från din appbutik eller på install.bankid.com.',
    en:
      'Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is ' +
      "up to date. If you don't have the BankID app, you need to install it and get a BankID from your " +
      'bank. Install the app from your app store or install.bankid.com.',
  },
  RFA21: {
    sv: 'Inloggning eller underskrift pågår.',
    en: 'Identification or signing in progress.',
  },
  RFA22: {
    sv: 'Okänt fel. Försök igen.',
    en: 'Unknown error. Please try again.',
  },
  RFA23: {
    sv: 'Fotografera och läs av din id-handling med BankID-appen.',
    en: 'Process your machine-readable travel document using the BankID app.',
  },
  RFA24: {
    sv: 'Bekräfta samtalet i BankID-appen. Neka om du inte vet vem du pratar med.',
    en: 'Confirm the call in the BankID app. Decline if you do not know who you are talking to.',
  },
  DECLINED_CALL: {
    sv: 'Åtgärden avbröts eftersom du nekade samtalet i BankID-appen.',
    en: 'Action cancelled because you declined the call in the BankID app.',
  },
  UPDATE_APP: {
    sv: 'Din BankID-app behöver uppdateras. Uppdatera appen i din appbutik och försök igen.',
    en: 'Your BankID app needs to be updated. Update the app from your app store and try again.',
  },
  RISK_BLOCKED: {
    sv: 'BankID stoppade inloggningen av säkerhetsskäl. Försök igen senare.',
    en: 'BankID stopped the identification for security reasons. Please try again later.',
  },
  COMPLETE: {
    sv: 'Du är inloggad.',
    en: 'You are logged in.',
  },
};
