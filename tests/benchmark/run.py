"""`make bench`: build synthetic corpora of N briefs and print a Markdown table of timings.

    python -m tests.benchmark.run [--sizes 100,1000,5000] [--runs 3] [--quick]
                                  [--write BENCHMARKS.md] [--workdir DIR] [--keep]

Per N (corpus from `tests.benchmark.corpus`, deterministic for a given seed):

* core: load + validate (`generator.validate.load_content`) and render every page, feed
  and API document (`generator.site.build_site`), timed in a fresh Python process (imports
  excluded), which also reports its own peak RSS;
* plugin: `python -m mkdocs build -q` in the corpus project (plugin `briefing`);
* baseline: `briefing generate --out gen/` once, then plain `python -m mkdocs build -q` of
  that stand-alone project, in the same invocation, interleaved with the plugin runs;
* peak memory of the plugin build (`/usr/bin/time -v`, or a wrapper that reports its own
  `ru_maxrss`), site size (`du`), the largest HTML page and the largest brief page;
* preview: `mkdocs serve --dirty`, save one brief 3 times (summary edits, then title
  edits), median time until each edit is served.
* history (issue 13): a git repository of 1,000 briefs × 10 commits (`history.py`), built
  with the plugin's `history: false` and then with history, back to back, wall and CPU.

Times are medians of `--runs` runs; sizes come from the last run (builds are
deterministic). Then the targets of issue 6 are checked and printed as PASS/FAIL/SKIP.
Progress goes to stderr, the report to stdout (and to `--write PATH`).
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from .corpus import ROOT, write_project

TIME_BIN = Path("/usr/bin/time")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The plugin's page conversion (issue 15): MkDocs' own serial rendering, the process pool
# from a cold start, and the pool with the page cache warm.
SERIAL_ENV = {"BRIEFING_WORKERS": "1", "BRIEFING_CACHE": "false"}
POOL_ENV = {"BRIEFING_WORKERS": "0", "BRIEFING_CACHE": "false"}
CACHED_ENV = {"BRIEFING_WORKERS": "0", "BRIEFING_CACHE": "true"}
BUILD_TIMEOUT = 3600.0  # seconds, for any one build
MB = 1024 * 1024

# Runs mkdocs in this process and writes the process's own peak RSS (KiB) to argv[1].
_RSS_WRAPPER = """\
import atexit, resource, runpy, sys
out = sys.argv.pop(1)
def report():
    with open(out, "w") as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
atexit.register(report)
sys.argv[0] = "mkdocs"
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Measuring one process
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_kb: int | None
    ok: bool
    output: str = ""  # stdout and stderr
    stdout: str = ""
    cpu: float = 0.0  # user + system seconds of the command and the processes it waited for


def timed(
    cmd: list[str], cwd: Path, timeout: float | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run `cmd` (a Python command line) and measure wall time and the peak RSS of it."""
    timeout = timeout or BUILD_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="bench-rss-") as tmp:
        report = Path(tmp) / "rss"
        if TIME_BIN.exists():
            full = [str(TIME_BIN), "-v", "-o", str(report), *cmd]
        elif cmd[:2] == [sys.executable, "-m"] and cmd[2] == "mkdocs":
            full = [sys.executable, "-c", _RSS_WRAPPER, str(report), *cmd[3:]]
        else:
            full = cmd
        start, cpu_before = time.perf_counter(), _children_cpu()
        # Its own process group, so a timeout stops the build and not only /usr/bin/time.
        proc = subprocess.Popen(
            full,
            cwd=cwd,
            env={**ENV, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            proc.communicate()
            return Run(time.perf_counter() - start, None, False, f"timed out after {timeout:.0f} s")
        seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu_before
        peak = _read_peak(report)
    return Run(seconds, peak, proc.returncode == 0, stdout + stderr, stdout, cpu)


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _read_peak(report: Path) -> int | None:
    if not report.exists():
        return None
    text = report.read_text(encoding="utf-8", errors="replace")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        return int(m.group(1))
    return int(text) if text.strip().isdigit() else None


def core_worker(project: Path) -> dict[str, Any]:
    """In this process: load + validate + build_site, as the plugin does; timings in s."""
    import resource

    import yaml

    from generator.site import Options, build_site, file_writer
    from generator.validate import load_content

    class Lenient(yaml.SafeLoader):
        """mkdocs.yml may hold tags (`!ENV`, `!!python/name:`): read them as null."""

    Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Lenient)
    options = Options(
        site_name=config.get("site_name", "Briefing"), site_url=config.get("site_url")
    )
    t0 = time.perf_counter()
    content, warnings = load_content(project / "content", project)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as spool:
        # Feeds and API documents go to disk as they are made, as in a plugin build.
        site = build_site(content.published(), options, write_file=file_writer(Path(spool)))
        t2 = time.perf_counter()
    return {
        "load": t1 - t0,
        "render": t2 - t1,
        "core": t2 - t0,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "briefs": len(content.briefs),
        "actors": len(content.actors),
        "warnings": len(warnings),
        "pages": len(site.pages),
        "files": len(site.written),
    }


# --------------------------------------------------------------------------------------
# Preview under `mkdocs serve`
# --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=max(0.5, timeout)) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _stop(proc: subprocess.Popen[Any]) -> None:
    """Stop the server and everything it started (its own process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


_TITLE = re.compile(r"^title:.*?(?=^\S)", re.MULTILINE | re.DOTALL)


def _edited(original: str, edit: str, token: str) -> str | None:
    """The brief with `token` in its summary (an ordinary edit) or as its title."""
    m = _TITLE.search(original)
    if edit == "title":
        if m is None:
            return None
        return original[: m.start()] + f"title: {token}\n" + original[m.end() :]
    edited = original.replace("summary: |\n", f"summary: |\n  {token}.\n", 1)
    return None if edited == original else edited


def _wait_served(
    proc: subprocess.Popen[Any], url: str, wanted: str, timeout: float, interval: float
) -> float | None:
    """Seconds until `url` serves `wanted` (None if the server died or it timed out)."""
    t0 = time.perf_counter()
    deadline = t0 + timeout
    while proc.poll() is None and time.perf_counter() < deadline:
        body = _get(url, deadline - time.perf_counter())
        if body is not None and wanted in body:
            return time.perf_counter() - t0
        time.sleep(interval)
    return None


def measure_preview(
    corpus_dir: Path,
    details: dict[str, Any] | None = None,
    edit: str = "summary",
    first_build_timeout: float = 1200.0,
    rebuild_timeout: float = 1200.0,
    interval: float = 0.05,
    edits: int = 3,
) -> float | None:
    """Median seconds from saving one brief to the edit being served, over `edits` saves,
    under `make serve`'s `mkdocs serve --livereload --dirty`.

    `edit="summary"` adds a sentence to the summary (an ordinary edit); `edit="title"`
    changes the title (shown on every page listing the brief, and in the tag listing).
    Starts the server on a free 127.0.0.1 port in `corpus_dir`, waits for the first build
    (the brief's page answers), then saves the last brief `edits` times (2 s apart, each
    with a new text) and polls its page every `interval` s until each edit is served. Then
    checks that pages depending on the edit show it too, restores the file and stops the
    server (process group). Returns None if anything fails or times out; `details` (if
    given) receives the first build time, each edit's time, the check results and the
    reason for a failure.
    """
    info: dict[str, Any] = details if details is not None else {}
    briefs = sorted((corpus_dir / "content" / "briefs").glob("*.yml"))
    if not briefs:
        info["error"] = "no briefs"
        return None
    path = briefs[-1]
    original = path.read_text(encoding="utf-8")
    if _edited(original, edit, "x") is None:
        info["error"] = f"no {edit} to edit in {path.name}"
        return None
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/briefs/{path.stem}/"
    log_path = corpus_dir / "serve.log"
    with log_path.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                *("-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload", "--dirty"),
            ],
            cwd=corpus_dir,
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: _stop kills all of it
        )
    try:
        first = _wait_served(proc, page, "<article", first_build_timeout, 0.25)
        if first is None:
            info["error"] = "no first build (the server exited or timed out)"
            return None
        info["first_build_s"] = first
        times: list[float] = []
        token = ""
        for number in range(1, edits + 1):
            time.sleep(2.0)  # let the watcher settle; a desk saves seconds apart
            token = f"Preview edit {number} {os.getpid()} {int(time.time())}"
            edited = _edited(original, edit, token)
            assert edited is not None
            path.write_text(edited, encoding="utf-8")
            wanted = html.escape(token, quote=False)
            elapsed = _wait_served(proc, page, wanted, rebuild_timeout, interval)
            if elapsed is None:
                info["error"] = f"edit {number} was not served (server exited or timed out)"
                return None
            times.append(elapsed)
        info["edits_s"] = [round(t, 2) for t in times]
        info["dependent_pages"] = _dependents_show(base, path.stem, edit, token)
        return statistics.median(times)
    finally:
        _stop(proc)
        path.write_text(original, encoding="utf-8")


def _dependents_show(base: str, brief: str, edit: str, token: str) -> dict[str, bool]:
    """Whether the pages that show the edit away from the brief's page show it."""
    data_url = f"{base}/api/briefs/{brief}.json"
    dependents = [("data", data_url)]
    if edit == "title":
        dependents += [
            ("briefs list", f"{base}/briefs/"),
            ("timeline", f"{base}/timeline/"),
        ]
    wanted = html.escape(token, quote=False)
    checks = {}
    for name, url in dependents:
        listing = _get(url, 60.0)
        checks[name] = listing is not None and (wanted in listing or token in listing)
    if edit == "title":  # the Tags page lists tags; a tag's pages list its briefs' titles
        checks["tag pages"] = _tag_pages_show(base, data_url, (wanted, token))
    return checks


def _tag_pages_show(base: str, data_url: str, wanted: tuple[str, str]) -> bool:
    """Whether one of the pages of the brief's first tag shows `wanted` (either form)."""
    from generator.paths import listing_page, page_url, tag_path

    data = _get(data_url, 60.0)
    tags = json.loads(data).get("tags", []) if data else []
    if not tags:
        return True  # nothing to show it
    for number in range(1, 200):
        listing = _get(f"{base}/{page_url(listing_page(tag_path(tags[0]), number))}", 60.0)
        if listing is None:
            return False
        if any(text in listing for text in wanted):
            return True
    return False


# --------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------


@dataclass
class Result:
    n: int
    briefs: int = 0
    actors: int = 0
    pages: int = 0
    warnings: int = 0
    corpus_s: float = 0.0
    generate_s: float | None = None
    load: list[float] = field(default_factory=list)
    render: list[float] = field(default_factory=list)
    core: list[float] = field(default_factory=list)
    core_peak_kb: list[int] = field(default_factory=list)
    plugin: list[float] = field(default_factory=list)
    plugin_peak_kb: list[int] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    baseline_peak_kb: list[int] = field(default_factory=list)
    matched: list[float] = field(default_factory=list)
    serial: list[float] = field(default_factory=list)  # workers: 1, no cache
    warm: list[float] = field(default_factory=list)  # pool + cache, after editing one brief
    loadavg: list[float] = field(default_factory=list)  # 1-minute load before each build
    cores: int = 0
    site_kb: int | None = None
    site_files: int = 0
    largest_html: tuple[str, int] | None = None
    largest_brief: tuple[str, int] | None = None
    search_index: int | None = None
    preview_s: float | None = None
    preview_info: dict[str, Any] = field(default_factory=dict)
    preview_title_s: float | None = None
    preview_title_info: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def med(values: list[float] | list[int]) -> float | None:
    return statistics.median(values) if values else None


def briefing_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "briefing"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "generator.cli"]


def site_stats(site: Path, result: Result) -> None:
    total_files = 0
    largest: tuple[str, int] | None = None
    largest_brief: tuple[str, int] | None = None
    apparent = 0
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            p = Path(dirpath) / name
            size = p.stat().st_size
            apparent += size
            total_files += 1
            if name.endswith(".html"):
                rel = p.relative_to(site).as_posix()
                if largest is None or size > largest[1]:
                    largest = (rel, size)
                is_brief = rel.startswith("briefs/") and rel.count("/") == 2
                if is_brief and (largest_brief is None or size > largest_brief[1]):
                    largest_brief = (rel, size)
    du = shutil.which("du")
    site_kb = apparent // 1024
    if du:
        out = subprocess.run([du, "-sk", str(site)], capture_output=True, text=True, check=False)
        if out.returncode == 0 and out.stdout.split():
            site_kb = int(out.stdout.split()[0])
    result.site_kb = site_kb
    result.site_files = total_files
    result.largest_html = largest
    result.largest_brief = largest_brief
    index = site / "search" / "search_index.json"
    result.search_index = index.stat().st_size if index.exists() else None


def _core_run(result: Result, project: Path, r: int, runs: int) -> None:
    core = timed([sys.executable, "-m", "tests.benchmark.run", "--core-worker", str(project)], ROOT)
    if not core.ok:
        result.errors.append(f"core run failed:\n{core.output[-3000:]}")
        return
    data = json.loads(core.stdout.strip().splitlines()[-1])
    result.load.append(data["load"])
    result.render.append(data["render"])
    result.core.append(data["core"])
    result.core_peak_kb.append(data["peak_kb"])
    result.briefs, result.actors = data["briefs"], data["actors"]
    result.pages, result.warnings = data["pages"], data["warnings"]
    log(f"[N={result.n}] run {r}/{runs}: core {data['core']:.2f} s")


def _plugin_build(result: Result, project: Path, env: dict[str, str], name: str) -> Run | None:
    shutil.rmtree(project / "site", ignore_errors=True)
    result.loadavg.append(os.getloadavg()[0])
    build = timed([sys.executable, "-m", "mkdocs", "build", "-q"], project, env=env)
    if not build.ok:
        result.errors.append(f"{name} failed:\n{build.output[-3000:]}")
        return None
    return build


def _plugin_run(result: Result, project: Path, r: int, runs: int) -> None:
    """A cold plugin build with the process pool (the default), no page cache."""
    plugin = _plugin_build(result, project, POOL_ENV, "plugin build")
    if plugin is None:
        return
    result.plugin.append(plugin.seconds)
    if plugin.peak_kb:
        result.plugin_peak_kb.append(plugin.peak_kb)
    log(f"[N={result.n}] run {r}/{runs}: plugin build (pool) {plugin.seconds:.1f} s")


def _serial_run(result: Result, project: Path, r: int, runs: int) -> None:
    """A cold plugin build where MkDocs converts every page itself, on one core."""
    serial = _plugin_build(result, project, SERIAL_ENV, "serial plugin build")
    if serial is not None:
        result.serial.append(serial.seconds)
        log(f"[N={result.n}] run {r}/{runs}: plugin build (serial) {serial.seconds:.1f} s")


def _warm_run(result: Result, project: Path, r: int, runs: int) -> None:
    """A build after editing one brief's summary, the page cache filled by the build before."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    if _plugin_build(result, project, CACHED_ENV, "cache-filling build") is None:
        return
    brief = sorted((project / "content" / "briefs").glob("*.yml"))[0]
    original = brief.read_text(encoding="utf-8")
    brief.write_text(original.replace("summary: |\n  ", "summary: |\n  Edited. ", 1), "utf-8")
    try:
        warm = _plugin_build(result, project, CACHED_ENV, "warm-cache build")
    finally:
        brief.write_text(original, encoding="utf-8")
    if warm is not None:
        result.warm.append(warm.seconds)
        log(f"[N={result.n}] run {r}/{runs}: warm cache, one brief edited {warm.seconds:.1f} s")


def matched_config(project: Path, generated: Path) -> Path:
    """The project's own mkdocs.yml for the generated Markdown: same theme features,
    palette, plugins and validation, minus the `briefing` plugin (docs_dir: docs), so the
    baseline differs from the plugin build only by the plugin."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^docs_dir:.*$", "docs_dir: docs", text)
    text = re.sub(r"(?m)^site_dir:.*$", "site_dir: site-matched", text)
    if not re.search(r"(?m)^site_dir:", text):
        text += "\nsite_dir: site-matched\n"
    text = re.sub(r"(?m)^(\s*)- briefing\s*$\n", "", text)
    text = re.sub(r"(?m)^(\s*)- briefing:\s*\n(?:\1  .*\n)*", "", text)
    import yaml

    generated_config = yaml.safe_load((generated / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = generated_config.get("markdown_extensions")
    if extensions and not re.search(r"(?m)^markdown_extensions:", text):
        text += "\n" + yaml.safe_dump({"markdown_extensions": extensions}, sort_keys=False)
    path = generated / "mkdocs-matched.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _matched_run(result: Result, project: Path, generated: Path, r: int, runs: int) -> None:
    config = matched_config(project, generated)
    shutil.rmtree(generated / "site-matched", ignore_errors=True)
    base = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config.name], generated)
    if not base.ok:
        result.errors.append(f"matched baseline build failed:\n{base.output[-3000:]}")
        return
    result.matched.append(base.seconds)
    log(f"[N={result.n}] run {r}/{runs}: matched baseline build {base.seconds:.1f} s")


def _baseline_run(result: Result, generated: Path, r: int, runs: int) -> None:
    shutil.rmtree(generated / "site", ignore_errors=True)
    base = timed([sys.executable, "-m", "mkdocs", "build", "-q"], generated)
    if not base.ok:
        result.errors.append(f"baseline build failed:\n{base.output[-3000:]}")
        return
    result.baseline.append(base.seconds)
    if base.peak_kb:
        result.baseline_peak_kb.append(base.peak_kb)
    log(f"[N={result.n}] run {r}/{runs}: baseline build {base.seconds:.1f} s")


def bench_size(
    n: int,
    runs: int,
    workdir: Path,
    seed: int,
    preview: bool,
    core: bool = True,
    baseline: bool = True,
    matched: bool = False,
) -> Result:
    result = Result(n, cores=cpu_count())
    project = workdir / f"corpus-{n}"
    log(f"[N={n}] writing corpus to {project}")
    t = time.perf_counter()
    write_project(project, n, seed)
    result.corpus_s = time.perf_counter() - t

    generated = project / "generated"
    gen = Run(0.0, None, False)
    if baseline:
        log(f"[N={n}] briefing generate --out {generated}")
        gen = timed(
            [*briefing_cmd(), "generate", "--content", "content", "--out", str(generated)],
            project,
        )
        if gen.ok:
            result.generate_s = gen.seconds
        else:
            result.errors.append(f"briefing generate failed:\n{gen.output[-3000:]}")

    for r in range(1, runs + 1):
        if core:
            _core_run(result, project, r, runs)
        _plugin_run(result, project, r, runs)
        _serial_run(result, project, r, runs)
        _warm_run(result, project, r, runs)
        if gen.ok:
            _baseline_run(result, generated, r, runs)
            if matched:
                _matched_run(result, project, generated, r, runs)

    if (project / "site").is_dir():
        site_stats(project / "site", result)
    if preview:
        log(f"[N={n}] preview: mkdocs serve, 3 summary edits")
        result.preview_s = measure_preview(project, result.preview_info)
        if result.preview_s is None:
            result.errors.append(f"preview failed: {result.preview_info.get('error')}")
        else:
            log(f"[N={n}] preview {result.preview_s:.1f} s ({result.preview_info})")
        log(f"[N={n}] preview: 3 title edits")
        result.preview_title_s = measure_preview(project, result.preview_title_info, "title")
        log(f"[N={n}] title preview {result.preview_title_s} s ({result.preview_title_info})")
    for err in result.errors:
        log(f"[N={n}] {err}")
    return result


# --------------------------------------------------------------------------------------
# Issue 13: what revision history adds to a full build
# --------------------------------------------------------------------------------------

HISTORY_TARGET = 1.15  # a build with history ≤ 1.15 × the same build without


@dataclass
class HistoryResult:
    briefs: int
    commits: int
    repository_s: float = 0.0
    off: list[Run] = field(default_factory=list)  # `history: false`
    on: list[Run] = field(default_factory=list)
    loadavg: list[float] = field(default_factory=list)  # 1-minute load before each build
    errors: list[str] = field(default_factory=list)


def no_history_config(project: Path) -> Path:
    """The project's mkdocs.yml with the plugin's `history: false`, beside it."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^(\s*)- briefing:\s*$", r"\g<0>\n\1    history: false", text)
    if not found:
        text = re.sub(r"(?m)^(\s*)- briefing\s*$", r"\1- briefing:\n\1    history: false", text)
    path = project / "mkdocs-no-history.yml"
    path.write_text(text, encoding="utf-8")
    return path


def bench_history(workdir: Path, briefs: int, commits: int, runs: int) -> HistoryResult:
    """Full serial builds without and with history, back to back, `runs` pairs."""
    from .history import make_repository

    result = HistoryResult(briefs, commits)
    project = workdir / f"history-{briefs}x{commits}"
    if not (project / ".git").is_dir():
        log(f"[history] writing {briefs} briefs x {commits} commits to {project}")
        t = time.perf_counter()
        make_repository(project, briefs, commits)
        result.repository_s = time.perf_counter() - t
    config = no_history_config(project)
    for r in range(1, runs + 1):
        for runs_list, args, name in (
            (result.off, ["-f", config.name], "without history"),
            (result.on, [], "with history"),
        ):
            shutil.rmtree(project / "site", ignore_errors=True)
            result.loadavg.append(os.getloadavg()[0])
            cmd = [sys.executable, "-m", "mkdocs", "build", "-q", *args, "-d", "site"]
            build = timed(cmd, project, env=SERIAL_ENV)
            if not build.ok:
                result.errors.append(f"build {name} failed:\n{build.output[-3000:]}")
                return result
            runs_list.append(build)
            log(f"[history] run {r}/{runs}: {name} {build.seconds:.1f} s, CPU {build.cpu:.1f} s")
    return result


def history_report(h: HistoryResult) -> list[str]:
    """The history table and its target, judged on wall time (what a user waits for; the
    history is read in a child process beside the content loading, so it costs CPU
    without costing as much wall time) and, as a second line, on CPU time (child included),
    which a machine shared with other work distorts least."""
    off_s, on_s = med([b.seconds for b in h.off]), med([b.seconds for b in h.on])
    off_cpu, on_cpu = med([b.cpu for b in h.off]), med([b.cpu for b in h.on])
    title = f"{h.briefs:,} briefs × {h.commits} commits"
    lines = [
        f"History (issue 13), {title}: full serial builds (`BRIEFING_WORKERS=1`, no page "
        "cache), without history (`history: false`) and with it, back to back:",
        "",
        "| build | wall s | CPU s (user + sys) | load avg (min–max) |",
        "| --- | ---: | ---: | ---: |",
    ]
    load = f"{min(h.loadavg):.1f}–{max(h.loadavg):.1f}" if h.loadavg else "–"
    for name, wall, cpu in (("without history", off_s, off_cpu), ("with history", on_s, on_cpu)):
        lines.append(f"| {name} | {_s(wall)} | {_s(cpu)} | {load} |")
    lines.append("")
    if off_s and on_s and off_cpu and on_cpu:
        for measure, on, off in (("wall", on_s, off_s), ("CPU", on_cpu, off_cpu)):
            tag = "PASS" if on / off <= HISTORY_TARGET else "FAIL"
            lines.append(
                f"- {tag}: history adds ≤ 15 % to a full build at {title}, {measure} time: "
                f"{on / off:.2f} × (+{on - off:.1f} s)"
            )
    else:
        why = h.errors[0].splitlines()[0] if h.errors else "not measured"
        lines.append(f"- SKIP: history adds ≤ 15 % to a full build at {title} ({why})")
    return lines


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def _s(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _mb(kb: float | None) -> str:
    return "–" if kb is None else f"{kb / 1024:.0f}"


def _kb_bytes(b: int | None) -> str:
    return "–" if b is None else f"{b / 1024:.0f} KB"


def _matched_cell(r: Result, plugin: float | None) -> str:
    m = med(r.matched)
    if m is None:
        return " – |"
    return f" {m:.1f} ({plugin / m:.2f}) |" if plugin else f" {m:.1f} |"


def tables(results: list[Result]) -> str:
    lines = [
        "| N briefs | actors | pages | core s (load / render) | `briefing generate` s "
        "| plugin build s | baseline build s | plugin / baseline | preview s (vs build) |"
        + (" matched baseline s (plugin / matched) |" if any(r.matched for r in results) else ""),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + (" ---: |" if any(r.matched for r in results) else ""),
    ]
    for r in results:
        plugin, base = med(r.plugin), med(r.baseline)
        ratio = f"{plugin / base:.2f}" if plugin and base else "–"
        preview = "–"
        if r.preview_s is not None:
            share = f" ({r.preview_s / plugin:.0%})" if plugin else ""
            preview = f"{r.preview_s:.1f}{share}"
        core = "–"
        if r.core:
            core = f"{_s(med(r.core), 2)} ({_s(med(r.load), 2)} / {_s(med(r.render), 2)})"
        lines.append(
            f"| {r.n:,} | {r.actors or '–'} | {r.pages or '–'} | {core} | {_s(r.generate_s)} "
            f"| {_s(plugin)} | {_s(base)} | {ratio} | {preview} |"
            + (_matched_cell(r, plugin) if any(x.matched for x in results) else "")
        )
    lines += ["", *lever_table(results)]
    lines += [
        "",
        "| N briefs | peak MB plugin build (core, baseline) | site MB | files "
        "| largest HTML page | largest brief page | search index |",
        "| ---: | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for r in results:
        largest = f"`{r.largest_html[0]}` {_kb_bytes(r.largest_html[1])}" if r.largest_html else "–"
        brief = f"{_kb_bytes(r.largest_brief[1])}" if r.largest_brief else "–"
        lines.append(
            f"| {r.n:,} | {_mb(med(r.plugin_peak_kb))} ({_mb(med(r.core_peak_kb))}, "
            f"{_mb(med(r.baseline_peak_kb))}) | {_mb(r.site_kb)} | {r.site_files:,} "
            f"| {largest} | {brief} | {_kb_bytes(r.search_index)} |"
        )
    return "\n".join(lines)


def _ratio(part: float | None, whole: float | None) -> str:
    return f"{part:.1f} ({part / whole:.2f})" if part and whole else _s(part)


def lever_table(results: list[Result]) -> list[str]:
    """Issue 15's cold-build levers, each against plain MkDocs on the generated Markdown."""
    lines = [
        "| N briefs | cores | plugin serial s (/ baseline) | plugin pool s (/ baseline) "
        "| warm cache, one brief edited s (/ baseline) | baseline s | load avg (min–max) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        base = med(r.baseline)
        load = f"{min(r.loadavg):.1f}–{max(r.loadavg):.1f}" if r.loadavg else "–"
        lines.append(
            f"| {r.n:,} | {r.cores or '–'} | {_ratio(med(r.serial), base)} "
            f"| {_ratio(med(r.plugin), base)} | {_ratio(med(r.warm), base)} | {_s(base)} "
            f"| {load} |"
        )
    return lines


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 0


def targets(results: list[Result]) -> list[str]:
    by_n = {r.n: r for r in results}
    out: list[str] = []

    def line(ok: bool | None, text: str, why: str = "") -> None:
        tag = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
        out.append(f"- {tag}: {text}" + (f" ({why})" if why else ""))

    r1k, r5k, r100 = by_n.get(1000), by_n.get(5000), by_n.get(100)
    p1k = med(r1k.plugin) if r1k else None
    b1k = med(r1k.baseline) if r1k else None
    if p1k and b1k:
        ratio = p1k / b1k
        line(ratio <= 1.10, f"plugin build ≤ 1.10 × baseline at 1,000 briefs: {ratio:.2f} ×")
    else:
        line(None, "plugin build ≤ 1.10 × baseline at 1,000 briefs", "needs N=1,000")
    p5k = med(r5k.plugin) if r5k else None
    if p1k and p5k:
        ratio = p5k / p1k
        core = ""
        c1, c5 = (med(r1k.core) if r1k else None), (med(r5k.core) if r5k else None)
        if c1 and c5:
            core = f"; core alone {c5 / c1:.2f}"
        line(ratio <= 5.5, f"t(5,000) / t(1,000) ≤ 5.5: {ratio:.2f} (plugin build{core})")
    else:
        line(None, "t(5,000) / t(1,000) ≤ 5.5", "needs N=1,000 and N=5,000")
    if r100 and r5k and r100.largest_brief and r5k.largest_brief:
        ratio = r5k.largest_brief[1] / r100.largest_brief[1]
        line(
            ratio <= 1.15,
            f"largest brief page at 5,000 ≤ 1.15 × at 100: {ratio:.2f} × "
            f"({r5k.largest_brief[1]:,} vs {r100.largest_brief[1]:,} bytes)",
        )
    else:
        line(None, "largest brief page at 5,000 ≤ 1.15 × at 100", "needs N=100 and N=5,000")
    out += preview_targets(r1k, r5k, p1k)
    out += lever_targets(r1k)
    out += bounded_targets(r1k, r5k)
    peak = med(r5k.plugin_peak_kb) if r5k else None
    if peak:
        line(peak <= 1024 * 1024, f"peak memory at 5,000 ≤ 1 GB: {peak / 1024:.0f} MB")
    else:
        line(None, "peak memory at 5,000 ≤ 1 GB", "needs N=5,000")
    return out


def preview_targets(r1k: Result | None, r5k: Result | None, p1k: float | None) -> list[str]:
    """Issue 15: an ordinary edit served in ≤ 2 s at 1,000 briefs (≤ 5 s at 5,000), median
    of 3 saves; a title edit in ≤ 25% of a full (plugin) build."""
    out = []
    for r, limit in ((r1k, 2.0), (r5k, 5.0)):
        n = 1000 if limit == 2.0 else 5000
        text = f"preview of an ordinary edit at {n:,} ≤ {limit:.0f} s (median of 3)"
        if r is None or r.preview_s is None:
            error = r.preview_info.get("error") if r else None
            why = f"preview failed: {error}" if error else f"needs N={n:,} with preview"
            out.append(f"- SKIP: {text} ({why})")
            continue
        stale = [k for k, v in r.preview_info.get("dependent_pages", {}).items() if not v]
        note = f"; dependent pages stale: {', '.join(stale)}" if stale else ""
        tag = "PASS" if r.preview_s <= limit and not stale else "FAIL"
        edits = r.preview_info.get("edits_s", [])
        out.append(f"- {tag}: {text}: {r.preview_s:.2f} s (edits {edits}){note}")
    text = "preview of a title edit at 1,000 ≤ 25% of a full build (median of 3)"
    if r1k is None or r1k.preview_title_s is None or not p1k:
        out.append(f"- SKIP: {text} (needs N=1,000 with preview and the plugin build)")
        return out
    share = r1k.preview_title_s / p1k
    stale = [k for k, v in r1k.preview_title_info.get("dependent_pages", {}).items() if not v]
    note = f"; dependent pages stale: {', '.join(stale)}" if stale else ""
    tag = "PASS" if share <= 0.25 and not stale else "FAIL"
    out.append(f"- {tag}: {text}: {r1k.preview_title_s:.2f} s = {share:.0%} of {p1k:.1f} s{note}")
    return out


def lever_targets(r1k: Result | None) -> list[str]:
    """Issue 15: pool ≤ 0.7× baseline on 2 cores (0.5× on 4), warm cache ≤ 0.5× baseline."""
    base = med(r1k.baseline) if r1k else None
    if not (r1k and base):
        return ["- SKIP: issue 15's cold-build targets (needs N=1,000 with the baseline)"]
    out = []
    pool, warm = med(r1k.plugin), med(r1k.warm)
    limit = 0.5 if r1k.cores >= 4 else 0.7
    if pool:
        tag = "PASS" if pool / base <= limit else "FAIL"
        out.append(
            f"- {tag}: plugin build (pool) ≤ {limit} × baseline at 1,000 briefs on "
            f"{r1k.cores} cores: {pool / base:.2f} ×"
        )
    if warm:
        tag = "PASS" if warm / base <= 0.5 else "FAIL"
        out.append(
            f"- {tag}: warm-cache build after one edit ≤ 0.5 × baseline at 1,000 briefs: "
            f"{warm / base:.2f} ×"
        )
    return out


def bounded_targets(r1k: Result | None, r5k: Result | None) -> list[str]:
    """Issue 15: no HTML page over 1 MB at 5,000, t(5,000)/t(1,000) ≤ 5.2, peak ≤ 1.5 GB."""
    out = []
    if r5k and r5k.largest_html:
        page, size = r5k.largest_html
        tag = "PASS" if size <= 1_000_000 else "FAIL"
        out.append(f"- {tag}: largest HTML page at 5,000 ≤ 1 MB: {size:,} bytes ({page})")
    else:
        out.append("- SKIP: largest HTML page at 5,000 ≤ 1 MB (needs N=5,000)")
    p1k, p5k = (med(r1k.plugin) if r1k else None), (med(r5k.plugin) if r5k else None)
    if p1k and p5k:
        tag = "PASS" if p5k / p1k <= 5.2 else "FAIL"
        out.append(f"- {tag}: t(5,000) / t(1,000) ≤ 5.2 (plugin build): {p5k / p1k:.2f}")
    else:
        out.append("- SKIP: t(5,000) / t(1,000) ≤ 5.2 (needs N=1,000 and N=5,000)")
    peak = med(r5k.plugin_peak_kb) if r5k else None
    if peak:
        tag = "PASS" if peak <= 1.5 * 1024 * 1024 else "FAIL"
        out.append(f"- {tag}: peak memory of a build at 5,000 ≤ 1.5 GB: {peak / 1024:.0f} MB")
    else:
        out.append("- SKIP: peak memory of a build at 5,000 ≤ 1.5 GB (needs N=5,000)")
    return out


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[str]:
    mem = "?"
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        m = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
        if m:
            mem = f"{int(m.group(1)) / MB:.1f} GB"
    except OSError:
        pass
    cores = cpu_count()
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    try:
        import yaml

        libyaml = "yes" if yaml.__with_libyaml__ else "no"
    except ImportError:
        libyaml = "?"
    return [
        f"- machine: {platform.machine()}, {cores} cores (nproc), {mem} memory, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; mkdocs {_version('mkdocs')}, "
        f"mkdocs-material {_version('mkdocs-material')}, pydantic {_version('pydantic')}, "
        f"Markdown {_version('Markdown')}, PyYAML {_version('PyYAML')} (libyaml: {libyaml})",
        f"- code: {commit or f'{ROOT} (not a git checkout)'}",
        f"- peak memory via {'/usr/bin/time -v' if TIME_BIN.exists() else 'ru_maxrss wrapper'}",
    ]


def report(
    results: list[Result],
    argv: list[str],
    runs: int,
    seed: int,
    history: HistoryResult | None = None,
) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = shlex.join(["python", "-m", "tests.benchmark.run", *argv])
    parts = [
        "# Benchmarks",
        "",
        f"Measured {now} with `{command}` (medians of {runs} run(s), corpus seed {seed}).",
        "",
        *machine(),
    ]
    if history is not None:
        parts += ["", *history_report(history)]
    if not results:  # --only-history
        return "\n".join(parts) + "\n"
    parts += [
        "",
        tables(results),
        "",
        "Targets (issue 6):",
        "",
        *targets(results),
        "",
        "Core: `load_content` + `build_site` in a fresh process, on one core, imports "
        "excluded. Plugin: `python -m mkdocs build -q` with the `briefing` plugin, cold "
        "(`BRIEFING_WORKERS=0 BRIEFING_CACHE=false`): files loaded and brief and actor pages "
        "rendered by forked workers, pages converted by its process pool (one worker per "
        "core); serial: the same with `BRIEFING_WORKERS=1` (one process; MkDocs converts "
        "every page itself); warm cache: the pool with `.cache/briefing/` (converted pages "
        "and the core's state) filled by a build just before and one brief's summary edited "
        "since. Load avg: the "
        "machine's 1-minute load before each build (a shared machine: compare ratios). "
        "Baseline: plain "
        "`mkdocs build` of the Markdown and mkdocs.yml written by `briefing generate`; "
        "matched baseline (if shown): the same Markdown built with the project's own "
        "mkdocs.yml minus the plugin. "
        "Preview: median time from saving one brief (3 saves, each adding a sentence to "
        "its summary) to the edit being served by `mkdocs serve --livereload --dirty` "
        "(`make serve`), with the percentage of the plugin build time.",
    ]
    errors = [f"- N={r.n}: {e.splitlines()[0]}" for r in results for e in r.errors]
    if history is not None:
        errors += [f"- history: {e.splitlines()[0]}" for e in history.errors]
    if errors:
        parts += ["", "Errors:", "", *errors]
    return "\n".join(parts) + "\n"


REPORT_START = "<!-- make bench: from here to the end mark, written by tests/benchmark/run.py -->"
REPORT_END = "<!-- make bench: end -->"


def write_report(path: Path, text: str) -> None:
    """The report into `path` between the marks, keeping what is written around them (the
    notes on earlier runs in BENCHMARKS.md); at the top, above what it holds, if it has no
    marks yet."""
    body = text.strip().removeprefix("# Benchmarks").strip()  # the file has that title
    block = f"{REPORT_START}\n\n{body}\n\n{REPORT_END}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = old.find(REPORT_START), old.find(REPORT_END)
    if start == -1 or end < start:
        path.write_text(block + "\n" + (f"\n{old}" if old else ""), encoding="utf-8")
        return
    path.write_text(old[:start] + block + old[end + len(REPORT_END) :], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    global BUILD_TIMEOUT
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description="Briefing benchmark (issue 6).")
    parser.add_argument("--sizes", default=None, help="comma-separated N (default 100,1000,5000)")
    parser.add_argument("--runs", type=int, default=None, help="runs per size (default 3)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="sizes 100,1000, one run, no preview (explicit --sizes/--runs still win)",
    )
    parser.add_argument("--no-preview", action="store_true", help="skip the mkdocs serve run")
    parser.add_argument("--no-core", action="store_true", help="skip the in-process core timing")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip briefing generate + plain mkdocs build"
    )
    parser.add_argument(
        "--preview-sizes",
        default="1000,5000",
        help="sizes to measure the preview at (default 1000,5000)",
    )
    parser.add_argument(
        "--matched-baseline",
        action="store_true",
        help="also build the generated Markdown with the project's own mkdocs.yml minus the "
        "plugin (same theme features, palette, validation), to separate plugin cost from "
        "config differences",
    )
    parser.add_argument(
        "--timeout", type=float, default=BUILD_TIMEOUT, help="seconds allowed for any one build"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", type=Path, help="also write the report to this file")
    parser.add_argument("--json", type=Path, help="also save the raw results as JSON")
    parser.add_argument(
        "--from-json",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="measure nothing: print one report from results saved with --json "
        "(e.g. N=5,000 run separately); later files win for the same N",
    )
    parser.add_argument(
        "--history",
        default="1000x10",
        metavar="BRIEFSxCOMMITS",
        help="the history measurement's repository (default 1000x10); 'no' skips it",
    )
    parser.add_argument(
        "--only-history", action="store_true", help="measure only the history (no --sizes)"
    )
    parser.add_argument("--workdir", type=Path, help="where corpora go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and sites")
    parser.add_argument("--core-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    BUILD_TIMEOUT = args.timeout
    if args.core_worker:
        print(json.dumps(core_worker(args.core_worker)))
        return 0
    if args.from_json:
        merged: dict[int, Result] = {}
        for path in args.from_json:
            for raw in json.loads(path.read_text(encoding="utf-8")):
                merged[raw["n"]] = Result(**raw)
        loaded = [merged[n] for n in sorted(merged)]
        text = report(loaded, argv, max((len(r.plugin) for r in loaded), default=0), args.seed)
        print(text)
        if args.write:
            write_report(args.write, text)
        return 0
    sizes_text = args.sizes or ("100,1000" if args.quick else "100,1000,5000")
    sizes = [int(s.replace("_", "")) for s in sizes_text.split(",") if s.strip()]
    if args.only_history:
        sizes = []
    runs = args.runs or (1 if args.quick else 3)
    preview_sizes = set()
    if not (args.no_preview or args.quick):
        preview_sizes = {int(s) for s in args.preview_sizes.split(",") if s.strip()}

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    history: HistoryResult | None = None
    try:
        if args.history != "no":
            briefs, _, commits = args.history.partition("x")
            history = bench_history(workdir, int(briefs), int(commits or 10), runs)
        for n in sizes:
            results.append(
                bench_size(
                    n,
                    runs,
                    workdir,
                    args.seed,
                    n in preview_sizes,
                    core=not args.no_core,
                    baseline=not args.no_baseline,
                    matched=args.matched_baseline,
                )
            )
    finally:
        if not args.keep:
            for n in sizes:
                shutil.rmtree(workdir / f"corpus-{n}", ignore_errors=True)
            if history is not None:
                shutil.rmtree(workdir / f"history-{history.briefs}x{history.commits}", True)
            if args.workdir is None:
                shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(
            json.dumps([dataclasses.asdict(r) for r in results], indent=1), encoding="utf-8"
        )
    text = report(results, argv, runs, args.seed, history)
    print(text)
    if args.write:
        write_report(args.write, text)
        log(f"wrote {args.write}")
    return 1 if any(r.errors for r in results) or (history and history.errors) else 0


if __name__ == "__main__":
    sys.exit(main())
