/** The accessible building blocks every area uses. See web/README.md. */
export { Alert, ErrorAlert, useErrorMessage } from './alert.js';
export { Button, ButtonLink, type ButtonProps } from './button.js';
export { Checkbox } from './checkbox.js';
export { Dialog } from './dialog.js';
export { Field } from './field.js';
export { LanguageSwitch } from './language-switch.js';
export { PageLayout, usePageTitle } from './page.js';
export { ProtectedMarker } from './protected-marker.js';
export { Select, type SelectOption } from './select.js';
export { Spinner } from './spinner.js';
export { TextField } from './text-field.js';
export { VisuallyHidden } from './visually-hidden.js';
