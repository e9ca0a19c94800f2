/** The class names that apply, joined for `class` (falsy ones are left out). */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
