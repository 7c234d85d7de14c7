"""The engine's JSON input: read safely, checked against the shipped JSON Schemas, and
turned into domain objects (a profile, a pain-log history, screen answers).

Used by ``supple screen``, ``supple plan`` and ``supple decide`` (docs/engine-cli.md). Any
problem is an ``InputError`` naming the place in the document; the commands print it on one
line. jsonschema is imported only when a document is checked, so importing this is cheap.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from supple.domain.catalog import Catalog
    from supple.domain.history import History
    from supple.domain.planner import Profile

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMAS = (
    "screen-answers",
    "screen-result",
    "profile",
    "plan",
    "history",
    "decisions",
)


class InputError(ValueError):
    """A problem in an input document, in one line that names where it is."""


# --------------------------------------------------------------------------------------------
# Reading and checking input


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


# The largest input the engine commands read (docs/engine-cli.md): years of daily history
# take well under a megabyte; more is refused before it is parsed.
MAX_INPUT_BYTES = 5 * 1024 * 1024
# Longer whole numbers are refused with a plain message (Python's own limit is 4300 digits).
MAX_DIGITS = 20


class NumberTooLarge(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise NumberTooLarge(f"a number of {len(text.lstrip('-'))} digits is too large")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise NumberTooLarge(
            f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large"
        )
    return value


def _read_limited(path: str) -> bytes | str:
    """At most MAX_INPUT_BYTES + 1 of the file or of standard input."""
    if path == "-":
        if hasattr(sys.stdin, "buffer"):
            return bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1))
        return str(sys.stdin.read(MAX_INPUT_BYTES + 1))
    with Path(path).open("rb") as stream:
        return stream.read(MAX_INPUT_BYTES + 1)


def read_json(path: str, label: str) -> Any:
    """The JSON document in ``path`` (``-``: standard input), or InputError in one line."""
    try:
        raw = _read_limited(path)
    except OSError as error:
        raise InputError(f"{label}: cannot read {path}: {error.strerror or error}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{label}: is larger than 5 MB, the most the engine reads")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputError(
                f"{label}: not UTF-8 text (byte {error.start} cannot be decoded)"
            ) from None
    else:
        text = raw
    if not text.strip():
        raise InputError(f"{label}: is empty; expected a JSON object")
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except NumberTooLarge as error:
        raise InputError(f"{label}: {error}") from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{label}: malformed JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except ValueError as error:
        raise InputError(f"{label}: malformed JSON: {error}") from None
    except RecursionError:
        raise InputError(f"{label}: malformed JSON: nested too deeply") from None


@cache
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {
        name: json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
        for name in SCHEMAS
    }
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return {
        name: Draft202012Validator(schema, registry=registry) for name, schema in schemas.items()
    }


def schema(name: str) -> dict[str, Any]:
    """A shipped JSON Schema, as data."""
    result: dict[str, Any] = _validators()[name].schema
    return result


def location(path: Iterable[object]) -> str:
    """A JSON location in plain notation: ``sessions[3].exercises[0].p_during``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "string": "a string",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _describe(error: ValidationError) -> str:
    loc = location(error.absolute_path)
    at = f"{loc}: " if loc else ""
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{at}missing field {missing!r}"
    if kind == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = sorted(k for k in value if k not in known) if isinstance(value, dict) else []
        if extra and known:
            return f"{at}unknown field {extra[0]!r}"
        if extra:
            return f"{at}{extra[0]}: {error.message}"
    if kind == "type":
        wanted = error.validator_value
        names = (
            [_TYPE_WORDS.get(str(w), str(w)) for w in wanted]
            if isinstance(wanted, list)
            else [_TYPE_WORDS.get(str(wanted), str(wanted))]
        )
        words = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        words = words.replace("true or false or null", "true, false or null")
        return f"{at}expected {words}, got {_show(value)}"
    if kind == "minimum":
        return f"{at}{_show(value)} is below the minimum of {error.validator_value}"
    if kind == "maximum":
        return f"{at}{_show(value)} is above the maximum of {error.validator_value}"
    if kind == "enum":
        from supple.domain.safety import EMERGENCY_IDS

        if value in EMERGENCY_IDS and loc.rsplit(".", 1)[-1].startswith("checked"):
            return (
                f"{at}{value} cannot be marked as already checked by a clinician: "
                "emergency questions always count"
            )
        allowed: list[Any] = list(cast(Any, error.validator_value))
        options = ", ".join("null" if o is None else str(o) for o in allowed)
        return f"{at}{_show(value)} is not one of {options}"
    if kind == "pattern":
        what = (error.schema.get("description") if isinstance(error.schema, dict) else None) or (
            f"matching {error.validator_value}"
        )
        return f"{at}{_show(value)} is not {what}"
    if kind == "propertyNames":
        return f"{at}{_show(value)}: {error.message}"
    if kind == "uniqueItems":
        return f"{at}lists the same value twice"
    return f"{at}{error.message}"


def validate(data: Any, schema_name: str, label: str) -> None:
    """Check ``data`` against a shipped schema; InputError naming the first problem."""
    from jsonschema.exceptions import best_match

    validator = _validators()[schema_name]
    if not isinstance(data, dict):
        raise InputError(f"{label}: expected a JSON object, got {_show(data)}")
    errors = sorted(
        validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.path)))
    )
    if errors:
        # The shallowest problem first (a missing or unknown field before a bad value deep in
        # a list), then jsonschema's own choice among those.
        shallow = [e for e in errors if len(e.absolute_path) == len(errors[0].absolute_path)]
        error = best_match(shallow)
        if error is None:  # pragma: no cover - errors is not empty
            return
        if error.validator == "propertyNames" and error.context:
            sub = error.context[0]
            what = sub.schema.get("description") if isinstance(sub.schema, dict) else None
            raise InputError(
                f"{label}: {location(error.absolute_path)}: {_show(sub.instance)} is not "
                f"{what or 'a valid key'}"
            )
        raise InputError(f"{label}: {_describe(error)}")


def parse_date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a real date (YYYY-MM-DD)") from None


# --------------------------------------------------------------------------------------------
# From JSON to the domain


def screen_answers(data: Mapping[str, Any]) -> tuple[dict[str, bool | None], tuple[str, ...]]:
    answers = {k: v for k, v in data.items() if k != "checked"}
    return answers, tuple(data.get("checked", ()))


def profile_from_json(data: Mapping[str, Any], catalog: Catalog, label: str) -> Profile:
    from supple.domain import catalog as catalog_module
    from supple.domain.planner import Profile, ProfileError, validate_profile

    answers: dict[str, bool | None] | None = None
    checked: tuple[str, ...] = ()
    if data.get("screen") is not None:
        answers, checked = screen_answers(data["screen"])
    profile = Profile(
        pain_now=int(data["pain_now"]),
        weeks_since_onset=float(data["weeks_since_onset"]),
        age=int(data["age"]),
        can_get_on_floor=bool(data["can_get_on_floor"]),
        minutes=float(data["minutes"]),
        equipment=frozenset(data.get("equipment", ())),
        direction=data["direction"],
        exclude=frozenset(data.get("exclude", ())),
        phase=int(data["phase"]) if data.get("phase") is not None else None,
        screen=answers,
        checked=checked,
    )
    try:
        validate_profile(profile, catalog, getattr(catalog_module, "EQUIPMENT", ()))
    except ProfileError as error:
        raise InputError(f"{label}: {error}") from None
    return profile


def history_from_json(data: Mapping[str, Any], catalog: Catalog, label: str) -> History:
    from supple.domain.history import ExerciseLog, History, SessionLog

    today = parse_date(data["today"], f"{label}: today")
    sessions = []
    for n, s in enumerate(data["sessions"]):
        where = f"{label}: sessions[{n}]"
        when = parse_date(s["date"], f"{where}.date")
        if when > today:
            raise InputError(f"{where}.date: {when} is after today ({today})")
        entries = []
        seen: set[str] = set()
        for m, e in enumerate(s["exercises"]):
            exercise_id = e["exercise"]
            if exercise_id not in catalog:
                raise InputError(
                    f"{where}.exercises[{m}].exercise: unknown exercise id {exercise_id!r}"
                )
            if exercise_id in seen:
                raise InputError(
                    f"{where}.exercises[{m}].exercise: {exercise_id!r} appears twice in the "
                    "same session"
                )
            seen.add(exercise_id)
            entries.append(
                ExerciseLog(
                    exercise=exercise_id,
                    p_during=int(e["p_during"]),
                    spread=bool(e["spread"]),
                    completed=bool(e["completed"]),
                )
            )
        sessions.append(
            SessionLog(
                date=when,
                p_pre=int(s["p_pre"]),
                p_post=None if s.get("p_post") is None else int(s["p_post"]),
                p_next=None if s.get("p_next") is None else int(s["p_next"]),
                exercises=tuple(entries),
                spread=bool(s.get("spread", False)),
            )
        )
    last_progressed = {}
    for exercise_id, value in data.get("last_progressed", {}).items():
        where = f"{label}: last_progressed.{exercise_id}"
        if exercise_id not in catalog:
            raise InputError(f"{where}: unknown exercise id {exercise_id!r}")
        when = parse_date(value, where)
        if when > today:
            raise InputError(f"{where}: {when} is after today ({today})")
        last_progressed[exercise_id] = when
    return History(
        today=today,
        intake_pain=int(data["intake_pain"]),
        sessions=tuple(sessions),
        last_progressed=last_progressed,
    )
