/**
 * The population registry (folkbokföringen) as the platform sees it: an
 * interface. The implementation is the registry module's (the embedded
 * synthetic one, or a production adapter); app.ts passes it in, so the
 * platform (acting-for, the AppContext) imports no module.
 */
export interface RegistryAddress {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  municipality: string | null;
}

export interface RegistryPerson {
  personalNumber: string;
  givenName: string;
  familyName: string;
  protectedIdentity: boolean;
  address: RegistryAddress;
  deceased: boolean;
}

export interface PopulationRegistry {
  /** The person behind a 12-digit personnummer, or null when the registry does not know them. */
  lookup(personalNumber: string): Promise<RegistryPerson | null>;
  /** Personnummer of the children this person is registered guardian of. */
  childrenOf(guardianPnr: string): Promise<string[]>;
  /** Personnummer of the registered guardians of a child. */
  guardiansOf(childPnr: string): Promise<string[]>;
}
