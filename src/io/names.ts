/** File names for exports (no `yaml` needed). */

/** `<submitter>_<bench-name>.yaml`, as nvinx asks, with only safe characters. */
export function caseStudyFileName(submitter: string, benchName: string): string {
  const safe = (s: string, fallback: string) =>
    s
      .trim()
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || fallback;
  return `${safe(submitter, 'submitter')}_${safe(benchName, 'bench')}.yaml`;
}
