#!/usr/bin/env python3
"""Cross-checks opx's schemas and fixtures with an independent validator: Python's `jsonschema`.

- Every schema in Schemas/ must be a valid draft 2020-12 schema whose $id matches its path.
- Every golden fixture in Tests/OPXEventsTests/Fixtures/valid/ must validate against its schema.
- Every fixture in Tests/OPXEventsTests/Fixtures/invalid/ must be rejected, with an error of the expected keyword
  at the expected JSON Pointer.

The Swift test suite (FixtureTests) asserts the same expectations on the same files, so when both pass the two
validators agree on every file. Format checking is on for date-time (needs rfc3339-validator) and uuid.
Exit status: 0 when every file behaves as expected, 1 otherwise. The last line is `schemas: N passed, M failed`.
"""
import json
import pathlib
import re
import sys

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "Schemas"
FIXTURES = ROOT / "Tests" / "OPXEventsTests" / "Fixtures"
VALID_NAME = re.compile(r"^(?P<name>.+?)\.v(?P<version>[1-9][0-9]*)(?:\.(?P<variant>[a-z0-9-]+))?\.json$")

passed = 0
failed = 0


def report(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FAIL  {what}: {detail}")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def pointer(path):
    return "".join("/" + str(token).replace("~", "~0").replace("/", "~1") for token in path)


def main():
    checker = Draft202012Validator.FORMAT_CHECKER
    if "date-time" not in checker.checkers or "uuid" not in checker.checkers:
        print("jsonschema cannot check date-time/uuid formats: install rfc3339-validator (Tools/schemas/check.sh does)")
        return 1

    # Schemas: valid 2020-12, $id matching the path.
    by_id = {}
    for path in sorted(SCHEMAS.rglob("*.schema.json")):
        relative = path.relative_to(SCHEMAS).as_posix()
        schema = load(path)
        parts = relative.split("/")
        if parts[0] == "events" and len(parts) == 3:
            expected_id = f"opx:event/{parts[1]}/{parts[2].removesuffix('.schema.json')}"
        elif parts[0] == "agents" and len(parts) == 3:
            expected_id = f"opx:agent/{parts[1]}/{parts[2].removesuffix('.schema.json')}"
        elif relative == "envelope.v1.schema.json":
            expected_id = "opx:envelope/v1"
        else:
            report(False, f"schema {relative}", "not in the Schemas/ layout")
            continue
        try:
            Draft202012Validator.check_schema(schema)
            ok = schema.get("$id") == expected_id
            report(ok, f"schema {relative}", f"$id is {schema.get('$id')!r}, expected {expected_id!r}")
        except Exception as error:  # noqa: BLE001 - report any schema error
            report(False, f"schema {relative}", str(error).splitlines()[0])
        by_id[schema.get("$id")] = Draft202012Validator(schema, format_checker=checker)

    # Valid fixtures: events by file name, agent documents and the envelope by folder.
    for path in sorted((FIXTURES / "valid").rglob("*.json")):
        relative = path.relative_to(FIXTURES).as_posix()
        match = VALID_NAME.match(path.name)
        if not match:
            report(False, relative, "name is not <type>.v<N>[.<variant>].json")
            continue
        folder = path.parent.name
        name, version = match["name"], match["version"]
        schema_id = {"agents": f"opx:agent/{name}/v{version}", "envelope": f"opx:envelope/v{version}"}.get(
            folder, f"opx:event/{name}/v{version}")
        validator = by_id.get(schema_id)
        if validator is None:
            report(False, relative, f"no schema {schema_id}")
            continue
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.absolute_path))
        report(not errors, relative, "; ".join(f"{pointer(e.absolute_path) or '/'}: {e.message[:120]}" for e in errors[:3]))

    # Invalid fixtures: must fail with the expected keyword at the expected pointer.
    for path in sorted((FIXTURES / "invalid").glob("*.json")):
        relative = path.relative_to(FIXTURES).as_posix()
        fixture = load(path)
        validator = by_id.get(fixture["schema"])
        if validator is None:
            report(False, relative, f"no schema {fixture['schema']}")
            continue
        expect = fixture["expect"]
        wanted = {expect["pointer"]}
        if expect["keyword"] in ("required", "additionalProperties") or expect.get("inPropertyName"):
            # jsonschema reports these at the object; opx points at the member to add or remove.
            wanted.add(expect["pointer"].rsplit("/", 1)[0])
        errors = list(validator.iter_errors(fixture["instance"]))
        found = [(e.validator, pointer(e.absolute_path)) for e in errors]
        ok = any(keyword == expect["keyword"] and where in wanted for keyword, where in found)
        detail = "accepted" if not errors else f"expected {expect['keyword']} at {expect['pointer']}, got {found[:4]}"
        report(ok, relative, detail)

    print(f"schemas: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
