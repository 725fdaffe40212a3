"""Extraction accuracy against human attribution annotations.

The folder holds ``text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``
files in brat standoff format (the PolNeAR layout): ``T`` lines are Source, Cue
and Content spans (offsets into the text file, discontinuous parts joined by
``;``), ``E`` lines tie them into one attribution. When an article has several
annotators' files, the first in sorted annotator-id order is used.

What is scored, and how (every figure comes with the counts behind it):

* **Direct quotes.** Gold quotes are the stretches of an annotated Content span
  enclosed in double quotation marks (straight, curly, or the typewriter
  ``''`` pair); pieces of one quotation covered by adjacent Content spans are
  merged. Quotations run at most to the end of their paragraph (a quote left
  open at a paragraph end continues in a new quotation in the next paragraph),
  and predicted quotes are cut at paragraph breaks the same way. Two kinds of
  quoted stretch inside Content are *neutral* (neither required nor
  penalised): title-like ones ("Saturday Night Live") and single-quoted ones.
  Overlap of two spans = shared characters / length of the longer span; gold
  and predicted spans are paired one-to-one, greedily by overlap, and a pair
  counts when its overlap reaches the threshold.
* **Speakers.** For each gold quote matched at the primary threshold whose
  annotated Source holds a proper name (see ``name_head``), the predicted
  speaker must name the same person (``same_speaker``): its surname key (last
  name word, normalised) equals the key of the Source's head name
  (``same_name``; a one-word gold Source such as "Tom" may match any word), or
  the surname of a person name inside the Source span (``source_surnames``).
  The person names of a Source are read part by part — the span is cut at
  commas, dashes, colons, semicolons, parentheses and "and"/"or" — and in
  each part only before its first preposition or relative word ("of", "from",
  "at", "for", "with", "who"...); a part's person name is the run of
  capitalised words that ends it, unless that run is possessive, ends in a
  group word ("a Nevada Democrat") or is all acronyms. So "Sen. Jim Whelan of
  New Mexico" names Whelan (never Mexico), "the director of the F.B.I., James
  B. Comey," names Comey, "Cruz constituent Dan Golvach" names Golvach only,
  and "Phil Berger and House Speaker Tim Moore" names both.
  This is the *lenient* figure, kept so that history stays comparable.
* **Speakers, strict.** The predicted speaker must be the same person
  (``same_person``): surnames equal, and a given name in common where both
  give one ("Heidi Cruz" is not "Sen. Ted Cruz"; titles are not given
  names). The gold persons are those the Source's parts name (as above; so
  "a spokesman for Bernie Sanders" names no speaker), a bare surname taking
  the given names of the person the article introduces in full under it
  (``introduced``: the article's first mention of the surname carries that
  given name, so a relative named later is not meant). A speaker that is no
  name ("Del", "Investigations", "He") names nobody and fails. Pronoun and
  description Sources ("he", "the spokesman") are scored strictly when a
  hand-made speaker label (``speaker_labels``: file stem, Source offsets,
  the person meant) resolves them; otherwise they are not scored (PolNeAR
  does not resolve them). A label also overrides a named Source's reading.
  Speaker accuracy over all identifiable quotes covers both, and the share
  of them given no speaker at all is reported beside it.
* **Named sources.** Recall of annotated Source spans holding a proper name, in
  direct and indirect attributions (also given apart: attributions whose
  Content holds a double quotation mark, and the others): a predicted source
  of any kind matches when its span overlaps the gold Source span, or when it
  is in the same paragraph and ``same_name`` holds. Precision: the share of
  predicted person, outlet and organisation sources matching any gold Source
  span (named or not) by the same rule.

Only offsets and file stems go into ``EvalReport.as_dict()``; the article text
is read at run time and never stored in a report.

The package: ``brat`` reads the annotated corpus, ``quotation_marks`` and
``names`` read quotes and names the same way on both sides, ``scoring`` scores
one article, ``report`` holds the figures, the table and the floors check, and
``run`` drives a whole folder through ``pipeline.parse_article``.
"""

from __future__ import annotations

from .brat import (
    SOURCE_ROLES,
    BratDocument,
    BratEvent,
    BratSpan,
    Fragment,
    GoldAttribution,
    SpeakerLabels,
    attributions,
    check_offsets,
    label_roles,
    label_speakers,
    parse_brat,
    source_roles,
    speaker_labels,
)
from .names import (
    NameHead,
    Person,
    gold_persons,
    introduced,
    midsentence_capitals,
    name_head,
    name_key,
    person_of_name,
    resolve_surname,
    same_name,
    same_person,
    same_speaker,
    source_surnames,
)
from .quotation_marks import (
    Stretch,
    paragraph_spans,
    quoted_stretches,
    single_quoted_stretches,
    trim,
)
from .report import (
    ErrorCase,
    EvalReport,
    QuoteScore,
    SourceScore,
    SpeakerScore,
    check_floors,
    format_report_table,
)
from .run import (
    evaluate,
)
from .scoring import (
    GoldQuote,
    QuoteSegment,
    gold_quotes,
    match_spans,
    overlap,
    quote_segments,
)

__all__ = [
    "BratDocument",
    "BratEvent",
    "BratSpan",
    "ErrorCase",
    "EvalReport",
    "Fragment",
    "GoldAttribution",
    "GoldQuote",
    "NameHead",
    "Person",
    "QuoteScore",
    "SOURCE_ROLES",
    "QuoteSegment",
    "SourceScore",
    "SpeakerLabels",
    "SpeakerScore",
    "Stretch",
    "attributions",
    "check_floors",
    "check_offsets",
    "evaluate",
    "format_report_table",
    "gold_persons",
    "gold_quotes",
    "introduced",
    "label_roles",
    "label_speakers",
    "match_spans",
    "midsentence_capitals",
    "name_head",
    "name_key",
    "overlap",
    "paragraph_spans",
    "parse_brat",
    "person_of_name",
    "quote_segments",
    "quoted_stretches",
    "resolve_surname",
    "same_name",
    "same_person",
    "same_speaker",
    "single_quoted_stretches",
    "source_roles",
    "source_surnames",
    "speaker_labels",
    "trim",
]
