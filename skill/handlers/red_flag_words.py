"""Finding red flags in what was said: one reader per locale, from vocabulary.yaml (RED_FLAG's
phrases, red_flags_exact, red_flag_exclusions and red_flag_reading).

A red flag counts when one of its phrases is said ("i can't feel my legs"), when its meaningful
words are said next to each other in any order (two slots joined: "legs" + "can't move"), or when
one of its patterns fits ("i took eight ibuprofen", "thinking of ending it"). It does not count
when the words say they don't have it ("no chest pain", "my chest is fine", "no, my legs are
fine") or that someone else had it ("my dad had a heart attack"); thoughts of suicide or
self-harm always count. Words some Englishes say for the phrases' own ("me bladder", "meself":
red_flag_reading's read_as) are read both as said and as the phrases say them. A word's
meaning counts, not the word alone: "chest" and "feel" said far apart in a sentence are no flag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import FrozenSet, List, Mapping, Tuple

from skill.content import content_for
from skill.content.words import phrases_pattern

# Words that carry no meaning of their own in a red-flag phrase ("can't move my legs").
FILLER = frozenset("my i i'm i've a an the is are am and in of to on at it it's me".split())
# Flags never set aside by a negation or by someone else's mention (safety first).
ALWAYS = frozenset({"crisis"})
_NUMBER_WORDS = ("three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty hundred dozen").split()
_NUMBERS = {word: value for word, value in zip(_NUMBER_WORDS, (3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                                              17, 18, 19, 20, 30, 40, 50, 60, 100, 12))}
_GAP = r"(?: \S+){0,5}"


def normalise(words: str) -> str:
    """Lowercase words and apostrophes only, single-spaced ("self-harm" → "self harm")."""
    return " ".join(re.sub(r"[^\w' ]", " ", (words or "").lower()).split())


def _alternatives(token: str) -> str:
    return "(?:" + "|".join(re.escape(word) for word in token.split("/")) + ")"


def _pattern(text: str, medicines: str) -> "re.Pattern[str]":
    """vocabulary.yaml's pattern syntax as a regex: a/b, [a/b], ..., ^, $, #count, #many, #medicine."""
    parts, start, end = [], r"\b", r"\b"
    for token in text.split():
        if token == "^":
            start = r"^"
        elif token == "$":
            end = r"$"
        elif token == "...":
            parts.append(_GAP)
        elif token in ("#count", "#many"):
            parts.append(rf" (?P<{token[1:]}>" + "|".join(_NUMBER_WORDS) + r"|[3-9]|\d{2,})(?: (?:" + "|".join(
                _NUMBER_WORDS) + r"|and|a|half))*")
        elif token == "#medicine":
            parts.append(" " + medicines)
        elif token.startswith("[") and token.endswith("]"):
            parts.append("(?: " + _alternatives(token[1:-1]) + ")?")
        else:
            parts.append(" " + _alternatives(token))
    return re.compile(start + "".join(parts)[1:] + end)


@dataclass(frozen=True)
class Reader:
    phrases: Tuple[Tuple[str, "re.Pattern[str]"], ...]          # flag → its phrases
    word_sets: Tuple[Tuple[str, Tuple[FrozenSet[str], ...]], ...]  # flag → its words, any order
    patterns: Tuple[Tuple[str, "re.Pattern[str]"], ...]          # flag → a pattern
    exclusions: "re.Pattern[str]"
    loose: FrozenSet[str]                  # filler and intensifiers: may stand among a flag's words
    negations: FrozenSet[str]
    negation_gap: FrozenSet[str]
    answer_no_before: FrozenSet[str]
    all_is_well: "re.Pattern[str]"
    still_there_after: "re.Pattern[str]"
    someone_else: "re.Pattern[str]"
    over_a_day: "re.Pattern[str]"
    over_days: "re.Pattern[str]"
    most_over_a_day: int
    parts_fine: Tuple[Tuple[str, "re.Pattern[str]"], ...]      # flag → its part said to be fine
    fine_around: FrozenSet[str]
    read_as: Mapping[str, str]              # words some Englishes say → the phrases' own ("meself")
    read_as_pattern: "re.Pattern[str]"      # any of read_as's words, as whole words


def _said_of_a_body_part(term: str) -> List[str]:
    """The phrase, and without its leading "my" when what is left still says something ("my chest
    hurts" → "chest hurts"): the carrier phrase often takes the "my" ("my {area} ...")."""
    words = normalise(term).split()
    return [" ".join(words)] + ([" ".join(words[1:])] if words[0] == "my" and len(words) >= 3 else [])


@lru_cache(maxsize=None)
def reader(locale: str) -> Reader:
    content_ = content_for(locale)
    reading: Mapping = content_.red_flag_reading
    loose = FILLER | frozenset(reading.get("intensifiers") or ())
    terms = content_.red_flag_terms()
    negations = frozenset(reading.get("negations") or ())
    medicine_words = [normalise(w) for names in content_.slot_types.get("MEDICINE", {}).values() for w in names]
    medicine_words += [normalise(w) for w in reading.get("medicine_words") or ()]
    medicines = "(?:" + "|".join(re.escape(w) for w in sorted(set(medicine_words), key=len, reverse=True)) + ")"
    people = "|".join(re.escape(normalise(w)) for w in reading.get("other_people") or ())
    verbs = "|".join(re.escape(normalise(w)) for w in reading.get("other_people_verbs") or ())
    read_as = {normalise(said): normalise(word) for word, words in (reading.get("read_as") or {}).items()
               for said in words}
    return Reader(
        phrases=tuple((flag, phrases_pattern(p for term in words for p in _said_of_a_body_part(term)))
                      for flag, words in terms.items()),
        # Two meaningful words or more, a negation aside: "no feeling in my legs" is no "no" next
        # to "legs" ("no, my legs are fine").
        word_sets=tuple((flag, tuple(s for s in (frozenset(normalise(term).split()) - loose for term in words)
                                     if len(s - negations) >= 2) if flag not in content_.red_flags_exact else ())
                        for flag, words in terms.items()),
        patterns=tuple((flag, _pattern(text, medicines))
                       for flag, texts in (reading.get("patterns") or {}).items() for text in texts),
        exclusions=phrases_pattern(normalise(phrase) for phrase in content_.red_flag_exclusions),
        loose=loose,
        negations=negations,
        negation_gap=frozenset(reading.get("negation_gap") or ()),
        answer_no_before=frozenset(reading.get("answer_no_before") or ()),
        all_is_well=_said_first(reading.get("all_is_well")),
        someone_else=re.compile(rf"\b(?:{people})(?: \S+)? (?:{verbs})(?: a| an| the| some)?$") if people and verbs
        else re.compile(r"(?!)"),
        over_a_day=phrases_pattern(normalise(w) for w in reading.get("over_a_day") or ()),
        over_days=phrases_pattern(normalise(w) for w in reading.get("over_days") or ()),
        still_there_after=_said_first(reading.get("still_there_after")),
        most_over_a_day=int(reading.get("most_over_a_day") or 0),
        parts_fine=_parts_fine_patterns(reading),
        fine_around=frozenset(normalise(w) for w in reading.get("fine_around") or ()),
        read_as=read_as,
        read_as_pattern=re.compile(r"\b(?:" + "|".join(
            re.escape(said) for said in sorted(read_as, key=len, reverse=True)) + r")\b"),
    )


def _parts_fine_patterns(reading: Mapping) -> Tuple[Tuple[str, "re.Pattern[str]"], ...]:
    """Per flag, a regex finding its part said to be fine: the part (or "part's"), at most four
    joining words or other parts, a word saying it is fine ("legs and my bladder are fine")."""
    parts = reading.get("parts_said_fine") or {}
    def either(words) -> str:
        return "(?:" + "|".join(re.escape(normalise(w)) for w in sorted(set(words), key=len, reverse=True)) + ")"
    joins = either(list(reading.get("fine_joins") or ()) + [p for names in parts.values() for p in names])
    fine = either(reading.get("fine_words") or ())
    return tuple((flag, re.compile(rf"\b{either(names)}(?:'s)?(?: {joins}(?:'s)?){{0,4}} {fine}\b"))
                 for flag, names in parts.items() if names)


def _said_first(phrases) -> "re.Pattern[str]":
    """A regex finding any of these phrases at the start of the words; never, for none."""
    if not phrases:
        return re.compile(r"(?!)")
    return re.compile(r"^(?:" + "|".join(re.escape(normalise(p)) for p in phrases) + r")\b")


class _Said:
    """The words as tokens, with each token's place in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = text.split()
        self.starts = []
        place = 0
        for token in self.tokens:
            self.starts.append(place)
            place += len(token) + 1

    def span(self, match: "re.Match[str]") -> Tuple[int, int]:
        first = sum(1 for start in self.starts if start <= match.start()) - 1
        last = sum(1 for start in self.starts if start < match.end())
        return first, last


def _dismissed(reader_: Reader, said: _Said, first: int, last: int) -> bool:
    """The words before or after a red flag say they don't have it, or that someone else did."""
    tokens = said.tokens
    if reader_.still_there_after.search(" ".join(tokens[last:last + 3])):
        return False
    place, gap = first - 1, 0
    while place >= 0 and tokens[place] in reader_.negation_gap and gap < 4:
        place, gap = place - 1, gap + 1
    if place >= 0 and tokens[place] in reader_.negations:
        after = tokens[place + 1] if place + 1 < len(tokens) else ""
        if not (tokens[place] == "no" and after in reader_.answer_no_before):
            return True
    if reader_.all_is_well.search(" ".join(tokens[last:last + 4])):
        return True
    return bool(reader_.someone_else.search(" ".join(tokens[max(0, first - 7):first])))


def _too_much_at_once(reader_: Reader, said: _Said, match: "re.Match[str]", asked: bool) -> bool:
    """A number of pills beyond a dose: any of three or more at once, more than a day's worth
    said over a day ("four ibuprofen today" is not), never several days' worth. The same with no
    verb heard (#many: "I've had {six co-codamol}"), but not in a question's words, where it is a
    dose asked about ("can I take {ten ibuprofen}")."""
    groups = match.groupdict()
    count = groups.get("count") or groups.get("many")
    if count is None:
        return True
    if asked and groups.get("many") is not None:
        return False
    value = _NUMBERS.get(count) or int(count)
    later = " ".join(said.text[match.end():].split()[:4])
    if reader_.over_days.search(later):
        return False
    return value > reader_.most_over_a_day if reader_.over_a_day.search(later) else True


def red_flags_in(locale: str, words: str, asked: bool = False) -> Tuple[str, ...]:
    """Every red flag said in `words`, in RED_FLAG's order; `asked`: the words are what a question
    asks about (_too_much_at_once)."""
    return _read(locale, words, asked)[0]


def set_aside_in(locale: str, words: str) -> Tuple[str, ...]:
    """The red flags whose words are in `words` only as someone else's, or said not to be there
    ("my dad had a heart attack", "no chest pain")."""
    return _read(locale, words)[1]


def parts_said_fine(locale: str, words: str) -> Tuple[str, ...]:
    """The red flags whose part `words` say is fine, and nothing else ("no, my legs are fine"), in
    parts_said_fine's order; none when a red flag is said."""
    reader_ = reader(locale)
    if red_flags_in(locale, words):
        return ()
    return tuple(_parts_said_fine(reader_, " ".join(reader_.exclusions.sub(" ", normalise(words)).split())))


def read_any(locale: str, words: str) -> Tuple[str, ...]:
    """Every red flag whose words are in `words`, said or set aside."""
    return _read(locale, words)[0] + _read(locale, words)[1]


@lru_cache(maxsize=4096)
def _read(locale: str, words: str, asked: bool = False) -> Tuple[Tuple[str, ...], Tuple[str, ...]]:
    """The red flags said in `words`, and those set aside (set_aside_in). Cached: every intent
    request passes through here (safety.RedFlagHandler is first), and people say the same few
    phrases."""
    readings = _readings(reader(locale), words)
    found = {flag for said in readings for flag in _flags(reader(locale), said, True, asked)}
    set_aside = {flag for said in readings for flag in _flags(reader(locale), said, False, asked)}
    order = [flag for flag, _ in reader(locale).phrases]
    return (tuple(sorted(found, key=order.index)),
            tuple(sorted(set(set_aside) - set(found), key=order.index)))


def _readings(reader_: Reader, words: str) -> Tuple[str, ...]:
    """The words, and, when they say a word as some Englishes do, the same with the phrases' own
    word ("lost control of me bladder": also "lost control of my bladder"; "I can not feel my
    legs": also "I can't feel my legs")."""
    said = normalise(words)
    respelled = reader_.read_as_pattern.sub(lambda said_as: reader_.read_as[said_as.group(0)], said)
    return (said,) if respelled == said else (said, respelled)


def _flags(reader_: Reader, words: str, heeding: bool, asked: bool = False) -> List[str]:
    """The flags said (`heeding` what is said around them), or found at all (not heeding)."""
    def _found(flag: str, said: _Said, first: int, last: int) -> bool:
        return not heeding or flag in ALWAYS or not _dismissed(reader_, said, first, last)

    said = _Said(" ".join(reader_.exclusions.sub(" ", normalise(words)).split()))
    found: List[str] = []
    for flag, pattern in reader_.phrases:
        if any(_found(flag, said, *said.span(m)) for m in pattern.finditer(said.text)):
            found.append(flag)
    # The words of crisis talk say nothing else: "sick of being alive" is no "being sick".
    crisis_words = {place for flag, pattern in reader_.phrases + reader_.patterns if flag in ALWAYS
                    for m in pattern.finditer(said.text) for place in range(*said.span(m))}
    meaningful = [(place, "" if place in crisis_words else token) for place, token in enumerate(said.tokens)
                  if token not in reader_.loose or place in crisis_words]
    present = frozenset(token for _, token in meaningful)
    for flag, word_sets in reader_.word_sets:
        if flag not in found and any(_next_to_each_other(flag, said, meaningful, words, _found)
                                     for words in word_sets if words <= present):
            found.append(flag)
    for flag, pattern in reader_.patterns:
        if flag not in found and any(_found(flag, said, *said.span(m)) and (
                flag != "overdose" or _too_much_at_once(reader_, said, m, asked)) for m in pattern.finditer(said.text)):
            found.append(flag)
    if not heeding:             # "my legs are fine": the legs' flags, found to be set aside
        found += [flag for flag in _parts_said_fine(reader_, said.text) if flag not in found]
    return found


def _parts_said_fine(reader_: Reader, text: str) -> List[str]:
    """The flags whose part the words say is fine, when all the other words are loose or may be
    said around it ("no, my legs are fine, thanks"); none when anything else is said ("my legs
    feel fine but numb")."""
    flags, covered = [], [False] * len(text)
    for flag, pattern in reader_.parts_fine:
        for match in pattern.finditer(text):
            covered[match.start():match.end()] = [True] * (match.end() - match.start())
            if flag not in flags:
                flags.append(flag)
    rest = "".join(" " if hidden else char for char, hidden in zip(text, covered)).split()
    return flags if all(word in reader_.loose or word in reader_.fine_around for word in rest) else []


def _next_to_each_other(flag: str, said: _Said, meaningful, words: FrozenSet[str], found) -> bool:
    """A flag's words said one after another, in any order, with only loose words among them."""
    size = len(words)
    for start in range(len(meaningful) - size + 1):
        window = meaningful[start:start + size]
        if frozenset(token for _, token in window) == words and found(
                flag, said, window[0][0], window[-1][0] + 1):
            return True
    return False

