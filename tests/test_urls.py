"""Relative links (hooks/core/urls.py): between published pages, between source files, from a page to a source."""

from __future__ import annotations

import pytest

from hooks.core.urls import linker, page_url_of, relative_url


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("ukk/a/", "ukk/b/", "../b/"), ("ukk/a/", "", "../../"), ("ukk/tuotteet/x/", "academy/y/", "../../../academy/y/"),
    ("", "ukk/", "ukk/"), ("ukk/", "ukk/", "./"),
    # MkDocs names the home page "./"
    ("academy/", "./", "../"), ("./", "ukk/", "ukk/"), ("./", "./", "./"), ("ukk/a.html", "./", "../"),
])
def test_links_between_published_pages_are_relative(source, target, expected):
    assert relative_url(source, target) == expected


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("ukk/tuotteet/palkat.md", "ukk/lomaraha.md", "../lomaraha.md"),
    ("ukk/index.md", "ukk/aiheet/index.md", "aiheet/index.md"),
    ("ukk/index.md", "ukk/index.md", "index.md"), ("index.md", "ukk/a.md", "ukk/a.md"),
    ("academy/manuals/opas/kokonaan.md", "status/index.md", "../../../status/index.md"),
])
def test_markdown_links_between_sources_are_relative(source, target, expected):
    assert relative_url(source, target) == expected


@pytest.mark.parametrize(("uri", "url"), [
    ("index.md", ""), ("ukk/index.md", "ukk/"), ("ukk/lomaraha.md", "ukk/lomaraha/"),
    ("academy/manuals/opas/README.md", "academy/manuals/opas/"),
])
def test_a_source_is_published_at_its_directory_url(uri, url):
    assert page_url_of(uri) == url


def test_a_page_links_a_source_at_the_url_the_build_gave_it():
    href = linker("ukk/tuotteet/palkat/", {"ukk/lomaraha.md": "ukk/loma/", "index.md": ""})
    assert href("ukk/lomaraha.md") == "../../loma/"
    assert href("index.md") == "../../../"  # the home page's URL is empty, not missing
    assert href("ukk/uusi.md") == "../../uusi/"  # not in this build's files: where it would be published
