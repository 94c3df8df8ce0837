/** The console's two kinds of choice: a labelled select, and a group of checkboxes under a legend. */
export interface Option {
  readonly value: string;
  readonly label: string;
}

interface SelectProps {
  readonly label: string;
  readonly value: string;
  readonly options: readonly Option[];
  readonly onChange: (value: string) => void;
  /** The label of an empty first option ("any"); none when absent. */
  readonly empty?: string;
}

export function Select({ label, value, options, onChange, empty }: SelectProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {empty === undefined ? null : <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

interface CheckboxesProps {
  readonly legend: string;
  readonly options: readonly Option[];
  readonly chosen: readonly string[];
  /** The new list of chosen values after one was ticked or unticked. */
  readonly onChange: (chosen: string[]) => void;
}

export function Checkboxes({ legend, options, chosen, onChange }: CheckboxesProps) {
  const toggle = (v: string) => (chosen.includes(v) ? chosen.filter((c) => c !== v) : [...chosen, v]);
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="checkbox" checked={chosen.includes(o.value)} onChange={() => onChange(toggle(o.value))} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
