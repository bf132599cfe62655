"""Benchmarks that cannot rot (issue 23): each script in bench/ has a quick mode, and the CI
runs every one of them in it (`make bench-quick` in .ci/run)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(p for p in (ROOT / "bench").glob("*.py") if not p.name.startswith("_"))


def test_every_benchmark_has_a_quick_mode():
    assert len(SCRIPTS) >= 5
    assert [p.name for p in SCRIPTS if "add_quick(" not in p.read_text()] == []


def test_the_ci_runs_every_benchmark_quickly():
    makefile = (ROOT / "Makefile").read_text()
    assert "bench/[!_]*.py" in makefile
    assert "--quick" in makefile
    assert "make bench-quick" in (ROOT / ".ci" / "run").read_text()
