/** The FHIR resource mappings' public face, for fhir's other parts (the export, the slot feed). */
export * from './capability.js';
export * from './patient.js';
export * from './public.js';
export * from './systems.js';
