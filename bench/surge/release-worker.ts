/**
 * One forked generator process of the release (bench/surge/generator.ts): drives its share of the
 * browsers through its own timed pools, tells the parent about bookings and full times, closes the times
 * the parent says are taken, and answers with its measurements, its CPU and its event-loop delay.
 */
import { serveGenerator } from './generator.js';
import { releaseScenario } from './release.js';

serveGenerator(releaseScenario);
