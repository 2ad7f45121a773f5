#!/usr/bin/env python3
"""ci/mutate: its operators on small snippets (each finds what it claims and
nothing inside comments or strings), the equivalents list's parser, the
sample's spread, and one whole run on a tiny project (ci/tests/mutate_fixture)
whose two survivors are equivalent by design."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CI = os.path.dirname(HERE)
sys.path.insert(0, CI)
from iovcheck_ci import mutate, mutation_operators as ops  # noqa: E402


def edits(snippet, operator):
    return [m.after for m in ops.mutants("x.c", snippet, [operator])]


class Operators(unittest.TestCase):
    def test_relational_swaps_each_comparison(self):
        self.assertEqual(edits("if (a < b) {}", "relational"), ["if (a <= b) {}"])
        self.assertEqual(edits("x = a == b;", "relational"), ["x = a != b;"])

    def test_relational_leaves_templates_and_shifts(self):
        self.assertEqual(edits("std::vector<int> v; static_cast<char>(c); y = x << 2;", "relational"), [])

    def test_arithmetic_leaves_pointers_and_unary_operators(self):
        self.assertEqual(edits("char *p = q; x = -y; z = *p;", "arithmetic"), [])
        self.assertEqual(edits("n = a * b;", "arithmetic"), ["n = a / b;"])

    def test_literal_moves_by_one_both_ways(self):
        self.assertEqual(sorted(edits("n = 16;", "literal")), ["n = 15;", "n = 17;"])
        self.assertEqual(edits("n = 0;", "literal"), ["n = 1;"])

    def test_plus_minus_one_on_the_right_operand(self):
        self.assertEqual(edits("if (i < count) {}", "plus-minus-one"),
                         ["if (i < count + 1) {}", "if (i < count - 1) {}"])

    def test_logical_negation_return_break_assignment_minmax(self):
        self.assertEqual(edits("x = a && b;", "logical"), ["x = a || b;"])
        self.assertIn("if (!(ok(a, b))) {", edits("if (ok(a, b)) {", "negation"))
        self.assertEqual(edits("return done;", "return"), ["return 0;"])
        self.assertEqual(edits("return true;", "return"), ["return false;"])
        self.assertEqual(edits("case 1: break;", "break"), ["case 1: ;"])
        self.assertEqual(edits("n += k;", "assignment"), ["n -= k;"])
        self.assertEqual(edits("n = std::min(a, b);", "min-max"), ["n = std::max(a, b);"])

    def test_comments_strings_and_preprocessor_are_never_mutated(self):
        snippet = ('// if (a < b) return 1;\n/* x = a + b; */\nputs("a < b && 1");\n'
                   "#define N (1 + 2)\nc = '<';\n")
        self.assertEqual(ops.mutants("x.c", snippet), [])

    def test_key_survives_moving_lines(self):
        one = ops.mutants("x.c", "if (a < b) {}", ["relational"])[0]
        moved = ops.mutants("x.c", "\n\nint z;\nif (a < b) {}", ["relational"])[0]
        self.assertEqual(one.key, moved.key)
        self.assertNotEqual(one.line, moved.line)


class EquivalentsList(unittest.TestCase):
    def parse(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write(text)
        try:
            return mutate.read_equivalents(f.name)
        finally:
            os.unlink(f.name)

    def test_reads_keys_and_reasons(self):
        got = self.parse("# comment\n\ncore/src/a.cpp relational 0123456789 n never exceeds 16 here\n")
        self.assertEqual(got, {"core/src/a.cpp relational 0123456789": "n never exceeds 16 here"})

    def test_errors_name_the_line(self):
        for bad, words in [("a.cpp relational 0123456789\n", "expected"),
                           ("a.cpp bogus 0123456789 why\n", "unknown operator"),
                           ("a.cpp literal 12345 why\n", "hex digest")]:
            with self.assertRaises(mutate.UsageError) as e:
                self.parse("# fine\n" + bad)
            self.assertIn(":2:", str(e.exception))
            self.assertIn(words, str(e.exception))


class Sample(unittest.TestCase):
    def test_spreads_over_files_and_operators(self):
        every = [ops.Mutant(f, o, i, i + 1, "x", 1, "", "") for f in ("a", "b") for o in ("literal", "return")
                 for i in range(50)]
        chosen = mutate.sample(every, 8, seed=3)
        self.assertEqual(len(chosen), 8)
        self.assertEqual(len({(m.path, m.operator) for m in chosen}), 4)
        self.assertEqual(chosen, mutate.sample(every, 8, seed=3))


class Mirror(unittest.TestCase):
    def test_a_copied_file_is_newer_than_the_mirror_build(self):
        with tempfile.TemporaryDirectory() as root, tempfile.TemporaryDirectory() as mirror:
            src = os.path.join(root, "a.c")
            with open(src, "w") as f:
                f.write("int a;\n")
            self.assertEqual(mutate.sync_tree(root, mirror), 1)
            with open(src, "w") as f:
                f.write("int b;\n")
            os.utime(src, (1000, 1000))  # edited before the mirror's last build
            self.assertEqual(mutate.sync_tree(root, mirror), 1)
            self.assertGreater(os.path.getmtime(os.path.join(mirror, "a.c")), 1000 + 3600)
            self.assertEqual(mutate.sync_tree(root, mirror), 0)


class WholeRun(unittest.TestCase):
    def run_tool(self, *args):
        return subprocess.run([sys.executable, "-m", "iovcheck_ci.mutate", *args], cwd=CI,
                              env=dict(os.environ, PYTHONPATH=CI), capture_output=True, text=True, timeout=600)

    def test_kills_all_but_the_equivalents_and_resumes(self):
        fixture = os.path.join(HERE, "mutate_fixture")
        with tempfile.TemporaryDirectory() as out:
            common = ["--root", fixture, "--files", "clamp.c", "--out", out, "--jobs", "1"]
            empty = os.path.join(out, "none.txt")
            first = self.run_tool(*common, "--equivalents", empty)
            self.assertEqual(first.returncode, 1, first.stdout + first.stderr)
            self.assertIn("killed 5, survived 2", first.stdout)
            with open(os.path.join(out, "report.md")) as f:
                survivors = [line.split("`")[1] for line in f if line.startswith("key: `")]
            self.assertEqual(len(survivors), 2)
            listed = os.path.join(out, "equivalents.txt")
            with open(listed, "w") as f:
                f.writelines(f"{key} returns limit exactly when s == limit\n" for key in survivors)
            second = self.run_tool(*common, "--equivalents", listed)
            self.assertEqual(second.returncode, 0, second.stdout + second.stderr)
            self.assertIn("equivalent 2", second.stdout)
            self.assertNotIn("[1/7]", second.stdout)  # every result came from the first run
            with open(os.path.join(fixture, "clamp.c")) as f:
                self.assertIn("if (s > limit)", f.read())  # the user's tree was never touched

    def test_bad_arguments_are_one_line_and_exit_2(self):
        for args in (["--sample", "0"], ["--operators", "bogus"], ["--minutes", "nan"], ["--no-such-flag"],
                     ["--root", "/no/such/dir"]):
            r = self.run_tool(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
            self.assertTrue(r.stderr.startswith("ci/mutate: "), r.stderr)


if __name__ == "__main__":
    unittest.main()
