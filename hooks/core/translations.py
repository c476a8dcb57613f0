"""What is not translated yet: the sources without a version in a language, and the translations older than their original."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hooks.core.languages import LANGUAGES, source_in
from hooks.core.urlmap import tag_slug

KINDS = (("page", "pages"), ("faq", "faqs"), ("manual", "manuals"), ("chapter", None), ("news", "news"))
"""The kinds of written source that are translated as files, in the order the report lists them."""


@dataclass(frozen=True)
class Missing:
    kind: str
    original: str
    translation: str  # the file a writer would create


@dataclass(frozen=True)
class Outdated:
    original: str
    translation: str
    original_date: dt.date
    translation_date: dt.date


@dataclass
class TranslationReport:
    """One language's state: the sources it lacks, the ones it lags behind, and the status posts without its text."""

    language: str
    total: int = 0
    missing: list[Missing] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    posts: list[tuple[str, str]] = field(default_factory=list)  # (post, what it lacks)
    tags: list[str] = field(default_factory=list)  # tags that site_config does not name in this language

    def lines(self) -> list[str]:
        """The report as the command prints it."""
        name = f"{LANGUAGES[self.language].name} ({self.language})"
        done = self.total - len(self.missing)
        out = [f"{name}: {done} of {self.total} sources translated."]
        if self.missing:
            out.append(f"Not translated ({len(self.missing)}); create the file on the right:")
            width = max(len(m.original) for m in self.missing)
            out += [f"  {m.kind:<8}{m.original:<{width}}  → {m.translation}" for m in self.missing]
        if self.outdated:
            out.append(f"Original changed after its translation ({len(self.outdated)}):")
            out += [f"  {o.translation} ({o.translation_date}) is older than {o.original} ({o.original_date})"
                    for o in self.outdated]
        if self.posts:
            out.append(f"Status posts shown with Finnish text on the {name} pages ({len(self.posts)}):")
            out += [f"  {path}: {what}" for path, what in self.posts]
        if self.tags:
            out.append(f"Tags shown in Finnish on the {name} pages ({len(self.tags)}); name them under tags: in "
                       "site_config/support.yml:")
            out += [f"  {tag}" for tag in self.tags]
        if not (self.missing or self.outdated or self.posts or self.tags):
            out.append("Everything is translated.")
        return out


def translation_report(project: Any, code: str, date_of: Callable[[Any], dt.date | None]) -> TranslationReport:
    """What ``project`` (the default language's, from ``load_project``) lacks in language ``code``.

    ``date_of(document)``: when a source last changed (its ``updated`` date or its last commit)."""
    report = TranslationReport(code)
    by_path = project.by_path()
    for kind, attribute in KINDS:
        if attribute is None:  # chapters: inside their manuals
            originals = [c for m in project.manuals for c in m.chapters]
        else:
            originals = getattr(project, attribute)
        for original in originals:
            report.total += 1
            target = source_in(original.path, code)
            version = by_path.get(target)
            if version is None:
                report.missing.append(Missing(kind, original.path, target))
                continue
            before, after = date_of(version), date_of(original)
            if before is not None and after is not None and after > before:
                report.outdated.append(Outdated(original.path, target, after, before))
    for post in project.posts:
        lacks = []
        if not getattr(post, f"title_{code}", None):
            lacks.append(f"title_{code}")
        updates = getattr(post, "updates", ()) or ()
        without = [index for index, update in enumerate(updates) if not getattr(update, f"text_{code}", None)]
        if without:
            lacks.append(f"text_{code} in update" + ("s " if len(without) > 1 else " ")
                         + ", ".join(str(i + 1) for i in without))
        if lacks:
            report.posts.append((post.path, "no " + " and no ".join(lacks)))
    named = {tag_slug(t.tag) for t in project.config.tags if code in t.names}
    shown = project.in_language(code)  # the tags of its pages get pages of their own in that language
    tagged = [*shown.faqs, *(c for m in shown.manuals for c in m.chapters), *shown.news]
    report.tags = sorted({tag for doc in tagged for tag in doc.tags if tag_slug(tag) not in named})
    return report
