"""The quotes stage: every direct quote in an article and who said it, and
reported speech ("Grushko stressed that ...").

Quote marks are paired paragraph by paragraph (curly, straight, guillemets,
„low-high“, and single marks only where they clearly delimit a quote). A
quote still open at a paragraph end continues when the next paragraph opens
with a quote mark, news style; each paragraph's part is its own Quote.

The speaker is found, in order, from: a speech verb right after the quote
("..., Peskov said" / "said Peskov" / "he added" / "..., Blunt, after a
pause, said"), a dash attribution, the sentence that leads into the quote
("Peskov said:" / "X confirmed that ... was "..."" / "According to X, ..."
/ a sentence whose named subject the quote belongs to), a neighbouring quote
of the same paragraph, the previous sentence of the paragraph, and finally,
for a paragraph that opens with an unattributed quote, the previous
paragraph's quote or its closing sentence about a person. Pronouns take the
subject of the latest sentence about a person (named, or itself a pronoun or
a definite role resolved in turn, so a run of "he said" paragraphs keeps its
speaker), looking no further back than the previous paragraph (paragraphs
wholly inside a quote are passed over), skipping a person whose honorific
shows the other gender; a quote given a person after that sentence wins. A
definite role ("the spokesman", "the court" for its judge) is the latest
person with that title, else the person spoken of last; a document ("the
statement said") its issuer. In a quote list ("The Week in Quotes") each
quote takes the name after it. When the subject is a named organisation ("the
Kremlin said", "Xinhua wrote") the speaker is that name; a group ("officials
said") or an unresolved pronoun gives None, never a guess.

Beyond speech verbs: a quote whose sentence goes on ("“...,” Trump barked")
takes the name next to any past-tense verb; a lead-in "X shot back, “...”"
likewise; a verb sharing its sentence's subject ("and said", ", adding that")
takes that subject, not a name inside the reported clause; an attribution
closing a sentence covers its earlier quotes; a cue inside an opening
subordinate clause ("After X criticized Y, Z said") is not the quote's. A
short quoted stretch in Title Case without a final stop and without a speech
verb next to it names a work or a thing ("Meet the Press") and is left out.

The speech verbs are ``cues.toml``'s; the rules on what may stand between a
speaker and a verb are in ``quotes.toml``; titles and non-names come from
``people.toml``. ``find_quotes`` and ``find_reported_speech`` share the paired
marks of an article (a small cache keyed on the article and its people).

Modules: ``marks`` pairs the quote marks; ``context`` holds what is known of
one article (words, mentions, sentences, pronouns); ``speech_cues`` finds
speech verbs and ``subjects`` their subjects; ``speakers`` attributes one
quote from the words around it; ``direct`` finds the quotes and carries
speakers between neighbours; ``layouts`` reads transcript, Q&A, vox-pop and
bullet layouts, moves a speaker off a channel ("..., TASS reported": the
outlet becomes the quote's ``via``) and drops names that never speak (labels,
countries, interviewers); ``reported`` finds reported speech;
``attribution_rules`` gathers the word sets from the data views.
"""

from .direct import find_quotes
from .reported import find_reported_speech

__all__ = ["find_quotes", "find_reported_speech"]
