#!/usr/bin/env python3
"""Check sample API responses against goalpost's OpenAPI document.

Usage: check_openapi.py OPENAPI_JSON SAMPLES_DIR

SAMPLES_DIR holds *.json files, each like
  {"method": "GET", "path": "/api/v1/key-results/KR-7/checkins?limit=2",
   "status": 200, "body": <the parsed JSON body>}

First the document itself is checked (`openapi` is 3.1.x, every schema under
components.schemas is a valid JSON Schema 2020-12 schema, every local $ref resolves).
Then, for each sample, the documented response for its method, path and status is
looked up and the body validated against that response's application/json schema
(Draft 2020-12, $refs resolved against the whole document, formats such as
date-time checked).

Prints one line per failure, a summary line, and, for information, the documented
(method, path, status) combinations no sample exercised.
Exit status: 0 all good; 1 any failure or no samples; 2 usage error.
"""
import datetime
import json
import os
import re
import sys
import urllib.parse
import warnings

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError as e:  # pragma: no cover
    print(f"check_openapi: needs the jsonschema package (python3-jsonschema): {e}", file=sys.stderr)
    sys.exit(2)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
DOC_URI = "https://goalpost.invalid/api/v1/openapi.json"  # a name for $ref resolution only; never fetched


# --- formats -------------------------------------------------------------------------

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(?:[Zz]|([+-])(\d{2}):(\d{2}))$", re.ASCII)


def is_rfc3339_date_time(instance):
    """RFC 3339 section 5.6 date-time, for when rfc3339-validator is not installed."""
    if not isinstance(instance, str):
        return True
    m = _RFC3339.match(instance)
    if not m:
        return False
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    if hour > 23 or minute > 59 or second > 60:  # 60: a leap second
        return False
    if m.group(8) and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return True


def make_format_checker():
    base = getattr(Draft202012Validator, "FORMAT_CHECKER", None)
    checker = jsonschema.FormatChecker(base.checkers.keys()) if base is not None else jsonschema.FormatChecker()
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(is_rfc3339_date_time)
    return checker


# --- $ref resolution -------------------------------------------------------------------

def pointer_escape(token):
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(tokens):
    return "/" + "/".join(pointer_escape(t) for t in tokens) if tokens else ""


def resolve_local(doc, ref):
    """The value a local `#/...` reference points at; raises KeyError/ValueError when it doesn't."""
    if not ref.startswith("#"):
        raise ValueError(f"only local references are supported: {ref}")
    frag = urllib.parse.unquote(ref[1:])
    node = doc
    if frag in ("", "/"):
        return node if frag == "" else node[""]
    if not frag.startswith("/"):
        raise ValueError(f"not a JSON pointer: {ref}")
    for raw in frag[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(token)
    return node


def deref(doc, node, seen=None):
    """Follow `$ref`s of OpenAPI objects (responses, parameters), not of schemas."""
    seen = seen or set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"reference loop at {ref}")
        seen.add(ref)
        node = resolve_local(doc, ref)
    return node


def all_refs(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield path, v
            else:
                yield from all_refs(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from all_refs(v, path + (i,))


class SchemaFactory:
    """Builds validators for schemas found at JSON pointers inside the OpenAPI document."""

    def __init__(self, doc, format_checker):
        self.doc = doc
        self.format_checker = format_checker
        try:  # jsonschema >= 4.18: the `referencing` library; RefResolver is deprecated there
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012
            self.registry = Registry().with_resource(DOC_URI, DRAFT202012.create_resource(doc))
        except ImportError:
            self.registry = None
            self.resolver = jsonschema.RefResolver(base_uri=DOC_URI, referrer=doc)

    def validator(self, tokens):
        """A validator for the schema at `tokens` (path from the document's root)."""
        if self.registry is not None:
            schema = {"$ref": DOC_URI + "#" + pointer(tokens)}
            return Draft202012Validator(schema, registry=self.registry, format_checker=self.format_checker)
        schema = resolve_local(self.doc, "#" + pointer(tokens))
        return Draft202012Validator(schema, resolver=self.resolver, format_checker=self.format_checker)


# --- the document ----------------------------------------------------------------------

def check_document(doc):
    problems = []
    if not isinstance(doc, dict):
        return ["the document is not a JSON object"]
    version = doc.get("openapi")
    if not isinstance(version, str) or not version.startswith("3.1"):
        problems.append(f"`openapi` is {version!r}, expected 3.1.x")
    schemas = doc.get("components", {}).get("schemas", {})
    if not isinstance(schemas, dict):
        problems.append("components.schemas is not an object")
        schemas = {}
    for name, schema in schemas.items():
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as e:
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            problems.append(f"components.schemas.{name} is not a valid JSON Schema 2020-12 schema: {e.message} (at {where})")
    for path, ref in all_refs(doc):
        try:
            resolve_local(doc, ref)
        except (KeyError, IndexError, ValueError, TypeError):
            problems.append(f"unresolvable $ref {ref!r} at {pointer(path) or '/'}")
    if not isinstance(doc.get("paths"), dict) or not doc["paths"]:
        problems.append("the document has no paths")
    return problems


def documented_responses(doc):
    """[(method, template, status_key)] in document order."""
    out = []
    for template, item in (doc.get("paths") or {}).items():
        item = deref(doc, item)
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict):
                for status in (op.get("responses") or {}):
                    out.append((method, template, str(status)))
    return out


def match_template(template, path):
    """The number of literal segments when `path` fits `template`, else None."""
    t_segs, p_segs = template.split("/"), path.split("/")
    if len(t_segs) != len(p_segs):
        return None
    literal = 0
    for t, p in zip(t_segs, p_segs):
        if re.fullmatch(r"\{[^{}/]+\}", t):
            if p == "":
                return None
        elif t != p:
            return None
        else:
            literal += 1
    return literal


def find_template(doc, path):
    paths = doc.get("paths") or {}
    if path in paths:  # a literal path beats a templated one
        return path
    best, best_score = None, -1
    for template in paths:
        score = match_template(template, path)
        if score is not None and score > best_score:
            best, best_score = template, score
    return best


def find_status_key(responses, status):
    key = str(status)
    if key in responses:
        return key
    ranged = key[:1] + "XX"
    for k in responses:
        if str(k).upper() == ranged:
            return str(k)
    if "default" in responses:
        return "default"
    return None


def json_path_of(error):
    jp = getattr(error, "json_path", None)
    if jp:
        return jp
    out = "$"
    for p in error.absolute_path:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


# --- main ------------------------------------------------------------------------------

def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print("usage: check_openapi.py OPENAPI_JSON SAMPLES_DIR", file=sys.stderr)
        return 2
    doc_file, samples_dir = argv[1], argv[2]
    if not os.path.isfile(doc_file):
        print(f"check_openapi: {doc_file}: no such file", file=sys.stderr)
        return 2
    if not os.path.isdir(samples_dir):
        print(f"check_openapi: {samples_dir}: not a directory", file=sys.stderr)
        return 2

    failures = []

    def fail(line):
        line = " ".join(line.split())  # one line per failure, whatever the message holds
        failures.append(line)
        print("FAIL " + line)

    try:
        with open(doc_file, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"{doc_file}: not readable JSON: {e}")
        print(f"0 samples checked against 0 documented responses; {len(failures)} failures")
        return 1

    for problem in check_document(doc):
        fail(f"{doc_file}: {problem}")
    if not isinstance(doc, dict):
        print(f"0 samples checked against 0 documented responses; {len(failures)} failures")
        return 1

    factory = SchemaFactory(doc, make_format_checker())
    documented = documented_responses(doc)
    exercised = set()
    sample_files = sorted(n for n in os.listdir(samples_dir)
                          if n.endswith(".json") and os.path.isfile(os.path.join(samples_dir, n)))

    for name in sample_files:
        try:
            with open(os.path.join(samples_dir, name), encoding="utf-8") as f:
                sample = json.load(f)
        except (OSError, ValueError) as e:
            fail(f"{name}: not readable JSON: {e}")
            continue
        if not isinstance(sample, dict):
            fail(f"{name}: a sample must be a JSON object with method, path, status and body")
            continue
        method, raw_path, status = sample.get("method"), sample.get("path"), sample.get("status")
        missing = [k for k in ("method", "path", "status", "body") if k not in sample]
        if missing or not isinstance(method, str) or not isinstance(raw_path, str) \
                or not isinstance(status, int) or isinstance(status, bool):
            fail(f"{name}: a sample needs \"method\" (string), \"path\" (string), \"status\" (integer) "
                 f"and \"body\"" + (f"; missing {', '.join(missing)}" if missing else ""))
            continue
        body = sample["body"]
        label = f"{name}: {method.upper()} {raw_path} {status}"
        path = raw_path.split("#", 1)[0].split("?", 1)[0]

        template = find_template(doc, path)
        if template is None:
            fail(f"{label}: path {path} is not documented")
            continue
        try:
            item = deref(doc, doc["paths"][template])
            op = item.get(method.lower()) if method.lower() in HTTP_METHODS else None
        except (KeyError, ValueError, TypeError) as e:
            fail(f"{label}: path item {template} is unusable: {e}")
            continue
        if not isinstance(op, dict):
            fail(f"{label}: {method.upper()} is not documented for {template}")
            continue
        responses = op.get("responses") or {}
        status_key = find_status_key(responses, status)
        if status_key is None:
            fail(f"{label}: status {status} is not documented for {method.upper()} {template} "
                 f"(documented: {', '.join(str(k) for k in responses)})")
            continue
        exercised.add((method.lower(), template, status_key))

        tokens = ["paths", template, method.lower(), "responses", status_key]
        try:
            response = resolve_local(doc, "#" + pointer(tokens))
            while isinstance(response, dict) and "$ref" in response:  # a reference to components.responses
                ref = response["$ref"]
                tokens = [t.replace("~1", "/").replace("~0", "~") for t in urllib.parse.unquote(ref[1:]).split("/")[1:]]
                response = resolve_local(doc, ref)
        except (KeyError, IndexError, ValueError, TypeError) as e:
            fail(f"{label}: response {status_key} is unusable: {e}")
            continue
        media = (response.get("content") or {}).get("application/json") if isinstance(response, dict) else None
        if not isinstance(media, dict) or "schema" not in media:
            if body is None:
                continue
            fail(f"{label}: response {status_key} of {method.upper()} {template} documents no application/json schema")
            continue

        try:
            validator = factory.validator(tokens + ["content", "application/json", "schema"])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                errors = sorted(validator.iter_errors(body), key=lambda e: (list(map(str, e.absolute_path)), e.message))
        except Exception as e:  # an unresolvable $ref or a broken schema
            first = (getattr(e, "message", None) or str(e) or repr(e)).strip().splitlines()[0]
            if len(first) > 300:
                first = first[:300] + "..."
            fail(f"{label}: can't validate against response {status_key}: {type(e).__name__}: {first}")
            continue
        for e in errors:
            detail = e.message
            if e.context:  # oneOf/anyOf: say why the closest alternative failed
                best = jsonschema.exceptions.best_match(e.context)
                detail += f" [closest: {best.message} at {json_path_of(best)}]"
            fail(f"{label}: {detail} (at {json_path_of(e)})")

    n = len(sample_files)
    if n == 0:
        fail(f"{samples_dir}: no samples (*.json)")
    print(f"{n} samples checked against {len(documented)} documented responses; {len(failures)} failures")
    missed = [r for r in documented if r not in exercised]
    if missed:
        print(f"info: {len(missed)} documented responses no sample exercised:")
        for method, template, status in missed:
            print(f"info:   {method.upper()} {template} {status}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
