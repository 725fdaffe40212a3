"""The sources stage: who or what each claim of an article is credited to.

A source is a phrase in a *cue slot*. Cues are verbs of speech (cues.toml)
and of the classes in sources.toml that PolNeAR-style annotation counts as
attribution too: cognition ("believes"), intention ("wants to", "declined
to"), endorsement and opposition ("endorsed", "rejected"), findings ("a poll
found"), plus idioms ("took aim at"); prepositional cues ("according to X",
"citing X", "told Reuters", "described by sources"); possessive claim nouns
("Trump's claim that"); "criticism from X"; labels before a colon ("TAPPER:");
a name signing after a dash ("- Sanders." after a quotation, "— Paul Ryan
(@SpeakerRyan)" closing a tweet); and the speakers the quote stage found.
Kinds: outlet, person (people stage, pronouns, "the diplomat", a name with an
honorific), organisation, document and vague ("reportedly", "officials said";
a leaked or anonymous document is reported as a document *and* as a vague
source).

The subject of a cue verb is looked for in its clause: the phrase opening the
clause when only a post-modifier stands between ("Senator Boxer of Ohio
said", "officials who met the envoy said"), else the phrase touching the verb,
with the phrases coordinated with it ("Russia and China said"); appositions
and relative clauses between commas or dashes are skipped ("Roe, who lives in
Dayton, Ohio, said", "Trump - who ... - said"), and so is glue ("has also",
"did not", manner adverbs: "pointedly rejected"). Phrases come from the
data files (outlets.toml, organisations.toml, vague.toml, sources.toml,
cues.toml); the code only compiles them and ties cues to phrases, sentence by
sentence. Names and cues inside quotation marks belong to the quoted speaker
and are skipped.

Citation chains set ``via``, the source a claim was passed through:

- "The WP Times, citing TASS": TASS ``via`` "The WP Times" (and The WP Times
  is a source with the cue "citing"); "TASS quoted Peskov as saying": Peskov
  ``via`` "TASS".
- An outlet a sentence reached us through ("According to The Guardian, Peskov
  noted ...", "Peskov told Reuters", "documents seen by Reuters show") becomes
  the ``via`` of the sentence's other sources: the claim reaches the reader
  through the outlet, so "Peskov told Reuters" gives the Reuters outlet source
  and Peskov ``via`` "Reuters". In "A, citing B" the other sources go via B,
  the outlet nearest to them.

Outlets are classified with the State Media Matrix (ASD, MIT) shipped under
``audit/data/state_media``: the typology code is kept as is, never reduced to
a yes/no flag (``is_state_affiliated`` states which codes raise a finding).

Speed: the article is tokenised once; phrase families are tried only at cue
slots and only when one of their trigger words is near (a bit set per word),
and a sentence is skipped whole unless it holds a cue word together with the
word its rule needs ("in" only with "interview", "statement"..., "is" only
with "critical" or "clear": see ``cues.sentence_gate``).

The modules: ``grammar`` (the data files compiled), ``outlets`` (outlet
classification), ``phrase``, ``builders`` and ``anaphora`` (source phrases),
``sentence`` (the per-sentence analysis) and ``subjects`` (the subject of a
verb), ``cues`` (the ordered registry of cue rules) with ``verb_cues``,
``chains`` (citation chains) and ``article`` (``find_sources``). A new
family of cues is one new ``CueRule`` in ``cues.CUE_RULES``: the sentence gate
is built from the rules.
"""

from __future__ import annotations

from .article import find_sources
from .chains import attach_via
from .outlets import classify_outlet, is_state_affiliated

__all__ = [
    "attach_via",
    "classify_outlet",
    "find_sources",
    "is_state_affiliated",
]
