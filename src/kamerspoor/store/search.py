"""Search queries: the query language, its translation for each database, and snippets.

The query language is small and the same on both databases: words (all must match), ``"a phrase"``,
``OR``, ``-word`` or ``NOT word``, ``prefix*`` and parentheses. It is parsed here, so a bad query is a clear
``QuerySyntaxError`` naming what is wrong and where, never a database error.

Why this design (lemmas, stems and compound matching)
-----------------------------------------------------
Each paragraph is indexed with five columns (see :mod:`kamerspoor.store.dutch`): the text itself, the lemma of
every word in order, the Dutch Snowball stem of every word in order, the lemmas of the heads of compound
words and the stems of all parts of compound words. A word in a query is normalised the same ways and
matched against all four: its lemma against the lemmas and the heads, its stem against the stems and the
parts. So "verdedigers" finds "verdediger" (lemma), "mensenrechtenverdedigers" (head), "verdediging" (stem:
both are "verdeed") and "verdedigingsbeleid" (part), ranked in that order by the columns' weights: a query
finds everything a stemmer alone would, but the word the user typed comes first. A phrase is matched
against the lemmas in order, or the stems in order. On SQLite this is one FTS5 table with the unicode61
tokenizer, ranked by bm25 with a weight per column. The alternative, FTS5's trigram tokenizer, finds any
substring but knows no stems ("verdediger" would not find "verdedigers"), ranks substrings of unrelated
words ("eer" in "regering") and triples the index; vocabulary based splitting keeps bm25 meaningful. On
PostgreSQL the paragraph's ``tsv`` holds the same columns as lexemes weighted A (lemmas), B (heads), C
(stems, and ``to_tsvector('dutch', text)``, PostgreSQL's own Dutch stemming) and D (parts), and a query
word becomes ``to_tsquery('dutch', word) || lemma:AB | stem:CD``, ranked by ``ts_rank``.

Derived forms
-------------
A name's adjective and its inhabitants ("Chinese", "Chinezen" of "China"; "Oeigoerse" of "Oeigoeren") and a
noun's adjective ("economische" of "economie") share no lemma and no stem with it. A sixth column, ``family``,
holds the family term of every such word (:mod:`kamerspoor.rules.derivations`), and a word of a query also
matches the family column on its own terms (``derivations.query_terms``: "china" finds the "Chinese" whose term
is china) and the lemmas on its family's base ("economische" finds "economie"). The family column weighs 0.3 in
bm25, below a compound's head, so a paragraph that says the word itself still ranks first; on PostgreSQL it is
weight B, and the base's lemma weight A. A prefix query and a phrase are matched as written, without families.

Snippets are cut in Python from the paragraph text for both databases: the window around the first hit,
every hit in it wrapped in ``<mark>...</mark>``, the rest HTML-escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from kamerspoor.model import InputError
from kamerspoor.rules import derivations
from kamerspoor.store import dutch


class QuerySyntaxError(InputError):
    """A search query that cannot be read; the message says what is wrong and at which position."""

    def __init__(self, problem: str, query: str | None = None):
        super().__init__("search query", problem)
        self.query = query


# -- the query language ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    word: str  # lower case, letters and digits only
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | And | Or | Not
Token = tuple[str, str, int]  # (kind, text, position)


def _lex(q: str) -> list[Token]:
    """Lexemes: ("(", "(", pos), (")", ...), ("phrase", text, pos), ("word", text, pos), ("op", OR|AND|NOT, pos),
    ("neg", "-", pos)."""
    out = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in "()":
            out.append((c, c, i))
            i += 1
        elif c == '"':
            j = q.find('"', i + 1)
            if j < 0:
                raise QuerySyntaxError(f"the quote at position {i + 1} is not closed", q)
            out.append(("phrase", q[i + 1:j], i))
            i = j + 1
        elif c == "-" and i + 1 < n and not q[i + 1].isspace() and (i == 0 or q[i - 1].isspace() or q[i - 1] == "("):
            out.append(("neg", "-", i))
            i += 1
        else:
            j = i
            while j < n and not q[j].isspace() and q[j] not in '()"':
                j += 1
            word = q[i:j]
            if word in ("OR", "AND", "NOT"):
                out.append(("op", word, i))
            else:
                out.append(("word", word, i))
            i = j
    return out


class _Parser:
    def __init__(self, q: str):
        self.q = q
        self.toks = _lex(q)
        self.i = 0

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _next_token(self) -> Token:
        """The token at the current position (the callers know there is one)."""
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("the query ends too soon", self.q)
        return tok

    def parse(self) -> Node | None:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            if tok[0] == ")":
                raise QuerySyntaxError(f"the ')' at position {tok[2] + 1} has no matching '('", self.q)
            raise QuerySyntaxError(f"unexpected {tok[1]!r} at position {tok[2] + 1}", self.q)
        return node

    def or_expr(self) -> Node | None:
        items: list[Node] = []
        left = self.and_expr()
        while (tok := self.peek()) is not None and tok[0] == "op" and tok[1] == "OR":
            self.i += 1
            right = self.and_expr()
            if left is None or right is None:
                raise QuerySyntaxError(f"OR at position {tok[2] + 1} needs words on both sides", self.q)
            items.append(left)
            left = right
        if items and left is not None:  # left is the last right, never None here
            return Or((*items, left))
        return left

    def and_expr(self) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok[0] == "op" and tok[1] == "AND":
                self.i += 1
                if not items:
                    raise QuerySyntaxError(f"AND at position {tok[2] + 1} needs words on both sides", self.q)
                nxt = self.peek()
                if nxt is None or nxt[0] == ")" or (nxt[0] == "op" and nxt[1] != "NOT"):
                    raise QuerySyntaxError(f"AND at position {tok[2] + 1} needs words on both sides", self.q)
                continue
            if tok[0] == ")" or (tok[0] == "op" and tok[1] == "OR"):
                break
            node = self.unary()
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Node | None:
        tok = self._next_token()
        if tok[0] == "neg" or (tok[0] == "op" and tok[1] == "NOT"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt[0] in (")", "op", "neg"):
                raise QuerySyntaxError(f"{tok[1]} at position {tok[2] + 1} needs a word after it", self.q)
            inner = self.atom()
            return Not(inner) if inner is not None else None
        return self.atom()

    def atom(self) -> Node | None:
        tok = self._next_token()
        self.i += 1
        kind, text, pos = tok
        if kind == "(":
            inner = self.or_expr()
            close = self.peek()
            if close is None or close[0] != ")":
                raise QuerySyntaxError(f"the '(' at position {pos + 1} is not closed", self.q)
            self.i += 1
            return inner
        if kind == "phrase":
            words = dutch.tokens(text)
            if not words:
                return None
            return Term(words[0]) if len(words) == 1 else Phrase(tuple(words))
        if kind == "word":
            prefix = text.endswith("*")
            words = dutch.tokens(text)
            if not words:
                return None
            if len(words) == 1:
                return Term(words[0], prefix=prefix)
            return Phrase(tuple(words))
        raise QuerySyntaxError(f"unexpected {text!r} at position {pos + 1}", self.q)


def _check(node, q: str) -> None:
    """A query must say what to find, not only what to leave out."""
    if isinstance(node, Not):
        raise QuerySyntaxError("a query needs at least one word that is not excluded", q)
    if isinstance(node, And):
        if all(isinstance(x, Not) for x in node.items):
            raise QuerySyntaxError("a query needs at least one word that is not excluded", q)
        for x in node.items:
            _check(x.item if isinstance(x, Not) else x, q)
    if isinstance(node, Or):
        for x in node.items:
            if isinstance(x, Not):
                raise QuerySyntaxError("OR cannot join an excluded word; use -word next to other words", q)
            _check(x, q)


def parse_query(q: str) -> Node:
    """Parse a search query; raise QuerySyntaxError when it cannot be read or finds nothing to search."""
    if not q or not q.strip():
        raise QuerySyntaxError("the query is empty", q)
    node = _Parser(q).parse()
    if node is None:
        raise QuerySyntaxError("the query has no words to search for", q)
    _check(node, q)
    return node


# -- translations ------------------------------------------------------------------------------------------

def derived_terms(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a query word matches besides its lemma and stem: (family terms, lemmas of its family's base)."""
    lemma = dutch.norm(word)
    bases = tuple(dict.fromkeys(b for b in (dutch.norm(x) for x in derivations.terms(word, True)) if b != lemma))
    return derivations.query_terms(word), bases


def to_fts5(node: Node, derived: bool = True) -> str:
    """The FTS5 MATCH expression for a parsed query (columns: text, lemmas, stems, heads, parts, family);
    ``derived=False`` leaves the derived forms out (the benchmark's "before")."""
    if isinstance(node, Term):
        if node.prefix:
            return f'(text : "{node.word}" * OR stems : "{node.word}" *)'
        lemma, stem = dutch.norm(node.word), dutch.stem(node.word)
        alts = [f'{{lemmas heads}} : "{lemma}"', f'{{stems parts}} : "{stem}"']
        if derived:
            family, bases = derived_terms(node.word)
            alts += [f'family : "{t}"' for t in family] + [f'lemmas : "{b}"' for b in bases]
        return "(" + " OR ".join(alts) + ")"
    if isinstance(node, Phrase):
        words = list(node.words)
        return f'(lemmas : "{" ".join(dutch.norms(words))}" OR stems : "{" ".join(dutch.stems(words))}")'
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(x, derived) for x in node.items) + ")"
    if isinstance(node, And):
        pos = [to_fts5(x, derived) for x in node.items if not isinstance(x, Not)]
        neg = [to_fts5(x.item, derived) for x in node.items if isinstance(x, Not)]
        out = "(" + " AND ".join(pos) + ")"
        for n in neg:
            out = f"({out} NOT {n})"
        return out
    raise TypeError(node)


def to_tsquery(node: Node, derived: bool = True) -> tuple[str, list]:
    """A PostgreSQL tsquery expression (SQL with ``?`` placeholders) and its parameters."""
    if isinstance(node, Term):
        if node.prefix:
            return "to_tsquery('simple', ?)", [f"{node.word}:*"]
        alts = [f"{dutch.norm(node.word)}:AB", f"{dutch.stem(node.word)}:CD"]
        if derived:
            family, bases = derived_terms(node.word)
            alts += [f"{t}:B" for t in family] + [f"{b}:A" for b in bases]
        return "(to_tsquery('dutch', ?) || to_tsquery('simple', ?))", [node.word, " | ".join(alts)]
    if isinstance(node, Phrase):
        words = list(node.words)
        return ("(phraseto_tsquery('dutch', ?) || to_tsquery('simple', ?) || to_tsquery('simple', ?))",
                [" ".join(words), " <-> ".join(f"{w}:A" for w in dutch.norms(words)),
                 " <-> ".join(f"{w}:C" for w in dutch.stems(words))])
    if isinstance(node, Or | And):
        op = " || " if isinstance(node, Or) else " && "
        parts, params = [], []
        for x in node.items:
            if isinstance(x, Not):
                sql, p = to_tsquery(x.item, derived)
                parts.append(f"!!{sql}")
            else:
                sql, p = to_tsquery(x, derived)
                parts.append(sql)
            params.extend(p)
        return "(" + op.join(parts) + ")", params
    raise TypeError(node)


# -- snippets ----------------------------------------------------------------------------------------------

@dataclass
class Highlighter:
    """Which words of a paragraph are hits of a query."""

    stems: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    lemmas: set[str] = field(default_factory=set)
    family: set[str] = field(default_factory=set)  # the query words' family terms (derived forms)
    bases: set[str] = field(default_factory=set)  # lemmas of the query words' family bases

    @classmethod
    def for_query(cls, node: Node) -> Highlighter:
        stems: set[str] = set()
        lemmas: set[str] = set()
        prefixes: list[str] = []
        family: set[str] = set()
        bases: set[str] = set()

        def walk(n):
            if isinstance(n, Term):
                if n.prefix:
                    prefixes.append(n.word)
                else:
                    stems.add(dutch.stem(n.word))
                    lemmas.add(dutch.norm(n.word))
                    terms, base_lemmas = derived_terms(n.word)
                    family.update(terms)
                    bases.update(base_lemmas)
            elif isinstance(n, Phrase):
                stems.update(dutch.stems(list(n.words)))
                lemmas.update(dutch.norms(list(n.words)))
            elif isinstance(n, And | Or):
                for x in n.items:
                    walk(x)
            # excluded words are not highlighted

        walk(node)
        return cls(stems, tuple(prefixes), lemmas, family, bases)

    def hits(self, words: list[str], family: list[tuple[str, ...]] | None = None) -> list[bool]:
        """Whether each word is a hit: its lemma, stem or prefix, a part of it as a compound, or (with
        ``family``, each word's family terms) a derived form of a query word."""
        return [s > 0 for s in self.strengths(words, family)]

    def strengths(self, words: list[str], family: list[tuple[str, ...]] | None = None) -> list[int]:
        """How strongly each (lower-case) word matches: 2 its lemma (or the lemma of its head as a compound) or
        a prefix, 1 only its stem (or the stem of one of its parts), or a derived form of a query word (its
        family terms in ``family``, one tuple per word, overlap the query's; or it is the family's base),
        0 not at all."""
        st = dutch.stems(words)
        out = []
        for i, (w, s) in enumerate(zip(words, st, strict=True)):
            if dutch.norm(w) in self.lemmas or (self.prefixes and w.startswith(self.prefixes)):
                out.append(2)
            elif len(w) >= dutch.MIN_COMPOUND and not self.lemmas.isdisjoint(dutch.head_norms(w)):
                out.append(2)
            elif s in self.stems:
                out.append(1)
            elif len(w) >= dutch.MIN_COMPOUND and not self.stems.isdisjoint(dutch.part_stems(w)):
                out.append(1)
            elif (family is not None and not self.family.isdisjoint(family[i])) or dutch.norm(w) in self.bases:
                out.append(1)
            else:
                out.append(0)
        return out

    def text_strengths(self, text: str) -> list[tuple[int, int, int]]:
        """Every word of ``text`` (as written) with its span and how strongly it matches (see
        :meth:`strengths`); the text's own case decides a name's adjective ("Leidse")."""
        found = derivations.word_terms(text) if self.family else [
            (m.start(), m.end(), ()) for m in dutch.WORD.finditer(text)]
        strengths = self.strengths([text[a:b].lower() for a, b, _ in found], [t for _, _, t in found])
        return [(a, b, x) for (a, b, _), x in zip(found, strengths, strict=True)]


def snippet(text: str, hl: Highlighter, width: int = 30, mark: tuple[str, str] = ("<mark>", "</mark>")) -> str:
    """About ``width`` words of ``text`` around the first hit, hits wrapped in ``mark``, HTML-escaped."""
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lowered; keep offsets right
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    spans = [m.span() for m in dutch.WORD.finditer(lower)]
    if not spans:
        return html.escape(text[:200])
    words = [lower[a:b] for a, b in spans]
    family = [t for _, _, t in derivations.word_terms(text)] if hl.family else None
    if family is not None and len(family) != len(words):  # a character whose case changes the words: no families
        family = None
    strengths = hl.strengths(words, family)
    hits = [x > 0 for x in strengths]
    best = max(strengths)  # the window opens at the first of the strongest hits
    first = next((i for i, x in enumerate(strengths) if x == best), 0) if best else 0
    lo = max(0, first - width // 3)
    hi = min(len(spans), lo + width)
    lo = max(0, min(lo, hi - width))
    esc = html.escape
    out = ["…"] if lo > 0 else []
    pos = spans[lo][0]
    for i in range(lo, hi):
        if hits[i]:
            a, b = spans[i]
            out.append(esc(text[pos:a]))
            out.append(mark[0] + esc(text[a:b]) + mark[1])
            pos = b
    end = spans[hi - 1][1] if hi < len(spans) else len(text)
    out.append(esc(text[pos:end]))
    if hi < len(spans):
        out.append(" …")
    return "".join(out).strip()
