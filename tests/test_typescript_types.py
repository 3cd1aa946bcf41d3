"""TypeScript types as a second check on the API schema (issue 15, item 5).

openapi-typescript turns the served schema into `api.d.ts`; `tsc --strict` then compiles
tests/typescript/use.ts against it: the create and PATCH bodies a script really sends, and a
response read back. Both tools come from package-lock.json (`npm ci`); nothing is downloaded
while the tests run. Without Node or node_modules the tests are skipped, except in CI (CI=true),
where that is a failure.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "node_modules" / ".bin"
SOURCES = ROOT / "tests" / "typescript"
TIMEOUT = 120


@pytest.fixture
def node_tools():
    """The paths of openapi-typescript and tsc, or a skip (a failure in CI) saying what is missing."""
    missing = []
    if shutil.which("node") is None:
        missing.append("node is not on PATH")
    tools = {name: BIN / name for name in ("openapi-typescript", "tsc")}
    missing += [f"{path.relative_to(ROOT)} is missing" for path in tools.values() if not path.exists()]
    if missing:
        reason = "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}: run `npm ci` at the project root (Node 20) before the tests")
        pytest.skip(f"{reason} (run `npm ci` to check the TypeScript types)")
    return tools


def _run(command: list, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


@pytest.fixture
def typed_dir(client, alice, node_tools, tmp_path) -> Path:
    """tmp_path with the served schema as api.d.ts beside a copy of tsconfig.json and use.ts."""
    client.force_login(alice)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200, response.content[:500]
    schema = tmp_path / "schema.json"
    schema.write_bytes(response.content)
    # Defaults do not make a property required: the components serve as request bodies too (a
    # create may leave out source_type, whose default is "guardduty").
    command = [node_tools["openapi-typescript"], schema, "-o", tmp_path / "api.d.ts", "--default-non-nullable=false"]
    generated = _run(command, tmp_path)
    assert generated.returncode == 0, f"openapi-typescript failed:\n{generated.stdout}\n{generated.stderr}"
    for name in ("tsconfig.json", "use.ts"):
        shutil.copy(SOURCES / name, tmp_path / name)
    return tmp_path


def _tsc(node_tools, directory: Path) -> subprocess.CompletedProcess:
    return _run([node_tools["tsc"], "-p", directory / "tsconfig.json", "--strict", "--noEmit"], directory)


def test_the_generated_types_compile_with_the_bodies_a_script_sends(node_tools, typed_dir):
    result = _tsc(node_tools, typed_dir)
    assert result.returncode == 0, f"tsc --strict rejected use.ts:\n{result.stdout}{result.stderr}"


WRONG_BODIES = """\
import type { components } from "./api";

type S = components["schemas"];

const retentionAsText: S["PatchedLogSource"] = { deployment: { log_retention_days: "7" } };
const unknownField: S["LogSourceCreate"] = {
  endpoint: 1,
  aws_account_number: "123456789012",
  regions: "all",
  retention_days: 7,
};

export { retentionAsText, unknownField };
"""


def test_tsc_rejects_a_wrong_body(node_tools, typed_dir):
    """The check can fail: a string retention and an unknown field are both type errors."""
    (typed_dir / "use.ts").write_text(WRONG_BODIES)
    result = _tsc(node_tools, typed_dir)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "TS2339" not in output, f"a component use.ts names is missing from the schema:\n{output}"
    assert "use.ts(5,64): error TS2322: Type 'string' is not assignable" in output, output
    assert "'retention_days' does not exist" in output, output
