"""Mutation operators for C and C++ sources, written for ci/mutate.

Each operator is a small function that looks at the *code* of a file (comments,
string and character literals and preprocessor lines blanked out, so that
nothing inside them is ever mutated) and yields the places it can change:
(start, end, replacement) on the original text.  `mutants()` runs them all and
gives each result a key that survives unrelated edits (it names the file, the
operator and the text of the changed line before and after, not line numbers),
so a list of equivalent mutants stays valid while the code around moves.

The operator classes follow the usual mutation-testing catalogue: relational,
arithmetic, literal, plus/minus one, logical, negation, return, break,
assignment and min/max.
"""
import hashlib
import re
from dataclasses import dataclass

OPERATORS = ("relational", "arithmetic", "literal", "plus-minus-one", "logical",
             "negation", "return", "break", "assignment", "min-max")


@dataclass(frozen=True)
class Mutant:
    path: str          # relative to the tree root, '/' separated
    operator: str
    start: int         # byte range of the original text that is replaced
    end: int
    replacement: str
    line: int          # 1-based line of `start`
    before: str        # the whole line before and after, stripped
    after: str

    @property
    def key(self):
        """Stable identity: file, operator and the changed line's text."""
        digest = hashlib.sha1(f"{self.before}\n{self.after}".encode()).hexdigest()[:10]
        return f"{self.path} {self.operator} {digest}"

    def apply(self, text):
        return text[:self.start] + self.replacement + text[self.end:]


def code_mask(text):
    """`text` with comments, string/char literals and preprocessor lines
    replaced by spaces (newlines kept), so offsets stay the same."""
    out = list(text)
    i, n = 0, len(text)
    at_line_start = True

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "\n":
            at_line_start = True
            i += 1
            continue
        if at_line_start and c in " \t":
            i += 1
            continue
        if at_line_start and c == "#":
            j = i
            while j < n and text[j] != "\n":  # a preprocessor line, with continuations
                j += 2 if text[j] == "\\" and j + 1 < n else 1
            blank(i, j)
            i = j
            continue
        at_line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            blank(i + 1, j - 1)  # keep the quotes: a literal stays a token
            i = j
        else:
            i += 1
    return "".join(out)


# A binary operator is written with a blank on each side (`a < b`, `n * k`):
# that tells it from a template bracket (`std::vector<int>`, `static_cast<T>(x)`),
# a pointer declarator (`T *p`) and a unary operator (`*p`, `-x`), which the
# clang-format style of this code (and of the emulator's) never spaces that way.
def _spaced(mask, start, end):
    return start > 0 and end < len(mask) and mask[start - 1] in " \t\n" and mask[end] in " \t\n"


_RELATIONAL_SWAPS = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}


def relational(mask):
    for m in re.finditer(r"<=|>=|==|!=|(?<![<>=!\-])[<>](?![<>=])", mask):
        if _spaced(mask, m.start(), m.end()):
            yield m.start(), m.end(), _RELATIONAL_SWAPS[m.group()]


def arithmetic(mask):
    swaps = {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*"}
    for m in re.finditer(r"(?<![+\-*/%&|^<>=!])[+\-*/%](?![+\-=>*/])", mask):
        if _spaced(mask, m.start(), m.end()):
            yield m.start(), m.end(), swaps[m.group()]


def literal(mask):
    for m in re.finditer(r"(?<![\w.])(\d+)([uUlL]*)(?![\w.])", mask):
        value = int(m.group(1))
        yield m.start(1), m.end(1), str(value + 1)
        if value > 0:
            yield m.start(1), m.end(1), str(value - 1)


def plus_minus_one(mask):
    # The right operand of a comparison, when it is a name or a member access.
    for m in re.finditer(r"(<=|>=|==|!=|(?<![<>=!\-])[<>](?![<>=]))\s*([A-Za-z_][\w.\->]*)(?=\s*[)&|;?])",
                         mask):
        if not _spaced(mask, m.start(1), m.end(1)):
            continue
        for delta in (" + 1", " - 1"):
            yield m.start(2), m.end(2), m.group(2) + delta


def logical(mask):
    for m in re.finditer(r"&&|\|\|", mask):
        yield m.start(), m.end(), "||" if m.group() == "&&" else "&&"


def negation(mask):
    for m in re.finditer(r"\b(if|while)\s*\(", mask):
        open_at = m.end() - 1
        close_at = _matching_paren(mask, open_at)
        if close_at is None:
            continue
        yield open_at, close_at + 1, "(!" + mask_safe(mask, open_at, close_at + 1) + ")"
    for m in re.finditer(r"!(?!=)", mask):
        yield m.start(), m.end(), ""


def mask_safe(mask, a, b):
    # A condition is re-emitted as written (comments included): the marker
    # names its range of the original text, which mutants() splices in.
    return f"\0{a}:{b}\0"


def return_value(mask):
    for m in re.finditer(r"\breturn\s+([^;]+);", mask):
        expr = m.group(1).strip()
        if expr in ("true", "false"):
            yield m.start(1), m.end(1), "false" if expr == "true" else "true"
        elif expr != "0":
            yield m.start(1), m.end(1), "0"


def break_statement(mask):
    for m in re.finditer(r"\bbreak\s*;", mask):
        yield m.start(), m.end(), ";"
    for m in re.finditer(r"\bcontinue\s*;", mask):
        yield m.start(), m.end(), "break;"


def assignment(mask):
    for m in re.finditer(r"\+=|-=|\|=|&=", mask):
        swaps = {"+=": "-=", "-=": "+=", "|=": "&=", "&=": "|="}
        yield m.start(), m.end(), swaps[m.group()]
    for m in re.finditer(r"(\+\+|--)", mask):
        yield m.start(), m.end(), "--" if m.group() == "++" else "++"


def min_max(mask):
    for m in re.finditer(r"\b(min|max)\s*(?=[(<])", mask):
        yield m.start(1), m.end(1), "max" if m.group(1) == "min" else "min"


_OPERATOR_FUNCTIONS = {
    "relational": relational, "arithmetic": arithmetic, "literal": literal,
    "plus-minus-one": plus_minus_one, "logical": logical, "negation": negation,
    "return": return_value, "break": break_statement, "assignment": assignment,
    "min-max": min_max,
}


def _matching_paren(mask, open_at):
    depth = 0
    for i in range(open_at, len(mask)):
        if mask[i] == "(":
            depth += 1
        elif mask[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _line_bounds(text, pos):
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def mutants(path, text, operators=OPERATORS):
    """Every mutant of `text` (the contents of `path`) by the given operators,
    in file order; duplicates (same edit) are given once."""
    mask = code_mask(text)
    seen = set()
    found = []
    for name in operators:
        for start, end, replacement in _OPERATOR_FUNCTIONS[name](mask):
            replacement = re.sub(r"\0(\d+):(\d+)\0",
                                 lambda g: text[int(g.group(1)):int(g.group(2))], replacement)
            if (start, end, replacement) in seen or text[start:end] == replacement:
                continue
            seen.add((start, end, replacement))
            a, b = _line_bounds(text, start)
            mutated = text[:start] + replacement + text[end:]
            a2, b2 = _line_bounds(mutated, start)
            found.append(Mutant(path, name, start, end, replacement, text.count("\n", 0, start) + 1,
                                text[a:b].strip(), mutated[a2:b2].strip()))
    found.sort(key=lambda m: (m.start, m.operator, m.replacement))
    return found
