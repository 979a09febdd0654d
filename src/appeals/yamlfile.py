"""Parse a case file's YAML safely, and say where a problem is.

Kept apart from appeals.loading so that a draft whose files were parsed before (see
appeals.parsedcache) does not import PyYAML at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from appeals.errors import DataError
from appeals.naturalvalues import plain_problem
from appeals.unseen import C0_BUT_LINES, C1_AND_BIDI


def read_yaml(path: Path, raw: bytes) -> tuple[Any, yaml.Node | None]:
    """Parse YAML safely, keeping the node tree so errors can point at a line."""
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as err:
        where = f"byte {err.start + 1}"
        raise DataError(f"{path}: not UTF-8 text ({where}); save it as UTF-8") from None
    loader = _Loader(text)
    try:
        _refuse_deep_nesting(text)
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases_and_duplicates(node)
            _refuse_control_characters(node)
        data = _construct(loader, node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = err.problem or err.context or "invalid YAML"
        syntax = isinstance(err, yaml.scanner.ScannerError | yaml.parser.ParserError)
        hint = "; check the indentation and quoting" if syntax else ""
        problem, hint = _plain_yaml(problem, hint)
        raise DataError(f"{path}{line}: {problem}{hint}") from None
    except yaml.reader.ReaderError as err:
        number = text.count("\n", 0, err.position) + 1
        raise DataError(
            f"{path}:{number}: the character U+{err.character:04X} is not allowed in YAML; "
            "remove it"
        ) from None
    except yaml.YAMLError as err:
        raise DataError(f"{path}: invalid YAML ({' '.join(str(err).split())})") from None
    finally:
        loader.dispose()
    return data, node


def _plain_yaml(problem: str, hint: str) -> tuple[str, str]:
    """PyYAML's wording for a tag or a second document, in a case file's terms."""
    tag = re.match(r"could not determine a constructor for the tag '(.*)'", problem)
    if tag:
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        return f"the tag {shown!r} is not allowed in these files", "; remove it, keep the value"
    if problem == "but found another document":
        return "a second document (after '---') in one file", "; keep only the first"
    return problem, hint


MAX_DEPTH = 50  # lists and mappings inside each other; a case file needs six


def _refuse_deep_nesting(text: str) -> None:
    """Refuse thousands of nested `[` before the composer recurses into them (libyaml's would
    overflow the C stack and crash); the events stream through in one linear pass."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"lists and mappings nested more than {MAX_DEPTH} deep; a case file needs "
                    "a few levels",
                    event.start_mark,  # type: ignore[arg-type]  # libyaml's Mark
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """The document's values; a scalar that YAML reads as a date or a number but that is not
    one (2022-06-31, a number of 5,000 digits) is named with its line."""
    try:
        return loader.construct_document(node)
    except (ValueError, OverflowError, TypeError):
        pass
    for scalar in _scalars(node):
        try:
            _Loader("").construct_object(scalar, deep=True)
        except (ValueError, OverflowError, TypeError) as err:
            what = "date" if scalar.tag.endswith(":timestamp") else "number"
            reason = (
                "more than 4,300 digits" if "integer string conversion" in str(err) else str(err)
            )
            hint = " (write dates as YYYY-MM-DD)" if what == "date" else ""
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{scalar.value[:40]!r} is not a valid {what}: {reason}{hint}",
                scalar.start_mark,
            ) from None
    raise yaml.constructor.ConstructorError(None, None, "a value YAML cannot read", node.start_mark)


def _scalars(root: yaml.Node) -> list[yaml.ScalarNode]:
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            found.append(node)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in reversed(node.value) for part in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return found


# libyaml's parser where PyYAML has it (several times faster), the pure-Python one otherwise
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases_and_duplicates(root: yaml.Node) -> None:
    """Case files need neither aliases (which can expand without bound) nor repeated keys.

    The composer hands back an alias as the very node object it names, so a node met twice on
    the walk is an alias.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, yaml.Mark]] = [(root, root.start_mark)]
    while stack:  # depth first, in document order, so the repeat found is the later one
        node, mark = stack.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in case files", mark
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode):  # `? [a, b]`: a list as a key
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        "a key must be a plain name, not a list or mapping; write it as one word",
                        key.start_mark,
                    )
                if (key.tag, key.value) in keys:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key.value!r}", key.start_mark
                    )
                keys.add((key.tag, key.value))
            stack.extend((value, key.start_mark) for key, value in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            # an alias item shares its anchor's position, so point at the list that uses it
            stack.extend((item, mark) for item in reversed(node.value))


# what a quoted YAML string can spell ("\e[31m", "\a", "\u202e") but no case file text holds:
# printed, it would colour or clear the terminal, or show text in another order than stored
_CONTROL = re.compile(f"[{C0_BUT_LINES}{C1_AND_BIDI}]")


def _refuse_control_characters(root: yaml.Node) -> None:
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            found = _CONTROL.search(node.value)
            if found:
                field = f"{where}: " if where else ""
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"{field}has the control character U+{ord(found.group()):04X}; remove it "
                    "(these files hold plain text)",
                    node.start_mark,
                )
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((value, f"{where}.{name}" if where else name))
                stack.append((key, where))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(
                (item, f"{where}.{i}") for i, item in reversed(list(enumerate(node.value)))
            )


def describe(path: Path, err: ValidationError, node: yaml.Node | None) -> str:
    first = err.errors()[0]
    # a record's language sections are written `en:`, `es:` in YAML and gathered under `texts`
    loc = tuple(part for part in first["loc"] if part != "texts")
    line = _line_of(node, loc) if node is not None else None
    where = f"{path}:{line}" if line else str(path)
    field = ".".join(str(part) for part in loc) or "(top level)"
    expected = first.get("ctx", {}).get("expected")
    message = plain_problem(first["type"], first["msg"], first.get("input"), expected)
    more = len(err.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{where}: {field}: {message}{tail}"


def _line_of(node: yaml.Node, loc: tuple[Any, ...]) -> int:
    """The 1-based line of the deepest node the error location reaches."""
    line: int = node.start_mark.line
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                break
            # the key's line: where a reader finds "president:" rather than its first field
            line, node = pair[0].start_mark.line, pair[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line
        else:
            break
    return line + 1
