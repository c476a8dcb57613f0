"""The Statuspage API v2 compatible JSON, at api/v2/ and status/api/v2/: field names and values as Statuspage's API.

Field lists from Atlassian Statuspage's public API v2 (https://metastatuspage.com/api/v2/ and its examples):
the same keys, the same state words, times in ISO 8601 with the page's offset.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest

from hooks.core import statusapi, urlmap
from hooks.core.content import load_project
from hooks.core.statusapi import StatusApi
from hooks.core.statusmodel import StatusModel

SITE = Path("tests/sites/status")
API_FILES = (
    "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json",
    "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
)
PAGE = {"id", "name", "url", "time_zone", "updated_at"}
STATUS = {"indicator", "description"}
COMPONENT = {"id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date",
             "group_id", "page_id", "group", "only_show_if_degraded"}
INCIDENT = {"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact", "shortlink",
            "started_at", "page_id", "incident_updates", "components"}
MAINTENANCE = INCIDENT | {"scheduled_for", "scheduled_until"}
UPDATE = {"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components",
          "deliver_notifications", "custom_tweet", "tweet_id"}
AFFECTED = {"code", "name", "old_status", "new_status"}
COMPONENT_STATUSES = {"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
INCIDENT_STATUSES = {"investigating", "identified", "monitoring", "resolved", "postmortem"}
MAINTENANCE_STATUSES = {"scheduled", "in_progress", "verifying", "completed"}
IMPACTS = {"none", "minor", "major", "critical", "maintenance"}
INDICATORS = {"none", "minor", "major", "critical"}
DOCUMENT_KEYS = {
    "summary.json": {"page", "components", "incidents", "scheduled_maintenances", "status"},
    "status.json": {"page", "status"},
    "components.json": {"page", "components"},
    "incidents.json": {"page", "incidents"},
    "incidents/unresolved.json": {"page", "incidents"},
    "scheduled-maintenances.json": {"page", "scheduled_maintenances"},
    "scheduled-maintenances/upcoming.json": {"page", "scheduled_maintenances"},
    "scheduled-maintenances/active.json": {"page", "scheduled_maintenances"},
}


@pytest.fixture(scope="module")
def built(status_site) -> Path:
    return status_site  # tests/sites/status, built once for the session (conftest.py)


@pytest.fixture(scope="module", params=["api/v2", "status/api/v2"])
def api(built, request) -> dict[str, dict]:
    """Every document of the API at one of its two addresses."""
    return {name: json.loads((built / request.param / name).read_text(encoding="utf-8")) for name in API_FILES}


def test_the_api_at_the_root_is_the_same_bytes_as_under_status(built):
    # Statuspage's clients ask <origin>/api/v2/…; monitors set up earlier read status/api/v2/…: one text for both.
    for name in API_FILES:
        assert (built / "api/v2" / name).read_bytes() == (built / "status/api/v2" / name).read_bytes(), name
    written = {p.relative_to(built / "api/v2").as_posix() for p in (built / "api/v2").rglob("*") if p.is_file()}
    assert written == set(API_FILES) == set(urlmap.API_V2_FILES)


def aware(text: str | None) -> bool:
    if text is None:
        return True
    moment = dt.datetime.fromisoformat(text)
    return moment.utcoffset() is not None and "." in text  # milliseconds, as Statuspage writes them


def check_incident(record: dict, keys: set[str], statuses: set[str]) -> None:
    assert set(record) == keys
    assert record["status"] in statuses and record["impact"] in IMPACTS
    for name in ("created_at", "updated_at", "monitoring_at", "resolved_at", "started_at"):
        assert aware(record[name]), name
    for update in record["incident_updates"]:
        assert set(update) == UPDATE
        assert update["status"] in statuses and update["incident_id"] == record["id"]
        assert aware(update["created_at"]) and aware(update["display_at"])
        for change in update["affected_components"] or []:
            assert set(change) == AFFECTED
            assert {change["old_status"], change["new_status"]} <= COMPONENT_STATUSES
    created = [u["created_at"] for u in record["incident_updates"]]
    assert created == sorted(created, key=dt.datetime.fromisoformat, reverse=True)  # newest first
    for component in record["components"]:
        assert set(component) == COMPONENT


def test_every_file_has_exactly_the_statuspage_keys(api):
    for name, document in api.items():
        assert set(document) == DOCUMENT_KEYS[name], name
        assert set(document["page"]) == PAGE
        if "status" in document:
            assert set(document["status"]) == STATUS and document["status"]["indicator"] in INDICATORS
        for component in document.get("components", []):
            assert set(component) == COMPONENT | ({"components"} if component["group"] else set())
            assert component["status"] in COMPONENT_STATUSES
        for incident in document.get("incidents", []):
            check_incident(incident, INCIDENT, INCIDENT_STATUSES)
        for maintenance in document.get("scheduled_maintenances", []):
            check_incident(maintenance, MAINTENANCE, MAINTENANCE_STATUSES)


def test_status_and_page_at_the_pinned_clock(api):
    assert api["status.json"] == {
        "page": {"id": "tuki-example-fi", "name": "Tila-testi", "time_zone": "Europe/Helsinki",
                 "updated_at": "2026-11-18T13:40:00.000+02:00", "url": "https://tuki.example.fi/status/"},
        "status": {"indicator": "major", "description": "Osittainen palvelukatko"},
    }


def test_components_carry_their_state_now_and_groups_list_their_members(api):
    components = {c["id"]: c for c in api["components.json"]["components"]}
    assert {k: (c["status"], c["group"], c["group_id"], c["position"]) for k, c in components.items()} == {
        "palvelut": ("under_maintenance", True, None, 1),
        "sovellus": ("under_maintenance", False, "palvelut", 2),
        "kirjautuminen": ("operational", False, "palvelut", 3),
        "tuki": ("partial_outage", True, None, 4),
        "puhelin": ("partial_outage", False, "tuki", 5),
    }
    assert components["palvelut"]["components"] == ["sovellus", "kirjautuminen"]
    assert api["summary.json"]["components"] == api["components.json"]["components"]


def test_incidents_unresolved_and_the_whole_timeline(api):
    assert [i["id"] for i in api["incidents.json"]["incidents"]] == ["2026-11-18-puhelinhairio", "2026-10-01-kirjautumiskatko"]
    unresolved = api["incidents/unresolved.json"]["incidents"]
    assert [(i["id"], i["status"], i["impact"], i["resolved_at"]) for i in unresolved] == [
        ("2026-11-18-puhelinhairio", "identified", "major", None)]
    assert api["summary.json"]["incidents"] == unresolved
    login = api["incidents.json"]["incidents"][1]
    assert (login["status"], login["created_at"], login["monitoring_at"], login["resolved_at"], login["shortlink"]) == (
        "resolved", "2026-10-01T10:00:00.000+03:00", "2026-10-01T11:00:00.000+03:00", "2026-10-01T12:00:00.000+03:00",
        "https://tuki.example.fi/status/2026-10-01-kirjautumiskatko/")
    assert [(u["status"], u["body"], u["affected_components"]) for u in login["incident_updates"]] == [
        ("resolved", "Ratkaistu.", [{"code": "kirjautuminen", "name": "Kirjautuminen", "old_status": "degraded_performance",
                                     "new_status": "operational"}]),
        ("monitoring", "Korjattu, seurataan.", [
            {"code": "kirjautuminen", "name": "Kirjautuminen", "old_status": "major_outage", "new_status": "degraded_performance"},
            {"code": "sovellus", "name": "Sovellus", "old_status": "partial_outage", "new_status": "operational"}]),
        ("investigating", "Kirjautuminen ei onnistu.", [
            {"code": "kirjautuminen", "name": "Kirjautuminen", "old_status": "operational", "new_status": "major_outage"},
            {"code": "sovellus", "name": "Sovellus", "old_status": "operational", "new_status": "partial_outage"}]),
    ]


def test_maintenance_lists_upcoming_active_and_all(api):
    def ids(name):
        return [(m["id"], m["status"]) for m in api[name]["scheduled_maintenances"]]

    assert ids("scheduled-maintenances/active.json") == [("2026-11-10-huolto-kaynnissa", "in_progress")]
    assert ids("scheduled-maintenances/upcoming.json") == [("2026-11-12-huolto-tulossa", "scheduled")]
    assert ids("scheduled-maintenances.json") == [("2026-11-12-huolto-tulossa", "scheduled"),
                                                  ("2026-11-10-huolto-kaynnissa", "in_progress")]
    assert ids("summary.json") == [("2026-11-10-huolto-kaynnissa", "in_progress"), ("2026-11-12-huolto-tulossa", "scheduled")]
    upcoming = api["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"][0]
    assert (upcoming["scheduled_for"], upcoming["scheduled_until"]) == ("2026-11-21T22:00:00.000+02:00",
                                                                         "2026-11-22T02:00:00.000+02:00")
    # Announcing a maintenance changes no component; the window does.
    assert upcoming["incident_updates"][0]["affected_components"] is None


def test_notices_and_posts_not_yet_due_are_not_in_the_api(api):
    text = json.dumps(api)
    assert "2026-11-05-tiedote" not in text and "2026-11-20-tuleva" not in text


# --- the renderer on its own: a status model in, JSON values out ----------------------------------------


def test_the_api_reads_the_model_never_the_html_pages():
    imported = {node.module for node in ast.walk(ast.parse(Path(statusapi.__file__).read_text(encoding="utf-8")))
                if isinstance(node, ast.ImportFrom)}
    assert "hooks.core.statusmodel" in imported
    assert not {"hooks.core.statuspage", "jinja2", "hooks.core.markup"} & imported


def test_documents_from_a_model_at_another_moment(repo_root):
    project = load_project(repo_root / SITE)
    # 16.11. at noon: the phone incident and the running maintenance are not there yet; the notice was closed.
    model = StatusModel(project.config, project.posts, dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.timezone.utc))
    api = StatusApi(model, "https://tuki.example.fi/", "Tila-testi")
    assert api.status() == {"indicator": "none", "description": "Kaikki palvelut toimivat normaalisti"}
    assert [c["status"] for c in api.components()] == ["operational"] * 5
    documents = api.documents()
    assert tuple(documents) == urlmap.API_V2_FILES  # the names hooks/status.py publishes and links.py knows
    assert documents["incidents/unresolved.json"]["incidents"] == []
    assert [m["id"] for m in documents["scheduled-maintenances/upcoming.json"]["scheduled_maintenances"]] == [
        "2026-11-10-huolto-kaynnissa", "2026-11-12-huolto-tulossa"]  # the soonest first
    assert documents["status.json"]["page"]["updated_at"] == "2026-11-12T09:00:00.000+02:00"
