"""The generator of differential.py, without the CLI: it is deterministic, the
reference never crashes on what it writes (only RefError), and every valid
ledger it writes keeps SPEC 10.2's "the books balance" identity.
Run: python3 -m unittest (from this directory)."""

import json
import unittest

import coshare_ref as ref
import differential
from test_ref import BooksInvariants

SEEDS = range(40)


class DifferentialGenerator(unittest.TestCase):
    def test_deterministic(self):
        for seed in (0, 1, 17):
            self.assertEqual(differential.gen_case(seed), differential.gen_case(seed))

    def test_reference_answers_every_query(self):
        valid = 0
        for seed in SEEDS:
            case = differential.gen_case(seed)
            text = differential.dumps(case["ledger"])
            r = differential.run_ref(text, "validate", {})
            self.assertEqual(r[0], "ok", (seed, r))
            if not json.loads(r[1])["valid"]:
                continue
            valid += 1
            lg = ref.load_ledger(text)
            for q, args in differential.gen_queries(case, lg):
                out = differential.run_ref(text, q, args)
                self.assertIn(out[0], ("ok", "error"), (seed, q, args, out))
        self.assertGreater(valid, 5)

    def test_books_balance(self):
        checker = BooksInvariants()
        for seed in SEEDS:
            text = differential.dumps(differential.gen_case(seed)["ledger"])
            if not ref.validate(text):
                checker.check_books_balance(f"seed {seed}", text)


if __name__ == "__main__":
    unittest.main()
