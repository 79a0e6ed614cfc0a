import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Masker, MASK } from '../../src/issuer/ci/mask.js';

const SECRET = 'eyJhbGciOiJSUzI1NiJ9.payload.signature';

test('every occurrence becomes [MASKED], as GitLab masks masked variables', () => {
  const m = new Masker([SECRET]);
  assert.equal(m.push(`a ${SECRET} b ${SECRET}\n`) + m.flush(), `a ${MASK} b ${MASK}\n`);
});

test('a secret split across chunks is still masked, at every split point', () => {
  const text = `token=${SECRET}; done`;
  for (let cut = 0; cut <= text.length; cut++) {
    const m = new Masker([SECRET]);
    const out = m.push(text.slice(0, cut)) + m.push(text.slice(cut)) + m.flush();
    assert.equal(out, `token=${MASK}; done`, `cut at ${cut}`);
  }
});

test('output that only resembles a secret prefix is released at the end', () => {
  const m = new Masker([SECRET]);
  const first = m.push('ends with eyJhbG');
  assert.equal(first, 'ends with ');
  assert.equal(m.flush(), 'eyJhbG');
});

test('values shorter than 8 characters are not masked (GitLab refuses to mask them)', () => {
  const m = new Masker(['short']);
  assert.equal(m.push('a short word') + m.flush(), 'a short word');
});
