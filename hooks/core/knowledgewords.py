"""The words of the knowledge base's generated pages and blocks, per language: data the templates share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnowledgeWords:
    """One language's FAQ and Academy words. A second language is one more of these in ``WORDS``: every field is
    required, so a missing word fails at import, not on a page. Texts with ``{…}`` are filled by the template that
    shows them; a sentence around a link is cut at the link (``…_before``, the link text, ``…_after``)."""

    sections: dict[str, str]  # breadcrumb names: home, faq, academy, news, products, tags
    date_labels: dict[bool, str]  # before the date under a title, by PageDate.published
    kinds: dict[str, str]  # after a related article: faq, chapter, news, manual, page
    untranslated: str  # after a text shown in the default language because this one has none
    # the FAQ index (faq_index.md)
    by_team_heading: str
    other_lists_before: str
    by_product_link: str
    other_lists_and: str
    by_topic_link: str
    other_lists_after: str
    no_team_questions: str
    # products (products.md, product.md)
    products_title: str
    products_description: str
    products_intro: str
    by_team_before: str
    by_team_link: str
    no_product_questions: str
    product_description: str  # {product}
    status_before: str
    status_link: str
    questions_heading: str
    manuals_heading: str
    news_heading: str
    all_products_link: str
    # topics (tags.md, tag.md)
    tags_title: str
    tags_description: str
    tags_intro: str
    no_tags: str
    tag_title: str  # {tag}
    tag_description: str  # {tag}
    tag_groups: dict[str, str]  # a topic page's headings by kind: faq, chapter, news
    all_tags_link: str
    # news (news_index.md)
    news_title: str
    news_description: str
    news_intro: str  # before the feeds' links
    feed_title: str  # {organisation}: the feeds' title, as feed readers and autodiscovery links name them
    feed_subtitle: str
    atom_link: str
    feeds_or: str
    rss_link: str
    # manuals (manual_one_page.md, manual_toc.html, chapter_nav.html)
    one_page_title: str  # {manual}
    one_page_description: str  # {manual}
    one_page_intro: str
    one_page_back: str
    contents_heading: str
    one_page_link: str
    one_page_note: str
    chapter_nav_label: str
    chapter_of: str  # {number}, {count}: before the manual's linked title
    previous_chapter: str
    next_chapter: str
    # other blocks
    breadcrumbs_label: str
    related_heading: str


WORDS = {
    "fi": KnowledgeWords(
        sections={"home": "Etusivu", "faq": "UKK", "academy": "Akatemia", "news": "Tuoteuutiset",
                  "products": "Kysymykset tuotteittain", "tags": "Aiheet"},
        date_labels={False: "Päivitetty", True: "Julkaistu"},
        kinds={"faq": "Kysymys", "chapter": "Käyttöopas", "news": "Tuoteuutinen", "manual": "Käyttöopas",
               "page": "Sivu"},
        untranslated="suomeksi",
        by_team_heading="Kysymykset tukitiimeittäin",
        other_lists_before="Kysymykset",
        by_product_link="tuotteittain",
        other_lists_and="ja",
        by_topic_link="aiheittain",
        other_lists_after="löydät omilta sivuiltaan.",
        no_team_questions="Tällä tiimillä ei ole vielä kysymyksiä.",
        products_title="Kysymykset tuotteittain",
        products_description="Kaikki usein kysytyt kysymykset ryhmiteltyinä sen mukaan, mitä SoftOne-tuotetta ne "
                             "koskevat.",
        products_intro="Kysymys voi koskea useaa tuotetta; silloin se on jokaisen tuotteen kohdalla.",
        by_team_before="Kysymykset",
        by_team_link="tukitiimeittäin",
        no_product_questions="Tästä tuotteesta ei ole vielä kysymyksiä.",
        product_description="Usein kysytyt kysymykset, käyttöoppaat ja tuoteuutiset: {product}",
        status_before="Tuotteen käytettävyyden näet",
        status_link="palvelun tila -sivulta",
        questions_heading="Kysymykset",
        manuals_heading="Käyttöoppaat",
        news_heading="Tuoteuutiset",
        all_products_link="Kaikki kysymykset tuotteittain",
        tags_title="Aiheet",
        tags_description="Usein kysytyt kysymykset, käyttöoppaiden luvut ja tuoteuutiset aiheittain.",
        tags_intro="Jokainen aihe kokoaa yhteen kysymykset, käyttöoppaiden luvut ja tuoteuutiset, joissa siitä "
                   "kerrotaan.",
        no_tags="Aiheita ei ole vielä.",
        tag_title="Aihe: {tag}",
        tag_description="Kysymykset, käyttöoppaiden luvut ja tuoteuutiset aiheesta {tag}.",
        tag_groups={"faq": "Kysymykset", "chapter": "Käyttöoppaiden luvut", "news": "Tuoteuutiset"},
        all_tags_link="Kaikki aiheet",
        news_title="Tuoteuutiset",
        news_description="SoftOnen tuoteuutiset uusimmasta alkaen. Tilaa ne syötteenä (Atom tai RSS).",
        news_intro="Uusimmat ensin. Voit seurata uutisia myös syötelukijalla:",
        feed_title="{organisation} Akatemia: tuoteuutiset",
        feed_subtitle="Uudet versiot, muutokset ja ajankohtaiset asiat tuotteistamme.",
        atom_link="Atom-syöte",
        feeds_or="tai",
        rss_link="RSS-syöte",
        one_page_title="{manual} – koko opas",
        one_page_description="{manual} yhdellä sivulla tulostamista tai PDF-tallennusta varten.",
        one_page_intro="Tällä sivulla on oppaan kaikki luvut peräkkäin. Tulosta sivu tai tallenna se PDF-tiedostoksi "
                       "selaimen tulostustoiminnolla.",
        one_page_back="Takaisin oppaan sisällykseen",
        contents_heading="Sisällys",
        one_page_link="Koko opas yhdellä sivulla",
        one_page_note="(tulostamista tai PDF-tallennusta varten)",
        chapter_nav_label="Oppaan luvut",
        chapter_of="Luku {number}/{count} oppaasta",
        previous_chapter="Edellinen luku:",
        next_chapter="Seuraava luku:",
        breadcrumbs_label="Murupolku",
        related_heading="Aiheeseen liittyvää",
    ),
    "sv": KnowledgeWords(
        sections={"home": "Startsida", "faq": "Vanliga frågor", "academy": "Akademin", "news": "Produktnyheter",
                  "products": "Frågor per produkt", "tags": "Ämnen"},
        date_labels={False: "Uppdaterad", True: "Publicerad"},
        kinds={"faq": "Fråga", "chapter": "Användarguide", "news": "Produktnyhet", "manual": "Användarguide",
               "page": "Sida"},
        untranslated="på finska",
        by_team_heading="Frågor per supportteam",
        other_lists_before="Frågorna",
        by_product_link="per produkt",
        other_lists_and="och",
        by_topic_link="per ämne",
        other_lists_after="finns på egna sidor.",
        no_team_questions="Det här teamet har inga frågor ännu.",
        products_title="Frågor per produkt",
        products_description="Alla vanliga frågor grupperade efter den SoftOne-produkt som de gäller.",
        products_intro="En fråga kan gälla flera produkter; då finns den under varje produkt.",
        by_team_before="Frågorna",
        by_team_link="per supportteam",
        no_product_questions="Den här produkten har inga frågor ännu.",
        product_description="Vanliga frågor, användarguider och produktnyheter: {product}",
        status_before="Produktens tillgänglighet ser du på",
        status_link="sidan om driftstatus",
        questions_heading="Frågor",
        manuals_heading="Användarguider",
        news_heading="Produktnyheter",
        all_products_link="Alla frågor per produkt",
        tags_title="Ämnen",
        tags_description="Vanliga frågor, kapitel i användarguider och produktnyheter per ämne.",
        tags_intro="Varje ämne samlar de frågor, kapitel i användarguider och produktnyheter som handlar om det.",
        no_tags="Det finns inga ämnen ännu.",
        tag_title="Ämne: {tag}",
        tag_description="Frågor, kapitel i användarguider och produktnyheter om ämnet {tag}.",
        tag_groups={"faq": "Frågor", "chapter": "Kapitel i användarguider", "news": "Produktnyheter"},
        all_tags_link="Alla ämnen",
        news_title="Produktnyheter",
        news_description="SoftOnes produktnyheter, de senaste först. Prenumerera på dem som flöde (Atom eller RSS).",
        news_intro="De senaste först. Du kan också följa nyheterna i en flödesläsare:",
        feed_title="{organisation} Akademin: produktnyheter",
        feed_subtitle="Nya versioner, ändringar och aktuella frågor om våra produkter.",
        atom_link="Atom-flöde",
        feeds_or="eller",
        rss_link="RSS-flöde",
        one_page_title="{manual} – hela guiden",
        one_page_description="{manual} på en sida, för utskrift eller för att spara som PDF.",
        one_page_intro="På den här sidan finns guidens alla kapitel i följd. Skriv ut sidan eller spara den som "
                       "PDF-fil med webbläsarens utskriftsfunktion.",
        one_page_back="Tillbaka till guidens innehåll",
        contents_heading="Innehåll",
        one_page_link="Hela guiden på en sida",
        one_page_note="(för utskrift eller för att spara som PDF)",
        chapter_nav_label="Guidens kapitel",
        chapter_of="Kapitel {number}/{count} i guiden",
        previous_chapter="Föregående kapitel:",
        next_chapter="Nästa kapitel:",
        breadcrumbs_label="Brödsmulor",
        related_heading="Relaterat",
    ),
}
"""The knowledge base's words in each language the site is written in."""
