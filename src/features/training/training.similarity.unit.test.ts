import assert from 'node:assert/strict';
import { describe, test } from '../../../test/support/node-test.js';
import {
  duplicatePairs,
  jaccard,
  likelyDuplicates,
  normalisedWords,
  periodsOverlap,
  titleSimilarity,
  topicSimilarity,
  type Comparable,
} from './training.similarity.js';

const training = (id: string, fields: Partial<Comparable>): Comparable => ({
  id,
  title: 'A training',
  topics: ['trafficking'],
  audience: 'law-enforcement',
  startOn: '2017-05-15',
  endOn: '2017-05-19',
  ...fields,
});

describe('text similarity of training titles', () => {
  test('words are normalised: lower case, accents off, punctuation and stop words out', () => {
    assert.deepEqual(normalisedWords('Émigration: the Course on CYBER-crime, 2017'), [
      'emigration',
      'cyber',
      'crime',
      '2017',
    ]);
  });

  test('Jaccard of sets, written out', () => {
    assert.equal(jaccard(new Set(['a', 'b']), new Set(['a', 'b', 'c'])), 2 / 3);
    assert.equal(jaccard(new Set(['a']), new Set(['b'])), 0);
    assert.equal(jaccard(new Set<string>(), new Set<string>()), 0);
    assert.equal(topicSimilarity(['drugs', 'cybercrime'], ['cybercrime', 'drugs']), 1);
    assert.equal(topicSimilarity(['drugs', 'cybercrime'], ['drugs', 'trafficking']), 1 / 3);
  });

  test('the same words in another order, with stop words and other punctuation, are the same title', () => {
    assert.equal(
      titleSimilarity(
        'Joint training on trafficking in human beings',
        'Trafficking in human beings: joint course',
      ),
      1,
    );
  });

  test('pairs of titles score as expected', () => {
    const cases: [string, string, number][] = [
      // |A ∩ B| / |A ∪ B| of the padded trigrams of the words, rounded: checked by hand for the
      // first and by a separate implementation for the others.
      ['Cybercrime investigation', 'Migrant smuggling networks', 0],
      [
        'Financial investigations and asset recovery',
        'Asset recovery and financial investigation',
        0.93,
      ],
      [
        'Trafficking in human beings: identification of victims',
        'Identifying victims of trafficking in human beings',
        0.8,
      ],
      ['Fundamental rights at the borders', 'Fundamental rights in return operations', 0.43],
    ];
    for (const [a, b, expected] of cases)
      assert.equal(Math.round(titleSimilarity(a, b) * 100) / 100, expected, `${a} / ${b}`);
  });

  test('periods overlap when they share a day, first and last days included', () => {
    const may = training('a', { startOn: '2017-05-15', endOn: '2017-05-19' });
    assert.equal(
      periodsOverlap(may, training('b', { startOn: '2017-05-19', endOn: '2017-05-20' })),
      true,
    );
    assert.equal(
      periodsOverlap(may, training('b', { startOn: '2017-05-20', endOn: '2017-05-21' })),
      false,
    );
    assert.equal(
      periodsOverlap(may, training('b', { startOn: '2017-05-01', endOn: '2017-05-31' })),
      true,
    );
  });
});

describe('likely duplicates among crafted trainings', () => {
  const thbCepol = training('thb-cepol', {
    title: 'Trafficking in human beings: identification of victims',
    topics: ['trafficking', 'fundamental-rights'],
  });
  const thbEuropol = training('thb-europol', {
    title: 'Identifying victims of trafficking in human beings',
    topics: ['trafficking', 'fundamental-rights'],
    startOn: '2017-05-17',
    endOn: '2017-05-17',
  });
  // Same title and days, another audience: not the same offer.
  const thbJudges = training('thb-judges', {
    title: 'Trafficking in human beings: identification of victims',
    audience: 'judiciary',
  });
  // Same title and audience, a month later: not the same offer.
  const thbJune = training('thb-june', {
    title: 'Trafficking in human beings: identification of victims',
    startOn: '2017-06-12',
    endOn: '2017-06-16',
  });
  // Another title, the same topic areas, audience and week: alike by topics alone.
  const victims = training('victims', {
    title: 'Protecting the rights of exploited persons',
    topics: ['fundamental-rights', 'trafficking'],
    startOn: '2017-05-18',
    endOn: '2017-05-19',
  });
  // The same week and audience, other title and topics.
  const cyber = training('cyber', {
    title: 'Darknet investigations',
    topics: ['cybercrime'],
  });
  const all = [thbCepol, thbEuropol, thbJudges, thbJune, victims, cyber];

  test('a new training is warned of exactly the ones that resemble it, most alike first', () => {
    const found = likelyDuplicates(thbCepol, all);
    assert.deepEqual(
      found.map((f) => [f.id, f.titleSimilarity, f.topicSimilarity]),
      [
        ['thb-europol', 0.8, 1],
        ['victims', 0.04, 1],
      ],
    );
  });

  test('the secretariat sees each pair once, across the whole set', () => {
    assert.deepEqual(
      duplicatePairs(all).map((p) => [p.a.id, p.b.id]),
      [
        ['thb-cepol', 'thb-europol'],
        ['thb-cepol', 'victims'],
      ],
      "Europol's webinar (17 May) and the course on exploited persons (18-19 May) share no day",
    );
  });

  test('a training never resembles itself', () => {
    assert.deepEqual(likelyDuplicates(thbCepol, [thbCepol]), []);
  });
});
