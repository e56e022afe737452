/** The start page after login ("Home"), the tab bar and the "More" page. */
export default {
  title: 'Home',
  greeting: 'Hello {{name}}!',
  nothing: 'Nothing is waiting for you right now. You can book a time or write to your health centre.',
  messages: {
    title: 'Messages',
    unread_one: 'You have {{count}} unread message',
    unread_other: 'You have {{count}} unread messages',
  },
  meetings: { title: 'Video meetings' },
  bookings: { title: 'Coming bookings', all: 'Show all {{count}} bookings' },
  todo: {
    title: 'To do',
    invitation: 'Answer the invitation: {{what}}, {{unit}}',
    offer: 'Offer: {{what}}',
    offerFor: 'Offer for {{name}}: {{what}}',
  },
  actions: { book: 'Book a time', write: 'Write to your care unit' },
  tabs: {
    home: 'Home',
    book: 'Book',
    messages: 'Messages',
    bookings: 'Bookings',
    more: 'More',
    unread_one: '{{count}} unread',
    unread_other: '{{count}} unread',
  },
  more: {
    title: 'More',
    services: 'Services',
    install: 'Install Ingång on your home screen',
    account: 'Account',
  },
  offline: {
    title: 'You are offline',
    savedAt: 'You have no internet connection. These are your bookings as they were at {{at}}.',
    retry: 'Try again',
    none: 'You had no coming bookings when they were saved.',
  },
};
