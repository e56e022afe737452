/** A moment as a Stockholm date and a time, two fields side by side (a release opens, a queue opens). */
import { TextField } from '../ui/index.js';

export function DateTimeFields(props: {
  /** Input ids are `<idPrefix>-date` and `<idPrefix>-time` (the error summary links the date). */
  idPrefix: string;
  dateLabel: string;
  timeLabel: string;
  date: string;
  time: string;
  error?: string;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
}) {
  return (
    <>
      <TextField
        id={`${props.idPrefix}-date`}
        label={props.dateLabel}
        type="date"
        value={props.date}
        error={props.error}
        onChange={(e) => props.onDate(e.target.value)}
      />
      <TextField
        id={`${props.idPrefix}-time`}
        label={props.timeLabel}
        type="time"
        value={props.time}
        onChange={(e) => props.onTime(e.target.value)}
      />
    </>
  );
}
