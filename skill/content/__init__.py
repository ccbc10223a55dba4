"""Per-locale content: prompts, remedies, answers to questions, vocabulary and session text, loaded
from data files.

Handlers never hold spoken text; they ask `content_for(locale)` for it. Files are read from this
package's own folder (never the working directory), once per locale, and checked on load so a
typo in a data file fails at start-up and in the tests, not in front of a user in pain.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple

import yaml

CONTENT_DIR = Path(__file__).resolve().parent


class ContentError(ValueError):
    """A content file is missing something the skill needs."""


# libyaml's parser where PyYAML was built with it: the same safe subset, about 8x faster, and the
# content files are read on every worker's first request.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    with Path(path).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


class _Terms(dict):
    """Fills locale terms into text and leaves every other {placeholder} for the handler."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(value: Any, terms: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return string.Formatter().vformat(value, (), _Terms(terms))
    if isinstance(value, list):
        return [_fill(item, terms) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, terms) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Condition:
    """One remedy: what Alexa calls it, the steps in order, and what else is worth knowing."""

    id: str
    name: str
    intro: str
    steps: Tuple[str, ...]
    caveats: Tuple[str, ...]
    more: Tuple[str, ...]
    session: Optional[str]
    intro_for: Mapping[str, str] = field(default_factory=dict)    # symptom id → its own intro
    name_for: Mapping[str, str] = field(default_factory=dict)     # symptom id → its own name
    in_pregnancy: Mapping[int, str] = field(default_factory=dict)  # step number → said instead
    more_said: str = ""            # "what else can I do", as said (the card has `more` and caveats in full)

    def named(self, feeling: Optional[str]) -> str:
        """The card title and the name said for someone who told us it feels like `feeling` (a
        sore lower back: "Lower back soreness"); with no feeling known, the name that says none."""
        return self.name_for.get(feeling or "", self.name)

    def steps_for(self, pregnant: bool) -> Tuple[str, ...]:
        """The steps as said to this person: in pregnancy, with its own wording where it has one."""
        if not pregnant:
            return self.steps
        return tuple(self.in_pregnancy.get(number, step) for number, step in enumerate(self.steps, start=1))


@dataclass(frozen=True)
class SessionText:
    """What Alexa says about one kind of timed session."""

    id: str
    name: str                      # "acupressure mat session"
    intro: str                     # one or two calm sentences before the audio starts
    card: str                      # the full how-to for the Alexa app
    finished: str                  # said by the Timers API when the time is up
    intro_short: Optional[str] = None   # the intro of a session too short for its periodic chimes
    sounds: str = ""               # what its cues mean: "what is that sound?"
    after: str = ""                # what to do once it has stopped early ("take the heat off")
    before_sleep: str = ""         # stopped as they go to sleep: what to do first ("come off the mat")
    card_short: Optional[str] = None    # the card of a session too short for its periodic chimes
    card_timer: Optional[str] = None    # the card on a device without audio: no sounds to mention
    how: str = ""                  # said when a timer-only session starts: nothing else guides them
    advised_minutes: Optional[int] = None   # the articles' advice: at least this long ({advice})
    advice: str = ""               # that advice, on the card
    advice_short: str = ""         # for a shorter session, kindly ({length}: the length they chose)


@dataclass(frozen=True)
class Answer:
    """The answer to one self-care question: its card title, what Alexa says ({heard} is left for
    the handler), and the timed session that fits it, if any."""

    id: str
    title: str
    speech: str
    session: Optional[str]
    urgent: bool = False        # it starts with warning signs: said before the first-use disclaimer
    disclaims: bool = False     # it says what the first-use disclaimer says, which is then left out
    holds: bool = False         # said while a session plays, it pauses it instead of letting it play on


@dataclass(frozen=True)
class LocaleContent:
    locale: str
    terms: Mapping[str, str]
    prompts: Mapping[str, Any]
    conditions: Mapping[str, Condition]
    slot_types: Mapping[str, Mapping[str, List[str]]]
    remedy_rules: Tuple[Mapping[str, str], ...]
    sessions: Mapping[str, SessionText]
    session_prompts: Mapping[str, Any]
    answers: Mapping[str, Answer]          # "see_doctor", "medicines.magnesium", "topics.heat" …
    mentions: Mapping[str, Tuple[str, ...]]     # "pregnancy" → its words (vocabulary.yaml)
    nearby_areas: Mapping[str, str]             # "neck" → "shoulder_blade", the area we have steps for
    not_red_flags: Mapping[str, str]            # "back" → "resume": "I'm ..." words that are no red flag
    red_flag_exclusions: Tuple[str, ...] = ()   # "chest of drawers": a red flag's words, not a red flag
    red_flags_exact: Tuple[str, ...] = ()       # flags matched only as said (handlers/red_flag_words.py)
    red_flag_reading: Mapping[str, Any] = field(default_factory=dict)   # how red flags are read (the same)

    def say(self, key: str, **values: Any) -> str:
        """The prompt named `key` (dotted for nested ones) with its placeholders filled."""
        text: Any = self.prompts
        for part in key.split("."):
            text = text[part]
        return text.format(**values) if values else text

    def session_say(self, key: str, **values: Any) -> str:
        text = self.session_prompts[key]
        return text.format(**values) if values else text

    def value_id(self, slot_type: str, words: Optional[str]) -> Optional[str]:
        """The id of the `slot_type` value these words name (its value or a synonym), or None."""
        wanted = " ".join((words or "").lower().split())
        for value_id, names in self.slot_types.get(slot_type, {}).items():
            if wanted in (name.lower() for name in names):
                return value_id
        return None

    def value_within(self, slot_type: str, words: Optional[str]) -> Optional[str]:
        """The id of the longest `slot_type` value said inside these words ("back lifting a box" →
        "back"): a custom slot often catches more words than its value."""
        return _value_within(self.locale, slot_type, words or "")

    def values_within(self, slot_type: str, words: Optional[str]) -> FrozenSet[str]:
        """The ids of every `slot_type` value said inside these words ("ibuprofen and paracetamol
        together" → both medicines)."""
        return _values_within(self.locale, slot_type, words) if words else frozenset()

    def count_within(self, slot_type: str, words: Optional[str]) -> int:
        """How many `slot_type` values are said inside these words, the same one twice counting
        twice ("ibuprofen and naproxen": two medicines, both anti-inflammatories)."""
        return sum(1 for _ in _within_pattern(self.locale, slot_type).finditer(_plain(words))) if words else 0

    def answer_named(self, words: Optional[str], *, within: bool = False,
                     prefer: str = "TOPIC") -> Optional[str]:
        """The answer a self-care topic or a medicine named by these words has ("topics.heat",
        "medicines.magnesium"), or None. With `within`, also the one topic or medicine said inside
        more words ("take ibuprofen every day"); not when several are (two medicines together are
        for the pharmacist). `prefer` is the slot type looked at first."""
        groups = sorted((("TOPIC", "topics"), ("MEDICINE", "medicines")), key=lambda g: g[0] != prefer)
        for slot_type, group in groups:
            value_id = self.value_id(slot_type, words)
            if value_id is not None and f"{group}.{value_id}" in self.answers:
                return f"{group}.{value_id}"
        for slot_type, group in groups if within else ():
            found = self.values_within(slot_type, words)
            if len(found) == 1 and f"{group}.{next(iter(found))}" in self.answers:
                return f"{group}.{next(iter(found))}"
        return None

    def medicine_answer(self, words: Optional[str]) -> Optional[str]:
        """The answer for the medicines said inside these words: the one's own ("medicines.magnesium"),
        the pharmacist's for two or more together ("medicines.other_medicine"), or None."""
        found = self.values_within("MEDICINE", words)
        if not found:
            return None
        return f"medicines.{next(iter(found))}" if len(found) == 1 else "medicines.other_medicine"

    def ends_like_a_phrase(self, words: Optional[str]) -> bool:
        """Whether words a slot caught end like a phrase, not a name ("pause my" session): not to
        be said back (prompts.yaml: phrase_endings)."""
        said = (words or "").lower().split()
        return bool(said) and said[-1] in self.say("phrase_endings")

    def mentioned(self, mention: str, words: Optional[str]) -> bool:
        """Whether these words say one of the `mention`'s phrases (vocabulary.yaml: mentions)."""
        return bool(words) and _mentioned(self.locale, mention, words)

    def without(self, mention: str, words: Optional[str]) -> str:
        """These words with the `mention`'s phrases taken out ("i feel so low" without struggling:
        "i", so "low" is not read as the lower back)."""
        return _mention_pattern(self.locale, mention).sub(" ", _plain(words)) if words else ""

    def said_first(self, mention: str, words: Optional[str]) -> bool:
        """Whether these words begin with one of the `mention`'s phrases, after "I'm" or "I'll":
        what they are about to do ("going to sleep now"), not what a part does ("my leg keeps
        going to sleep")."""
        return bool(words) and _said_first(self.locale, mention, words)

    def going_to_sleep(self, words: Optional[str]) -> bool:
        """ "I'm going to sleep", "off to bed" (said_first), or "sleep" as all the words: what
        "i'm going to {red_flag}" leaves of it (vocabulary.yaml: going_to_sleep_alone)."""
        return self.said_first("going_to_sleep", words) or _LEADING_I.sub("", _plain(words)) in \
            self.mentions.get("going_to_sleep_alone", ())

    def said_next_to(self, mention: str, other: str, joins: str, words: Optional[str]) -> bool:
        """Whether these words say one of the `mention`'s phrases next to one of `other`'s, either
        way round, with at most three of `joins`' words between ("fell asleep on my heating pad")."""
        return bool(words) and _said_next_to(self.locale, mention, other, joins, words)

    def nearby_area(self, words: Optional[str]) -> Optional[str]:
        """The body area we have steps for next to the one these words name ("my neck" →
        "shoulder_blade"), or None."""
        return self.nearby_areas.get(_plain(words))

    def not_a_red_flag(self, words: Optional[str]) -> Optional[str]:
        """What "I'm back", "I'm done with the mat", "I'm okay" mean ("resume", "end", "carry_on"),
        when these words, all of them, say only that (vocabulary.yaml: not_red_flags)."""
        return self.not_red_flags.get(re.sub(r"^(i'm|i am|im) ", "", _plain(words)))

    def red_flag_terms(self) -> Dict[str, List[str]]:
        return {flag: [flag.replace("_", " ")] + list(words)
                for flag, words in self.slot_types["RED_FLAG"].items()}


# The safety checks and cautions read every intent's words against many word lists, and people say
# the same few phrases ("lower back", "spasming"): what the words say is worked out once per locale
# and words (bounded caches; each answer depends only on its arguments).
@lru_cache(maxsize=16384)
def _mentioned(locale: str, mention: str, words: str) -> bool:
    return bool(_mention_pattern(locale, mention).search(_plain(words)))


@lru_cache(maxsize=4096)
def _said_first(locale: str, mention: str, words: str) -> bool:
    return bool(_mention_pattern(locale, mention).match(_LEADING_I.sub("", _plain(words))))


@lru_cache(maxsize=4096)
def _said_next_to(locale: str, mention: str, other: str, joins: str, words: str) -> bool:
    return bool(_next_to_pattern(locale, mention, other, joins).search(_plain(words)))


@lru_cache(maxsize=16384)
def _value_within(locale: str, slot_type: str, words: str) -> Optional[str]:
    found = _within_pattern(locale, slot_type).search(_plain(words))        # the longest first
    return _value_ids(locale, slot_type)[found.group(1)] if found else None


@lru_cache(maxsize=4096)
def _values_within(locale: str, slot_type: str, words: str) -> FrozenSet[str]:
    ids = _value_ids(locale, slot_type)
    return frozenset(ids[found.group(1)] for found in _within_pattern(locale, slot_type).finditer(_plain(words)))


_POSSESSIVE = re.compile(r"'s\b")
_LEADING_I = re.compile(r"^(?:(?:i'm|i am|im|i'll|i will|i|now|okay|ok|right) )+")


def _plain(words: Optional[str]) -> str:
    """Lowercase, single-spaced, without a possessive 's ("my back's gone" → "my back gone")."""
    return _POSSESSIVE.sub("", " ".join((words or "").lower().split()))


@lru_cache(maxsize=None)
def _value_ids(locale: str, slot_type: str) -> Dict[str, str]:
    """Every value and synonym of a slot type, lowercased, → its id."""
    values = content_for(locale).slot_types.get(slot_type, {})
    return {name.lower(): value_id for value_id, names in values.items() for name in names}


def phrases_pattern(phrases) -> "re.Pattern[str]":
    """A regex finding any of these lowercase phrases as whole words, the longest first; one that
    finds nothing when there are none."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!)")
    return re.compile(r"\b(" + "|".join(re.escape(phrase) for phrase in ordered) + r")\b")


@lru_cache(maxsize=None)
def _within_pattern(locale: str, slot_type: str) -> "re.Pattern[str]":
    return phrases_pattern(_value_ids(locale, slot_type))


@lru_cache(maxsize=None)
def _mention_pattern(locale: str, mention: str) -> "re.Pattern[str]":
    mentions = content_for(locale).mentions
    phrases = [_plain(phrase) for phrase in mentions.get(mention) or ()]
    if not any("{" in phrase for phrase in phrases):
        return phrases_pattern(phrases)
    # "i'm {weeks} weeks": a placeholder stands for any phrase of the mention it names.
    def expanded(phrase: str) -> str:
        pattern = re.escape(phrase)
        for name in re.findall(r"\{(\w+)\}", phrase):
            choices = sorted((re.escape(_plain(p)) for p in mentions.get(name) or ()), key=len, reverse=True)
            pattern = pattern.replace(re.escape("{" + name + "}"), "(?:" + "|".join(choices) + ")")
        return pattern
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(expanded(phrase) for phrase in ordered) + r")\b")


@lru_cache(maxsize=None)
def _next_to_pattern(locale: str, mention: str, other: str, joins: str) -> "re.Pattern[str]":
    first, second, between = (_mention_pattern(locale, name).pattern for name in (mention, other, joins))
    gap = rf"(?: {between}){{0,3}} "
    return re.compile(f"{first}{gap}{second}|{second}{gap}{first}")


def _conditions(raw: Mapping[str, Any]) -> Dict[str, Condition]:
    conditions = {}
    for condition_id, entry in raw.items():
        steps = tuple(entry["steps"])
        caveats = tuple(entry.get("caveats") or ())
        if not 3 <= len(steps) <= 7:
            raise ContentError(f"{condition_id}: needs 3 to 7 steps, has {len(steps)}")
        in_pregnancy = dict(entry.get("in_pregnancy") or {})
        if not set(in_pregnancy) <= set(range(1, len(steps) + 1)):
            raise ContentError(f"{condition_id}: in_pregnancy names a step it doesn't have: {sorted(in_pregnancy)}")
        conditions[condition_id] = Condition(
            id=condition_id, name=entry["name"], intro=entry["intro"], steps=steps,
            caveats=caveats, more=tuple(entry.get("more") or ()),
            session=entry.get("session"), intro_for=dict(entry.get("intro_for") or {}),
            name_for=dict(entry.get("name_for") or {}),
            in_pregnancy=in_pregnancy,
            more_said=entry.get("more_said") or " ".join(tuple(entry.get("more") or ()) + caveats))
    return conditions


ANSWER_GROUPS = {"medicines": "MEDICINE", "topics": "TOPIC"}   # answers.yaml section → slot type
ANSWERS_WITHOUT_SLOT = ("see_doctor", "getting_up", "pregnancy", "postpartum", "postpartum_struggling", "pregnancy_struggling",
                        "how_long", "relax", "causes",
                        "not_a_doctor", "physical_therapy", "reminders", "volume", "fell_asleep",
                        "heat_too_hot", "mat_hurts", "not_helping", "unknown_topic", "topics_list",
                        "breathing_pace", "heat_before_sleep", "going_to_sleep", "heat_reduced_feeling",
                        "heat_fresh_injury", "back_numbness", "heat_not_felt", "heat_pad_broken")


# Answers that come before a medicine's own (questions.MedicineHandler).
MEDICINE_CAUTIONS = ("mixing", "with_alcohol", "for_a_child", "for_someone_else", "someone_elses", "more_than_label")


def _answers(raw: Mapping[str, Any], slot_types: Mapping[str, Mapping[str, List[str]]],
             sessions: Mapping[str, SessionText]) -> Dict[str, Answer]:
    """Every answer by dotted id. Each MEDICINE and TOPIC value must have one, so a question the
    model can resolve always has an answer (medicines also have `general`, for none named)."""
    entries = {key: raw.get(key) for key in ANSWERS_WITHOUT_SLOT}
    for group, slot_type in ANSWER_GROUPS.items():
        section = raw.get(group) or {}
        wanted = set(slot_types.get(slot_type, {})) | ({"general"} if group == "medicines" else set())
        if set(section) != wanted:
            raise ContentError(f"answers {group}: needs one answer per {slot_type} value; missing "
                               f"{sorted(wanted - set(section))}, unknown {sorted(set(section) - wanted)}")
        entries.update({f"{group}.{key}": entry for key, entry in section.items()})
    cautions = raw.get("medicine_cautions") or {}
    if set(cautions) != set(MEDICINE_CAUTIONS):
        raise ContentError(f"answers medicine_cautions: needs exactly {sorted(MEDICINE_CAUTIONS)}")
    entries.update({f"medicine_cautions.{key}": entry for key, entry in cautions.items()})
    instead = raw.get("instead") or {}
    unknown = set(instead) - set(slot_types.get("TOPIC", {})) - {"general"}
    if unknown or "general" not in instead:
        raise ContentError(f"answers instead: one per TOPIC value it has, and general; unknown {sorted(unknown)}")
    entries.update({f"instead.{key}": entry for key, entry in instead.items()})
    answers = {}
    for answer_id, entry in entries.items():
        if not entry or not entry.get("title") or not entry.get("speech"):
            raise ContentError(f"answers: {answer_id} needs a title and speech")
        session = entry.get("session")
        if session is not None and session not in sessions:
            raise ContentError(f"answers: {answer_id} offers an unknown session {session!r}")
        answers[answer_id] = Answer(id=answer_id, title=entry["title"], speech=entry["speech"],
                                    session=session, urgent=bool(entry.get("urgent", False)),
                                    disclaims=bool(entry.get("disclaims", False)),
                                    holds=bool(entry.get("holds", False)))
    return answers


def _sessions(raw: Mapping[str, Any]) -> Tuple[Dict[str, SessionText], Dict[str, Any]]:
    texts = {session_id: SessionText(id=session_id, **entry)
             for session_id, entry in (raw.get("sessions") or {}).items()}
    return texts, dict(raw.get("prompts") or {})


@lru_cache(maxsize=None)
def locale_table() -> Mapping[str, Any]:
    return read_yaml(CONTENT_DIR / "locales.yaml")


def supported_locales() -> List[str]:
    return list(locale_table()["locales"])


@lru_cache(maxsize=None)
def content_for(locale: Optional[str]) -> LocaleContent:
    """Content for an Alexa locale; an unknown or missing locale gets the default one."""
    table = locale_table()
    if locale not in table["locales"]:
        locale = table["default"]
    entry = table["locales"][locale]
    terms = entry.get("terms") or {}
    folder = CONTENT_DIR / entry["language"]
    from skill.content.regional import with_locale_vocabulary   # it imports this package
    vocabulary = with_locale_vocabulary(read_yaml(folder / "vocabulary.yaml"), entry["language"], locale)
    sessions_file = folder / "sessions.yaml"
    session_texts, session_prompts = _sessions(_fill(read_yaml(sessions_file), terms)
                                               if sessions_file.exists() else {})
    return LocaleContent(
        locale=locale,
        terms=terms,
        prompts=_fill(read_yaml(folder / "prompts.yaml"), terms),
        conditions=_conditions(_fill(read_yaml(folder / "conditions.yaml"), terms)),
        slot_types=vocabulary["slot_types"],
        remedy_rules=tuple(vocabulary["remedy_rules"]),
        sessions=session_texts,
        session_prompts=session_prompts,
        answers=_answers(_fill(read_yaml(folder / "answers.yaml"), terms), vocabulary["slot_types"],
                         session_texts),
        mentions={name: tuple(words) for name, words in (vocabulary.get("mentions") or {}).items()},
        red_flag_exclusions=tuple(vocabulary.get("red_flag_exclusions") or ()),
        red_flags_exact=tuple(vocabulary.get("red_flags_exact") or ()),
        red_flag_reading=dict(vocabulary.get("red_flag_reading") or {}),
        nearby_areas={_plain(word): area for area, words in (vocabulary.get("nearby_areas") or {}).items()
                      for word in words},
        not_red_flags={_plain(word): meaning for meaning, words in (vocabulary.get("not_red_flags") or {}).items()
                       for word in words},
    )


def model_source(language: str = "en") -> Mapping[str, Any]:
    """The interaction-model source of one language (intents, samples, condition names)."""
    return read_yaml(CONTENT_DIR / language / "model.yaml")
