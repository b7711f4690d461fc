"""Read a codebook file: YAML (with line numbers in every message) or a REFI-QDA ``.qdc``.

The YAML format is documented at the top of ``codebooks/customer-management.yaml``.
"""
from __future__ import annotations

from pathlib import Path

from ..base.names import slug
from ..base.yamlsource import LINE, read_yaml_file
from ..domain import MAX_CODE_DEPTH
from ..errors import CodebookError
from ..nlp.language import is_known_language, language_fix
from .codebook import _TEXT_FIELDS, Code, Codebook, Recommendation, StanceCues
from .qdc import read_qdc
from .rules import Rule, RuleSyntaxError, parse_rule

_CODE_KEYS = {"id", "codes", "parent", "colour", "color", "rules", "exclude", "questions", "examples",
              "recommendation", "stance", "key", *_TEXT_FIELDS, "description", LINE}
_SIDES = ("positive", "negative")
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")


class _Builder:
    """Turns the parsed YAML into codes, checking each entry with its line number."""

    def __init__(self, file: Path | None, languages: tuple[str, ...] = ()) -> None:
        self.file = file
        self.languages = languages
        self.codes: list[Code] = []
        self.lines: dict[str, int] = {}
        self.declared_parents: dict[str, tuple[str, int]] = {}

    def check_cycles(self) -> None:
        """Flat entries (``parent:``) can name each other in a loop; report where."""
        acyclic: set[str] = set()  # codes whose chain of parents is known to end
        for start, (_, line) in self.declared_parents.items():
            seen, order, node = {start}, [start], start
            while node in self.declared_parents and node not in acyclic:
                node = self.declared_parents[node][0]
                if node in seen:
                    self.fail("codes form a cycle through their parents", line,
                              " -> ".join([*order[order.index(node):], node]),
                              fix="give one of these codes a different parent")
                seen.add(node)
                order.append(node)
            acyclic.update(order)

    def fail(self, problem: str, line, value=None, fix: str | None = None):
        kwargs = {"value": value} if value is not None else {}
        raise CodebookError(problem, file=self.file, where=f"line {line}" if line else None,
                            fix=fix or "see the codebook format described at the top of "
                                       "codebooks/customer-management.yaml", **kwargs)

    def language(self, lang, line, name: str) -> str:
        """A per-language key (``fi:`` under ``rules:``, ``label:``...), checked."""
        if self.languages:
            if lang not in self.languages:
                self.fail(f"'{name}' is given for a language that is not in the codebook's "
                          "'languages:'", line, lang,
                          fix="the codebook's languages are " + ", ".join(self.languages)
                              + "; correct the language code, or add it to 'languages:'")
        elif not is_known_language(lang, allow_auto=False):
            self.fail(f"unknown language code in '{name}'", line, lang,
                      fix=language_fix(allow_auto=False))
        return lang

    def texts(self, value, line, name: str) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return {"*": str(value).strip()}
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k == LINE:
                    continue
                if v is not None and not isinstance(v, (str, int, float)):
                    self.fail(f"'{name}' for '{k}' must be text", line, v,
                              fix="write the text on one line, or as a block with '|'")
                out[self.language(k, line, name)] = "" if v is None else str(v).strip()
            return out
        self.fail(f"'{name}' must be text or a mapping of language to text", line, value)

    def rules(self, value, line, name: str) -> dict[str, list[Rule]]:
        if value is None:
            return {}
        if isinstance(value, list):
            value = {"*": value}
        if not isinstance(value, dict):
            self.fail(f"'{name}' must map a language to a list of rules", line, value,
                      fix=f"write e.g.\n  {name}:\n    fi: [sähköposti]\n    en: [email]")
        out = {}
        for lang, items in value.items():
            if lang == LINE:
                continue
            if lang != "*":
                self.language(lang, line, name)
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list):
                self.fail(f"'{name}' for '{lang}' must be a list", line, items)
            parsed = []
            for item in items:
                if isinstance(item, (list, dict)) or item is None:
                    self.fail(f"a rule in '{name}' ({lang}) must be text", line,
                              "(empty)" if item is None else
                              {k: v for k, v in item.items() if k != LINE}
                              if isinstance(item, dict) else item,
                              fix="write each rule as text; quote rules that contain ':', e.g. "
                                  "'re:\\bCRM\\b'")
                try:
                    parsed.append(parse_rule(item))
                except RuleSyntaxError as exc:
                    self.fail(f"bad rule in '{name}' ({lang}): {exc}", line, str(item),
                              fix="see the rule syntax at the top of the demo codebook")
            out[str(lang)] = parsed
        return out

    def recommendation(self, value, line) -> Recommendation | None:
        if value is None:
            return None
        if not isinstance(value, dict) or "text" not in value:
            self.fail("'recommendation' needs a 'text'", line, value,
                      fix="write e.g.\n  recommendation:\n    text: {fi: ..., en: ...}\n"
                          "    min_cases: 3")
        min_cases = value.get("min_cases", 2)
        if not isinstance(min_cases, int) or isinstance(min_cases, bool) or min_cases < 1:
            self.fail("'min_cases' must be a whole number of at least 1",
                      value.get(LINE, line), min_cases)
        stance = value.get("stance")
        if stance not in (None, "positive", "negative", "mixed"):
            self.fail("unknown stance in recommendation", value.get(LINE, line), stance,
                      fix="use positive, negative or mixed")
        codes = value.get("codes") or []
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            self.fail("'codes' of a recommendation must be a list of code IDs",
                      value.get(LINE, line), codes,
                      fix="write e.g. codes: [channels/email, channels/phone]")
        return Recommendation(self.texts(value["text"], line, "text"), min_cases, stance,
                              tuple(c.strip() for c in codes))

    def add(self, entry, parent: str | None, depth: int = 1) -> None:
        if not isinstance(entry, dict):
            self.fail("each code must be a mapping with at least 'id' and 'label'", None, entry)
        line = entry.get(LINE)
        unknown = set(entry) - _CODE_KEYS
        if unknown:
            self.fail("unknown field in code", line, sorted(unknown, key=str)[0],
                      fix="known fields: " + ", ".join(sorted(_CODE_KEYS - {LINE})))
        if isinstance(entry.get("id"), bool):
            self.fail("YAML read this code ID as true/false", line, entry["id"],
                      fix="quote IDs such as yes, no, on, off: id: 'yes'")
        raw_id = str(entry.get("id") if entry.get("id") is not None else "").strip()
        if not raw_id:  # made from the label: "Same contact person" -> same_contact_person
            raw_id = slug(_first_text(entry.get("label")), "")
        if not raw_id:
            self.fail("a code has neither an ID nor a label", line, entry.get("id"),
                      fix="give it e.g. id: same_contact_person, label: Same contact person")
        if not set(raw_id) <= _ID_CHARS | {"/"}:
            self.fail("a code ID must be lower-case letters, digits, '_' or '-'", line, raw_id,
                      fix=f"e.g. id: {slug(raw_id)} (the label can keep capitals and spaces)")
        if "parent" in entry:
            declared = entry["parent"]
            if declared is not None and (not isinstance(declared, str) or not declared.strip()):
                self.fail("'parent' must be the ID of one code", line, declared,
                          fix="e.g. parent: channels")
            if declared is not None:
                self.declared_parents[raw_id] = (declared.strip(), line)
            parent = declared.strip() if declared is not None else None
        colour = entry.get("colour", entry.get("color"))
        if colour is not None and not isinstance(colour, str):
            self.fail("'colour' must be a colour such as '#1b9e77' (in quotes)", line, colour)
        code_id = raw_id if (parent is None or raw_id.startswith(f"{parent}/")) else \
            f"{parent}/{raw_id}"
        if code_id in self.lines:
            self.fail("duplicate code ID", line, code_id,
                      fix=f"it is already defined at line {self.lines[code_id]}; rename one")
        self.lines[code_id] = line
        texts = {n: self.texts(entry.get(n if n != "definition" else "definition",
                                         entry.get("description") if n == "definition" else None),
                               line, n) for n in _TEXT_FIELDS}
        labels = texts.pop("label") or {"*": raw_id.replace("_", " ")}
        self.codes.append(Code(
            code_id, parent, labels, texts, colour or None,
            self.rules(entry.get("rules"), line, "rules"),
            self.rules(entry.get("exclude"), line, "exclude"),
            self.examples(entry.get("examples"), line),
            self.recommendation(entry.get("recommendation"), line), line,
            self.rules(entry.get("questions"), line, "questions"),
            self.stance(entry.get("stance"), line)))
        children = entry.get("codes") or []
        if not isinstance(children, list):
            self.fail("'codes' must be a list of codes", line, children)
        if children and depth >= MAX_CODE_DEPTH:
            self.too_deep(code_id, line)
        for child in children:
            self.add(child, code_id, depth + 1)

    def too_deep(self, code_id: str, line) -> None:
        self.fail(f"codes nest more than {MAX_CODE_DEPTH} levels deep", line,
                  code_id if len(code_id) <= 80 else f"…{code_id[-80:]}",
                  fix="a codebook is themes → codes → sub-codes; merge the deeper levels "
                      "into their parents")

    def stance(self, value, line) -> StanceCues:
        """A code's ``stance:`` block: ``{fi: {positive: [rules], negative: [rules]},
        examples: {fi: {positive: [sentences], negative: [...], mixed: [...]}}}``."""
        if value is None:
            return StanceCues()
        if not isinstance(value, dict):
            self.fail("'stance' must map a language to positive / negative rules", line, value,
                      fix="write e.g.\n  stance:\n    fi:\n      negative: [\"en lue\"]")
        rules, line = {}, value.get(LINE, line)
        absence = value.get("absence", "negative")
        if absence not in _SIDES:
            self.fail("stance 'absence' must be positive or negative", line, absence,
                      fix="absence: positive — for a code that names something wanted")
        mention = value.get("mention")
        if mention is not None and mention not in _SIDES:
            self.fail("stance 'mention' must be positive or negative", line, mention,
                      fix="mention: positive — for a code people name when asked what they "
                          "want; negative for one named as something to avoid")
        for lang, sides in value.items():
            if lang in (LINE, "examples", "absence", "mention"):
                continue
            if not isinstance(sides, dict) or not set(sides) - {LINE} <= set(_SIDES):
                self.fail(f"'stance' for '{lang}' needs 'positive' and/or 'negative' rules",
                          line, sides, fix="write e.g. fi: {negative: [\"en lue\"]}")
            parsed = {side: self.rules({lang: sides[side]}, sides.get(LINE, line),
                                       f"stance {side}").get(str(lang), [])
                      for side in _SIDES if side in sides}
            rules[str(lang)] = parsed
        return StanceCues(rules, self.stance_examples(value.get("examples"), line), absence,
                          mention)

    def stance_examples(self, value, line) -> dict[str, dict[str, list[str]]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail("stance 'examples' must map a language to positive / negative / mixed "
                      "sentences", line, value)
        out = {}
        for lang, spec in value.items():
            if lang == LINE:
                continue
            self.language(lang, line, "stance examples")
            if not isinstance(spec, dict) or not set(spec) - {LINE} <= {*_SIDES, "mixed"}:
                self.fail(f"stance examples for '{lang}' need positive / negative / mixed "
                          "lists", line, spec)
            out[str(lang)] = {k: [str(s) for s in ([v] if isinstance(v, str) else v or [])]
                              for k, v in spec.items() if k != LINE}
        return out

    def examples(self, value, line) -> dict[str, dict[str, list[str]]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail("'examples' must map a language to match / no_match lists", line, value)
        out = {}
        for lang, spec in value.items():
            if lang == LINE:
                continue
            if not isinstance(spec, dict) or not set(spec) - {LINE} <= {"match", "no_match"}:
                self.fail(f"'examples' for '{lang}' needs 'match' and/or 'no_match' lists",
                          line, spec)
            self.language(lang, line, "examples")
            lists = {}
            for k in ("match", "no_match"):
                items = spec.get(k) or []
                items = [items] if isinstance(items, str) else items
                if not isinstance(items, list) or any(isinstance(i, (list, dict)) for i in items):
                    self.fail(f"'{k}' examples for '{lang}' must be a list of sentences",
                              spec.get(LINE, line), items)
                lists[k] = [str(i) for i in items]
            out[str(lang)] = lists
        return out


def _resolve(codes: list[Code], languages: tuple[str, ...], builder: _Builder) -> list[Code]:
    by_id = {c.id: c for c in codes}
    for code in codes:
        if code.parent is not None and code.parent not in by_id:
            builder.fail("unknown parent code", code.line, code.parent,
                         fix="define the parent code, or nest the code under it with 'codes:'")
        for evidence in code.recommendation.codes if code.recommendation else ():
            if evidence not in by_id:
                builder.fail("the recommendation names an unknown code as its evidence",
                             code.line, evidence, fix="use the full ID of a code in this "
                                                      "codebook, e.g. " + next(iter(by_id)))
    depth: dict[str, int] = {}
    for code in codes:
        chain, node = [], code
        while node.id not in depth and node.parent is not None and len(chain) <= MAX_CODE_DEPTH:
            chain.append(node)
            node = by_id[node.parent]
        level = depth.get(node.id, 1 if node.parent is None else MAX_CODE_DEPTH + 1)
        for above in reversed(chain):
            level += 1
            depth[above.id] = level
        depth.setdefault(code.id, level)
        if depth[code.id] > MAX_CODE_DEPTH:
            builder.too_deep(code.id, code.line)
        for mapping in (code.labels, *code.texts.values()):
            if "*" in mapping:
                text = mapping.pop("*")
                mapping.update({lang: text for lang in languages or ("en",)})
        for rules in (code.rules, code.exclude, code.questions):
            if "*" in rules:
                shared = rules.pop("*")
                for lang in languages or ("en",):
                    rules.setdefault(lang, []).extend(shared)
    return codes


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate a codebook YAML file (or a REFI-QDA ``.qdc``).

    Raises
    ------
    CodebookError
        With file, line, bad value and fix for every problem found.
    """
    path = Path(path)
    if path.suffix.lower() == ".qdc":
        return read_qdc(path)
    data = read_yaml_file(path, CodebookError)
    key = "themes" if isinstance(data, dict) and "themes" in data else "codes"
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CodebookError("a codebook needs a list of themes under 'themes:'", file=path,
                            where="line 1", fix="see codebooks/customer-management.yaml")
    if not entries:
        raise CodebookError(f"the codebook has no codes ('{key}:' is an empty list)", file=path,
                            where=f"line {data.get(LINE, 1)}",
                            fix="add at least one theme with an 'id' and a 'label'")
    languages = _languages(data.get("languages"), path)
    builder = _Builder(path, languages)
    try:
        for entry in entries:
            builder.add(entry, None)
    except RecursionError:
        raise CodebookError("the codes are nested too deeply", file=path,
                            fix="a codebook rarely needs more than a few levels of sub-codes")\
            from None
    builder.check_cycles()
    codes = _resolve(builder.codes, languages, builder)
    return Codebook(codes, str(data.get("name") or path.stem), path, languages)


def _languages(value, path: Path) -> tuple[str, ...]:
    """The codebook's ``languages:`` (one code or a list), each a known language code."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise CodebookError("'languages' must be a list of language codes", file=path,
                            where="'languages:'", value=value, fix="write e.g. languages: [fi, en]")
    for lang in value:
        if not is_known_language(lang, allow_auto=False):
            raise CodebookError("unknown language code in 'languages'", file=path,
                                where="'languages:'", value=lang,
                                fix=language_fix(allow_auto=False))
    return tuple(dict.fromkeys(value))


def _first_text(value) -> str:
    """A label's text: the string, or the first language's."""
    if isinstance(value, dict):
        value = next((v for k, v in value.items() if k != LINE and isinstance(v, str)), "")
    return value if isinstance(value, str) else ""
