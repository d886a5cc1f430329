export interface DiffSegment {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Beyond this many token pairs the comparison would be slow: show a whole replacement. */
const MAX_CELLS = 400_000;

function tokens(text: string): string[] {
  return text.split(/(\s+)/).filter((t) => t !== '');
}

function push(segments: DiffSegment[], op: DiffSegment['op'], text: string): void {
  const last = segments.at(-1);
  if (last?.op === op) last.text += text;
  else segments.push({ op, text });
}

/**
 * The words deleted from and inserted into a text, in reading order: the longest common
 * subsequence of words and spaces, the rest marked. Equal texts give one equal segment.
 */
export function wordDiff(before: string, after: string): DiffSegment[] {
  if (before === after) return before === '' ? [] : [{ op: 'equal', text: before }];
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_CELLS) {
    return [
      { op: 'delete', text: before },
      { op: 'insert', text: after },
    ];
  }
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const segments: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push(segments, 'equal', a[i] ?? '');
      i += 1;
      j += 1;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) {
      push(segments, 'delete', a[i] ?? '');
      i += 1;
    } else {
      push(segments, 'insert', b[j] ?? '');
      j += 1;
    }
  }
  for (; i < a.length; i += 1) push(segments, 'delete', a[i] ?? '');
  for (; j < b.length; j += 1) push(segments, 'insert', b[j] ?? '');
  return segments;
}
