// Command-line options of the benchmark scripts: `--name value` and `--flag`.
const argv = process.argv.slice(2)

export const args = (): readonly string[] => argv
export const flag = (name: string): boolean => argv.includes(name)
export function option(name: string, fallback: string): string {
  const i = argv.indexOf(name)
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback
}
export const numberOption = (name: string, fallback: number): number => Number(option(name, String(fallback)))
