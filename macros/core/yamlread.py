"""Read YAML keeping the line of every value, and refusing what PyYAML lets slip.

PyYAML keeps the last of two duplicate keys without a word, expands anchors
and aliases without limit, reads yes/no as true/false and 0110 as octal, crashes
on input nested thousands deep, and forgets line numbers once it has built Python
objects. Staff need "which file, which line", so we read the parser's events
(libyaml's C parser when present) and build plain Python values ourselves, without
recursion, recording the line of each value under its path.

Most files have nothing wrong, so each is first read by a quick loop that builds the values
only and gives up at anything unusual (_read_plain); only then does the exact walker (_Builder)
read the file, and say what is wrong where. Lines are found only when a problem is reported.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from macros.core.untrusted import characters_message, may_refuse, printable, refused_in

Path = tuple[Any, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 2 * 1024 * 1024  # a plan's largest file is ~100 KB; 2 MB is a paste gone wrong


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the data, located for a person to fix."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        # printable(): a value quoted in a message never sends a control character to the terminal
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return printable(text)


def format_path(path: Path) -> str:
    """('kpis', 3, 'target') -> 'kpis[3].target'"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class YamlDoc:
    data: Any
    problems: list[Problem]  # duplicate keys, impossible dates…: reported, the rest still validated
    text: str = field(default="", repr=False)  # the file, to find lines in when a problem is reported
    # When records with problems are left out of a list (load.py), where each kept record was:
    # key -> original index of kept record 0, 1, …, so that later reports name the right record.
    positions: dict[str, list[int]] = field(default_factory=dict)
    _lines: dict[Path, int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> dict[Path, int]:
        """path -> 1-based line of the value (for keys: the key's line).

        Found when first asked for, by reading the text again with the exact walker: only files
        with a problem need lines, and a line for every value of 1,741 plans costs many seconds."""
        if self._lines is None:
            builder = _Builder("")
            builder.run(yaml.parse(self.text, Loader=_Loader))
            self._lines = builder.lines
        return self._lines

    def line_of(self, path: Path) -> int:
        """Line of the deepest part of path that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()
MAX_DEPTH = 50  # real plan data nests about 8 levels; libyaml's composer crashes the process near 30,000

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
# YAML 1.1 reads yes/no/on/off as true/false, 0110 as octal 72, 1_104 as 1104 and 11:04 as 664.
# Staff mean the text they typed, so only plain decimal numbers and true/false keep a special meaning;
# anything else stays text (and a number field then says what to write).
_PLAIN = {
    _TAG + "bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    _TAG + "int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    _TAG + "float": re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
                               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"),
}


def read_yaml(raw: bytes, file: str) -> YamlDoc:
    """Parse one YAML document from bytes.

    Raises YamlError when nothing can be read (encoding, syntax, empty file, nesting);
    smaller problems are kept on the returned YamlDoc so validation still runs.
    """
    text = _decode(raw, file)
    literal = _refused_lines(text)
    if any(ord(c) < 0xA0 or c in "\u2028\u2029" for chars in literal.values() for c in chars):
        # controls and separators: libyaml cannot read them or counts lines differently from editors
        raise YamlError([Problem(file, n, "", characters_message(chars)) for n, chars in literal.items()])
    doc = _read(text, file)
    if literal or _ESCAPE.search(text):
        doc.problems.extend(_character_problems(doc, file, literal))
    return doc


def _read(text: str, file: str) -> YamlDoc:
    data = _read_plain(text)
    if data is not _UNUSUAL:
        return YamlDoc(data, [], text)
    builder = _Builder(file)
    try:
        data, documents = builder.run(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise YamlError([_syntax_problem(exc, file, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml without marks
        raise YamlError([Problem(file, 1, "", f"the file is not valid YAML: {exc}")]) from None
    if documents == 0:
        raise YamlError([Problem(file, 1, "", "the file is empty; it needs at least its top-level key")])
    return YamlDoc(data, builder.problems, text, _lines=builder.lines)


# A double-quoted YAML escape that can make a refused character (\e is ESC, \u202e, \x1b, \0, \N, \L …)
_ESCAPE = re.compile(r"\\[0abvfreNLPxuU]")


def _refused_lines(text: str) -> dict[int, list[str]]:
    """line (from 1, as editors count: a line ends at a line feed) -> refused characters written on it."""
    if not may_refuse(text):  # nearly every file: one scan in C
        return {}
    out = {}
    for number, line in enumerate(text.split("\n"), start=1):
        found = refused_in(line.removesuffix("\r"))
        if found:
            out[number] = [ch for _, ch in found]
    return out


def _strings(data: Any) -> list[tuple[Path, str]]:
    """(path, text) of every key and text value, without recursion."""
    out: list[tuple[Path, str]] = []
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            out.append((path, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    out.append((path + (key,), key))
                stack.append((path + (key,), item))
        elif isinstance(value, list):
            stack.extend((path + (i,), item) for i, item in enumerate(value))
    return sorted(out, key=lambda pv: [str(p) for p in pv[0]])


def _character_problems(doc: YamlDoc, file: str, literal: dict[int, list[str]]) -> list[Problem]:
    """One problem per text holding a refused character, on the line where it is written (or where
    the text starts, when it is written as an escape such as \u202e); then one per other line that
    holds one (a comment)."""
    out, used = [], set()
    for path, text in _strings(doc.data):
        found = [ch for _, ch in refused_in(text)]
        if not found:
            continue
        start = doc.line_of(path)
        line = next((n for n in sorted(literal) if n >= start and n not in used and set(literal[n]) & set(found)),
                    start)
        used.add(line)
        out.append(Problem(file, line, format_path(path), characters_message(found)))
    out += [Problem(file, n, "", characters_message(chars)) for n, chars in literal.items() if n not in used]
    return out


_UNUSUAL = object()  # _read_plain gives up: the exact walker reads the file
_KEY_TYPES = {str, int}  # what the exact walker takes as a key (not bool, a subclass of int)


def _read_plain(text: str) -> Any:
    """The file's value when it is plain data: one document of mappings, lists and scalars with
    no anchor, alias, tag, duplicate or odd key, impossible date, nothing nested too deep:
    exactly what the exact walker builds when it finds no problem. _UNUSUAL otherwise.

    Builds from the same events as the exact walker, but keeps no line or path and does little per
    event: for 1,741 plans (7.3M events) 8 s instead of 20 s, of which libyaml's events take 5 s."""
    special = _resolver.yaml_implicit_resolvers  # first characters of plain text read as non-text
    if None in special:  # a resolver for any first character was added: take the exact way
        return _UNUSUAL
    parser = _Loader(text)
    try:
        return _build_plain(parser.get_event, special)
    except yaml.YAMLError:  # a syntax error: the exact walker reports it
        return _UNUSUAL
    finally:
        parser.dispose()


def _build_plain(get_event: Any, special: dict) -> Any:
    """Each open mapping or list collects its children in a list (a mapping: key, value, key, …),
    which becomes the value when the mapping or list ends. No recursion, as in the exact walker."""
    scalar, alias, document_start = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
    mapping_start, mapping_end = yaml.MappingStartEvent, yaml.MappingEndEvent
    sequence_start, sequence_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent  # local: looked up 7M times
    open_: list[list] = []
    root: Any = None
    documents = 0
    for event in iter(get_event, None):  # get_event gives None after the stream's end
        kind = event.__class__
        if kind is scalar:
            if event.anchor is not None or event.tag is not None:
                return _UNUSUAL
            value = event.value
            if event.implicit[0] and value[:1] in special:  # plain text that may be a number, date…
                value = _plain_value(value)
                if value is _UNUSUAL:
                    return _UNUSUAL
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or len(open_) >= MAX_DEPTH:
                return _UNUSUAL
            open_.append([])
            continue
        elif kind is sequence_end:
            value = open_.pop()
        elif kind is mapping_end:
            value = _mapping(open_.pop())
            if value is _UNUSUAL:
                return _UNUSUAL
        elif kind is document_start:
            documents += 1
            if documents > 1:
                return _UNUSUAL
            continue
        elif kind is alias:
            return _UNUSUAL
        else:
            continue  # stream start and end, document end
        if open_:
            open_[-1].append(value)
        else:
            root = value
    return root if documents == 1 else _UNUSUAL


def _mapping(items: list) -> Any:
    """key, value, key, value… -> a dict; _UNUSUAL for a key that is not text or a whole number
    (a list, true, a date, null…) or that comes twice."""
    keys = items[0::2]
    if not set(map(type, keys)) <= _KEY_TYPES:
        return _UNUSUAL
    mapping = dict(zip(keys, items[1::2]))
    return mapping if len(mapping) == len(keys) else _UNUSUAL


@functools.lru_cache(maxsize=65536)  # ids, numbers and dates recur across files; all immutable
def _plain_value(value: str) -> Any:
    """What the exact walker makes of untagged plain text that PyYAML may read as a number,
    true/false, null or a date (see _Builder._scalar); _UNUSUAL where it would report a problem
    or fail (an impossible date, merge key <<, =)."""
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    plain = _PLAIN.get(tag)
    if plain is not None and not plain.fullmatch(value):
        return value
    if tag not in _ALLOWED_TAGS:
        return _UNUSUAL
    try:
        return _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, value))
    except (ValueError, yaml.constructor.ConstructorError):
        return _UNUSUAL


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError([Problem(file, 1, "", f"the file is {len(raw):,} bytes; data files must be under "
                                 f"{MAX_FILE_BYTES:,} bytes (was something pasted by mistake?)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError([Problem(file, 1, "", "the file starts with a byte-order mark (BOM); "
                                 "save it as UTF-8 without BOM")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError([Problem(file, 1, "", "the file is UTF-16 text (Excel's \"Unicode text\"); "
                                 "save it as UTF-8 without BOM")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError([Problem(file, line, "", "the file is not UTF-8 text "
                                 "(saved as Shift_JIS?); save it as UTF-8")]) from None


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or "syntax error"
    lines = text.splitlines()
    bad = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in bad or "tab" in problem:
        message = "a tab character is used for indentation; indent with spaces only"
    else:
        message = f"YAML syntax error: {problem}"
        if exc.context:
            message += f" ({exc.context})"
        message += "; check indentation, colons and quotes on this line and the one above"
    return Problem(file, line, "", message)


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


class _Frame:
    __slots__ = ("value", "path", "key", "expect_key", "skip_value", "first_line")

    def __init__(self, value: Any, path: Path):
        self.value, self.path = value, path
        self.key: Any = None
        self.expect_key = isinstance(value, dict)
        self.skip_value = False
        self.first_line: dict = {}


class _Builder:
    """Build plain dicts/lists/scalars straight from parser events, recording lines.

    Iterative on purpose: no recursion, so a file nested thousands deep is refused with a
    message instead of crashing the process (libyaml's composer recurses in C).
    """

    def __init__(self, file: str):
        self.file = file
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self._anchors: dict[str, int] = {}
        self._reported: set[str] = set()

    def run(self, events: Any) -> tuple[Any, int]:
        stack: list[_Frame] = []
        skipping = 0  # depth inside a subtree that is being discarded
        root: Any = None
        documents = 0
        for event in events:
            if skipping:
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    skipping += 1
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    skipping -= 1
                    if not skipping:
                        self._done(stack)
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError([Problem(self.file, event.start_mark.line + 1, "",
                                             "a second YAML document starts here (a line '---'); "
                                             "a data file holds one document: delete the line")])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                self._done(stack)
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent,
                                      yaml.SequenceStartEvent)):
                continue  # stream and document ends
            line = event.start_mark.line + 1
            top = stack[-1] if stack else None
            if top is not None and top.expect_key:
                if self._key(top, event, line):
                    continue
                skipping = 1 if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)) else 0
                if not skipping:
                    self._done(stack)
                continue
            if top is not None and top.skip_value:
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    skipping = 1
                else:
                    self._done(stack)
                continue
            path = self._child_path(top)
            value, container = self._value(event, path, line)
            if container is _SKIP:
                value, skipping = None, 1
            if top is None:
                root = value
                self.lines.setdefault(path, line)
            elif isinstance(top.value, list):
                top.value.append(value)
                self.lines.setdefault(path, line)
            else:
                top.value[top.key] = value
            if skipping:
                continue
            if container is not None:
                if len(stack) >= MAX_DEPTH:
                    raise YamlError([Problem(self.file, line, "",
                                             f"the data is nested more than {MAX_DEPTH} levels deep here; "
                                             "plan data needs about 8: check the brackets and indentation")])
                stack.append(_Frame(container, path))
            else:
                self._done(stack)
        return root, documents

    @staticmethod
    def _child_path(top: _Frame | None) -> Path:
        if top is None:
            return ()
        if isinstance(top.value, list):
            return top.path + (len(top.value),)
        return top.path + (top.key,)

    @staticmethod
    def _done(stack: list[_Frame]) -> None:
        """A node ended: its parent mapping now expects a key again."""
        if stack and isinstance(stack[-1].value, dict):
            top = stack[-1]
            if top.expect_key:  # a skipped key: its value is skipped too
                top.expect_key, top.skip_value = False, True
            else:
                top.expect_key, top.skip_value = True, False

    def _key(self, top: _Frame, event: Any, line: int) -> bool:
        """Take a mapping key; True when its value is to be read, False when key and value are skipped."""
        if isinstance(event, yaml.AliasEvent):
            self._alias(event, top.path)
            return False
        if not isinstance(event, yaml.ScalarEvent):
            self._problem(line, top.path, "a key must be a plain word such as title")
            return False
        tag = event.tag if event.tag not in (None, "!") else _resolver.resolve(yaml.ScalarNode, event.value,
                                                                               event.implicit)
        if tag == _TAG + "merge":
            self._problem(line, top.path, "merge keys (<<) are not allowed; write the fields out")
            return False
        key = self._scalar(event, top.path)
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            self._problem(line, top.path, "a key must be a plain word such as title")
            return False
        if key in top.value:
            self._problem(line, top.path + (key,), f"the key '{key}' appears twice in this mapping "
                          f"(first on line {top.first_line[key]}); keep one and delete the other")
            return False
        top.first_line[key] = line
        self.lines[top.path + (key,)] = line
        top.key, top.expect_key = key, False
        return True

    def _value(self, event: Any, path: Path, line: int) -> tuple[Any, Any]:
        """(value, container to fill or None for a scalar, or _SKIP)."""
        if isinstance(event, yaml.AliasEvent):
            self._alias(event, path)
            return None, None
        if event.anchor is not None:
            self._anchors.setdefault(event.anchor, line)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, path), None
        if event.tag not in (None, "!") and event.tag not in _ALLOWED_TAGS:
            self._problem(line, path, f"YAML tags such as {_shown_tag(event.tag)} are not allowed; "
                          "write plain values")
            return None, _SKIP
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        return container, container

    def _alias(self, event: Any, path: Path) -> None:
        anchor = event.anchor
        if anchor in self._reported:
            return
        self._reported.add(anchor)
        if anchor not in self._anchors:
            self._problem(event.start_mark.line + 1, path, f"*{anchor} is an alias, and no &{anchor} comes "
                          "before it; anchors and aliases are not allowed: write the value out")
            return
        self._problem(self._anchors[anchor], path, "this value is anchored (&) here and reused with an alias (*); "
                      "anchors and aliases are not allowed: write the value out each time")

    def _scalar(self, event: Any, path: Path) -> Any:
        line = event.start_mark.line + 1
        if event.tag in (None, "!"):
            tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
            plain = _PLAIN.get(tag)
            if plain is not None and not plain.fullmatch(event.value):
                return event.value
            if tag not in _constructor.yaml_constructors:
                return event.value  # = and << as values: YAML 1.1 has tags but no readers for them; text
        elif event.tag in _ALLOWED_TAGS:
            tag = event.tag
        else:
            self._problem(line, path, f"YAML tags such as {_shown_tag(event.tag)} are not allowed; "
                          "write plain values")
            return None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _constructor.yaml_constructors[tag](_constructor, node)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            if tag == _TAG + "timestamp":
                self._problem(line, path, f'"{event.value}" is not a real date; write an existing date as YYYY-MM-DD')
            else:
                self._problem(line, path, f'cannot read "{event.value}": {exc}')
            return None

    def _problem(self, line: int, path: Path, message: str) -> None:
        self.problems.append(Problem(self.file, line, format_path(path), message))


_SKIP = object()
