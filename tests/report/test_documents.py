"""The JSON documents as library functions: on the sample corpus they are
the golden documents the commands print, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from paths import ROOT

from audit import (
    audit_paths,
    findings_document,
    lookup,
    lookup_document,
    people_document,
    quotes_document,
    sources_document,
)
from audit.pipeline import AuditResult
from audit.report.listing import to_json

GOLDEN = ROOT / "tests" / "golden" / "seeds"


@pytest.fixture(scope="module")
def seeds() -> AuditResult:
    # Paths in the documents are as given: relative to the repository, as the snapshots.
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return audit_paths(["seeds"])
    finally:
        os.chdir(here)


def _golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


def test_listing_documents_are_the_commands_json(seeds: AuditResult) -> None:
    assert to_json(quotes_document(seeds)) + "\n" == _golden("quotes.json")
    assert to_json(sources_document(seeds)) + "\n" == _golden("sources.json")
    assert to_json(people_document(seeds)) + "\n" == _golden("people.json")


def test_lookup_document_is_the_commands_json(seeds: AuditResult) -> None:
    matches = lookup("we will not", seeds.quotes)
    assert to_json(lookup_document("we will not", matches)) + "\n" == _golden("lookup.json")


def test_findings_document_is_report_json(seeds: AuditResult) -> None:
    assert to_json(findings_document(seeds)) + "\n" == _golden("report.json")
