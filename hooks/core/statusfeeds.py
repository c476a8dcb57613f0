"""What subscribers read of the status model: the Atom/RSS feeds' meta and entries, and the maintenance calendar."""

from __future__ import annotations

from jinja2 import Environment

from hooks.core.config import Component
from hooks.core.feeds import FeedEntry, FeedMeta
from hooks.core.formats import Formats
from hooks.core.ics import IcsEvent
from hooks.core.incidents import StatusPost, text_in, title_in, translated
from hooks.core.languages import LANGUAGES
from hooks.core.statuslabels import LABELS
from hooks.core.statusmodel import StatusModel
from hooks.core.urlmap import ATOM_NAME, RSS_NAME, STATUS_URL, absolute_url, component_url, post_url, site_host

TAG_YEAR = "2026"  # the year the site began: part of every feed id, so it never changes


class StatusFeeds:
    """The feeds and the calendar of one build in one language. ``env`` is the status templates' of that language
    (``statuspage.environment``): an entry's HTML is its updates, as the pages show them. A language other than the
    default has its feeds in its folder (``sv/status/history.atom``), its entries link to its pages, and a text not
    yet translated is the default language's, marked."""

    def __init__(self, model: StatusModel, site_url: str, site_name: str, env: Environment, language: str = "fi"):
        self.model, self.site_url, self.site_name, self.env = model, site_url, site_name, env
        self.language, self.labels, self.formats = language, LABELS[language], Formats(language)
        self.prefix, self.untranslated = LANGUAGES[language].prefix, LANGUAGES[language].untranslated
        self.host = site_host(site_url)
        self._entries: dict[str, FeedEntry] = {}

    def entry_id(self, post: StatusPost) -> str:
        """A tag URI (RFC 4151) from the host and the file name: it never changes when the post is updated."""
        return f"tag:{self.host},{TAG_YEAR}:{self.prefix}status/{post.slug}"

    def feed_entry(self, post: StatusPost) -> FeedEntry:
        if post.slug not in self._entries:  # the status feed and each component's feed share their entries
            self._entries[post.slug] = self._feed_entry(post)
        return self._entries[post.slug]

    def _feed_entry(self, post: StatusPost) -> FeedEntry:
        shown = self.model.status(post).updates
        updates = []
        for update in reversed(shown):
            text, language = text_in(update, self.language)
            updates.append({"at": self.formats.moment(update.at, self.model.tz), "status": update.status, "text": text,
                            "lang": None if language == self.language else language})
        trail = self.env.get_template("feed_entry.html").render(updates=updates)
        categories = (*post.components, post.kind, post.impact)
        link = absolute_url(self.site_url, self.prefix + post_url(post.slug))
        return FeedEntry(id=self.entry_id(post), title=self.title(post), link=link,
                         published=shown[0].at, updated=shown[-1].at, content_html=trail, categories=categories)

    def title(self, post: StatusPost) -> str:
        """The entry's title, plain text: one not yet translated is the default language's with the mark after it."""
        title, language = title_in(post, self.language)
        return title if language == self.language else f"{title} ({self.untranslated})"

    def feed_meta(self, component: Component | None = None) -> FeedMeta:
        """The status feed's, or with ``component`` that component's."""
        if component is None:
            base = self.prefix + STATUS_URL
            title = self.labels.feed_title.format(site=self.site_name)
            subtitle = self.labels.feed_subtitle
            feed_id = f"tag:{self.host},{TAG_YEAR}:{self.prefix}status"
        else:
            base = self.prefix + component_url(component.id)
            name = translated(component, "name", self.language)[0]
            title = self.labels.component_feed_title.format(site=self.site_name, component=name)
            subtitle = self.labels.component_feed_subtitle.format(component=name)
            feed_id = f"tag:{self.host},{TAG_YEAR}:{self.prefix}status/components/{component.id}"
        return FeedMeta(id=feed_id, title=title, subtitle=subtitle, link=absolute_url(self.site_url, base),
                        atom_url=absolute_url(self.site_url, base + ATOM_NAME),
                        rss_url=absolute_url(self.site_url, base + RSS_NAME), language=self.language,
                        author=self.model.config.organisation.department)

    def feed_entries(self, component: Component | None = None) -> list[FeedEntry]:
        posts = self.model.posts if component is None else self.model.posts_of(component.id)
        return [self.feed_entry(p) for p in posts]

    # -- the maintenance calendar ---------------------------------------------------------------

    def calendar_name(self) -> str:
        return self.labels.calendar_name.format(site=self.site_name)

    def calendar_events(self) -> list[IcsEvent]:
        """One event per maintenance window."""
        events = []
        config = self.model.config.status
        for post in self.model.posts:
            if post.kind != "maintenance" or post.scheduled is None:
                continue
            affected = ", ".join(translated(config.component(c), "name", self.language)[0] for c in post.components)
            text = (self.labels.calendar_components.format(components=affected) + "\n\n" if affected else "")
            # One event in every language's calendar: the same uid, so that a subscriber to two calendars sees it once.
            events.append(IcsEvent(uid=f"{post.slug}@{self.host}", summary=self.title(post), start=post.scheduled.start,
                                   end=post.scheduled.end, stamp=self.model.status(post).updated,
                                   description=text + self._first_text(post),
                                   url=absolute_url(self.site_url, self.prefix + post_url(post.slug))))
        return events

    def _first_text(self, post: StatusPost) -> str:
        text, language = text_in(post.updates[0], self.language)
        return text if language == self.language else f"({self.untranslated}) {text}"
