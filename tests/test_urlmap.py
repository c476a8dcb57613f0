"""Where generated pages are published (hooks/core/urlmap.py): tag and product pages."""

from __future__ import annotations

import pytest

from hooks.core.urlmap import product_uri, tag_slug, tag_uri


@pytest.mark.parametrize(("text", "slug"), [
    ("Palkka-ajo", "palkka-ajo"), ("Etäyhteys", "etayhteys"), ("Työaika ja öljy", "tyoaika-ja-oljy"),
    ("SuperUser", "superuser"), ("  ", "aihe"),
])
def test_tags_get_url_safe_finnish_slugs(text, slug):
    assert tag_slug(text) == slug
    assert tag_uri(text) == f"ukk/aiheet/{slug}.md"


def test_a_product_page_is_named_by_the_products_id():
    assert product_uri("palkat") == "ukk/tuotteet/palkat.md"
