/** Accessibility statement — keep it true: update it when something is found or fixed. */
export default {
  title: 'Accessibility statement',
  lead: 'The region runs Ingång and wants everyone to be able to use it. This page describes how Ingång meets the Swedish law on accessibility of digital public services, the known shortcomings and how to report a problem.',
  status: {
    title: 'How accessible is the service?',
    text: 'Ingång partly meets WCAG 2.1 level AA. The shortcomings we know of are listed below.',
  },
  known: {
    title: 'Known shortcomings',
    items: [
      'Video meetings: there are no live captions. An interpreter can be invited to the meeting.',
      'Pictures sent in messages may lack a text description, since the sender does not always describe them.',
      'PDF files that care staff attach to messages are not always accessible.',
      'The BankID QR code cannot be read by screen readers. Use "Open BankID on this device" instead.',
    ],
  },
  tested: {
    title: 'How we test',
    items: [
      'Every journey is tested automatically in the browser with the axe tool, with no known errors.',
      'Pages are tested with the keyboard only and at 320 pixels width.',
      'Focus moves to the page heading when you change page, and error summaries are read out.',
    ],
  },
  report: {
    title: 'Report a problem',
    text: 'If you find something that does not work for you, contact the region’s citizen support. Describe what you tried to do and on which page.',
  },
  supervision: {
    title: 'Supervision',
    text: 'The Agency for Digital Government (Digg) supervises the law. If you are not satisfied with how we handle your feedback, you can report it to Digg.',
    link: 'Report to Digg',
  },
  updated: 'This statement was updated in December 2026.',
};
