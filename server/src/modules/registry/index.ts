/**
 * The registry module: the population registry the rest of the app reads
 * through the platform's `PopulationRegistry` interface (platform/registry.ts).
 * Only the embedded synthetic registry exists today; a production adapter
 * would be chosen here from the config.
 */
import type { Db } from '../../platform/db/index.js';
import type { ModuleParts } from '../../platform/module.js';
import type { PopulationRegistry } from '../../platform/registry.js';
import { createEmbeddedRegistry, syntheticPerson } from './registry.js';

export type { PopulationRegistry, RegistryAddress, RegistryPerson } from '../../platform/registry.js';
/** The synthetic registry's answer for a personnummer (the BankID simulator and tests use it). */
export { syntheticPerson };

export interface RegistryModule extends ModuleParts {
  registry: PopulationRegistry;
}

export function createRegistryModule(deps: { db: Db }): RegistryModule {
  return { registry: createEmbeddedRegistry(deps.db) };
}
