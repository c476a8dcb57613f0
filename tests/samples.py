"""Valid sources that tests start from and then break one thing in: a status post, a tiny source tree."""

from __future__ import annotations

from pathlib import Path

from hooks.core.config import CONFIG_PATH

INVESTIGATING = ("2026-11-02T09:00:00+02:00", "investigating", "Selvitämme.")
RESOLVED = ("2026-11-02T10:30:00+02:00", "resolved", "Korjattu.")


def incident_front(*updates: tuple[str, str, str]) -> str:
    """The front matter (without its ``---`` lines) of a major incident on the login, with these updates."""
    lines = ["title: Kirjautuminen ei onnistu", "kind: incident", "impact: major", "components:",
             "  kirjautuminen: major_outage", "updates:"]
    for at, status, text in updates:
        lines += [f"  - at: {at}", f"    status: {status}", f"    text: {text}"]
    return "\n".join(lines) + "\n"


def status_post(body: str = "Kuvaus.\n", front: str | None = None) -> str:
    """A whole status post file: a resolved incident unless ``front`` says otherwise."""
    return f"---\n{front or incident_front(INVESTIGATING, RESOLVED)}---\n\n{body}"


def source_tree(root: Path, repo_root: Path, files: dict[str, str]) -> Path:
    """The repository's site_config, a home page and ``files`` (path → text) under ``root``."""
    (root / "site_config").mkdir(parents=True, exist_ok=True)
    (root / CONFIG_PATH).write_bytes((repo_root / CONFIG_PATH).read_bytes())
    files = {"content/index.md": "# Etusivu\n", **files}
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def project_problems(root: Path) -> list[str]:
    """What ``supportsite check`` would report for the tree at ``root``, one line per problem (none: [])."""
    from hooks.core.content import load_project
    from hooks.core.problems import ValidationError

    try:
        load_project(root)
    except ValidationError as error:
        return [str(p) for p in error.problems]
    return []


def support_site_config():
    """The site_config of tests/sites/support (the default centre's rules), loaded without problems."""
    from hooks.core.config import load_site_config

    config, problems = load_site_config(Path(__file__).resolve().parent / "sites" / "support")
    assert problems == []
    return config
