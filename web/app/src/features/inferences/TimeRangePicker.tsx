// The time range of the filter bar: presets (last 1h, 24h, 7d, 30d, all time) as toggle buttons,
// and a custom range of since/until local times. A preset clears the custom times; typing a custom
// time clears the preset.
import { TIME_PRESETS, type FilterState, type TimePreset } from './filterState';
import { cx } from '../../common/cx';
import styles from './filters.module.css';

interface Props {
  state: FilterState;
  onChange: (patch: Partial<FilterState>) => void;
  disabled: boolean;
}

const LABELS: Record<TimePreset, string> = { '1h': '1h', '24h': '24h', '7d': '7d', '30d': '30d' };
const TITLES: Record<TimePreset, string> = {
  '1h': 'Spans started in the last hour',
  '24h': 'Spans started in the last 24 hours',
  '7d': 'Spans started in the last 7 days',
  '30d': 'Spans started in the last 30 days',
};

/** Presets and custom since/until. */
export function TimeRangePicker({ state, onChange, disabled }: Props) {
  const custom = state.preset === '' && (state.since !== '' || state.until !== '');
  const all = state.preset === '' && !custom;
  const time = (key: 'since' | 'until', label: string) => (
    <label class="field">
      <span class="field-label">{label}</span>
      <input
        type="datetime-local"
        data-testid={`filter-${key}`}
        value={state[key]}
        disabled={disabled}
        onChange={(e) => onChange({ preset: '', [key]: (e.currentTarget as HTMLInputElement).value })}
      />
    </label>
  );
  return (
    <div class={styles.timeRangePicker}>
      <div class={styles.segmented} role="group" aria-label="Time range">
        <span class="field-label">Last</span>
        {TIME_PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            class={styles.segment}
            data-testid={`time-preset-${p}`}
            aria-pressed={state.preset === p}
            title={TITLES[p]}
            disabled={disabled}
            onClick={() => onChange({ preset: p, since: '', until: '' })}
          >
            {LABELS[p]}
          </button>
        ))}
        <button
          type="button"
          class={styles.segment}
          data-testid="time-preset-all"
          aria-pressed={all}
          title="Spans of any time"
          disabled={disabled}
          onClick={() => onChange({ preset: '', since: '', until: '' })}
        >
          All
        </button>
      </div>
      <div class={cx(styles.customRange, custom && styles.isActive)} role="group" aria-label="Custom time range">
        {time('since', 'Since')}
        {time('until', 'Until')}
      </div>
    </div>
  );
}
