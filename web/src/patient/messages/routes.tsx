/** The message pages, loaded lazily by patient/routes.tsx (`/meddelanden`, `/meddelanden/ny`, `/meddelanden/:id`). */
export { ConversationPage } from './conversation-page.js';
export { MessagesPage } from './messages-page.js';
export { NewConversationPage } from './new-conversation-page.js';
