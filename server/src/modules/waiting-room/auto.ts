/**
 * The load switch: once a second, read this instance's load and step the
 * hysteresis rule from packages/domain; on "on" open an app-wide room (the
 * unique index lets one instance win), on "off" end it. The switch starts from
 * whether an automatic room is already open, so instances agree after a restart.
 */
import { type LoadThresholds, stepAutoSwitch } from '@ingang/domain';
import type { LoadMonitor } from '../../platform/load.js';
import type { RoomAdminService } from './admin-service.js';
import type { RoomCache } from './rooms.js';

export function createAutoSwitch(deps: {
  load: LoadMonitor;
  rooms: RoomCache;
  admin: RoomAdminService;
  thresholds: LoadThresholds;
  ratePerMinute: number;
  now: () => number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}) {
  let state = { active: false, since: null as number | null };
  let busy = false;
  return {
    async tick() {
      if (busy) return;
      busy = true;
      try {
        const open = deps.rooms.all().some((r) => r.origin === 'auto');
        if (open !== state.active) state = { active: open, since: null };
        const reading = deps.load.reading();
        const next = stepAutoSwitch(state, reading, deps.thresholds, deps.now());
        if (next.active && !state.active) {
          await deps.admin.openAuto(deps.ratePerMinute);
          deps.log.info({ reading }, 'waiting room switched on by load');
        } else if (!next.active && state.active) {
          await deps.admin.closeAuto();
          deps.log.info({ reading }, 'waiting room switched off (load is back under the thresholds)');
        }
        state = next;
      } catch (error) {
        deps.log.warn({ err: error }, 'waiting room load switch failed');
      } finally {
        busy = false;
      }
    },
  };
}
