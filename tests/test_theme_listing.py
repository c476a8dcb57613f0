"""The theme's files as MkDocs lists them (hooks/glue.py: ``list_no_hidden_folders``): the same static files, found
without walking Material's 14,000 icons, and every template still loaded, icons included."""

from __future__ import annotations

from jinja2 import FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from hooks.glue import list_no_hidden_folders


def _theme_files(config) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted((file.src_uri, file.abs_src_path) for file in files)


def test_the_site_gets_the_theme_files_mkdocs_finds_itself(repo_root, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    stock = load_config(str(repo_root / "mkdocs.yml"))
    ours = load_config(str(repo_root / "mkdocs.yml"))
    list_no_hidden_folders(ours.theme)
    assert type(stock.theme.get_env().loader) is FileSystemLoader  # MkDocs' own, which lists every file
    hidden = [name for name in stock.theme.get_env().list_templates() if name.startswith(".icons/")]
    assert len(hidden) > 1_000  # Material's icons: what the pruned listing does not walk
    found = _theme_files(ours)
    assert found == _theme_files(stock)
    assert any(uri.startswith("assets/javascripts/bundle.") for uri, _ in found)  # Material's, still copied


def test_a_hidden_folder_is_not_listed_but_its_templates_still_load(tmp_path):
    theme = tmp_path / "theme"
    (theme / ".icons" / "brand").mkdir(parents=True)
    (theme / "partials").mkdir()
    (theme / ".icons" / "brand" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (theme / "partials" / "logo.html").write_text('{% include ".icons/brand/logo.svg" %}', encoding="utf-8")
    (theme / "style.css").write_text("", encoding="utf-8")

    class Theme:
        def get_env(self):
            from jinja2 import Environment
            return Environment(loader=FileSystemLoader([str(theme)]))
    made = Theme()
    assert ".icons/brand/logo.svg" in made.get_env().list_templates()
    list_no_hidden_folders(made)
    env = made.get_env()
    assert env.list_templates() == ["partials/logo.html", "style.css"]
    assert env.get_template("partials/logo.html").render() == "<svg/>"
