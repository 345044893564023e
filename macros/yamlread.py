"""Read YAML keeping the line of every value, and refusing what PyYAML lets slip.

PyYAML keeps the last of two duplicate keys without a word, expands anchors
and aliases without limit, and forgets line numbers once it has built Python
objects. Staff need "which file, which line", so we compose the node tree
(libyaml's C composer when present) and build plain Python values ourselves,
recording the line of each value under its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

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
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


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
    lines: dict[Path, int]  # path -> 1-based line of the value (for keys: the key's line)
    problems: list[Problem]  # duplicate keys, impossible dates…: reported, the rest still validated

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


_scalar_constructor = yaml.constructor.SafeConstructor()


def read_yaml(raw: bytes, file: str) -> YamlDoc:
    """Parse one YAML document from bytes.

    Raises YamlError when nothing can be read (encoding, syntax, empty file);
    smaller problems are kept on the returned YamlDoc so validation still runs.
    """
    text = _decode(raw, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlError([_syntax_problem(exc, file, text)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml without marks
        raise YamlError([Problem(file, 1, "", f"the file is not valid YAML: {exc}")]) from None
    if node is None:
        raise YamlError([Problem(file, 1, "", "the file is empty; it needs at least its top-level key")])
    builder = _Builder(file)
    data = builder.build(node, ())
    return YamlDoc(data, builder.lines, builder.problems)


def _decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError([Problem(file, 1, "", f"the file is {len(raw):,} bytes; data files must be under "
                                 f"{MAX_FILE_BYTES:,} bytes (was something pasted by mistake?)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError([Problem(file, 1, "", "the file starts with a byte-order mark (BOM); "
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


class _Builder:
    """Turn composed nodes into plain dicts/lists/scalars, recording lines."""

    def __init__(self, file: str):
        self.file = file
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self._seen:
            self._problem(node, path, "this value is anchored (&) here and reused with an alias (*); "
                          "anchors and aliases are not allowed: write the value out each time")
            return None
        self._seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        out: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, path, "merge keys (<<) are not allowed; write the fields out")
                continue
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)):
                self._problem(key_node, path, "a key must be a plain word such as title")
                continue
            key_line = key_node.start_mark.line + 1
            if key in out:
                self._problem(key_node, path + (key,), f"the key '{key}' appears twice in this mapping "
                              f"(first on line {first_line[key]}); keep one and delete the other")
                continue
            first_line[key] = key_line
            self.lines[path + (key,)] = key_line
            out[key] = self.build(value_node, path + (key,))
            self.lines[path + (key,)] = key_line
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        try:
            return _scalar_constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                self._problem(node, path, f'"{node.value}" is not a real date; write an existing date as YYYY-MM-DD')
            else:
                self._problem(node, path, f'cannot read "{node.value}": {exc}')
            return None

    def _problem(self, node: yaml.Node, path: Path, message: str) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, format_path(path), message))
