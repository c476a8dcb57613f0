"""Markdown source outside code (hooks/core/mdcode.py): the first heading."""

from __future__ import annotations

import pytest

from hooks.core.mdcode import first_heading


@pytest.mark.parametrize(("markdown", "heading"), [
    ("```sh\n# ei otsikko\n```\n\n# Palkka-ajo *nopeasti* #\n\n## Osa", "Palkka-ajo *nopeasti*"),
    ("Teksti\n\n## Osa", None),
    ("# Käytä `--force` varoen {: #force }", "Käytä `--force` varoen {: #force }"),
    ("Esimerkki:\n\n    # koodia\n\n# Otsikko", "Otsikko"),
    ("~~~\n```\n# ei\n~~~\n# Kyllä", "Kyllä"),
    ("#ei-otsikko\n# C#", "C#"),
])
def test_the_first_heading_is_the_first_h1_outside_code(markdown, heading):
    assert first_heading(markdown) == heading
