"""GitHub configuration: workflows, issue forms and pre-commit hooks, checked offline.

- every file under .github/ validates against the schema that check-jsonschema ships for it
  (`--builtin-schema vendor.github-workflows` …; the schemas are inside the package, no network);
- zizmor (offline) reports no finding of medium severity or above on the workflows, dependabot.yml
  and .pre-commit-config.yaml;
- the workflows do what CONTRIBUTING.md promises: check, test, strict build, preview artifact, the
  figure diff in the job summary, Pages deployment from main; least permissions; every action
  pinned to a full commit SHA with its version in a comment; no persisted credentials.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

BIN = Path(sys.executable).parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.y*ml") if p.name != "config.yml")
SEVERITIES = ["unknown", "informational", "low", "medium", "high"]
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300)


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return run(BIN / "check-jsonschema", "--builtin-schema", schema, *files)


def zizmor_findings(*inputs: Path, cwd: Path = ROOT) -> list[dict]:
    result = run(BIN / "zizmor", "--offline", "--no-progress", "--format", "json", *inputs, cwd=cwd)
    assert result.returncode in (0, 10, 11, 12, 13, 14), result.stderr  # 1x: findings of some severity
    return json.loads(result.stdout)


def serious(findings: list[dict]) -> list[str]:
    """'ident (severity): description at file line N' for each finding of medium severity or above."""
    out = []
    for finding in findings:
        severity = finding["determinations"]["severity"]
        if finding.get("ignored") or SEVERITIES.index(severity.lower()) < SEVERITIES.index("medium"):
            continue
        where = finding["locations"][0]
        line = where["concrete"]["location"]["start_point"]["row"] + 1
        out.append(f"{finding['ident']} ({severity}): {finding['desc']} at {where['symbolic']['key']} line {line}")
    return out


def load(path: Path) -> dict:
    # PyYAML reads the key `on:` as True; name it back.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_text(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


# ------------------------------------------------------------------ schemas


def test_there_are_workflows_and_forms() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "pages.yml"}
    assert len(ISSUE_FORMS) >= 2


def test_workflows_match_the_github_workflow_schema() -> None:
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_forms_config_and_dependabot_match_their_schemas() -> None:
    for schema, files in (("vendor.github-issue-forms", ISSUE_FORMS),
                          ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
                          ("vendor.dependabot", [GITHUB / "dependabot.yml"])):
        result = check_jsonschema(schema, *files)
        assert result.returncode == 0, (schema, result.stdout + result.stderr)


def test_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  a:\n    steps:\n      - run: make test\n", encoding="utf-8")
    result = check_jsonschema("vendor.github-workflows", broken)
    assert result.returncode == 1 and "runs-on" in result.stdout + result.stderr


# ------------------------------------------------------------------ zizmor


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    findings = zizmor_findings(ROOT)
    assert serious(findings) == [], "\n".join(serious(findings))


def test_zizmor_gate_catches_an_unsafe_workflow(tmp_path: Path) -> None:
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text("on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - uses: actions/checkout@v4\n"
                      "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    idents = {line.split(" ", 1)[0] for line in serious(zizmor_findings(unsafe, cwd=tmp_path))}
    assert {"unpinned-uses", "template-injection", "artipacked"} <= idents


# ------------------------------------------------------------------ what the workflows do


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_to_commit_sha_with_version_comment(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if re.match(r"^\s*(- )?uses:", line)]
    assert uses
    for line in uses:
        ref, _, comment = line.split("uses:", 1)[1].partition("#")
        assert PINNED.match(ref.strip()), f"{path.name}: not pinned to a full commit SHA: {line.strip()}"
        assert re.match(r"^ v\d+(\.\d+)*$", comment), f"{path.name}: no '# vX.Y.Z' comment: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_permissions_and_no_persisted_credentials(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "no permission at the top: each job asks for its own"
    allowed = {"contents": "read", "pages": "write", "id-token": "write"}
    for name, job in workflow["jobs"].items():
        for scope, level in job.get("permissions", {}).items():
            assert allowed.get(scope) == level, (path.name, name, scope, level)
        assert "timeout-minutes" in job, (path.name, name)
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), f"{path.name}: pass values to run: through env, not ${{{{ }}}}"


def test_pull_request_checks_tests_builds_previews_and_lists_figure_changes() -> None:
    workflow = load(GITHUB / "workflows" / "pull-request.yml")
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    text = run_text(workflow)
    order = [text.index(command) for command in ("make setup", "make check", "dxplans diff", "make test",
                                                 "make build")]
    assert order == sorted(order)
    assert 'dxplans diff "origin/${BASE_REF}"' in text and '"$GITHUB_STEP_SUMMARY"' in text
    diff_step = next(s for s in steps(workflow) if "dxplans diff" in s.get("run", ""))
    assert diff_step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the diff needs the base branch's history"
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"
    setup = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"


def test_main_is_built_and_deployed_with_the_official_pages_actions() -> None:
    workflow = load(GITHUB / "workflows" / "pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    used = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used
    assert "make build" in run_text(workflow)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}


def test_dependencies_come_from_the_lock_file_through_make() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-r requirements.lock" in makefile
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for package in ("check-jsonschema", "zizmor"):
        assert re.search(rf"^{package}==\d", lock, re.M), package
    for path in WORKFLOWS:
        assert "pip install" not in path.read_text(encoding="utf-8"), path.name


def test_every_locked_package_carries_its_hashes_and_the_setup_requires_them() -> None:
    """Issue 17 item 7: a package file that differs from the one locked is refused at set-up."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    # one requirement per entry: 'name==version \\ --hash=sha256:… …' up to the next entry
    entries = re.split(r"\n(?=[A-Za-z0-9])", "\n".join(line for line in lock.splitlines()
                                                     if not line.lstrip().startswith("#")).strip())
    pinned = {}
    for entry in entries:
        name, version = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", entry).groups()
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
        assert hashes, f"requirements.lock: {name}=={version} has no --hash: run 'make lock'"
        pinned[re.sub(r"[-_.]+", "-", name).lower()] = version
    assert {"setuptools", "wheel"} <= set(pinned), "the build backend of the editable install is locked too"
    assert "make lock" in lock[:300], "the header names the command that regenerates the lock"
    wanted = [re.match(r"[A-Za-z0-9_.-]+", line).group(0) for line in
              (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines() if line and line[0].isalnum()]
    for name in wanted:
        assert re.sub(r"[-_.]+", "-", name).lower() in pinned, f"{name} is in requirements.in but not locked"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = next(line for line in makefile.splitlines() if "-r requirements.lock" in line)
    assert "--require-hashes" in install and "--only-binary :all:" in install
    editable = next(line for line in makefile.splitlines() if " -e ." in line)
    assert "--no-build-isolation" in editable and "--no-deps" in editable


def test_automated_updates_cover_python_packages_and_previews_stay_local() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} >= {"pip", "github-actions"}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    serve = next(line for line in makefile.splitlines() if "mkdocs serve" in line)
    assert "--dev-addr 127.0.0.1:" in serve
    assert re.search(r"^dev_addr: 127\.0\.0\.1:\d+", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    for path in [ROOT / "CONTRIBUTING.md", ROOT / "README.md", *WORKFLOWS]:
        text = path.read_text(encoding="utf-8")
        for command in re.findall(r"http\.server[^`\n]*", text):
            assert "--bind 127.0.0.1" in command, (path.name, command)
        assert "0.0.0.0:" not in text and "--dev-addr 0.0.0.0" not in text, path.name


# ------------------------------------------------------------------ templates and hooks


def test_issue_forms_ask_for_page_what_is_wrong_and_source() -> None:
    names = set()
    for path in ISSUE_FORMS:
        form = yaml.safe_load(path.read_text(encoding="utf-8"))
        names.add(form["name"].split(" / ")[0])
        required = {item["id"] for item in form["body"]
                    if item["type"] != "markdown" and item.get("validations", {}).get("required")}
        assert {"page", "wrong", "source"} <= required, path.name
    assert {"数値の誤り報告", "文言の修正提案"} <= names


def test_pull_request_template_is_japanese_first() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.index("確認したこと") < text.index("Checked")
    assert text.count("- [ ]") >= 6


def test_pre_commit_runs_the_data_check_locally() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert all(repo["repo"] == "local" for repo in config["repos"]), "local hooks only: no download"
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["dxplans-check"]["entry"] == ".venv/bin/dxplans check"
    assert hooks["dxplans-check"]["pass_filenames"] is False
    assert {"trailing-whitespace", "end-of-file"} <= set(hooks)
