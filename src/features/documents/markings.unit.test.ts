import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import fc from 'fast-check';
import type { Tlp } from '../../db/schema.js';
import {
  combineMarkings,
  isAtLeastAsRestrictive,
  lowersAnything,
  markingLine,
  unmarked,
  type Audience,
  type Marking,
} from './markings.js';

// The rules restated here, independently of markings.ts, so that a property checks the code
// against the rules rather than against itself.
const tlpsLeastFirst: readonly Tlp[] = ['clear', 'green', 'amber', 'amber_strict', 'red'];
const organisationIds = ['org-a', 'org-b', 'org-c', 'org-d'] as const;
const acronymOf = (id: string) => id.replace('org-', '').toUpperCase();
const classificationPrefixes = [
  '',
  'RESTREINT UE',
  'CONFIDENTIEL UE',
  'SECRET UE',
  'TRES SECRET UE',
] as const;
const tlpTexts: Record<Tlp, string> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  amber_strict: 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

const audienceArb: fc.Arbitrary<Audience> = fc.oneof(
  fc.constant<Audience>({ kind: 'network' }),
  fc
    .subarray([...organisationIds])
    .map<Audience>((ids) => ({ kind: 'organisations', ids: new Set(ids) })),
);

const markingArb: fc.Arbitrary<Marking> = fc.record({
  level: fc.integer({ min: 0, max: 4 }),
  limite: fc.boolean(),
  sensitive: fc.boolean(),
  tlp: fc.constantFrom<Tlp | null>(null, ...tlpsLeastFirst),
  audience: audienceArb,
});

const markingsArb = fc.array(markingArb, { maxLength: 6 });

/** A marking that restricts no more than `upper` in any respect. */
function markingBelow(upper: Marking): fc.Arbitrary<Marking> {
  const upperTlp = upper.tlp === null ? -1 : tlpsLeastFirst.indexOf(upper.tlp);
  const wider: fc.Arbitrary<Audience> =
    upper.audience.kind === 'network'
      ? fc.constant<Audience>({ kind: 'network' })
      : fc.oneof(
          fc.constant<Audience>({ kind: 'network' }),
          fc.subarray([...organisationIds]).map<Audience>((extra) => ({
            kind: 'organisations',
            ids: new Set([
              ...(upper.audience.kind === 'organisations' ? upper.audience.ids : []),
              ...extra,
            ]),
          })),
        );
  return fc.record({
    level: fc.integer({ min: 0, max: upper.level }),
    limite: upper.limite ? fc.boolean() : fc.constant(false),
    sensitive: upper.sensitive ? fc.boolean() : fc.constant(false),
    tlp: fc
      .integer({ min: -1, max: upperTlp })
      .map((rank) => (rank === -1 ? null : (tlpsLeastFirst[rank] ?? null))),
    audience: wider,
  });
}

/** A comparable form: audiences as sorted arrays. */
function plain(m: Marking) {
  return {
    ...m,
    audience: m.audience.kind === 'network' ? 'network' : [...m.audience.ids].sort(),
  };
}

describe('markings', () => {
  test('the combination is at least as restrictive as every input', () => {
    fc.assert(
      fc.property(markingsArb, (xs) => {
        const combined = combineMarkings(xs);
        for (const x of xs)
          assert.ok(isAtLeastAsRestrictive(combined, x), JSON.stringify(plain(x)));
      }),
    );
  });

  test('the combination is the least such marking', () => {
    fc.assert(
      fc.property(
        markingArb.chain((upper) =>
          fc.tuple(fc.constant(upper), fc.array(markingBelow(upper), { maxLength: 6 })),
        ),
        ([upper, xs]) => {
          for (const x of xs) assert.ok(isAtLeastAsRestrictive(upper, x));
          assert.ok(isAtLeastAsRestrictive(upper, combineMarkings(xs)));
        },
      ),
    );
    fc.assert(
      fc.property(markingArb, markingsArb, (m, xs) => {
        fc.pre(xs.every((x) => isAtLeastAsRestrictive(m, x)));
        assert.ok(isAtLeastAsRestrictive(m, combineMarkings(xs)));
      }),
    );
  });

  test('the combination is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(markingArb, markingArb, markingArb, (a, b, c) => {
        const ab = combineMarkings([a, b]);
        assert.deepEqual(plain(ab), plain(combineMarkings([b, a])));
        assert.deepEqual(
          plain(combineMarkings([ab, c])),
          plain(combineMarkings([a, combineMarkings([b, c])])),
        );
        assert.deepEqual(plain(combineMarkings([ab, c])), plain(combineMarkings([a, b, c])));
        assert.deepEqual(plain(combineMarkings([a, a])), plain(combineMarkings([a])));
        assert.deepEqual(plain(combineMarkings([a])), plain(a));
      }),
    );
    fc.assert(
      fc.property(
        markingsArb.chain((xs) =>
          fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length })),
        ),
        ([xs, shuffled]) => {
          assert.deepEqual(plain(combineMarkings(xs)), plain(combineMarkings(shuffled)));
        },
      ),
    );
  });

  test('the combination of nothing is unmarked', () => {
    assert.deepEqual(plain(combineMarkings([])), plain(unmarked));
    assert.equal(markingLine(combineMarkings([]), acronymOf), 'No marking');
  });

  test('a change lowers something exactly when the result is not at least as restrictive', () => {
    fc.assert(
      fc.property(markingArb, markingArb, (before, after) => {
        assert.equal(lowersAnything(before, after), !isAtLeastAsRestrictive(after, before));
      }),
    );
    fc.assert(
      fc.property(markingArb, (m) => {
        assert.equal(lowersAnything(m, m), false);
        assert.equal(lowersAnything(m, unmarked), !isAtLeastAsRestrictive(unmarked, m));
      }),
    );
  });

  test('the marking line names every classification, LIMITE, TLP and release present', () => {
    fc.assert(
      fc.property(markingArb, (m) => {
        const line = markingLine(m, acronymOf);
        const parts = line.split(' · ');
        const classification = parts.filter((p) => / UE\//.test(p));
        if (m.level > 0) {
          assert.equal(classification.length, 1, line);
          assert.ok(
            classification[0]?.startsWith(`${classificationPrefixes[m.level] ?? '?'}/`),
            line,
          );
        } else assert.equal(classification.length, 0, line);
        assert.equal(parts.includes('LIMITE'), m.limite, line);
        assert.equal(
          parts.some((p) => p.includes('SENSITIVE')),
          m.sensitive,
          line,
        );
        const tlpParts = parts.filter((p) => p.startsWith('TLP:'));
        assert.deepEqual(tlpParts, m.tlp === null ? [] : [tlpTexts[m.tlp]], line);
        const release = parts.filter((p) => p.startsWith('Releasable to'));
        if (m.audience.kind === 'network') assert.deepEqual(release, [], line);
        else {
          assert.equal(release.length, 1, line);
          for (const id of m.audience.ids) assert.ok(release[0]?.includes(acronymOf(id)), line);
        }
        const nothing = m.level === 0 && !m.limite && !m.sensitive && m.tlp === null;
        assert.equal(line === 'No marking', nothing && m.audience.kind === 'network', line);
      }),
    );
  });
});
