/** Tillgänglighetsredogörelse — keep it true: update it when something is found or fixed. */
export default {
  title: 'Tillgänglighetsredogörelse',
  lead: 'Regionen står bakom Ingång och vill att alla ska kunna använda tjänsten. Här beskriver vi hur Ingång uppfyller lagen om tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera problem.',
  status: {
    title: 'Hur tillgänglig är tjänsten?',
    text: 'Ingång uppfyller delvis kraven i WCAG 2.1 nivå AA. De brister vi känner till står nedan.',
  },
  known: {
    title: 'Kända brister',
    items: [
      'Videomöten: textning av tal finns inte. Tolk kan bjudas in till mötet.',
      'Bilder som skickas i meddelanden kan sakna textbeskrivning, eftersom den som skickar bilden inte alltid beskriver den.',
      'PDF-filer som vårdpersonal bifogar i meddelanden är inte alltid tillgänglighetsanpassade.',
      'QR-koden för BankID kan inte läsas med skärmläsare. Använd i stället "Öppna BankID på den här enheten".',
    ],
  },
  tested: {
    title: 'Så har vi testat',
    items: [
      'Varje flöde testas automatiskt i webbläsaren med verktyget axe, utan kända fel.',
      'Sidorna testas med bara tangentbord och i 320 pixlars bredd.',
      'Fokus flyttas till sidans rubrik när du byter sida, och felsammanfattningar läses upp.',
    ],
  },
  report: {
    title: 'Rapportera brister',
    text: 'Om du hittar något som inte fungerar för dig, kontakta regionens invånarsupport. Beskriv vad du försökte göra och vilken sida det gällde.',
  },
  supervision: {
    title: 'Tillsyn',
    text: 'Myndigheten för digital förvaltning (Digg) har tillsyn över lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du anmäla det till Digg.',
    link: 'Anmäl till Digg',
  },
  updated: 'Redogörelsen uppdaterades i december 2026.',
};
