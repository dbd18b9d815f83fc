#!/usr/bin/env python3
"""Checks every Teams payload card_samples wrote against the official Adaptive Card schema.

    validate_cards.py SCHEMA DIR

SCHEMA is Microsoft's schemas/1.5.0/adaptive-card.json (tests/fixtures/, see
tests/fixtures/teams-and-adaptive-cards.md). It declares draft-06 and forbids properties it
does not list, so the Teams host extension `msteams` (mention entities, width) is taken off
the card before validation and checked here on its own, against Microsoft's documented shape.

Besides the schema, each payload must be the envelope Teams takes, stay under 28 KB, pair
every <at>name</at> in the text with a mention entity and back, and keep text inert: no '<'
that could open a tag or mention, no "](" that could close a link.
"""
import json
import pathlib
import re
import sys

try:
    import jsonschema
except ImportError:
    print("validate_cards: the Python module jsonschema is missing; "
          "install python3-jsonschema (./dev.sh deps does)", file=sys.stderr)
    sys.exit(1)

MAX_CARD_BYTES = 28000
MAX_PAYLOAD_BYTES = 28 * 1024
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ZWSP = "\u200b"

# Microsoft Teams' card extension: "Mention support within Adaptive Cards" and "Full width
# Adaptive Card" (learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format).
MSTEAMS_SCHEMA = {
    "type": "object",
    "properties": {
        "width": {"enum": ["Full"]},
        "entities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "text", "mentioned"],
                "properties": {
                    "type": {"enum": ["mention"]},
                    "text": {"type": "string", "pattern": "^<at>[^<>]+</at>$"},
                    "mentioned": {
                        "type": "object",
                        "required": ["id", "name"],
                        "properties": {
                            "id": {"type": "string", "minLength": 1},
                            "name": {"type": "string", "minLength": 1},
                        },
                        "additionalProperties": False,
                    },
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def texts_of(element):
    """Every text an element shows, nested elements included."""
    if isinstance(element, dict):
        for key, value in element.items():
            if key in ("text", "fallbackText") and isinstance(value, str):
                yield value
            else:
                yield from texts_of(value)
    elif isinstance(element, list):
        for item in element:
            yield from texts_of(item)


def inert_problems(text, mention_texts):
    problems = []
    rest = text
    for m in mention_texts:
        rest = rest.replace(m, "")
    for i, c in enumerate(rest):
        if c == "<" and not rest.startswith(ZWSP, i + 1):
            problems.append(f"a '<' that could start a tag or mention: {rest[max(0, i - 20):i + 20]!r}")
    if "](" in rest:
        problems.append(f"a '](' that could close a link: {rest!r}")
    return problems


def check_card(card, validator, msteams_validator):
    problems = []
    bare = dict(card)
    msteams = bare.pop("msteams", None)
    for error in sorted(validator.iter_errors(bare), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(card)"
        problems.append(f"schema: {where}: {error.message[:300]}")
    if card.get("version") != "1.5":
        problems.append(f"version is {card.get('version')!r}, not 1.5")
    entities = []
    if msteams is not None:
        for error in msteams_validator.iter_errors(msteams):
            problems.append(f"msteams: {'/'.join(str(p) for p in error.path)}: {error.message[:300]}")
        entities = msteams.get("entities", []) if isinstance(msteams, dict) else []
    mention_texts = [e.get("text", "") for e in entities if isinstance(e, dict)]
    if len(set(mention_texts)) != len(mention_texts):
        problems.append(f"two mention entities share a text: {mention_texts}")
    shown = list(texts_of(card.get("body", [])))
    used = set()
    for text in shown:
        for tag in re.findall(r"<at>[^<>]*</at>", text):
            used.add(tag)
            if tag not in mention_texts:
                problems.append(f"{tag} has no mention entity")
        problems += inert_problems(text, mention_texts)
        for code in re.findall(r":[a-z][a-z0-9_+-]*:", text):
            problems.append(f"Slack shortcode {code} would show literally in Teams (bot/adaptive_card.cpp maps them)")
    for m in mention_texts:
        if m not in used:
            problems.append(f"mention entity {m} is not in any text")
    problems += inert_problems(card.get("fallbackText", ""), [])
    size = len(json.dumps(card, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    if size > MAX_CARD_BYTES:
        problems.append(f"card is {size} bytes, over {MAX_CARD_BYTES}")
    return problems


def check_payload(path, validator, msteams_validator):
    raw = path.read_bytes()
    if len(raw) >= MAX_PAYLOAD_BYTES:
        return [f"payload is {len(raw)} bytes, not under 28 KB"]
    payload = json.loads(raw.decode("utf-8"))
    problems = []
    if payload.get("type") != "message":
        problems.append("envelope type is not 'message'")
    is_reply = path.name.endswith(".reply.json")
    if is_reply:
        if not isinstance(payload.get("text"), str):
            problems.append("a reply has no text summary")
        else:
            problems += inert_problems(payload["text"], [])
    elif "text" in payload:
        problems.append("a webhook payload carries text")
    attachments = payload.get("attachments")
    if not isinstance(attachments, list) or len(attachments) != 1:
        return problems + ["not exactly one attachment"]
    attachment = attachments[0]
    if attachment.get("contentType") != CONTENT_TYPE:
        problems.append(f"contentType is {attachment.get('contentType')!r}")
    return problems + check_card(attachment.get("content", {}), validator, msteams_validator)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    msteams_validator = jsonschema.Draft7Validator(MSTEAMS_SCHEMA)

    # The validator must not be vacuous: it has to refuse cards that are wrong.
    for bad in ({"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock"}]},
                {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "x", "colour": "good"}]},
                {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlok", "text": "x"}]},
                {"type": "AdaptiveCard", "version": "1.5", "msteams": {}}):
        if validator.is_valid(bad):
            print(f"validate_cards: the schema accepted a wrong card: {bad}", file=sys.stderr)
            return 1

    files = sorted(pathlib.Path(sys.argv[2]).glob("*.json"))
    if not files:
        print(f"validate_cards: no payloads in {sys.argv[2]} (run card_samples first)", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        problems = check_payload(path, validator, msteams_validator)
        if problems:
            failed += 1
            print(f"FAIL {path.name}")
            for p in problems[:20]:
                print(f"  {p}")
    print(f"validate_cards: {len(files)} payloads checked against {pathlib.Path(sys.argv[1]).name} "
          f"({cls.__name__}): {len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
