"""Apply each curated mutation to a scratch copy of the repository, run its tests, report survivors.

    python -m tests.mutations.run [--list] [name ...]      (or: make mutation [MUTATIONS="name ..."])

For each mutation: copy the repository (without .venv, .git and caches) to a temporary directory,
apply the edits there (never here), and run its tests with this repository's virtualenv Python,
with the scratch copy as working directory and first on PYTHONPATH, so the editable install that
points at this worktree is shadowed (checked before the first run). PostgreSQL mutations run on
a throwaway database named per run, created and dropped here (DATABASE_URL's server, default
postgres@127.0.0.1); the others on SQLite. A mutation is killed when its tests fail (pytest exit
status 1); it survives when they pass; anything else (collection error, no tests) is an error.
Exit status: 0 when every mutation was killed.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.mutations.catalog import MUTATIONS, Mutation

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", "*.pyc", ".pytest_cache", "node_modules", "var", "test-artifacts", "db.sqlite3", "*.egg-info"
)
POSTGRES_SERVER = os.environ.get("MUTATION_POSTGRES", "postgres://postgres@127.0.0.1:5432")


class StaleMutation(Exception):
    pass


def scratch_copy(into: Path) -> Path:
    target = Path(tempfile.mkdtemp(prefix="repo-", dir=into))
    target.rmdir()
    shutil.copytree(ROOT, target, ignore=IGNORED, symlinks=True)
    return target


def apply(mutation: Mutation, repo: Path) -> None:
    """Apply every edit, or fail loudly naming the snippet that is gone."""
    for edit in mutation.edits:
        path = repo / edit.path
        if not path.exists():
            raise StaleMutation(f"stale mutation: file not found: {edit.path} (mutation {mutation.name})")
        text = path.read_text()
        count = text.count(edit.old)
        if count == 0:
            raise StaleMutation(f"stale mutation: snippet not found in {edit.path} (mutation {mutation.name}):\n{edit.old}")
        if count > 1:
            raise StaleMutation(f"stale mutation: snippet occurs {count} times in {edit.path} (mutation {mutation.name}):\n{edit.old}")
        path.write_text(text.replace(edit.old, edit.new))


def check_targets() -> None:
    """Every snippet is still where the catalog says, before anything runs (on the real tree, read only)."""
    for mutation in MUTATIONS:
        for edit in mutation.edits:
            path = ROOT / edit.path
            if not path.exists() or path.read_text().count(edit.old) != 1:
                raise StaleMutation(f"stale mutation: snippet not found in {edit.path} (mutation {mutation.name}):\n{edit.old}")


def _psql(sql: str) -> None:
    subprocess.run(
        [str(PYTHON), "-c", "import psycopg,sys; c=psycopg.connect(sys.argv[1], autocommit=True); c.execute(sys.argv[2])",
         f"{POSTGRES_SERVER}/postgres", sql],
        check=True,
    )


def environment(repo: Path, database: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "PYTHONPATH")}
    env["PYTHONPATH"] = str(repo)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if database:
        env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{database}"
    return env


def assert_scratch_is_imported(repo: Path) -> None:
    """The editable install points at the worktree: make sure the scratch copy shadows it."""
    out = subprocess.run(
        [str(PYTHON), "-c", "import andon, flywheel, members, tickets; print(andon.__file__, flywheel.__file__, members.__file__, tickets.__file__)"],
        cwd=repo, env=environment(repo, None), capture_output=True, text=True, check=True,
    ).stdout.split()
    outside = [f for f in out if not Path(f).resolve().is_relative_to(repo.resolve())]
    if outside:
        raise SystemExit(f"the scratch copy is not what gets imported: {outside}")


def run_one(mutation: Mutation, workdir: Path) -> tuple[str, float, str]:
    started = time.monotonic()
    repo = scratch_copy(workdir)
    apply(mutation, repo)
    database = f"mutation_{uuid.uuid4().hex[:10]}" if mutation.postgres else None
    if database:
        _psql(f'CREATE DATABASE "{database}"')
    try:
        result = subprocess.run(
            [str(PYTHON), "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-q", "-x", "-m", "not e2e",
             "--create-db", *mutation.tests],
            cwd=repo, env=environment(repo, database), capture_output=True, text=True,
        )
    finally:
        if database:
            for name in (f"test_{database}", database):
                _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(repo, ignore_errors=True)
    outcome = {0: "SURVIVED", 1: "killed"}.get(result.returncode, f"ERROR (pytest exit {result.returncode})")
    lines = (result.stdout + result.stderr).strip().splitlines()
    tail = "\n".join([line for line in lines if line.startswith(("E   ", "FAILED", "ERROR"))][:4] or lines[-3:])
    return outcome, time.monotonic() - started, tail


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only these mutations")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--show", action="store_true", help="print the end of pytest's output for killed ones too")
    args = parser.parse_args(argv)
    if args.list:
        for m in MUTATIONS:
            print(f"{m.name:45} {'pg ' if m.postgres else '   '}{m.rule}")
        return 0
    unknown = set(args.names) - {m.name for m in MUTATIONS}
    if unknown:
        parser.error(f"unknown mutations: {', '.join(sorted(unknown))}")
    try:
        check_targets()
    except StaleMutation as exc:
        print(exc, file=sys.stderr)
        return 2
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    survivors, errors = [], []
    with tempfile.TemporaryDirectory(prefix="andon-mutation-") as tmp:
        probe = scratch_copy(Path(tmp))
        assert_scratch_is_imported(probe)
        shutil.rmtree(probe)
        for mutation in chosen:
            outcome, seconds, tail = run_one(mutation, Path(tmp))
            print(f"{outcome:10} {mutation.name:45} {seconds:5.0f}s  {mutation.rule}", flush=True)
            if outcome == "SURVIVED":
                survivors.append(mutation.name)
            elif outcome != "killed":
                errors.append(mutation.name)
            if outcome != "killed" or args.show:
                print("    " + tail.replace("\n", "\n    "), flush=True)
    print(f"\n{len(chosen)} mutations: {len(chosen) - len(survivors) - len(errors)} killed, "
          f"{len(survivors)} survived{': ' + ', '.join(survivors) if survivors else ''}, "
          f"{len(errors)} errors{': ' + ', '.join(errors) if errors else ''}")
    return 0 if not survivors and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
