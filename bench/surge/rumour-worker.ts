/**
 * One forked generator process of the rumour (bench/surge/generator.ts): drives its share of the
 * arrivals through its own timed pools, each at its moment on the real clock, and answers with its
 * traces, its calls' measurements, its CPU and its event-loop delay.
 */
import { serveGenerator } from './generator.js';
import { rumourScenario } from './rumour.js';

serveGenerator(rumourScenario);
