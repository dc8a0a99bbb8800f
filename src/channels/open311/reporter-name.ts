const HAN = /^[\p{Script=Han}·]+$/u;

/**
 * One name from Open311's first_name and last_name: family name first and run together when both are
 * Chinese (张 + 三 → 张三), "first last" otherwise.
 */
export function reporterName(first?: string, last?: string): string | undefined {
  const f = first?.trim();
  const l = last?.trim();
  if (!f && !l) return undefined;
  if (f && l && HAN.test(f) && HAN.test(l)) return l + f;
  return [f, l].filter(Boolean).join(' ');
}
