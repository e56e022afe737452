/** The start page after login ("Hem"), the tab bar and the "Mer" page. */
export default {
  title: 'Hem',
  greeting: 'Hej {{name}}!',
  nothing: 'Du har inget som väntar just nu. Du kan boka en tid eller skriva till din vårdcentral.',
  messages: {
    title: 'Meddelanden',
    unread_one: 'Du har {{count}} oläst meddelande',
    unread_other: 'Du har {{count}} olästa meddelanden',
  },
  meetings: { title: 'Videomöten' },
  bookings: { title: 'Kommande bokningar', all: 'Visa alla {{count}} bokningar' },
  todo: {
    title: 'Att göra',
    invitation: 'Svara på kallelsen: {{what}}, {{unit}}',
    offer: 'Erbjudande: {{what}}',
    offerFor: 'Erbjudande till {{name}}: {{what}}',
  },
  actions: { book: 'Boka tid', write: 'Skriv till vården' },
  tabs: {
    home: 'Hem',
    book: 'Boka',
    messages: 'Meddelanden',
    bookings: 'Bokningar',
    more: 'Mer',
    unread_one: '{{count}} oläst',
    unread_other: '{{count}} olästa',
  },
  more: {
    title: 'Mer',
    services: 'Tjänster',
    install: 'Installera Ingång på hemskärmen',
    account: 'Konto',
  },
  offline: {
    title: 'Du är offline',
    savedAt: 'Du har ingen internetanslutning. Det här är dina bokningar som de såg ut {{at}}.',
    retry: 'Försök igen',
    none: 'Du hade inga kommande bokningar när de sparades.',
  },
};
