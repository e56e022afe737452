/** Every capability registers here: API modules inside /api (deny by default), root modules outside. */
import type { ApiModule, RootModule } from '../platform/http.js';
import { healthRoutes } from './health/routes.js';

export const apiModules: ApiModule[] = [healthRoutes];

export const rootModules: RootModule[] = [];
